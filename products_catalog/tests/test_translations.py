"""Facts are shared by a product's translations, never translated (issue 13)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.localize import source_changed, translate
from core.models import Tag
from core.testing import response_bytes
from products_catalog.models import ProducerPage, ProductPage
from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    certify,
    group,
    make_product,
)
from taxonomy.models import english_unit_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(site_tree, today):
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    producer = ProducerPageFactory(parent=site_tree["producers"], title="HTX Tân Lập")
    product = make_product(
        site_tree["products"],
        "Nước mắm Tân Lập",
        stars=4,
        producer=producer,
        group=group("thuc-pham-2023"),
        locality=LocalityFactory(name="Huyện Tuy An"),
        summary="Nước mắm cá cơm truyền thống.",
    )
    producer_en, _ = translate(producer, "en", {"slug": "tan-lap-cooperative"})
    product_en, _ = translate(
        product,
        "en",
        {
            "title": "Nước mắm Tân Lập — traditional fish sauce",
            "slug": "tan-lap-fish-sauce",
            "summary": "Traditional anchovy fish sauce.",
        },
    )
    return {
        **site_tree,
        "product": product,
        "product_en": product_en,
        "producer": producer,
        "producer_en": producer_en,
    }


def test_translation_made_with_wagtail_localize_shares_the_facts(english):
    product, product_en = english["product"], english["product_en"]
    assert product_en.locale.language_code == "en"
    assert product_en.summary == "Traditional anchovy fish sauce."
    assert product_en.certification_id == product.certification_id
    assert product_en.stars == 4
    assert product_en.producer_id == product.producer_id
    assert (product_en.group_id, product_en.locality_id) == (product.group_id, product.locality_id)


def test_translating_twice_creates_nothing_twice(english):
    revisions = english["product_en"].revisions.count()
    again, changed = translate(
        english["product"],
        "en",
        {
            "title": "Nước mắm Tân Lập — traditional fish sauce",
            "slug": "tan-lap-fish-sauce",
            "summary": "Traditional anchovy fish sauce.",
        },
    )
    assert not changed and again.pk == english["product_en"].pk
    assert again.revisions.count() == revisions
    assert ProductPage.objects.filter(translation_key=again.translation_key).count() == 2


def test_a_new_decision_shows_on_the_english_page_at_once(client, english, today):
    certify(english["product"], stars=5, level="central", decision_date=today)
    html = client.get(english["product_en"].url).content.decode()
    assert '<html lang="en">' in html
    english["product_en"].refresh_from_db()
    assert english["product_en"].stars == 5


def test_publishing_the_source_moves_the_translation_facts(english):
    product = english["product"]
    product.locality = LocalityFactory(name="Huyện Đồng Xuân")
    product.group = group("do-uong-2023")
    product.save_revision().publish()
    product_en = ProductPage.objects.get(pk=english["product_en"].pk)
    assert product_en.locality_id == product.locality_id
    assert product_en.group_id == product.group_id
    # A translator publishing the translation cannot change a fact.
    product_en.locality = LocalityFactory(name="Huyện Sơn Hòa")
    product_en.save_revision().publish()
    product_en.refresh_from_db()
    assert product_en.locality_id == product.locality_id


def test_counts_never_double(client, english):
    home = client.get("/").context
    assert home["total_products"] == 1
    home_en = client.get("/en/").context
    assert home_en["total_products"] == 1
    producers = ProducerPage.objects.for_cards().filter(pk=english["producer_en"].pk)
    assert producers.get().certified_count == 1
    assert ProducerPage.objects.for_cards().get(pk=english["producer"].pk).certified_count == 1
    data = json.loads(response_bytes(client.get(reverse("buyers:register_json"))))
    assert data["count"] == 1
    # The English producer page lists the English product.
    html = client.get(english["producer_en"].url).content.decode()
    assert english["product_en"].title in html


def test_english_product_page_links_the_english_producer(client, english):
    html = client.get(english["product_en"].url).content.decode()
    assert f'href="{english["producer_en"].url}"' in html


def test_source_changed_marker(english):
    assert not source_changed(english["product_en"])
    assert not source_changed(english["product"])
    product = english["product"]
    product.summary = "Nước mắm cá cơm truyền thống, ủ chượp 12 tháng."
    product.save_revision().publish()
    assert source_changed(ProductPage.objects.get(pk=english["product_en"].pk))


def test_english_names_are_composed_from_type_and_proper_name(client, english, today):
    locality = english["product"].locality
    province = LocalityFactory(
        name="Tỉnh Đắk Lắk", short_name="Đắk Lắk", unit_type="tinh", level="province"
    )
    locality.abolished_on, locality.successor = today.replace(year=2025, month=7, day=1), province
    locality.save()
    with translation.override("en"):
        assert locality.display_name == "Tuy An District"
        assert locality.history_name == "Tuy An District (former), now Đắk Lắk Province"
    assert locality.display_name == "Huyện Tuy An"
    html = client.get(english["product_en"].url).content.decode()
    assert "Tuy An District (former), now Đắk Lắk Province" in html
    assert "<dd>Food" in html
    vietnamese = client.get(english["product"].url).content.decode()
    assert "Huyện Tuy An" in vietnamese and "Thực phẩm" in vietnamese


def test_unit_words(db):
    assert english_unit_name("Thị xã Sông Cầu") == "Sông Cầu Town"
    assert english_unit_name("Xã An Mỹ") == "An Mỹ Commune"
    assert english_unit_name("Phường 1", "1", "phuong") == "Ward 1"
    assert english_unit_name("Vùng Đồng Din") == "Vùng Đồng Din"


def test_editor_sees_the_english_translation_marked_out_of_date(client, english, django_user_model):
    editor = django_user_model.objects.create_superuser("bientap", "b@example.org", "x")
    client.force_login(editor)
    product, product_en = english["product"], english["product_en"]
    listing = f"/admin/pages/{product_en.get_parent().pk}/"
    # The admin speaks Vietnamese (the site's language): the marker's Vietnamese label.
    with translation.override("vi"):
        MARKER = str(_("Source changed since translation"))  # noqa: N806
    assert MARKER == "Bản gốc đã thay đổi sau khi dịch"
    assert MARKER not in client.get(listing).content.decode()
    # The editor changes the Vietnamese product and publishes it.
    product.summary = "Nước mắm cá cơm truyền thống, ủ chượp 12 tháng."
    product.save_revision(user=editor).publish()
    html = client.get(listing).content.decode()
    assert MARKER in html
    edit = client.get(f"/admin/pages/{product_en.pk}/edit/", follow=True).content.decode()
    assert MARKER in edit
    # The Vietnamese listing has no marker: a source is never out of date.
    vietnamese = client.get(f"/admin/pages/{product.get_parent().pk}/").content.decode()
    assert MARKER not in vietnamese


def test_export_facts_in_both_languages(client, english):
    product = english["product"]
    product.hs_code = "2103.90"
    product.other_certifications = "HACCP, ISO 22000"
    product.export_markets = "Nhật Bản, Hàn Quốc"
    product.save_revision().publish()
    product_en, _changed = translate(
        product, "en", {"export_markets": "Japan, South Korea", "slug": "tan-lap-fish-sauce"}
    )
    assert product_en.hs_code == "2103.90"
    html = client.get(product_en.url).content.decode()
    assert "HS code" in html and "2103.90" in html
    assert "Japan, South Korea" in html and "HACCP, ISO 22000" in html
    assert "Nhật Bản, Hàn Quốc" in client.get(product.url).content.decode()


def test_english_catalogue_filters_are_english(client, english):
    index_en = english["product_en"].get_parent()
    html = client.get(index_en.url).content.decode()
    assert "Tuy An District" in html and "Huyện Tuy An" not in html
    assert "Food" in html and "Thực phẩm" not in html
    assert english["product_en"].title in html


def test_tags_show_their_english_name_on_en(client, english):
    product = make_product(english["products"], "Mắm ruốc", tags=["Nước mắm", "Hải sản"])
    product_en, _ = translate(product, "en", {"title": "Mắm ruốc — shrimp paste"})
    fish = Tag.objects.get(name="Nước mắm")
    fish.name_en = "Fish sauce"
    fish.save()
    with translation.override("en"):
        assert fish.display_name == "Fish sauce"
        assert Tag.objects.get(name="Hải sản").display_name == "Hải sản"  # empty: Vietnamese
    assert fish.display_name == "Nước mắm"
    index, index_en = product.get_parent(), product_en.get_parent()
    # Filters match the slug, the same in both languages.
    listing = client.get(f"{index_en.url}?tag=nuoc-mam").content.decode()
    assert product_en.title in listing and english["product_en"].title not in listing
    assert "Fish sauce" in listing and "Nước mắm<" not in listing
    assert "Hải sản" in listing  # no English name: the Vietnamese one
    vietnamese = client.get(f"{index.url}?tag=nuoc-mam").content.decode()
    assert product.title in vietnamese and "Fish sauce" not in vietnamese
    page = client.get(product_en.url).content.decode()
    assert f'<a href="{index_en.url}?tag=nuoc-mam">Fish sauce</a>' in page
    assert f'<a href="{index_en.url}?tag=hai-san">Hải sản</a>' in page
    page = client.get(product.url).content.decode()
    assert f'<a href="{index.url}?tag=nuoc-mam">Nước mắm</a>' in page
    assert "Fish sauce" not in page
