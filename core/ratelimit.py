"""A fixed-window rate limit per client address, kept in Django's cache.

Shared by every server process when the cache is (Redis, ``REDIS_URL``;
production settings refuse to start without it). Without Redis (``make run``: Django's
file cache, whose ``incr`` reads then writes) the counting is serialised by a lock
(:func:`_counting`), so parallel posts from one client cannot all slip through. Limits are
``settings.RATE_LIMITS[scope] = (count, seconds)``: e.g. ``"inquiry"`` (buyer
inquiries) and ``"registration"`` (event registrations); forms count accepted
submissions there and rejected ones in ``"<scope>-rejected"`` (:func:`attempt`,
:func:`rejected`). Addresses are hashed in the cache key (no raw IP address is stored).
"""

import hashlib
import os
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.filebased import FileBasedCache

try:
    import fcntl
except ImportError:  # not POSIX: the thread lock alone (one process)
    fcntl = None

DEFAULT_RATE = (5, 15 * 60)


def client_address(request):
    """The client's IP address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXIES`` (a count, default 0) says that
    many reverse proxies append to ``X-Forwarded-For``: then the address that
    the outermost trusted proxy saw.
    """
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def axes_client_ip(request):
    """django-axes' ``AXES_CLIENT_IP_CALLABLE``: the same client address as the rate limits."""
    return client_address(request)


def rate_for(scope):
    """``(count, seconds)`` of ``scope`` from ``settings.RATE_LIMITS``."""
    return getattr(settings, "RATE_LIMITS", {}).get(scope, DEFAULT_RATE)


def _key(request, scope):
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


_THREADS = threading.Lock()


@contextmanager
def _counting():
    """Make a counter's read-modify-write atomic where the cache does not.

    Redis, memcached and the local-memory cache count atomically: nothing to do. The
    file and database caches implement ``add``/``incr`` as a read then a write: 15
    parallel posts all read 0 (seen in a break-it test). A lock for this process's
    threads, and for the file cache a ``flock`` on a file beside its entries, which
    every process using that directory shares.
    """
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache | DatabaseCache):
        yield
        return
    with _THREADS:
        directory = getattr(backend, "_dir", None)
        if fcntl is None or directory is None:
            yield
            return
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "ratelimit.lock"), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def hit(request, scope):
    """Count one attempt from this client in ``scope``; return ``(allowed, retry_after_seconds)``.

    At most ``count`` attempts per window of ``seconds`` (``rate_for(scope)``);
    the window starts with the first attempt. ``add`` + ``incr`` are atomic on
    Redis, so concurrent workers never let more through than the limit.
    """
    limit, window = rate_for(scope)
    key = _key(request, scope)
    with _counting():
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    return count <= limit, window


def rejected_scope(scope):
    """The scope that counts a form's rejected submissions (``"inquiry-rejected"``)."""
    return f"{scope}-rejected"


def attempt(request, scope):
    """Count one form submission in ``scope``; ``(allowed, retry_after_seconds)``.

    Refused when this client has used up the scope's submissions (:func:`hit`) or its
    rejected ones (``rate_for(rejected_scope(scope))``, a larger budget): a visitor who
    mistypes can correct the form, a client posting junk is still stopped.
    """
    limit, window = rate_for(rejected_scope(scope))
    if (cache.get(_key(request, rejected_scope(scope))) or 0) >= limit:
        return False, window
    return hit(request, scope)


def rejected(request, scope):
    """The submission :func:`attempt` counted was rejected (errors shown, nothing stored):
    it is given back to ``scope`` and counted in the rejected budget instead."""
    with _counting():
        try:
            cache.decr(_key(request, scope))
        except ValueError:  # the window ended meanwhile: nothing to give back
            pass
    hit(request, rejected_scope(scope))
