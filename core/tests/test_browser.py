"""Browser test of the compact header (issue 15), in headless Chromium (Playwright).

On a 390×844 phone the header is at most 64 px high; the menu button is a disclosure that
the keyboard opens (Enter), tabs into and closes (Escape, focus back on the button). On a
1280 px desktop the menu, the search box and the brand sit in one row. Without JavaScript
the menu button leads to the menu in the footer.
"""

import pytest

from core.models import MenuItem
from core.testing import ARTIFACTS
from products_catalog.tests.factories import build_site_tree, make_product


@pytest.fixture
def menu_site():
    tree = build_site_tree()
    make_product(tree["products"], "Mật ong hoa cà phê", stars=4)
    items = [(tree["products"], "Sản phẩm"), (tree["producers"], "Chủ thể")]
    for index, (page, label) in enumerate(items):
        MenuItem.objects.create(page=page, label=label, locale=page.locale, sort_order=index)
    return tree


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.getAttribute('aria-controls') || e.textContent).trim(); }"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_phone_header_is_compact_and_the_menu_works_with_the_keyboard(
    live_server, chromium, menu_site
):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page.goto(live_server.url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 64
    nav = page.locator("#site-nav")
    button = page.locator("button.menu-toggle")
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()

    # Skip link, brand, then the menu button: the keyboard reaches it in reading order.
    for _ in range(3):
        page.keyboard.press("Tab")
    assert focused(page) == "site-nav"
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert nav.is_visible()
    assert page.locator(".site-header").bounding_box()["height"] <= 64  # a panel, not a taller bar
    page.screenshot(path=str(ARTIFACTS / "header-phone-menu-open.png"))
    page.keyboard.press("Tab")
    assert focused(page) == "Sản phẩm"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()
    assert focused(page) == "site-nav"

    # Search is one tap away: the button opens the box with the cursor in it.
    page.locator("button.search-toggle").click()
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("mat ong")
    page.keyboard.press("Escape")  # closes the suggestions first
    page.screenshot(path=str(ARTIFACTS / "header-phone-search.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_desktop_header_is_one_row(live_server, chromium, menu_site):
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page.goto(live_server.url + menu_site["products"].url)
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    assert not page.locator(".menu-toggle").is_visible()
    tops = {
        round(box["y"])
        for box in (
            page.locator(".brand").bounding_box(),
            page.locator("#site-nav").bounding_box(),
            page.locator("#header-search").bounding_box(),
        )
    }
    assert max(tops) - min(tops) <= 12
    # Nothing pushed off the right edge; the field keeps room for a query.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("#site-search-q").bounding_box()["width"] >= 100
    assert page.locator('#site-nav a[aria-current="page"]').inner_text() == "Sản phẩm"
    page.screenshot(path=str(ARTIFACTS / "header-desktop.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_the_menu_is_in_the_footer(live_server, chromium, menu_site):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    page.locator("a.menu-toggle").click()
    assert page.url.endswith("#footer-menu")
    assert page.locator("#footer-menu a", has_text="Chủ thể").is_visible()
    context.close()
