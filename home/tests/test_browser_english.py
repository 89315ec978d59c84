"""Browser test (issue 13): an English reader finds a product, sends an inquiry in English
and switches to the same product in Vietnamese.

Playwright drives Debian's Chromium against pytest-django's live server; screenshots go
to ``test-artifacts/``.
"""

import re

import pytest
from django.core import mail

from core.localize import translate
from core.models import MenuItem, ProgrammeSettings
from core.testing import ARTIFACTS
from products_catalog.rules import ProducerType
from products_catalog.tests.factories import ProducerPageFactory, group, make_product

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def bilingual_shop(site_tree):
    programme = ProgrammeSettings.for_site(site_tree["site"])
    programme.office_email = "office@example.org"
    programme.province_name = "Phú Yên"
    programme.programme_name_en = "OCOP Programme"
    programme.save()
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    translate(site_tree["products"], "en", {"title": "OCOP products", "slug": "ocop-products"})
    translate(site_tree["producers"], "en", {"title": "OCOP producers", "slug": "producers"})
    # The main menu with its short labels, translated like any snippet (issue 13).
    locale = site_tree["home"].locale
    for order, (page, label, english) in enumerate(
        ((site_tree["products"], "Sản phẩm", "Products"), (site_tree["producers"], "Chủ thể", ""))
    ):
        item = MenuItem.objects.create(page=page, label=label, locale=locale, sort_order=order)
        if english:
            translate(item, "en", {"label": english})
    producer = ProducerPageFactory(
        parent=site_tree["producers"],
        title="Hộ sản xuất kinh doanh nước mắm Tân Lập",
        producer_type=ProducerType.HOUSEHOLD,
        email="tanlap@example.org",
        publish_contact=True,
    )
    product = make_product(
        site_tree["products"],
        "Nước mắm Tân Lập",
        stars=4,
        producer=producer,
        group=group("thuc-pham-2023"),
        summary="Nước mắm Tân Lập: sản phẩm OCOP 4 sao.",
    )
    translate(producer, "en", {"slug": "tan-lap-fish-sauce-household"})
    product_en, _changed = translate(
        product,
        "en",
        {
            "title": "Nước mắm Tân Lập — traditional fish sauce",
            "slug": "nuoc-mam-tan-lap-traditional-fish-sauce",
            "summary": "Nước mắm Tân Lập: a 4★ OCOP product.",
        },
    )
    return {"product": product, "product_en": product_en}


def test_english_desktop_header_fits_eight_english_labels(chromium, live_server, bilingual_shop):
    """At 1280 px the bar holds brand, menu, search and VI/EN without pushing anything off
    screen, even with the demo's eight English menu labels (the longest set it ships)."""
    from home.demo_english import MENU_LABELS

    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + bilingual_shop["product_en"].url)
    page.evaluate(
        "labels => { document.querySelector('#site-nav ul').innerHTML = labels"
        ".map(l => `<li><a href='#'>${l}</a></li>`).join(''); }",
        list(MENU_LABELS.values()),
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    assert page.locator(".language-switch").bounding_box()["x"] < 1280 - 44
    assert page.locator("#site-search-q").bounding_box()["width"] >= 100
    page.screenshot(path=str(ARTIFACTS / "english-header-1280.png"))
    page.close()


def test_english_reader_inquires_and_switches_to_vietnamese(chromium, live_server, bilingual_shop):
    ARTIFACTS.mkdir(exist_ok=True)
    # A browser that prefers Vietnamese: the URL, not the browser, decides the language.
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page.goto(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    # English menu: the translated short label, else the English page's title.
    assert page.locator("#site-nav a").all_inner_texts() == ["Products", "OCOP producers"]
    assert page.title() == "Home · Phú Yên OCOP Programme"
    page.screenshot(path=ARTIFACTS / "english-1-home.png", full_page=True)

    page.get_by_role("link", name="Browse OCOP products").first.click()
    page.wait_for_url("**/en/ocop-products/")
    assert page.locator("html").get_attribute("lang") == "en"
    filters = page.locator("form.filters, .filters, aside").first.inner_text()
    assert "Food" in page.content() and "Thực phẩm" not in filters
    page.screenshot(path=ARTIFACTS / "english-2-catalogue.png", full_page=True)

    page.get_by_role("link", name=re.compile("traditional fish sauce")).first.click()
    page.wait_for_url("**/nuoc-mam-tan-lap-traditional-fish-sauce/")
    assert "4★ OCOP product" in page.content()
    form = page.locator("form.inquiry-form")
    assert form.get_by_label("Country").input_value() == ""
    form.get_by_label("Your name").fill("Jane Importer")
    form.get_by_label("Organisation").fill("Pacific Fine Foods")
    form.get_by_label("Country").fill("Australia")
    form.get_by_label("Email").fill("jane@example.com")
    form.get_by_label("Message").fill("Please quote 2,000 bottles, FOB Quy Nhơn.")
    form.locator("input[name=consent]").check()
    page.screenshot(path=ARTIFACTS / "english-3-inquiry.png", full_page=True)
    form.get_by_role("button", name="Send the inquiry").click()
    page.wait_for_url("**/en/connect/thanks/**")
    assert "Thank you, your inquiry has been received" in page.locator("h1").inner_text()
    copies = [message for message in mail.outbox if message.to == ["jane@example.com"]]
    assert copies and copies[0].subject.startswith("Your inquiry")

    page.go_back()
    page.wait_for_url("**/nuoc-mam-tan-lap-traditional-fish-sauce/")
    page.locator(".language-switch a[hreflang=vi]").click()
    page.wait_for_url("**/san-pham-ocop/nuoc-mam-tan-lap/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text().strip() == "Nước mắm Tân Lập"
    page.screenshot(path=ARTIFACTS / "english-4-vietnamese.png", full_page=True)
