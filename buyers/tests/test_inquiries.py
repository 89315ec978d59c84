"""Buyer inquiries: stored with their outbox messages, then e-mailed; abuse and bad input handled.

The outbox's own semantics (lease, backoff, dead letter, two workers) are
tested in ``core/tests/test_outbox.py``; here: what an inquiry puts in it.
"""

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from buyers.models import Inquiry
from buyers.tests import mail_backends
from buyers.tests.conftest import OFFICE, PRODUCER_EMAIL, inquiry_data
from core.models import OutboxMessage
from core.testing import TEST_NOW

FAILING = "buyers.tests.mail_backends.FailingBackend"
RECORDING = "buyers.tests.mail_backends.RecordingBackend"


def inquiry_url(page):
    return reverse("buyers:inquiry", args=[page.pk])


def test_form_on_product_and_producer_pages(client, shop):
    for page in (shop["product"], shop["producer"]):
        html = client.get(page.url).content.decode()
        assert f'action="{inquiry_url(page)}"' in html
        assert "csrfmiddlewaretoken" in html
        assert 'name="consent"' in html and 'name="website"' in html
    product_html = client.get(shop["product"].url).content.decode()
    assert 'value="Mật ong hoa cà phê"' in product_html  # products of interest pre-filled


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_inquiry_is_committed_before_any_email(shop, settings):
    settings.EMAIL_BACKEND = RECORDING
    mail_backends.SEEN.clear()
    response = Client().post(inquiry_url(shop["product"]), inquiry_data())
    assert response.status_code == 302
    assert len(mail_backends.SEEN) == 3
    for seen in mail_backends.SEEN:
        assert seen["in_transaction"] is False  # committed, no transaction open
        assert seen["stored"] == ["Nguyễn Thị Hoa"]


def test_valid_inquiry_stored_emailed_and_thanked(client, shop):
    response = client.post(inquiry_url(shop["product"]), inquiry_data())
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("buyers:inquiry_thanks", args=[inquiry.reference])
    assert inquiry.product == shop["product"] and inquiry.producer == shop["producer"]
    assert inquiry.subject_title == "Mật ong hoa cà phê"
    assert inquiry.message.endswith("🍯")
    assert (inquiry.quantity, inquiry.quantity_unit) == (200, "chai")

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {PRODUCER_EMAIL, OFFICE, "hoa@example.com"}
    notice = by_recipient[PRODUCER_EMAIL]
    assert inquiry.reference_code in notice.subject
    assert notice.reply_to == ["hoa@example.com"]
    assert "Cửa hàng Đặc sản Sài Gòn" in notice.body and "🍯" in notice.body
    assert inquiry.reference_code in by_recipient["hoa@example.com"].body
    assert set(inquiry.emails.values_list("state", flat=True)) == {OutboxMessage.State.SENT}
    # Sent to the producer: forwarded automatically, with a history entry.
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.FORWARDED
    assert [c.new_status for c in inquiry.status_changes.all()] == ["new", "forwarded"]

    thanks = client.get(response.url)
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert inquiry.reference_code in html and "hoa@example.com" in html


def test_producer_without_published_contact_gets_no_email(client, shop):
    producer = shop["producer"]
    producer.publish_contact = False
    producer.save_revision().publish()
    client.post(inquiry_url(producer), inquiry_data(email="", phone="0905 000 111"))
    inquiry = Inquiry.objects.get()
    assert inquiry.product is None and inquiry.producer.pk == producer.pk
    assert [m.to for m in mail.outbox] == [[OFFICE]]
    assert inquiry.status == Inquiry.Status.NEW


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_email_failure_keeps_inquiry_and_retry_sends_once(shop, settings, caplog):
    settings.EMAIL_BACKEND = FAILING
    with caplog.at_level(logging.WARNING, logger="core.outbox"):
        response = Client().post(inquiry_url(shop["product"]), inquiry_data())
    assert response.status_code == 302  # the buyer still gets the thank-you page
    inquiry = Inquiry.objects.get()
    emails = inquiry.emails.all()
    assert len(emails) == 3
    assert all(e.state == "pending" and e.attempts == 1 for e in emails)
    assert all("mail server unreachable" in e.last_error for e in emails)
    assert "failed" in caplog.text
    thanks = Client().get(response.url).content.decode()
    assert "Một bản sao sẽ được gửi" in thanks  # not "has been sent": it was not

    # Mail server still down: the command retries when due, nothing lost.
    OutboxMessage.objects.update(next_attempt_at=TEST_NOW)
    call_command("send_outbox", stdout=open("/dev/null", "w"))
    assert set(inquiry.emails.values_list("attempts", flat=True)) == {2}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    OutboxMessage.objects.update(next_attempt_at=TEST_NOW)
    call_command("send_outbox", stdout=open("/dev/null", "w"))
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [PRODUCER_EMAIL, OFFICE, "hoa@example.com"]
    )
    assert set(inquiry.emails.values_list("state", flat=True)) == {"sent"}
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.FORWARDED

    # Idempotent: a second run sends nothing more.
    call_command("send_outbox", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 3
    assert "Một bản sao đã được gửi" in Client().get(response.url).content.decode()


def test_status_changes_are_recorded(shop, django_user_model, tasks_not_run):
    from buyers.delivery import store_inquiry
    from buyers.forms import InquiryForm

    form = InquiryForm(inquiry_data())
    assert form.is_valid()
    inquiry = store_inquiry(form, product=shop["product"])
    editor = django_user_model.objects.create_user("bien-tap", password="x")
    inquiry.change_status("answered", note="Đã gọi điện cho người mua", user=editor)
    inquiry.change_status("answered", note="")  # nothing changes, nothing logged
    inquiry.change_status("closed", user=editor)
    changes = list(inquiry.status_changes.values_list("old_status", "new_status", "note"))
    assert changes == [
        ("", "new", "Nhận từ trang web."),
        ("new", "answered", "Đã gọi điện cho người mua"),
        ("answered", "closed", ""),
    ]
    assert inquiry.status == "closed"
    with pytest.raises(ValueError):
        inquiry.change_status("lost")


def test_honeypot_is_answered_but_not_stored(client, shop):
    response = client.post(
        inquiry_url(shop["product"]), inquiry_data(website="http://spam.example")
    )
    assert response.status_code == 200
    assert "Cảm ơn bạn, yêu cầu đã được tiếp nhận" in response.content.decode()
    assert Inquiry.objects.count() == 0 and mail.outbox == []


def test_csrf_is_enforced(shop):
    response = Client(enforce_csrf_checks=True).post(inquiry_url(shop["product"]), inquiry_data())
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_rate_limit_per_client_address(client, shop, settings):
    settings.RATE_LIMITS = {"inquiry": (2, 600)}
    url = inquiry_url(shop["product"])
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.1").status_code == 302
    blocked = client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "600"
    html = blocked.content.decode()
    assert "vui lòng thử lại sau khoảng 10 phút" in html
    # The form comes back with what the buyer typed, ready to send again later.
    assert 'value="Cửa hàng Đặc sản Sài Gòn"' in html and "Xin báo giá sỉ và mẫu thử. 🍯" in html
    assert Inquiry.objects.count() == 2
    # Another address is not affected; reading the form is not limited.
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.2").status_code == 302
    assert client.get(url, REMOTE_ADDR="10.0.0.1").status_code == 200


def test_rejected_inquiries_do_not_use_up_the_limit(client, shop, settings):
    settings.RATE_LIMITS = {"inquiry": (1, 600), "inquiry-rejected": (3, 600)}
    url = inquiry_url(shop["product"])
    bad = {**inquiry_data(), "email": "khong-phai-email"}
    for _ in range(3):
        assert client.post(url, bad, REMOTE_ADDR="10.0.0.3").status_code == 400
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.3").status_code == 429
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.4").status_code == 302
    assert client.post(url, bad, REMOTE_ADDR="10.0.0.5").status_code == 400
    assert client.post(url, inquiry_data(), REMOTE_ADDR="10.0.0.5").status_code == 302
    assert Inquiry.objects.count() == 2


def test_rate_limit_behind_trusted_proxy(client, shop, settings):
    settings.RATE_LIMITS = {"inquiry": (1, 600)}
    settings.TRUSTED_PROXIES = 1
    url = inquiry_url(shop["product"])
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert (
        client.post(url, inquiry_data(), HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy).status_code == 302
    )
    assert (
        client.post(url, inquiry_data(), HTTP_X_FORWARDED_FOR="5.6.7.8", **proxy).status_code == 302
    )
    assert (
        client.post(url, inquiry_data(), HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy).status_code == 429
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"buyer_name": ""}, "buyer_name"),
        ({"consent": None}, "consent"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"quantity": "abc"}, "quantity"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "9" * 30}, "quantity"),
        ({"quantity_unit": ""}, "quantity_unit"),
        ({"buyer_name": "Ă" * 121}, "buyer_name"),
        ({"message": "Nước mắm 🐟 " * 1000}, "message"),
        ({"organisation": "x\x00y"}, "organisation"),
        ({"email": "", "phone": ""}, "__all__"),
    ],
)
def test_invalid_input_shows_errors_and_keeps_data(client, shop, overrides, field):
    data = inquiry_data(**overrides)
    response = client.post(inquiry_url(shop["product"]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'role="alert"' in html
    # What was typed in the other fields is still there.
    assert 'value="Cửa hàng Đặc sản Sài Gòn"' in html or field == "organisation"
    assert "Xin báo giá sỉ và mẫu thử. 🍯" in html or field == "message"
    assert Inquiry.objects.count() == 0


def test_long_vietnamese_and_emoji_at_the_limits_are_accepted(client, shop):
    data = inquiry_data(
        buyer_name="Đặng Thị Ngọc Ánh 👩‍🌾" + "ữ" * 90,
        organisation="Công ty TNHH Xuất nhập khẩu Nông sản Đồng bằng " * 4,
        message="Chúng tôi cần 2 tấn 🐝🍯. " * 190,
        country="Nhật Bản 日本",
    )
    response = client.post(inquiry_url(shop["product"]), data)
    assert response.status_code == 302, response.context["form"].errors
    inquiry = Inquiry.objects.get()
    assert inquiry.buyer_name.startswith("Đặng Thị Ngọc Ánh 👩‍🌾")
    assert inquiry.country == "Nhật Bản 日本"


@pytest.mark.parametrize("method", ["get", "post"])
def test_unpublished_or_unknown_page_is_404(client, shop, method):
    for page_id in (shop["hidden"].pk, 999999, shop["home"].pk):
        response = getattr(client, method)(f"/ket-noi/hoi-hang/{page_id}/", inquiry_data())
        assert response.status_code == 404


def test_an_id_past_64_bits_is_404_not_500(client, shop):
    huge = 2**63  # one past the largest id a database column holds
    for url in (
        f"/ket-noi/hoi-hang/{huge}/",
        f"/ma-qr/{huge}.svg",
        f"/ma-qr/{huge}.png",
        f"/ma-qr/{huge}/nhan-in/",
        f"/en/connect/inquiry/{huge}/",
        f"/en/qr/{huge}.svg",
        "/ket-noi/hoi-hang/99999999999999999999/",
    ):
        assert client.get(url).status_code == 404, url
    # The largest 18-digit id still reaches the view (and is simply not found).
    assert client.get(f"/ma-qr/{10**18 - 1}.svg").status_code == 404


def test_thank_you_page_needs_a_real_reference(client, shop):
    assert client.get("/ket-noi/cam-on/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/ket-noi/cam-on/not-a-uuid/").status_code == 404


def test_send_outbox_command_is_quiet_when_idle(shop):
    import io

    out = io.StringIO()
    call_command("send_outbox", "--quiet", stdout=out)
    assert out.getvalue() == ""
    call_command("send_outbox", stdout=out)
    assert "0 sent" in out.getvalue()


def test_emails_are_in_the_readers_language(client, shop):
    """An English-browsing buyer gets an English copy; producer, office, history: Vietnamese."""
    with translation.override("en"):  # the English page's form posts under /en/
        url = inquiry_url(shop["product"])
    assert url.startswith("/en/")
    client.post(url, inquiry_data())
    inquiry = Inquiry.objects.get()
    assert inquiry.language == "en"
    by_recipient = {message.to[0]: message for message in mail.outbox}
    copy = by_recipient["hoa@example.com"]
    assert copy.subject.startswith(f"Your inquiry {inquiry.reference_code}")
    assert "Thank you for your inquiry" in copy.body
    for address in (PRODUCER_EMAIL, OFFICE):
        notice = by_recipient[address]
        assert notice.subject.startswith(f"Yêu cầu mua hàng {inquiry.reference_code}")
        assert "Sản phẩm quan tâm: " in notice.body and "Products of interest" not in notice.body
    notes = list(inquiry.status_changes.values_list("note", flat=True))
    assert notes == ["Nhận từ trang web.", f"Đã tự động chuyển qua email đến {PRODUCER_EMAIL}."]


@pytest.mark.parametrize("quantity", ["0", "-5"])
def test_a_quantity_below_one_gets_one_message(client, shop, quantity):
    response = client.post(inquiry_url(shop["product"]), inquiry_data(quantity=quantity))
    assert response.status_code == 400
    with translation.override("vi"):
        expected = translation.gettext("Give a quantity between 1 and 1,000,000,000.")
    assert response.context["form"].errors["quantity"] == [expected]
