#!/usr/bin/env python3
"""``deploy/nginx-ocop.conf`` with its ports, hosts and paths replaced, for where it runs.

The file as committed is the plain Debian set-up of the README (two gunicorn on
127.0.0.1:8001 and :8002, Wagtail's PURGEs on 127.0.0.1:8080). The multi-server
test (``home/tests/cluster.py``) renders it for its free ports and temporary
folders, and the compose file's nginx image renders it for the containers: one
function, so what runs in containers is the file the test ran. Only the lines
below are replaced; each must be in the file exactly once (``ValueError``
otherwise: the file changed and this would render something untested).

    python3 deploy/render_nginx.py --upstream web:8000 --upstream web2:8000 \\
        --purge-listen 8080 --purge-allow 172.16.0.0/12 > /etc/nginx/conf.d/ocop.conf
"""

import argparse
import sys
from pathlib import Path

SITE = Path(__file__).resolve().with_name("nginx-ocop.conf")


def render(
    *,
    upstreams=("127.0.0.1:8001", "127.0.0.1:8002"),
    listen="80",
    purge_listen="127.0.0.1:8080",
    purge_allow="127.0.0.1",
    cache_dir="/var/cache/nginx/ocop",
    static_dir="/srv/ocop/staticfiles",
    media_dir="/srv/ocop/media",
    text=None,
):
    """The site configuration (text). ``upstreams``: two ``host:port``; ``listen``,
    ``purge_listen``: nginx ``listen`` values; ``purge_allow``: who may PURGE (an
    address or CIDR); folders without the trailing slash."""
    text = SITE.read_text() if text is None else text
    first, second = upstreams
    replacements = [
        ("server 127.0.0.1:8001;", f"server {first};"),
        ("server 127.0.0.1:8002;", f"server {second};"),
        ("listen 80;", f"listen {listen};"),
        ("listen 127.0.0.1:8080;", f"listen {purge_listen};"),
        ("allow 127.0.0.1;", f"allow {purge_allow};"),
        ("/var/cache/nginx/ocop ", f"{cache_dir} "),
        ("/srv/ocop/staticfiles/", f"{static_dir}/"),
        ("/srv/ocop/media/", f"{media_dir}/"),
    ]
    for old, new in replacements:
        if text.count(old) != 1:
            raise ValueError(f"{SITE.name} has {text.count(old)} × {old!r}, expected 1")
        text = text.replace(old, new)
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", action="append", help="host:port, twice")
    parser.add_argument("--listen", default="80")
    parser.add_argument("--purge-listen", default="127.0.0.1:8080")
    parser.add_argument("--purge-allow", default="127.0.0.1")
    parser.add_argument("--cache-dir", default="/var/cache/nginx/ocop")
    parser.add_argument("--static-dir", default="/srv/ocop/staticfiles")
    parser.add_argument("--media-dir", default="/srv/ocop/media")
    args = parser.parse_args(argv)
    upstreams = args.upstream or ["127.0.0.1:8001", "127.0.0.1:8002"]
    if len(upstreams) != 2:
        parser.error("give --upstream twice")
    sys.stdout.write(
        render(
            upstreams=upstreams,
            listen=args.listen,
            purge_listen=args.purge_listen,
            purge_allow=args.purge_allow,
            cache_dir=args.cache_dir,
            static_dir=args.static_dir,
            media_dir=args.media_dir,
        )
    )


if __name__ == "__main__":
    main()
