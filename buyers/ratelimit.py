"""A small fixed-window rate limit per client address, kept in Django's cache.

Works with any cache backend (locmem in tests and development, Redis when
``REDIS_URL`` is set; see ``ocop_site/settings/base.py``). With locmem each
server process counts on its own: use Redis when running several.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_RATE = (5, 15 * 60)  # 5 inquiries per 15 minutes per address


def client_address(request):
    """The client's IP address.

    ``REMOTE_ADDR`` unless ``BUYERS_TRUSTED_PROXIES`` (a count, default 0)
    says that many reverse proxies append to ``X-Forwarded-For``: then the
    address that the outermost trusted proxy saw.
    """
    proxies = getattr(settings, "BUYERS_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, scope="inquiry"):
    """Count one attempt from this client; return ``(allowed, retry_after_seconds)``.

    The limit is ``settings.BUYERS_INQUIRY_RATE = (count, seconds)``: at most
    ``count`` attempts per window of ``seconds``. Addresses are hashed in the
    cache key (no raw IP addresses stored).
    """
    limit, window = getattr(settings, "BUYERS_INQUIRY_RATE", DEFAULT_RATE)
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"buyers:rl:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit, window
