"""Admin: choosers with search, filtered listings, no 10,000-option select for localities."""

import re

import pytest
from django.urls import reverse
from wagtail.admin.panels import get_edit_handler
from wagtail.snippets.widgets import AdminSnippetChooser
from wagtail.users.models import UserProfile

from events.models import EventPage
from events.tests.factories import EventIndexPageFactory
from products_catalog.models import ProducerPage, ProductPage
from programme.models import ProgrammeTarget
from taxonomy.models import Locality
from taxonomy.units import resolve_locality, seed_localities

pytestmark = pytest.mark.django_db

LOCALITY = "wagtailsnippets_taxonomy_locality"
LOCALITY_CHOOSER = "wagtailsnippetchoosers_taxonomy_locality"
GROUP_CHOOSER = "wagtailsnippetchoosers_taxonomy_productgroup"


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.vn", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def units():
    seed_localities("Phú Yên")
    resolve_locality("Huyện Mộc Châu", province="Sơn La", register="2024")


def chooser_rows(admin, url_name, **params):
    response = admin.get(reverse(f"{url_name}:choose_results"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r"data-chooser-modal-choice[^>]*>\s*([^<]+?)\s*<", html)


def test_locality_chooser_has_a_search_box_and_filters(admin, units):
    response = admin.get(reverse(f"{LOCALITY_CHOOSER}:choose"))
    html = response.json()["html"]
    assert 'id="id_q"' in html
    assert 'name="level"' in html and 'name="register"' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "tuy an"}, "Huyện Tuy An, Tỉnh Phú Yên"),
        ({"q": "HUYỆN TUY AN"}, "Huyện Tuy An, Tỉnh Phú Yên"),
        ({"q": "an ninh tay"}, "Xã An Ninh Tây, Huyện Tuy An"),
        ({"q": "moc chau son la"}, "Thị xã Mộc Châu, Tỉnh Sơn La"),
    ],
)
def test_locality_chooser_search_ignores_diacritics(admin, units, params, expected):
    assert expected in chooser_rows(admin, LOCALITY_CHOOSER, **params)


def test_locality_chooser_filters_by_level_and_register(admin, units):
    rows = chooser_rows(admin, LOCALITY_CHOOSER, q="dak lak", level="province")
    assert rows == ["Tỉnh Đắk Lắk", "Tỉnh Đắk Lắk"]
    rows = chooser_rows(admin, LOCALITY_CHOOSER, q="dak lak", level="province", register="2025")
    assert rows == ["Tỉnh Đắk Lắk"]


def test_product_group_chooser_searches_both_versions(admin, site_tree):
    response = admin.get(reverse(f"{GROUP_CHOOSER}:choose"))
    assert 'id="id_q"' in response.json()["html"]
    rows = chooser_rows(admin, GROUP_CHOOSER, q="thuc pham")
    assert rows.count("Thực phẩm (Decision 1048/QĐ-TTg (2019))") == 1
    assert rows.count("Thực phẩm (Decision 148/QĐ-TTg (2023))") == 1
    rows = chooser_rows(admin, GROUP_CHOOSER, q="thuc pham", criteria_version="148-2023")
    assert "Thực phẩm (Decision 1048/QĐ-TTg (2019))" not in rows


def listing_names(admin, **params):
    response = admin.get(reverse(f"{LOCALITY}:list_results"), params)
    assert response.status_code == 200
    return set(
        re.findall(r'<span id="snippet_\d+_title">([^<]+)</span>', response.content.decode())
    )


def test_locality_listing_search_and_filters(admin, units):
    assert "Huyện Tuy An" in listing_names(admin, q="tuy an")
    phu_yen = Locality.objects.get(register="2024", official_code="54")
    in_province = listing_names(admin, province=phu_yen.pk, level="district")
    assert len(in_province) == 9 and "Huyện Tuy An" in in_province
    assert listing_names(admin, level="province", register="2025", q="dak lak") == {"Tỉnh Đắk Lắk"}
    html = admin.get(reverse(f"{LOCALITY}:list")).content.decode()
    for name in ("level", "register", "province"):
        assert f'name="{name}"' in html


def assert_chooser_not_select(html, field):
    assert not re.search(rf'<select[^>]*name="{field}"', html), f"{field}: a <select>"
    assert re.search(rf'<input[^>]*type="hidden"[^>]*name="{field}"', html) or re.search(
        rf'<input[^>]*name="{field}"[^>]*type="hidden"', html
    ), f"{field}: no chooser input"


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (ProductPage, ["locality"]),
        (ProducerPage, ["locality"]),
        (EventPage, ["locality"]),
        (ProgrammeTarget, ["scope"]),
        (Locality, ["parent", "successor"]),
    ],
)
def test_locality_foreign_keys_use_the_chooser_widget(model, fields):
    handler = model.get_edit_handler() if hasattr(model, "get_edit_handler") else None
    form_class = (handler or get_edit_handler(model)).get_form_class()
    for field in fields:
        widget = form_class.base_fields[field].widget
        assert isinstance(widget, AdminSnippetChooser), (model, field, widget)
        assert widget.model is Locality


def test_forms_render_no_locality_select(admin, site_tree, units):
    events = EventIndexPageFactory(parent=site_tree["home"])
    producers = site_tree["producers"]
    pages = {
        "producer": (
            reverse(
                "wagtailadmin_pages:add", args=["products_catalog", "producerpage", producers.pk]
            ),
            ["locality"],
        ),
        "event": (
            reverse("wagtailadmin_pages:add", args=["events", "eventpage", events.pk]),
            ["locality"],
        ),
        "target": (reverse("ocop_targets:add"), ["scope"]),
        "locality": (reverse(f"{LOCALITY}:add"), ["parent", "successor"]),
    }
    assert Locality.objects.count() > 500
    for name, (url, fields) in pages.items():
        response = admin.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        for field in fields:
            assert not re.search(rf'<select[^>]*name="{field}"', html), (name, field)
            assert re.search(rf'<input[^>]*name="{field}"', html), (name, field)
        assert html.count("<option") < 500, name


def test_split_unit_shows_its_other_successors(admin, units):
    hoa_an = Locality.objects.get(name="Xã Hòa An", parent__name="Huyện Phú Hòa")
    html = admin.get(reverse(f"{LOCALITY}:edit", args=[hoa_an.pk])).content.decode()
    assert "Xã Phú Hòa 1, Tỉnh Đắk Lắk" in html
    assert not re.search(r'<select[^>]*name="also_now_in"', html)
