"""Fixtures for the buyers app: a product of a producer that published its e-mail."""

import datetime

import pytest
from django.core.cache import cache

from core.models import ProgrammeSettings
from core.testing import TEST_TODAY
from core.tests.test_s3_media import bucket, s3_endpoint  # noqa: F401  (moto S3, test_opendata_s3)
from products_catalog.models import ProducerType
from products_catalog.tests.factories import ProducerPageFactory, group, make_product

OFFICE = "vanphong@example.org"
PRODUCER_EMAIL = "htx-mat-ong@example.org"


@pytest.fixture(autouse=True)
def _clear_cache():
    """The rate limit lives in the cache: every test starts with a clean one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shop(site_tree):
    """``{"producer", "product", "hidden", "settings", **site_tree}`` ready for inquiries."""
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.office_email = OFFICE
    settings.province_name = "Phú Yên"
    settings.save()
    producer = ProducerPageFactory(
        parent=site_tree["producers"],
        title="HTX Mật ong Đồng Xuân",
        producer_type=ProducerType.COOPERATIVE,
        email=PRODUCER_EMAIL,
        phone="0257 111 222",
        publish_contact=True,
    )
    product = make_product(
        site_tree["products"],
        "Mật ong hoa cà phê",
        stars=4,
        producer=producer,
        group=group("thuc-pham-2023"),
        decision_date=TEST_TODAY - datetime.timedelta(days=100),
        price_min_vnd=150000,
        price_max_vnd=250000,
        price_unit="chai 500 ml",
        summary="Mật ong nguyên chất từ hoa cà phê.",
    )
    hidden = make_product(site_tree["products"], "Sản phẩm nháp", producer=producer, live=False)
    return {
        **site_tree,
        "producer": producer,
        "product": product,
        "hidden": hidden,
        "settings": settings,
    }


def inquiry_data(**overrides):
    """A valid POST body for the inquiry form."""
    data = {
        "buyer_name": "Nguyễn Thị Hoa",
        "organisation": "Cửa hàng Đặc sản Sài Gòn",
        "country": "Việt Nam",
        "email": "hoa@example.com",
        "phone": "+84 912 345 678",
        "products_wanted": "Mật ong hoa cà phê",
        "quantity": "200",
        "quantity_unit": "chai",
        "delivery_wanted": "tháng 3/2026",
        "message": "Xin báo giá sỉ và mẫu thử. 🍯",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
