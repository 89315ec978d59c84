"""Project-wide pytest fixtures: a Wagtail site tree every app's tests build on."""

import pytest


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (Vietnamese).

    ``LocaleMiddleware`` leaves the language of the last request active in the
    thread, so a test sending ``Accept-Language: en`` would otherwise turn the
    messages of the tests after it into English.
    """
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def site_tree(db):
    """``{"home", "products", "producers", "site"}``: a fresh home page with both indexes."""
    from products_catalog.tests.factories import build_site_tree

    return build_site_tree()


def pytest_collection_modifyitems(config, items):
    """Skip browser tests where Debian's Chromium is missing, unless CI requires them."""
    import os

    if os.path.exists("/usr/bin/chromium") or os.environ.get("REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
