"""``core.cache.RedisCache``: Django's Redis cache, one client per pool, on a real Redis."""

import os
import threading

import pytest

from core.cache import RedisCache

redis = pytest.importorskip("redis")
URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server here")
    cache = RedisCache(URL, {"KEY_PREFIX": "test-core-cache"})
    cache.clear()
    yield cache
    cache.clear()


def test_operations_share_one_client(backend):
    backend.set("a", {"x": 1})
    assert backend.get("a") == {"x": 1}
    client = backend._cache.get_client()
    assert backend._cache.get_client(write=True) is client
    assert backend.get_many(["a", "missing"]) == {"a": {"x": 1}}
    assert backend._cache.get_client() is client


def test_replicas_each_get_their_own_client(backend):
    two = RedisCache(f"{URL};{URL}", {"KEY_PREFIX": "test-core-cache"})
    two.set("b", 2)
    for _ in range(20):
        assert two.get("b") == 2
    primary = two._cache.get_client(write=True)
    assert len(two._cache._clients) == 2
    assert primary is two._cache.get_client(write=True)


def test_threads_sharing_the_client_lose_no_increment(backend):
    backend.set("n", 0)

    def add():
        for _ in range(200):
            backend.incr("n")

    threads = [threading.Thread(target=add) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert backend.get("n") == 1600
    assert len(backend._cache._clients) == 1
