"""Keep products' index entries in step with what is indexed from their producer.

A product's index entry carries its producer's name (``search_related_text``,
so "dong din" finds every Đồng Din product): when a producer page is
published under a new name, its products are re-indexed.
"""

from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published

from products_catalog.models import ProducerPage


def reindex_producer_products(sender, instance, **kwargs):
    """``page_published`` handler for producer pages: re-index their products."""
    for product in instance.products.all():
        insert_or_update_object(product)


def connect():
    page_published.connect(
        reindex_producer_products, sender=ProducerPage, dispatch_uid="search-producer-products"
    )
