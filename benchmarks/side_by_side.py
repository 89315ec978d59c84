"""Project-independent page timer for ``benchmarks/side_by_side.sh`` (issue 14).

Run inside any Django/Wagtail project with ``manage.py shell < side_by_side.py``
(it imports nothing of this project, so the same file times Wagtail's
bakerydemo). ``BENCH_PAGES`` lists ``label=target`` separated by ``;``: a
target is a path (``/search/?q=bread``) or ``@Model`` (the first live page of
that page model in tree order, e.g. ``@BreadPage``). ``BENCH_REPEAT``
(default 20). Prints one JSON object a line: ``{"label", "url", "app_ms",
"total_ms", "queries", "bytes", "status"}``.

Same method as ``manage.py bench_pages``: each request goes into Django's
``WSGIHandler`` with a ``RequestFactory`` environ (no HTTP server, no test
client), once to warm caches, then ``BENCH_REPEAT`` times; medians of the
CPU of this process (``app_ms``) and of this process plus its PostgreSQL
backend (``total_ms``), read from ``/proc/<pid>/schedstat``.
"""

import json
import os
import statistics

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext


def cpu_ns(pid="self"):
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            return int(handle.read().split()[0])
    except (OSError, ValueError):
        return 0


def backend_pid():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def resolve(target):
    if not target.startswith("@"):
        return target
    from django.apps import apps

    model = next(m for m in apps.get_models() if m.__name__ == target[1:])
    page = model.objects.live().order_by("path").first()
    return page.url if page is not None else None


def get(handler, factory, url):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])

    result = handler(factory.get(url).environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], body


def main():
    # One connection for the run: the backend whose CPU is read stays the serving one.
    connection.settings_dict["CONN_MAX_AGE"] = None
    connection.close()
    handler, factory = WSGIHandler(), RequestFactory(HTTP_HOST="localhost")
    repeat = int(os.environ.get("BENCH_REPEAT", "20"))
    for item in filter(None, os.environ["BENCH_PAGES"].split(";")):
        label, target = item.split("=", 1)
        url = resolve(target)
        if url is None:
            print(json.dumps({"label": label, "url": target, "status": "missing"}))
            continue
        status, body = get(handler, factory, url)
        pid = backend_pid()
        apps_, totals = [], []
        for _ in range(repeat):
            own, server = cpu_ns(), cpu_ns(pid) if pid else 0
            get(handler, factory, url)
            own_after, server_after = cpu_ns(), cpu_ns(pid) if pid else 0
            apps_.append((own_after - own) / 1e6)
            totals.append((own_after - own + server_after - server) / 1e6)
        with CaptureQueriesContext(connection) as captured:
            get(handler, factory, url)
        row = {
            "label": label,
            "url": url,
            "app_ms": round(statistics.median(apps_), 1),
            "total_ms": round(statistics.median(totals), 1),
            "queries": len(captured),
            "bytes": len(body),
            "status": status,
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)


main()
