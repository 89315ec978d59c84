"""``/healthz``: is this server able to answer? (issue 14)

A load balancer or monitor asks it every few seconds: one ``SELECT 1`` on the
database and one write and read in the shared cache (Redis in production).
JSON ``{"status": "ok" | "error", "database": "ok" | <error class>, "cache":
...}``; 200 when both answer, 503 otherwise. Never cached, never a page.
"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_KEY = "ocop:healthz"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    marker = uuid.uuid4().hex
    cache.set(HEALTH_KEY, marker, 30)
    if cache.get(HEALTH_KEY) != marker:
        raise RuntimeError("cache read back another value")


def _check(probe):
    try:
        probe()
    except Exception as error:  # noqa: BLE001 — any failure is the answer, never a 500
        return type(error).__name__
    return "ok"


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _check(_database), "cache": _check(_cache)}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
