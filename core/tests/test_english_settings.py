"""Programme settings and the main menu per language (issue 13)."""

import json
import re

import pytest
from django.test import Client
from django.utils import translation

from core.localize import translate
from core.models import MenuItem, ProgrammeSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(site_tree):
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.province_name = "Phú Yên"
    settings.tagline = "Mỗi xã một sản phẩm"
    settings.address = "Văn phòng Điều phối"
    settings.programme_name_en = "OCOP Programme"
    settings.tagline_en = "One Commune One Product"
    settings.address_en = "Coordination Office"
    settings.save()
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    return ProgrammeSettings.objects.get(pk=settings.pk)


def test_texts_per_language_with_the_vietnamese_fallback(programme):
    assert programme.site_title == "Chương trình OCOP Phú Yên"
    with translation.override("en"):
        assert programme.site_title == "Phú Yên OCOP Programme"
        assert programme.local_tagline == "One Commune One Product"
        assert programme.text("address") == "Coordination Office"
    assert programme.text("address", "en") == "Coordination Office"
    assert programme.text("address", "vi") == "Văn phòng Điều phối"
    programme.programme_name_en = programme.tagline_en = ""
    with translation.override("en"):
        # Nothing in English: the whole Vietnamese title, never a mixed word order.
        assert programme.site_title == "Chương trình OCOP Phú Yên"
        assert programme.local_tagline == "Mỗi xã một sản phẩm"
    with pytest.raises(ValueError):
        programme.text("hotline")


def _jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_english_pages_read_the_english_settings(programme):
    html = Client().get("/en/").content.decode()
    assert "<title>Home · Phú Yên OCOP Programme</title>" in html
    assert "<strong>OCOP Programme</strong>" in html  # the header
    assert "<p>One Commune One Product</p>" in html and "<p>Coordination Office</p>" in html
    assert 'content="Phú Yên OCOP Programme"' in html  # og:site_name
    assert "Chương trình OCOP" not in html and "Văn phòng Điều phối" not in html
    organisation = next(data for data in _jsonld(html) if data.get("@type") == "Organization")
    assert organisation["name"] == "Phú Yên OCOP Programme"
    assert organisation["description"] == "One Commune One Product"
    assert organisation["address"]["streetAddress"] == "Coordination Office"
    # The footer's "Home" leads to the English home page.
    assert '<li><a href="/en/">Home</a></li>' in html
    vietnamese = Client().get("/").content.decode()
    assert "Chương trình OCOP Phú Yên</title>" in vietnamese
    assert "<p>Mỗi xã một sản phẩm</p>" in vietnamese and "OCOP Programme" not in vietnamese


def test_the_admin_edits_the_english_texts(programme, django_user_model, site_tree):
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    html = admin.get(f"/admin/settings/core/programmesettings/{site_tree['site'].pk}/").content
    for name in ("programme_name_en", "tagline_en", "address_en"):
        assert f'name="{name}"'.encode() in html


def test_the_english_menu_uses_the_translated_items_labels(programme, site_tree):
    products = site_tree["products"]
    producers = site_tree["producers"]
    translate(products, "en", {"title": "OCOP products", "slug": "ocop-products"})
    items = [
        MenuItem.objects.create(
            page=page, label=label, locale=site_tree["home"].locale, sort_order=n
        )
        for n, (page, label) in enumerate(((products, "Sản phẩm"), (producers, "Chủ thể")))
    ]
    translate(items[0], "en", {"label": "Products"})
    html = Client().get("/en/").content.decode()
    nav = html[html.index('id="site-nav"') : html.index("</nav>")]
    labels = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    # Translated item and page: the English label and URL; an untranslated page keeps the
    # Vietnamese item (its page exists in Vietnamese only).
    assert labels == [("/en/ocop-products/", "Products"), ("/chu-the-ocop/", "Chủ thể")]
    vietnamese = Client().get("/").content.decode()
    assert ">Sản phẩm</a>" in vietnamese and ">Products</a>" not in vietnamese
