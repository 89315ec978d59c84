"""Header search box in a real browser: suggestions as you type, keyboard choice, results page.

Playwright drives Debian's Chromium; screenshots go to test-artifacts/.
"""

import pytest

from core.testing import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the flush after each test must not take the root page away.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def open_search(page):
    """The header's search box: on a phone it sits behind the search button (issue 15)."""
    page.locator("button.search-toggle").click()
    return page.get_by_role("combobox", name="Tìm kiếm trên trang")


def test_suggestions_as_you_type_then_results(live_server, catalogue, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    box = open_search(page)
    box.click()
    box.press_sequentially("mat o", delay=40)
    option = page.get_by_role("option").first
    option.wait_for()
    assert "Mật ong hoa cà phê" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(ARTIFACTS / "search-suggestions.png"))

    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/mat-ong-hoa-ca-phe/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mật ong hoa cà phê"

    # Without picking a suggestion, Enter submits the plain form.
    box = open_search(page)
    box.fill("NUOC MAM")
    box.press("Enter")
    page.wait_for_url("**/search/?q=NUOC+MAM")
    first = page.locator(".search-result h3").first
    assert first.inner_text() == "Nước mắm Tân Lập"
    assert page.locator(".search-result mark").first.inner_text() == "Nước"
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)

    page.goto(live_server.url + "/search/?q=xyzzy")
    assert "xyzzy" in page.get_by_role("heading", level=1).inner_text()
    page.screenshot(path=str(ARTIFACTS / "search-no-results.png"), full_page=True)


def test_form_works_without_javascript(live_server, catalogue, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    box = page.get_by_role("searchbox", name="Tìm kiếm trên trang")
    box.fill("dau phong")
    box.press("Enter")
    page.wait_for_url("**/search/?q=dau+phong")
    assert page.locator(".search-result h3").first.inner_text() == "Dầu phộng Xuân Phước"
    context.close()
