"""Listing pages run a constant number of SQL queries whatever the product count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.placeholders import create_placeholder_image
from products_catalog.models import ProductGalleryImage
from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    group,
    make_product,
)


def fill(site_tree, count):
    food = group("thuc-pham-2023")
    locality = LocalityFactory()
    for _ in range(count):
        producer = ProducerPageFactory(parent=site_tree["producers"])
        product = make_product(
            site_tree["products"],
            producer=producer,
            group=food,
            locality=locality,
            tags=["Đặc sản"],
        )
        image = create_placeholder_image(product.title, "#2e7d32")
        ProductGalleryImage.objects.create(page=product, image=image)


def count_queries(client, url):
    client.get(url)  # warm caches that are not per-product (site root paths, settings)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.django_db
@pytest.mark.parametrize("url_kind", ["catalogue", "home", "producer"])
def test_constant_queries_at_5_and_50_products(client, site_tree, settings, url_kind):
    settings.CATALOGUE_PAGE_SIZE = 60  # every product on one page
    urls = {
        "catalogue": lambda: site_tree["products"].url + "?stars=3&group=thuc-pham",
        "home": lambda: "/",
        "producer": lambda: site_tree["producers"].url,
    }
    fill(site_tree, 5)
    small, response = count_queries(client, urls[url_kind]())
    if url_kind == "catalogue":
        assert len(response.context["products"]) == 5
    fill(site_tree, 45)
    large, response = count_queries(client, urls[url_kind]())
    if url_kind == "catalogue":
        assert len(response.context["products"]) == 50
    assert small == large, f"{url_kind}: {small} queries at 5 products, {large} at 50"
