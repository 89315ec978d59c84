"""Project-wide pytest fixtures: a Wagtail site tree every app's tests build on."""

import pytest


@pytest.fixture
def site_tree(db):
    """``{"home", "products", "producers", "site"}``: a fresh home page with both indexes."""
    from products_catalog.tests.factories import build_site_tree

    return build_site_tree()
