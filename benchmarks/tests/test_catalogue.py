"""``manage.py generate_catalogue`` (issue 14): a valid tree, certified products, once only."""

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from benchmarks import catalogue
from products_catalog.models import ProducerPage, ProductPage
from taxonomy.models import Locality

pytestmark = pytest.mark.django_db


def test_generates_certified_products_over_several_provinces_once(site_tree):
    timings = catalogue.generate(products=40, provinces=2, first_province="Phú Yên", out=str)
    products = ProductPage.objects.filter(slug__startswith=catalogue.PREFIX)
    producers = ProducerPage.objects.filter(slug__startswith=catalogue.PREFIX)
    assert products.count() == 40
    assert producers.count() == 22  # 0.55 a product, every producer with a product
    assert Page.find_problems() == ([], [], [], [], [])  # treebeard paths and numchild
    assert all(product.url.startswith(site_tree["products"].url) for product in products[:5])
    # Every product certified through a decision line, its summary linked.
    assert not products.filter(certification__isnull=True).exists()
    assert set(products.values_list("certification__stars", flat=True)) <= {3, 4, 5}
    provinces = set(products.values_list("locality__parent__name", flat=True))
    assert provinces == {"Tỉnh Phú Yên", "Thành phố Hà Nội"}
    assert set(
        Locality.objects.filter(pk__in=products.values("locality")).values_list("level", flat=True)
    ) == {Locality.Level.DISTRICT}
    assert ProductPage.objects.for_cards().filter(pk__in=products).count() >= 39  # 1 % revoked
    assert set(timings) == {"producers", "products", "summaries", "index", "total"}
    with pytest.raises(CommandError, match="already"):
        call_command("generate_catalogue", products=40, provinces=2)
    assert products.count() == 40


def test_refuses_without_the_demo_site(db):
    with pytest.raises(CommandError, match="load_demo_content"):
        call_command("generate_catalogue", products=10, provinces=1)
