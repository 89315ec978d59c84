"""Shared facts stay shared (issue 13): a product's or producer's translations follow its source.

wagtail-localize copies synchronised fields (``override_translatable_fields`` on the page
models: producer, groups, locality, figures, contact…) only when a translation is synced.
So that an English page never shows a stale producer, group or locality in between,
publishing the Vietnamese source writes those fields into every translation at once, and
publishing a translation takes them from its source again (a translator cannot change a
fact): :func:`core.localize.share_facts`, the one rule for every page type with shared
facts (events and campaigns too). The certificate needs nothing: it is the summary of the
``translation_key``.
"""

from core.localize import connect_shared_facts, share_facts, shared_field_names
from products_catalog.models import ProducerPage, ProductPage

__all__ = ["connect_signals", "share_facts", "shared_field_names"]


def connect_signals():
    connect_shared_facts(ProductPage, ProducerPage)
