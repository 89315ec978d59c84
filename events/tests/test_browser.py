"""Browser test: a visitor registers for an event in headless Chromium (Playwright)."""

import pytest
from django.core import mail

from core.testing import ARTIFACTS
from events.models import Registration
from events.tests.factories import EventIndexPageFactory, future, make_event
from products_catalog.tests.factories import build_site_tree, make_product


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_registers_and_sees_the_confirmation(live_server, phone_page):
    ARTIFACTS.mkdir(exist_ok=True)
    tree = build_site_tree()
    index = EventIndexPageFactory(parent=tree["home"])
    product = make_product(tree["products"], "Cá ngừ đại dương", stars=4)
    start = future(days=20, hour=18)
    event = make_event(
        index,
        "Kết nối cung cầu hải sản",
        start=start,
        capacity=30,
        venue="Hội trường Sở Công Thương",
    )
    from events.models import EventProduct

    event.participating_products = [EventProduct(product=product)]
    event.save()

    page = phone_page
    page.goto(live_server.url + "/su-kien/")
    page.get_by_role("link", name="Kết nối cung cầu hải sản").click()
    page.wait_for_load_state()
    assert "18:00" in page.locator(".event-when").first.inner_text()

    # First attempt without consent: the form explains and keeps what was typed.
    # The page is Vietnamese: fill and click by the Vietnamese labels a visitor sees.
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hương")
    page.fill("#id_organisation", "Siêu thị Đồng Xanh")
    page.check("#id_role_0")
    page.fill("#id_email", "huong@example.vn")
    page.fill("#id_phone", "0257 3822 123")
    page.fill("#id_message", "Cần 200 kg cá ngừ mỗi tháng.")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#form-errors").is_visible()
    assert page.input_value("#id_name") == "Nguyễn Thị Hương"
    assert page.input_value("#id_message") == "Cần 200 kg cá ngừ mỗi tháng."
    page.screenshot(path=str(ARTIFACTS / "events_registration_error.png"), full_page=True)
    assert Registration.objects.count() == 0

    page.get_by_label("Tôi đồng ý để đơn vị tổ chức lưu").check()
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_load_state()
    confirmation = page.locator(".confirmation")
    assert confirmation.is_visible()
    assert confirmation.get_by_role("heading", level=1).inner_text() == "Đăng ký thành công"
    text = confirmation.inner_text()
    assert "Nguyễn Thị Hương" in text
    assert "huong@example.vn" in text
    assert "18:00" in text
    page.screenshot(path=str(ARTIFACTS / "events_registration_confirmed.png"), full_page=True)

    registration = Registration.objects.get()
    assert registration.organisation == "Siêu thị Đồng Xanh"
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.confirmation_sent_at is not None
    assert mail.outbox[0].to == ["huong@example.vn"]
