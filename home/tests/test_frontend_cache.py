"""wagtail.contrib.frontend_cache: a publish sends PURGE to the configured proxy (issue 14)."""

import http.server
import threading

import pytest

from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxy():
    """A local HTTP server recording ``(method, path, Host)`` of every request.

    It answers ``proxy["answer"]["status"]`` (200 unless a test changes it).
    """
    seen = []
    answer = {"status": 200}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (HTTP method name)
            seen.append((self.command, self.path, self.headers["Host"]))
            self.send_response(answer["status"])
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "seen": seen, "answer": answer}
    server.shutdown()
    server.server_close()


@pytest.fixture
def purging(settings, proxy):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": proxy["url"],
        }
    }
    return proxy


def test_publish_and_unpublish_purge_the_page_and_its_ancestors_after_commit(
    site_tree, purging, django_capture_on_commit_callbacks
):
    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    purging["seen"].clear()
    product.summary = "Vụ mới."
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product.save_revision().publish()  # tasks run inline in tests (the worker in production)
        # Not before the commit: the proxy would fetch the old page again and keep it.
        assert purging["seen"] == []
    assert callbacks
    expected = {
        ("PURGE", product.url, "testserver"),
        ("PURGE", site_tree["products"].url, "testserver"),  # the catalogue lists it
        ("PURGE", site_tree["home"].url, "testserver"),
    }
    assert set(purging["seen"]) == expected
    purging["seen"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    assert ("PURGE", product.url, "testserver") in purging["seen"]


def test_publish_purges_the_translations(site_tree, purging, django_capture_on_commit_callbacks):
    from core.localize import translate

    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    english, _changed = translate(product, "en", {})
    purging["seen"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert ("PURGE", english.url, "testserver") in purging["seen"]


def test_nothing_is_purged_without_a_proxy(site_tree, proxy, django_capture_on_commit_callbacks):
    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product.save_revision().publish()
    assert proxy["seen"] == []
    assert all("purge" not in getattr(fn, "__qualname__", "") for fn in callbacks)


@pytest.mark.parametrize(("status", "logged"), [(404, False), (500, True)])
def test_a_url_not_in_the_proxy_cache_is_no_error(
    site_tree, purging, django_capture_on_commit_callbacks, caplog, status, logged
):
    # nginx's purge module answers 404 for a URL it had not stored: nothing to report.
    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    purging["answer"]["status"] = status
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    assert purging["seen"]
    failures = [r for r in caplog.records if r.name == "wagtail.frontendcache"]
    assert bool(failures) is logged
