"""The demo loader imports the 52 real products, keeps the facts, and is idempotent."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from products_catalog.models import ProducerPage, ProductPage
from taxonomy.models import Locality

PRODUCTS_CSV = Path(__file__).resolve().parents[1] / "data" / "phu_yen_ocop_products.csv"


def read_rows():
    with open(PRODUCTS_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_demo_loader_imports_52_products_once(client):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    # Vietnamese, the source; each also has its English translation (issue 13).
    assert ProductPage.objects.live().default_locale().count() == 52
    assert ProductPage.objects.live().exclude(locale__language_code="vi").count() == 52
    producers = ProducerPage.objects.count()
    call_command("load_demo_content", stdout=open("/dev/null", "w"))
    assert ProductPage.objects.default_locale().count() == 52
    assert ProducerPage.objects.count() == producers

    # "Muối hạt sạch" twice, from two producers: a name alone is not a key.
    salts = ProductPage.objects.default_locale().filter(title="Muối hạt sạch")
    assert salts.count() == 2
    assert len({s.producer_id for s in salts}) == 2
    assert len({s.slug for s in salts}) == 2

    blank_stars = ProductPage.objects.get(title="Dầu phộng Xuân Phước")
    line = blank_stars.decision_lines.get()
    assert line.stars == 3 and not line.stars_published
    assert line.decision.decision_year == 2020

    no_producer = ProductPage.objects.get(title="Trà Diệp Hạ Châu")
    assert no_producer.producer is None

    placeholder = ProductPage.objects.get(title="Rượu Quán Đế")
    assert placeholder.producer.title == "Hộ kinh doanh [chủ hộ 3]"

    rows = {row["name"]: row for row in read_rows()}
    assert no_producer.source_url == rows["Trà Diệp Hạ Châu"]["source_url"]

    district = Locality.objects.get(slug="thi-xa-dong-hoa")
    assert (
        district.is_abolished and district.current_unit.name == "Tỉnh Đắk Lắk"
    )  # the register's name

    image = blank_stars.gallery_images.get().image
    assert image.is_placeholder and image.title.startswith("[Ảnh minh họa]")

    response = client.get(blank_stars.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert rows["Dầu phộng Xuân Phước"]["source_url"] in html
    assert "Phú Yên" in client.get("/").content.decode()  # from the site setting
