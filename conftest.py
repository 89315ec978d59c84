"""Project-wide pytest fixtures: the test clock and the Wagtail site tree tests build on."""

import pytest
import time_machine

from core.testing import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, TEST_NOW, TEST_TODAY


@pytest.fixture(autouse=True)
def clock():
    """Every test runs on :data:`core.testing.TEST_TODAY` (``OCOP_TEST_TODAY``), 10:00 local.

    The clock ticks from there (timeouts and rate-limit windows still pass);
    ``clock.move_to(...)`` jumps, e.g. to just before local midnight.
    """
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _fresh_site_root():
    """Rolled-back sites fire no signal: forget the cached root URL between tests."""
    from core.links import site_root_url

    site_root_url.cache_clear()
    yield
    site_root_url.cache_clear()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and search statistics live in the cache: each test starts with a clean one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tasks_not_run(settings):
    """No task worker: kicks of the outbox are recorded and dropped (nothing is sent)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def today():
    """The test clock's date (``datetime.date``), the same as :data:`core.testing.TEST_TODAY`."""
    return TEST_TODAY


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


@pytest.fixture(autouse=True)
def _own_open_data_dir(settings, tmp_path):
    """Each test its own folder of built open-data files (:mod:`buyers.opendata_files`).

    The frozen clock restarts every test at the same moment, so the clock-based content
    generation can repeat from one test to the next and make an earlier test's files look
    fresh (seen as a register of 3 products where the test made 1).
    """
    settings.OPEN_DATA_DIR = str(tmp_path / "opendata")


@pytest.fixture
def site_tree(db):
    """``{"home", "products", "producers", "site"}``: a fresh home page with both indexes."""
    from products_catalog.tests.factories import build_site_tree

    return build_site_tree()


@pytest.fixture
def chromium():
    """A headless Debian Chromium driven by Playwright's sync API, closed after the test.

    Playwright runs an event loop in the test's thread, so Django's async-safety check is
    lifted for the test; ``test-artifacts/`` exists for screenshots.
    """
    import os

    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    """A Vietnamese visitor on a 390 × 844 phone: the browser asks for Vietnamese."""
    return chromium.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")


def pytest_collection_modifyitems(config, items):
    """Skip browser tests where Debian's Chromium is missing, unless CI requires them."""
    import os

    if os.path.exists(CHROMIUM) or os.environ.get("REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
