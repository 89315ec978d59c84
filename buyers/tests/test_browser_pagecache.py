"""Browser test (issue 14): the inquiry form of a page served from the anonymous cache works.

The cached HTML carries no CSRF token; ``static/js/site.js`` fetches one from
``/csrf-token/`` and the inquiry goes through.
"""

import pytest

from buyers.tests.conftest import inquiry_data

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inquiry_from_a_cached_page(chromium, live_server, shop, settings):
    settings.OCOP_PAGE_CACHE = True
    page = chromium.new_page(locale="vi-VN")
    url = live_server.url + shop["product"].url
    assert page.request.get(url).headers.get("x-page-cache") == "miss"
    # The browser's own cache would revalidate (ETag → 304): ask without it.
    assert page.request.get(url).headers.get("x-page-cache") == "hit"
    page.goto(url)
    field = page.locator("form.inquiry-form input[name=csrfmiddlewaretoken]")
    page.wait_for_function(
        "() => document.querySelector('form.inquiry-form [name=csrfmiddlewaretoken]').value"
    )
    assert len(field.input_value()) >= 32
    data = inquiry_data()
    form = page.locator("form.inquiry-form")
    form.get_by_label("Họ và tên").fill(data["buyer_name"])
    form.get_by_label("Email").fill(data["email"])
    form.get_by_label("Lời nhắn").fill(data["message"])
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/ket-noi/cam-on/**")
    assert "YC-" in page.locator(".thanks-box").inner_text()
