"""RSS and Atom feeds: valid XML, Vietnamese text, absolute links, the right items."""

import datetime
import email.utils
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from news.tests.factories import NewsIndexPageFactory, category, make_news

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(news_index, site_tree):
    make_news(
        news_index,
        "Kế hoạch OCOP năm 2021",
        datetime.date(2021, 4, 8),
        categories=[category("tin-chuong-trinh")],
        tags=["Xúc tiến thương mại"],
        lead="Phấn đấu có ít nhất 15 sản phẩm OCOP cấp tỉnh; đào tạo & truyền thông <mạnh>.",
        byline="Ban biên tập",
    )
    make_news(news_index, "Đồng Din có 8 sản phẩm OCOP", datetime.date(2022, 4, 19))
    make_news(news_index, "Tin nháp", datetime.date(2025, 1, 1), live=False)
    # A second news section elsewhere must not leak into this feed.
    other = NewsIndexPageFactory(parent=site_tree["products"], title="Khác", slug="khac")
    make_news(other, "Tin của mục khác", datetime.date(2024, 5, 5))


def test_rss_is_valid_xml_with_the_right_items(client, news):
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "charset=utf-8" in response["Content-Type"]
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("link") == "http://testserver/tin-tuc/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Đồng Din có 8 sản phẩm OCOP",
        "Kế hoạch OCOP năm 2021",
    ]
    plan = items[1]
    assert plan.findtext("link") == "http://testserver/tin-tuc/ke-hoach-ocop-nam-2021/"
    assert plan.findtext("description") == (
        "Phấn đấu có ít nhất 15 sản phẩm OCOP cấp tỉnh; đào tạo & truyền thông <mạnh>."
    )
    published = email.utils.parsedate_to_datetime(plan.findtext("pubDate"))
    assert published.utcoffset() == datetime.timedelta(hours=7)
    assert (published.date(), published.hour) == (datetime.date(2021, 4, 8), 9)
    assert {c.text for c in plan.findall("category")} == {
        "Tin chương trình",
        "Xúc tiến thương mại",
    }


def test_atom_is_valid_xml_with_the_right_items(client, news):
    response = client.get("/tin-tuc/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Đồng Din có 8 sản phẩm OCOP",
        "Kế hoạch OCOP năm 2021",
    ]
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert all(link.startswith("http://testserver/tin-tuc/") for link in links)
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == "http://testserver/tin-tuc/atom/"
    assert entries[1].findtext(f"{ATOM}author/{ATOM}name") == "Ban biên tập"
    assert entries[1].findtext(f"{ATOM}published").startswith("2021-04-08T09:00:00+07:00")


def test_feed_links_name_the_configured_site_not_the_request_host(client, news, settings):
    """Every absolute URL names one host: the configured site's (core.links)."""
    settings.ALLOWED_HOSTS = ["ocop.example.vn", "other.example.vn"]
    call_command(
        "configure_site", "--hostname", "ocop.example.vn", "--port", "443", stdout=io.StringIO()
    )
    response = client.get("/tin-tuc/rss/", HTTP_HOST="other.example.vn")
    root = ET.fromstring(response.content)
    links = [item.findtext("link") for item in root.iter("item")]
    assert links and all(link.startswith("https://ocop.example.vn/tin-tuc/") for link in links)


def test_empty_feed_is_still_valid(client, news_index):
    root = ET.fromstring(client.get("/tin-tuc/rss/").content)
    assert root.find("channel").findall("item") == []
