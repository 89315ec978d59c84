"""Cached vs rendered home page on a real server (issue 14): requests per second and CPU.

Standard library plus ApacheBench (``ab``, Debian ``apache2-utils``). Starts
gunicorn (production settings, ``--workers`` sync workers) twice on loopback,
once with the anonymous page cache off (``OCOP_PAGE_CACHE=0``: every request
renders, the shared fragment caches warm) and once on, warms each, then runs
``ab -c <concurrency> -t <seconds>`` on ``/`` with ``Accept-Encoding: gzip``
(what browsers send). Prints requests per second measured by ``ab`` and the
server's CPU per request (the gunicorn workers' user+system time from
``/proc/<pid>/stat`` divided by the requests answered): on 2 shared cores
``ab`` and the server compete, so the CPU ratio is the steadier figure of the
two. Environment: the same ``DATABASE_URL``, ``REDIS_URL``… as the site.

Third, the same gunicorn (page cache on) behind nginx running
``deploy/nginx-ocop.conf`` (rendered by ``deploy/render_nginx.py`` for loopback
ports and a temporary cache folder, as the multi-server test runs it): what a
deployed site's anonymous visitor gets, the page from nginx's proxy cache
(``X-Cache-Status: HIT``). Its CPU per request is nginx's and gunicorn's.
Skipped when nginx (with the cache-purge module) is not installed.

    python benchmarks/cached_home.py --seconds 10 --workers 2 --concurrency 4
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's modules below

from deploy import render_nginx  # noqa: E402
from home.tests.cluster import missing_nginx, nginx_binary, nginx_main_config  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (after pid, comm)
    return total / TICKS


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def wait_ready(url, seconds=60):
    for _ in range(seconds * 4):
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.status
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"{url} did not answer")


def start_gunicorn(port, page_cache, args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "ocop_site.settings.production"
        ),
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-not-secret"),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "OCOP_PAGE_CACHE": "1" if page_cache else "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ocop_site.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_ready(f"http://127.0.0.1:{port}/")
    return server


def run_ab(url, pids, args, header):
    """``ab`` on ``url``: ``{"rps", "cpu_ms" (of ``pids``), "requests", "failed", "header"}``."""
    for _ in range(args.workers * 5):  # every worker: code, templates, caches
        urllib.request.urlopen(url, timeout=30).read()
    with urllib.request.urlopen(url, timeout=30) as answer:
        hit = answer.headers.get(header, "-")
    before = cpu_seconds(pids)
    result = subprocess.run(
        ["ab", "-q", "-c", str(args.concurrency), "-t", str(args.seconds), "-n", "1000000"]
        + ["-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    used = cpu_seconds(pids) - before
    done = int(re.search(r"Complete requests:\s+(\d+)", result).group(1))
    # ab counts a body of another length as "failed": rendered pages vary in length (the
    # gzip header's random padding against BREACH), so only non-2xx answers count here.
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", result)
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", result).group(1))
    return {
        "rps": rps,
        "cpu_ms": used * 1000 / max(done, 1),
        "requests": done,
        "failed": int(non_2xx.group(1)) if non_2xx else 0,
        "header": hit,
    }


def measure(port, page_cache, args):
    server = start_gunicorn(port, page_cache, args)
    try:
        return run_ab(f"http://127.0.0.1:{port}/", workers_of(server.pid), args, "X-Page-Cache")
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_nginx(port, args):
    """gunicorn (page cache on) on ``port``, nginx on ``port + 1`` (purges on ``port + 2``)."""
    server = start_gunicorn(port, True, args)
    folder = Path(tempfile.mkdtemp(prefix="ocop-bench-nginx-"))
    folder.chmod(0o755)  # nginx's workers (www-data) use the cache below it
    site = folder / "site.conf"
    site.write_text(
        render_nginx.render(
            upstreams=[f"127.0.0.1:{port}"] * 2,
            listen=f"127.0.0.1:{port + 1}",
            purge_listen=f"127.0.0.1:{port + 2}",
            cache_dir=str(folder / "cache"),
            static_dir=str(ROOT / "staticfiles"),
            media_dir=str(ROOT / "media"),
        )
    )
    (folder / "nginx.conf").write_text(nginx_main_config(folder, site))
    proxy = subprocess.Popen(
        [nginx_binary(), "-p", str(folder), "-e", str(folder / "error.log"), "-c", "nginx.conf"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port + 1}/"
        wait_ready(url)
        pids = [*workers_of(server.pid), *workers_of(proxy.pid)]
        return run_ab(url, pids, args, "X-Cache-Status")
    finally:
        for process in (proxy, server):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8713)
    args = parser.parse_args()
    rows = {
        "rendered": measure(args.port, False, args),
        "page cache": measure(args.port + 1, True, args),
    }
    why_not = missing_nginx()
    if why_not is None:
        rows["nginx cache"] = measure_nginx(args.port + 2, args)
    else:
        print(f"nginx proxy cache not measured: {why_not}")
    for name, row in rows.items():
        print(
            f"home {name:11}: {row['rps']:7.0f} requests/s (ab), {row['cpu_ms']:6.2f} ms "
            f"server CPU per request, {row['requests']} requests, {row['failed']} non-2xx, "
            f"cache header: {row['header']}"
        )
    rendered = rows["rendered"]
    for name, row in list(rows.items())[1:]:
        print(
            f"{name} / rendered: {row['rps'] / rendered['rps']:.0f}× requests per second, "
            f"{rendered['cpu_ms'] / max(row['cpu_ms'], 0.001):.0f}× less server CPU per request"
        )


if __name__ == "__main__":
    main()
