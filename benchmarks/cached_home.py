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

    python benchmarks/cached_home.py --seconds 10 --workers 2 --concurrency 4
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def measure(port, page_cache, args):
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
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_ready(url)
        for _ in range(args.workers * 5):  # every worker: code, templates, caches
            urllib.request.urlopen(url, timeout=30).read()
        with urllib.request.urlopen(url, timeout=30) as answer:
            hit = answer.headers.get("X-Page-Cache", "-")
        workers = workers_of(server.pid)
        before = cpu_seconds(workers)
        result = subprocess.run(
            [
                "ab",
                "-q",
                "-c",
                str(args.concurrency),
                "-t",
                str(args.seconds),
                "-n",
                "1000000",
                "-H",
                "Accept-Encoding: gzip",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        used = cpu_seconds(workers) - before
        done = int(re.search(r"Complete requests:\s+(\d+)", result).group(1))
        # ab counts a body of another length as "failed": rendered pages vary in length (the
        # gzip header's random padding against BREACH), so only non-2xx answers count here.
        non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", result)
        failed = int(non_2xx.group(1)) if non_2xx else 0
        rps = float(re.search(r"Requests per second:\s+([\d.]+)", result).group(1))
        return {
            "rps": rps,
            "cpu_ms": used * 1000 / max(done, 1),
            "requests": done,
            "failed": failed,
            "header": hit,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8713)
    args = parser.parse_args()
    rendered = measure(args.port, False, args)
    cached = measure(args.port + 1, True, args)
    for name, row in (("rendered", rendered), ("page cache", cached)):
        print(
            f"home {name:10}: {row['rps']:7.0f} requests/s (ab), {row['cpu_ms']:6.2f} ms "
            f"server CPU per request, {row['requests']} requests, {row['failed']} non-2xx, "
            f"X-Page-Cache: {row['header']}"
        )
    print(
        f"cached / rendered: {cached['rps'] / rendered['rps']:.0f}× requests per second, "
        f"{rendered['cpu_ms'] / cached['cpu_ms']:.0f}× less server CPU per request"
    )


if __name__ == "__main__":
    main()
