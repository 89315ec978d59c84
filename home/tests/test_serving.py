"""Compression, conditional GET, health check and JSON logs (issue 14)."""

import json
import logging
import re

import pytest

from buyers import opendata_files
from core import health
from core.logformat import JsonFormatter
from news.tests.factories import NewsIndexPageFactory
from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(site_tree):
    for n in range(3):
        make_product(site_tree["products"], f"Nước mắm {n}")
    return site_tree


def test_html_is_gzipped(client, listed):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("url", ["/sitemap.xml", "/du-lieu-mo/san-pham-ocop.json", "/tin-tuc/rss/"])
def test_feeds_sitemap_and_open_data_answer_304_when_unchanged(client, listed, url):
    if url == "/tin-tuc/rss/":
        NewsIndexPageFactory(parent=listed["home"])
    opendata_files.refresh()  # open data is served from its built file
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_cache_fails(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(health.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "ConnectionError"
    assert response.json()["database"] == "ok"


def test_json_log_lines():
    record = logging.makeLogRecord(
        {"name": "buyers.inquiries", "levelname": "WARNING", "msg": "gửi %s", "args": ("lỗi",)}
    )
    record.reference = "abc"
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "gửi lỗi"
    assert line["logger"] == "buyers.inquiries" and line["level"] == "WARNING"
    assert line["reference"] == "abc"
    assert line["time"].endswith("+00:00")


@pytest.mark.django_db
def test_a_host_not_allowed_is_a_400_logged_in_one_line(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert records and "evil.example" in records[0].getMessage()
    assert records[0].exc_info is None and not caplog.text.count("Traceback")


def test_sitemap_is_an_index_of_cheap_sections(client, listed, django_assert_max_num_queries):
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    assert "/sitemap-san-pham.xml" in sections and "/sitemap-trang.xml" in sections
    for url in sections:
        client.get(url)
        # count, the section's pages, their translations (hreflang alternates), the locale
        with django_assert_max_num_queries(4):
            response = client.get(url)
        assert response.status_code == 200
    products = client.get("/sitemap-san-pham.xml").content.decode()
    assert products.count("<url>") == 3
    assert client.get("/sitemap-khong-co.xml").status_code == 404


def test_sitemap_sections_are_cached_until_content_changes(
    client, listed, django_assert_max_num_queries
):
    first = client.get("/sitemap-san-pham.xml").content.decode()
    assert first.count("<url>") == 3
    with django_assert_max_num_queries(0):  # built once, then read from the shared cache
        assert client.get("/sitemap-san-pham.xml").content.decode() == first
    added = make_product(listed["products"], "Mật ong rừng")
    assert client.get("/sitemap-san-pham.xml").content.decode().count("<url>") == 4
    added.unpublish()
    assert client.get("/sitemap-san-pham.xml").content.decode().count("<url>") == 3


@pytest.mark.parametrize("page", ["2", "0", "abc", "-1", "9" * 40])
def test_sitemap_pages_past_the_end_or_malformed_are_404(client, listed, page):
    assert client.get(f"/sitemap-san-pham.xml?p={page}").status_code == 404
