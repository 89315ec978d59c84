"""Cards name the province of units outside the site's province, without a query per card."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ProgrammeSettings
from products_catalog.tests.factories import ProducerPageFactory, make_product
from taxonomy.units import resolve_locality, seed_localities

pytestmark = pytest.mark.django_db
BEFORE = datetime.date(2023, 5, 4)


@pytest.fixture
def places(site_tree):
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.province_name = "Phú Yên"
    settings.save()
    seed_localities("Phú Yên")
    return {
        "tuy_an": resolve_locality("Huyện Tuy An", province="Phú Yên", on_date=BEFORE),
        "hoa_an": resolve_locality("Xã Hòa An", province="Phú Yên", on_date=BEFORE),
        "new_commune": resolve_locality("Xã Tuy An Đông", on_date=datetime.date(2026, 1, 5)),
        "krong_pac": resolve_locality("Krông Pắc", province="Đắk Lắk", on_date=BEFORE),
        "moc_chau": resolve_locality("Huyện Mộc Châu", province="Sơn La", on_date=BEFORE),
        "ta_van": resolve_locality("Xã Tả Van", province="Lào Cai", on_date=BEFORE),
    }


def fill(site_tree, places, copies, start=0):
    for index in range(start, start + copies):
        for key, unit in places.items():
            producer = ProducerPageFactory(
                parent=site_tree["producers"], title=f"Chủ thể {key} {index}", locality=unit
            )
            make_product(
                site_tree["products"], f"Sản phẩm {key} {index}", producer=producer, locality=unit
            )


def test_cards_show_the_province_outside_the_site_province(client, site_tree, places):
    fill(site_tree, places, 1)
    for url in (site_tree["products"].url, site_tree["producers"].url):
        html = client.get(url).content.decode()
        assert "Thị xã Mộc Châu, Tỉnh Sơn La" in html
        assert "Xã Tả Van, Tỉnh Lào Cai" in html
        # The 2024 Đắk Lắk is another province; Phú Yên and the Đắk Lắk it went into are not.
        assert "Huyện Krông Pắc, Tỉnh Đắk Lắk" in html
        assert "Huyện Tuy An," not in html and "Xã Hòa An," not in html
        assert "Xã Tuy An Đông," not in html


def test_product_page_names_the_province_too(client, site_tree, places):
    fill(site_tree, {"moc_chau": places["moc_chau"]}, 1)
    product = site_tree["products"].get_children().first()
    assert "Thị xã Mộc Châu, Tỉnh Sơn La" in client.get(product.url).content.decode()


@pytest.mark.parametrize("url_kind", ["products", "producers"])
def test_labels_add_no_query_per_card(client, site_tree, places, settings, url_kind):
    settings.CATALOGUE_PAGE_SIZE = settings.DIRECTORY_PAGE_SIZE = 100
    url = site_tree[url_kind].url

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    fill(site_tree, places, 1)
    small = count()
    fill(site_tree, places, 3, start=1)
    assert count() == small


def test_no_site_province_shows_plain_names(client, site_tree, places):
    ProgrammeSettings.objects.update(province_name="")
    fill(site_tree, {"moc_chau": places["moc_chau"]}, 1)
    html = client.get(site_tree["products"].url).content.decode()
    assert "Thị xã Mộc Châu" in html and "Thị xã Mộc Châu, Tỉnh Sơn La" not in html
