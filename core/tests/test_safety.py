"""Issue 12 guards: long request lines, CSP, login throttling, privacy notice, rate limit across
processes, personal-data expiry, production settings."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from core import ratelimit

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_a_very_long_search_gets_the_tidy_414_page(client, site_tree):
    response = client.get("/search/", {"q": "nước mắm " * 600})
    assert response.status_code == 414
    html = response.content.decode()
    assert 'name="q"' in html and "<h1>" in html  # the site's page with a search box
    assert client.get("/search/", {"q": "nước mắm " * 100}).status_code == 200


def test_csp_on_public_pages_and_a_looser_one_in_the_admin(client, site_tree, django_user_model):
    public = client.get("/")
    policy = public["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'self'" in policy
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    admin = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    client.force_login(admin)
    admin_policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy and "nonce-" not in admin_policy


def test_admin_login_is_throttled_per_username_and_address(site_tree, django_user_model, settings):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_superuser("root", "r@example.org", "right-password")
    client = Client()
    url = reverse("wagtailadmin_login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "root", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    assert client.post(url, {"username": "root", "password": "wrong"}).status_code == 429
    locked = client.post(url, {"username": "root", "password": "right-password"})
    assert locked.status_code == 429  # even the right password, for 15 minutes
    other = Client(REMOTE_ADDR="10.1.1.1")
    ok = other.post(url, {"username": "root", "password": "right-password"})
    assert ok.status_code == 302


def test_sqlite_immediate_transactions_queue_writers_instead_of_failing(tmp_path, settings):
    """The SQLite options of the settings, on a scratch file: 8 writers that read-then-write
    (count, insert: the last-place pattern) all succeed and never over-book; with
    DEFERRED transactions the same pattern fails with "database is locked"."""
    import sqlite3
    import threading

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    path = tmp_path / "seats.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE seat (id INTEGER PRIMARY KEY, status TEXT)")

    def run(mode, timeout):
        errors, barrier = [], threading.Barrier(8)

        def book():
            db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            try:
                barrier.wait()
                db.execute(f"BEGIN {mode}")
                (taken,) = db.execute("SELECT count(*) FROM seat WHERE status='ok'").fetchone()
                status = "ok" if taken < 1 else "waiting"
                db.execute("INSERT INTO seat (status) VALUES (?)", (status,))
                db.execute("COMMIT")
            except sqlite3.OperationalError as error:
                errors.append(str(error))
            finally:
                db.close()

        threads = [threading.Thread(target=book) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return errors

    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    assert run("IMMEDIATE", options["timeout"]) == []
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT status, count(*) FROM seat GROUP BY status").fetchall() == [
            ("ok", 1),
            ("waiting", 7),
        ]
        db.execute("DELETE FROM seat")
    deferred = run("DEFERRED", options["timeout"])
    assert any("locked" in error for error in deferred)


def test_privacy_notice_names_purpose_and_retention(client, site_tree, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 720
    html = client.get("/quyen-rieng-tu/").content.decode()
    assert "13/2023/NĐ-CP" in html and "24" in html


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server here")
    settings.CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": url}}
    from django.core.cache import cache

    cache.clear()
    yield url
    cache.clear()


HIT_SCRIPT = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "ocop_site.settings.dev"
django.setup()
from django.test import RequestFactory
from core import ratelimit
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
print(sum(ratelimit.hit(request, "inquiry")[0] for _ in range(int(sys.argv[1]))))
"""


def test_rate_limit_is_shared_by_processes_on_redis(redis_cache):
    """Two processes hit the same address 4 times each: only 5 (the limit) get through."""
    env = {**os.environ, "REDIS_URL": redis_cache, "TASKS_BACKEND": "database"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", HIT_SCRIPT, "4"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _process in range(2)
    ]
    allowed = [int(run.communicate(timeout=120)[0].strip()) for run in runs]
    assert sum(allowed) == 5


def test_production_settings_refuse_to_start_without_a_shared_cache():
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="ocop_site.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "REDIS_URL must be set" in result.stderr


def test_rate_limit_holds_for_parallel_posts_on_the_file_cache(tmp_path, settings):
    """``make run`` has no Redis: 15 simultaneous posts from one address, 5 allowed."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.RATE_LIMITS = {"inquiry": (5, 900)}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    barrier, allowed = threading.Barrier(15), []

    def post():
        barrier.wait()
        allowed.append(ratelimit.hit(request, "inquiry")[0])

    threads = [threading.Thread(target=post) for _ in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(allowed) == 15 and allowed.count(True) == 5
