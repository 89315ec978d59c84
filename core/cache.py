"""Django's Redis cache with one ``redis.Redis`` client per connection pool.

Django 5.2's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every
cache operation, and each one copies redis-py's table of response callbacks (about
170 entries): 0.1–0.2 ms of CPU an operation. A page makes 10–20 operations (page
cache, content generation, fragments, rate limits), so that was 1–3 ms a request,
found by profiling search at 20,000 products (issue 14). A ``redis.Redis`` may be
shared between threads (its pool hands each command its own connection), so one per
pool is kept. Settings: ``"BACKEND": "core.cache.RedisCache"``, the rest as Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedRedisClient(RedisCacheClient):
    """Django's client, handing out the same ``redis.Redis`` for the same pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # Django keeps each pool for the client's life: its id names it.
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with :class:`ReusedRedisClient`."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
