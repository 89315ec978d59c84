"""Browser test: a buyer sends an inquiry, an editor finds it in the Wagtail admin.

Playwright drives Debian's Chromium against pytest-django's live server;
screenshots go to ``test-artifacts/``.
"""

import pytest

from core.testing import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_inquiry_reaches_the_admin_listing(chromium, live_server, shop, django_user_model):
    ARTIFACTS.mkdir(exist_ok=True)
    django_user_model.objects.create_superuser("bientap", "bientap@example.org", "mat-khau-123")
    # A Vietnamese visitor: the browser asks for Vietnamese (Accept-Language).
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="vi-VN")

    page.goto(live_server.url + shop["product"].url)
    form = page.locator("form.inquiry-form")
    form.get_by_label("Họ và tên").fill("Trần Văn Bình")
    form.get_by_label("Đơn vị, tổ chức").fill("Siêu thị Đặc sản Miền Trung")
    form.get_by_label("Email").fill("binh@example.com")
    form.get_by_label("Số lượng").fill("300")
    form.get_by_label("Đơn vị tính").fill("chai")
    form.get_by_label("Lời nhắn").fill("Xin báo giá sỉ cho 300 chai 🍯, giao tháng 3.")
    page.screenshot(path=ARTIFACTS / "buyers-1-inquiry-form.png", full_page=True)

    # Without consent the form comes back with an error and keeps what was typed.
    form.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_load_state()
    assert page.locator(".field-consent .errorlist").is_visible()
    assert page.get_by_label("Đơn vị, tổ chức").input_value() == "Siêu thị Đặc sản Miền Trung"
    page.screenshot(path=ARTIFACTS / "buyers-2-inquiry-errors.png", full_page=True)

    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url("**/ket-noi/cam-on/**")
    assert "yêu cầu đã được tiếp nhận" in page.locator("h1").inner_text()
    assert "YC-" in page.locator(".thanks-box").inner_text()
    page.screenshot(path=ARTIFACTS / "buyers-3-thank-you.png", full_page=True)

    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "bientap")
    page.fill("input[name=password]", "mat-khau-123")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/inquiries/")
    listing = page.locator("table.listing")
    assert "Trần Văn Bình" in listing.inner_text()
    assert "Siêu thị Đặc sản Miền Trung" in listing.inner_text()
    page.screenshot(path=ARTIFACTS / "buyers-4-admin-listing.png", full_page=True)

    page.locator("table.listing a", has_text="Trần Văn Bình").first.click()
    page.wait_for_load_state()
    assert "Nhận từ trang web." in page.content()
    page.screenshot(path=ARTIFACTS / "buyers-5-admin-edit.png", full_page=True)
