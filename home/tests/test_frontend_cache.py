"""wagtail.contrib.frontend_cache: a publish sends PURGE to the configured proxy (issue 14)."""

import http.server
import threading

import pytest

from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def proxy():
    """A local HTTP server recording ``(method, path, Host)`` of every request."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (HTTP method name)
            seen.append((self.command, self.path, self.headers["Host"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "seen": seen}
    server.shutdown()
    server.server_close()


def test_publish_and_unpublish_purge_the_page(site_tree, settings, proxy):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": proxy["url"],
        }
    }
    product = make_product(site_tree["products"], "Mật ong hoa cà phê")
    proxy["seen"].clear()
    product.summary = "Vụ mới."
    product.save_revision().publish()  # tasks run inline in tests (the worker in production)
    assert ("PURGE", product.url, "testserver") in proxy["seen"]
    proxy["seen"].clear()
    product.unpublish()
    assert ("PURGE", product.url, "testserver") in proxy["seen"]
