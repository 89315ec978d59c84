"""Every public surface tells the same truth about certification.

One catalogue with five products: a valid 4★ ("Chuẩn"), a 2★ council rating
("Hai sao", not an OCOP product), a revoked certificate ("Thu hồi"), a
private page ("Riêng tư") and an expired certificate ("Hết hạn"). Every
surface that lists or describes products is visited; none may present the
2★, revoked or private product as OCOP, and the expired one never carries
the OCOP mark as current. Absolute URLs all name the configured site.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from buyers.demo import ensure_verify_page
from core.testing import response_bytes
from events.models import EventProduct
from events.tests.factories import EventIndexPageFactory, future, make_event
from home.models import FeaturedProduct
from news.models import CampaignProduct, NewsRelatedProduct
from news.tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    NewsIndexPageFactory,
    make_news,
)
from products_catalog.rules import Status
from products_catalog.tests.factories import ProducerPageFactory, group, make_product, revoke
from programme.demo import ensure_statistics_page

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

HIDDEN = ("Hai sao", "Thu hồi", "Riêng tư")
SITE_ROOT = "http://testserver/"


@pytest.fixture
def world(site_tree, today):
    products, home = site_tree["products"], site_tree["home"]
    producer = ProducerPageFactory(parent=site_tree["producers"], title="HTX Bề mặt")
    food = group("thuc-pham-2023")
    common = {"producer": producer, "group": food}
    made = {
        "ok": make_product(products, "Chuẩn Nước mắm", stars=4, decision_date=today, **common),
        "two": make_product(products, "Hai sao Nước mắm", stars=2, decision_date=today, **common),
        "revoked": make_product(
            products,
            "Thu hồi Nước mắm",
            stars=4,
            decision_date=today - datetime.timedelta(400),
            **common,
        ),
        "private": make_product(
            products,
            "Riêng tư Nước mắm",
            decisions=[{"stars": 5, "level": "central", "decision_date": today}],
            **common,
        ),
        "expired": make_product(
            products,
            "Hết hạn Nước mắm",
            stars=4,
            decision_date=today - datetime.timedelta(days=4 * 365),
            **common,
        ),
    }
    revoke(made["revoked"], today - datetime.timedelta(days=3), reason="Vi phạm an toàn thực phẩm")
    PageViewRestriction.objects.create(
        page=made["private"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for product in made.values():
        FeaturedProduct.objects.create(page=home, product=product)
    news_index = NewsIndexPageFactory(parent=home, title="Tin tức", slug="tin-tuc")
    news = make_news(news_index, "Tin Nước mắm", today - datetime.timedelta(days=1))
    campaigns = CampaignIndexPageFactory(parent=home, title="Xúc tiến", slug="xuc-tien")
    campaign = CampaignPageFactory(parent=campaigns, title="Tuần lễ Nước mắm", slug="tuan-le")
    events = EventIndexPageFactory(parent=home, title="Sự kiện", slug="su-kien")
    event = make_event(events, "Hội chợ Nước mắm", start=future())
    for product in made.values():
        NewsRelatedProduct.objects.create(page=news, product=product)
        CampaignProduct.objects.create(page=campaign, product=product)
        EventProduct.objects.create(page=event, product=product)
    return {
        **site_tree,
        "made": made,
        "producer": producer,
        "news": news,
        "news_index": news_index,
        "campaign": campaign,
        "event": event,
        "statistics": ensure_statistics_page(home),
        "verify": ensure_verify_page(home),
    }


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def assert_hidden(html, where):
    for title in HIDDEN:
        assert title not in html, f"{title} shown on {where}"


def assert_expired_marked(html, where):
    """The expired product may be listed, never with its stars shown as current."""
    if "Hết hạn Nước mắm" not in html:
        return
    before, after = html.split("Hết hạn Nước mắm", 1)
    if before.rfind("<tr") > before.rfind("<li"):
        # A table row (statistics: certificates ending this year) names its status.
        row = after.split("</tr>", 1)[0]
        with translation.override("vi"):
            expired = str(Status.LABELS[Status.EXPIRED])
        assert expired in row, f"expired product's row without its status on {where}"
        return
    card = before.rsplit("<li", 1)[-1]
    assert "is-expired" in card, f"expired product not marked on {where}"


def html_surfaces(world):
    catalogue = world["products"].url
    return {
        "catalogue": catalogue,
        "catalogue filtered": catalogue + "?stars=4",
        "catalogue status": catalogue + "?status=valid",
        "home": world["home"].url,
        "producer page": world["producer"].url,
        "product page (related)": world["made"]["ok"].url,
        "news page": world["news"].url,
        "campaign page": world["campaign"].url,
        "event page": world["event"].url,
        "search": "/search/?q=nuoc+mam",
        "search 4 stars": "/search/?q=nuoc+mam&stars=4",
        "statistics": world["statistics"].url,
    }


def test_html_surfaces(client, world):
    for where, url in html_surfaces(world).items():
        html = text_of(client.get(url))
        assert_hidden(html, where)
        assert_expired_marked(html, where)


def test_facets_count_only_listed_products(client, world):
    response = client.get(world["products"].url)
    stars = next(f for f in response.context["facets"] if f["name"] == "stars")
    assert {o["value"]: o["count"] for o in stars["options"]} == {"5": 0, "4": 2, "3": 0}
    assert response.context["result_count"] == 2  # "Chuẩn" and "Hết hạn"
    search = client.get("/search/", {"q": "nuoc mam"})
    facet = next(f for f in search.context["facets"] if f["name"] == "stars")
    assert {o["value"] for o in facet["options"]} <= {"3", "4", "5"}


def test_home_counts_and_featured(client, world):
    response = client.get(world["home"].url)
    assert response.context["total_products"] == 2
    featured = [p.title for p in response.context["featured"]]
    assert featured == ["Chuẩn Nước mắm"]  # the expired one is never promoted


def test_campaign_promotes_only_products_in_force(client, world):
    response = client.get(world["campaign"].url)
    assert [p.title for p in response.context["featured_products"]] == ["Chuẩn Nước mắm"]


def test_suggestions(client, world):
    data = client.get("/search/suggest/", {"q": "nuoc mam"}).json()
    titles = [s["title"] for s in data["suggestions"]]
    assert "Chuẩn Nước mắm" in titles
    assert_hidden(" ".join(titles), "suggestions")


def test_api_and_open_data(client, world):
    api = client.get(reverse("buyers:api_products")).json()
    titles = {r["product"] for r in api["results"]}
    assert titles == {"Chuẩn Nước mắm", "Hết hạn Nước mắm"}
    by_title = {r["product"]: r for r in api["results"]}
    assert by_title["Hết hạn Nước mắm"]["status"] == "expired"
    csv_text = response_bytes(client.get(reverse("buyers:register_csv"))).decode("utf-8-sig")
    assert_hidden(csv_text, "open data CSV")
    document = json.loads(response_bytes(client.get(reverse("buyers:register_json"))))
    assert {r["product"] for r in document["records"]} == titles
    for record in document["records"]:
        assert record["product_url"].startswith(SITE_ROOT)


def test_sitemap(client, world):
    index = text_of(client.get("/sitemap.xml"))
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert SITE_ROOT + "sitemap-san-pham.xml" in sections
    xml = "".join(text_of(client.get(url.removeprefix(SITE_ROOT[:-1]))) for url in sections)
    assert world["made"]["ok"].slug in xml
    for key in ("two", "revoked", "private"):
        assert world["made"][key].slug not in xml
    assert all(url.startswith(SITE_ROOT) for url in re.findall(r"<loc>([^<]+)</loc>", xml))


def test_feeds(client, world):
    for name in ("rss", "atom"):
        xml = text_of(client.get(world["news_index"].url + f"{name}/"))
        assert_hidden(xml, f"{name} feed")
        links = re.findall(r"https?://[^\s\"<]+", xml)
        site_links = [u for u in links if "w3.org" not in u and "purl.org" not in u]
        assert site_links and all(u.startswith(SITE_ROOT) for u in site_links)


def jsonld(html):
    """The page's own JSON-LD objects (the breadcrumb every page has is left out)."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    found = [json.loads(block) for block in blocks]
    return [item for item in found if item["@type"] != "BreadcrumbList"]


def test_product_pages_and_json_ld(client, world):
    made = world["made"]
    ok = jsonld(text_of(client.get(made["ok"].url)))[0]
    assert ok["award"] == "OCOP 4★" and ok["url"].startswith(SITE_ROOT)
    expired_html = text_of(client.get(made["expired"].url))
    expired = jsonld(expired_html)[0]
    assert "award" not in expired
    assert {p["name"]: p["value"] for p in expired["additionalProperty"]} == {
        "OCOP certificate status": "expired"
    }
    assert "stars-lapsed" in expired_html
    two = text_of(client.get(made["two"].url))
    assert "OCOP 2★" not in two and "không phải sản phẩm OCOP" in two
    assert "award" not in jsonld(two)[0] and "additionalProperty" not in jsonld(two)[0]
    revoked = text_of(client.get(made["revoked"].url))
    assert "award" not in jsonld(revoked)[0]
    assert "Vi phạm an toàn thực phẩm" in revoked
    private = client.get(made["private"].url).content.decode()  # Wagtail's password form
    assert "OCOP 5★" not in private and not jsonld(private)


def test_labels_and_qr(client, world):
    made = world["made"]
    assert client.get(reverse("buyers:qr_labels", args=[made["ok"].pk])).status_code == 200
    for key in ("expired", "revoked"):
        response = client.get(reverse("buyers:qr_labels", args=[made[key].pk]))
        assert response.status_code == 409
        assert "★" not in response.content.decode().split("<main")[1].split("</main>")[0]
    for key in ("two", "private"):
        for name in ("buyers:qr_labels", "buyers:qr_svg"):
            assert client.get(reverse(name, args=[made[key].pk])).status_code == 404


def test_certificate_check(client, world):
    def answers(query):
        return client.get(world["verify"].url, {"q": query}).context["answers"]

    assert answers("Hai sao") == [] and answers("Riêng tư") == []
    [revoked] = answers("Thu hồi")
    assert revoked.status == "revoked" and "Vi phạm an toàn thực phẩm" in revoked.message
    [expired] = answers("Hết hạn")
    assert expired.status == "expired" and not expired.in_force
    [ok] = answers("Chuẩn")
    assert ok.in_force


def test_statistics_count_listed_products_once(client, world):
    response = client.get(world["statistics"].url)
    assert response.context["stats"].totals["products"] == 2
    assert response.context["stats"].totals["in_force"] == 1
