"""Keep products' index entries in step with what is indexed from their producer,
and cached search outcomes in step with the index.

A product's index entry carries its producer's name (``search_related_text``,
so "dong din" finds every Đồng Din product): when a producer page is
published under a new name, its products are re-indexed.

Search outcomes are cached per content generation and index generation
(:func:`search.engine.cached_search`). Wagtail updates the index in a background
task after the change that bumped the content generation, so when such a task
finishes the index generation moves on (:func:`index_task_finished`);
``manage.py update_index`` does the same. Page caches are not touched.
"""

from django_tasks.signals import task_finished
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published

from products_catalog.models import ProducerPage
from search.engine import index_changed

#: Modules of Wagtail's index tasks (Wagtail 7 runs them through django-modelsearch).
INDEX_TASK_MODULES = ("modelsearch.", "wagtail.search.")


def reindex_producer_products(sender, instance, **kwargs):
    """``page_published`` handler for producer pages: re-index their products."""
    for product in instance.products.all():
        insert_or_update_object(product)


def index_task_finished(sender, task_result, **kwargs):
    """``task_finished`` handler: an index update changes what searches find."""
    if task_result.task.module_path.startswith(INDEX_TASK_MODULES):
        index_changed()


def connect():
    task_finished.connect(index_task_finished, dispatch_uid="search-index-task-finished")
    page_published.connect(
        reindex_producer_products, sender=ProducerPage, dispatch_uid="search-producer-products"
    )
