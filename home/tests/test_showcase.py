"""Issue 15: menu snippet, SEO head, robots and favicon, Vietnamese option order, chips,
per-product placeholders, the editor's warning about promoted products not in force."""

import datetime
import io
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from PIL import Image

from core.models import MenuItem
from core.placeholders import create_placeholder_image, is_current_placeholder, placeholder_png
from core.testing import TEST_TODAY
from core.text import sort_key
from events.tests.factories import EventIndexPageFactory, future, make_event
from home.models import FeaturedProduct
from news.tests.factories import NewsIndexPageFactory, make_news
from products_catalog.models import ProductGalleryImage
from products_catalog.models.related import lapsed_products
from products_catalog.tests.factories import make_product, revoke
from products_catalog.wagtail_hooks import warn_lapsed_promotions
from programme.demo_catalogue import decorate_products, outdated_placeholders


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def meta(html, name):
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_robots_txt_names_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_favicon_is_an_icon(client, site_tree):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert Image.open(io.BytesIO(response.content)).format == "ICO"


def test_every_page_has_a_description_and_a_preview(client, site_tree):
    html = client.get(site_tree["products"].url).content.decode()
    description = meta(html, "description")
    assert description and site_tree["products"].title in description
    assert meta(html, "og:image").startswith("http://testserver/static/img/og-default")
    assert meta(html, "twitter:card") == "summary_large_image"
    crumbs = jsonld(html)["BreadcrumbList"]
    assert [row["name"] for row in crumbs["itemListElement"]] == [
        site_tree["home"].title,
        site_tree["products"].title,
    ]
    assert crumbs["inLanguage"] == "vi"
    home = client.get("/").content.decode()
    assert jsonld(home)["Organization"]["url"] == "http://testserver/"


def test_news_and_events_have_their_json_ld(client, site_tree):
    news_index = NewsIndexPageFactory(parent=site_tree["home"])
    item = make_news(
        news_index, "Hội chợ OCOP", TEST_TODAY - datetime.timedelta(days=3), lead="Tin ngắn."
    )
    html = client.get(item.url).content.decode()
    article = jsonld(html)["NewsArticle"]
    assert article["headline"] == "Hội chợ OCOP" and article["inLanguage"] == "vi"
    assert article["datePublished"].startswith(str(TEST_TODAY - datetime.timedelta(days=3)))
    assert meta(html, "description") == "Tin ngắn." and meta(html, "og:type") == "article"
    event_index = EventIndexPageFactory(parent=site_tree["home"])
    event = make_event(event_index, "Phiên chợ", start=future(), venue="Nhà văn hóa")
    data = jsonld(client.get(event.url).content.decode())["Event"]
    assert data["location"]["name"] == "Nhà văn hóa"
    assert data["startDate"].startswith(future().date().isoformat())


def test_menu_snippet_orders_and_labels_the_menu(client, site_tree):
    html = client.get("/").content.decode()
    nav = html[html.index('id="site-nav"') : html.index("</nav>")]
    assert nav.count("<li>") == 0  # the factories' pages are not "in menus"
    for index, (key, label) in enumerate([("producers", "Chủ thể"), ("products", "Sản phẩm")]):
        page = site_tree[key]
        MenuItem.objects.create(page=page, label=label, locale=page.locale, sort_order=index)
    html = client.get(site_tree["products"].url).content.decode()
    nav = html[html.index('id="site-nav"') : html.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == ["Chủ thể", "Sản phẩm"]
    assert 'aria-current="page">Sản phẩm' in nav
    assert 'id="footer-menu"' in html and html.count(">Chủ thể</a>") == 2


def test_catalogue_options_in_vietnamese_order_with_chips(client, site_tree):
    index = site_tree["products"]
    for title in ("Muối hồng", "Mật ong rừng", "Đường phèn", "Dừa sáp"):
        make_product(index, title, tags=[title.split()[0]])
    response = client.get(index.url, {"tag": "mat", "stars": "3"})
    tags = next(f for f in response.context["facets"] if f["name"] == "tag")
    assert [o["label"] for o in tags["options"]] == ["Dừa", "Đường", "Mật", "Muối"]
    kinds = next(f for f in response.context["facets"] if f["name"] == "producer_type")
    assert [o["label"] for o in kinds["options"]] == sorted(
        (o["label"] for o in kinds["options"]), key=sort_key
    )
    chips = {chip["value"]: chip["query"] for chip in response.context["filter_chips"]}
    assert chips == {"3★": "?tag=mat", "Mật": "?stars=3"}
    html = response.content.decode()
    assert html.count('class="chip"') == 2 and 'class="chip chip-clear"' in html


def test_placeholders_differ_per_product_and_are_marked(db):
    one = Image.open(io.BytesIO(placeholder_png("Cá ngừ", family="thuc-pham", subgroup="a")))
    two = Image.open(io.BytesIO(placeholder_png("Rượu nếp", family="do-uong", subgroup="b")))
    assert one.size == (800, 600)
    assert one.getpixel((400, 300)) != two.getpixel((400, 300))
    image = create_placeholder_image("Cá ngừ", "#000000", family="thuc-pham")
    assert image.is_placeholder and is_current_placeholder(image)
    assert image.title.startswith("[Ảnh minh họa]")


@pytest.mark.dated
def test_the_demo_replaces_only_old_style_placeholders(site_tree):
    product = make_product(site_tree["products"], "Nước mắm nhĩ")
    old = create_placeholder_image("Nước mắm nhĩ", "#2e7d32")
    old.file.name = "original_images/placeholder-nuoc-mam-nhi.png"  # the older pattern
    old.save()
    product.gallery_images.add(ProductGalleryImage(image=old))
    product.save_revision().publish()
    assert outdated_placeholders(product) != []
    decorate_products([product.pk])
    product = type(product).objects.get(pk=product.pk)
    images = [item.image for item in product.gallery_images.all()]
    assert len(images) == 1 and is_current_placeholder(images[0])
    assert not type(old).objects.filter(pk=old.pk).exists()
    assert decorate_products([product.pk]) == 0  # nothing left to replace


@pytest.mark.dated
def test_editor_is_warned_about_promoted_products_not_in_force(rf, site_tree, today):
    index = site_tree["products"]
    fine = make_product(index, "Mật ong")
    old = make_product(index, "Nước mắm", decision_date=today - datetime.timedelta(days=4 * 365))
    gone = make_product(index, "Trà xanh")
    revoke(gone, today - datetime.timedelta(days=10))
    home = site_tree["home"]
    for product in (fine, old, gone):
        home.featured_products.add(FeaturedProduct(product=product))
    assert [p.title for p in lapsed_products(home.featured_products.all())] == [
        "Nước mắm",
        "Trà xanh",
    ]
    request = rf.get("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_lapsed_promotions(request, home)
    (message,) = list(get_messages(request))
    assert "Nước mắm" in str(message) and "Trà xanh" in str(message)
    assert "Mật ong" not in str(message)
