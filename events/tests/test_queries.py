"""Listings run a constant number of SQL queries whatever the number of items."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.placeholders import create_placeholder_image
from events.tests.factories import make_event, vn
from news.tests.factories import NewsIndexPageFactory, make_news

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # first request draws the renditions
    caches["default"].clear()  # Wagtail caches renditions; count the database work
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def picture(n):
    # One picture per item: a shared one would be cached on its instance.
    return create_placeholder_image(f"Ảnh {n}", "#2e7d32")


def add_events(index, first, last):
    for n in range(first, last):
        make_event(index, f"Sự kiện {n:02d}", start=vn(2030, 1, 1 + n, 8), hero_image=picture(n))


def test_event_list_query_count_does_not_grow(client, event_index):
    add_events(event_index, 0, 2)
    few = count_queries(client, "/su-kien/")
    add_events(event_index, 2, 7)
    many = count_queries(client, "/su-kien/")
    assert many == few


def test_news_list_query_count_does_not_grow(client, site_tree):
    index = NewsIndexPageFactory(parent=site_tree["home"])
    for n in range(2):
        make_news(
            index, f"Tin {n}", datetime.date(2025, 1, 1 + n), hero_image=picture(n), tags=["A"]
        )
    few = count_queries(client, "/tin-tuc/")
    for n in range(2, 7):
        make_news(
            index, f"Tin {n}", datetime.date(2025, 1, 1 + n), hero_image=picture(n), tags=["A"]
        )
    many = count_queries(client, "/tin-tuc/")
    assert many == few
