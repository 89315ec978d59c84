"""Certificate validity: 30-day digest (boundaries, run twice), expired report, admin lists."""

import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.links import absolute_url
from core.models import OutboxMessage, ProgrammeSettings
from core.testing import TEST_NOW
from products_catalog.tests.factories import ProducerPageFactory, make_product
from programme.models import ExpiryNotice
from programme.validity import build_digest, expired_not_recertified, expiring_within

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def certified_until(index, title, last_day, **kwargs):
    """A product whose certificate's last valid day is ``last_day`` (decision 36 months earlier)."""
    return make_product(index, title, decision_date=last_day - relativedelta(months=36), **kwargs)


@pytest.fixture
def office(site_tree):
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.office_email = "office@example.org"
    settings.programme_name = "Chương trình OCOP"
    settings.province_name = "Phú Yên"
    settings.save()
    return settings


@pytest.fixture
def certificates(site_tree, today):
    index = site_tree["products"]
    producer = ProducerPageFactory(
        parent=site_tree["producers"],
        title="HTX Nước mắm Gành Đỏ",
        phone="0257 3 123 456",
        email="ganhdo@example.org",
        publish_contact=False,
    )
    day = datetime.timedelta(days=1)
    return {
        "today": certified_until(index, "Hết hạn hôm nay", today, producer=producer),
        "in_30": certified_until(index, "Còn 30 ngày", today + 30 * day, producer=producer),
        "in_31": certified_until(index, "Còn 31 ngày", today + 31 * day),
        "in_89": certified_until(index, "Còn 89 ngày", today + 89 * day),
        "yesterday": certified_until(index, "Hết hạn hôm qua", today - day),
        "renewed": make_product(
            index,
            "Đã công nhận lại",
            decisions=[
                {"stars": 3, "decision_date": today - relativedelta(months=36) - 10 * day},
                {"stars": 4, "decision_date": today - 20 * day, "kind": "renewal"},
            ],
        ),
        "far": certified_until(index, "Còn lâu", today + 400 * day),
        "draft": certified_until(index, "Bản nháp", today + 5 * day, live=False),
    }


def titles(products):
    return {p.title for p in products}


def test_the_30_day_window_includes_day_0_and_day_30_only(certificates, today):
    assert titles(expiring_within(30, today)) == {"Hết hạn hôm nay", "Còn 30 ngày"}
    assert titles(expiring_within(90, today)) == {
        "Hết hạn hôm nay",
        "Còn 30 ngày",
        "Còn 31 ngày",
        "Còn 89 ngày",
    }
    # Expired means the latest decision ran out: the renewed product is not listed.
    assert titles(expired_not_recertified(today)) == {"Hết hạn hôm qua"}


def office_mail():
    return [m for m in mail.outbox if m.to == ["office@example.org"]]


def holder_mail():
    return [m for m in mail.outbox if m.to == ["ganhdo@example.org"]]


def test_digest_is_sent_once_with_contacts(certificates, office, today):
    out = io.StringIO()
    call_command("check_certificate_expiry", stdout=out)
    assert len(office_mail()) == 1
    message = office_mail()[0]
    assert message.to == ["office@example.org"]
    assert "2 certificates expire within 30 days" in message.subject
    assert "Chương trình OCOP Phú Yên" in message.subject
    body = message.body
    assert "Còn 30 ngày" in body and "Hết hạn hôm nay" in body
    assert "Còn 31 ngày" not in body
    assert "HTX Nước mắm Gành Đỏ" in body and "0257 3 123 456" in body  # contact, even unpublished
    assert "ganhdo@example.org" in body
    assert "Hết hạn hôm qua" in body  # expired, reported
    assert "Đã công nhận lại" not in body
    assert "Bản nháp" not in body  # drafts are not certificates on show
    expected_url = absolute_url(reverse("wagtailadmin_pages:edit", args=[certificates["in_30"].pk]))
    assert expected_url in body
    assert (
        "No e-mail on record: tell the holder by phone or letter." not in body.split("EXPIRED")[0]
    )
    assert ExpiryNotice.objects.filter(kind="holder").count() == 2
    assert ExpiryNotice.objects.count() == 5

    out = io.StringIO()
    call_command("check_certificate_expiry", stdout=out)  # same day, again
    assert len(mail.outbox) == 3  # one digest, two holder notices, nothing more
    assert "Nothing new to send" in out.getvalue()


def test_the_holder_is_told_once_even_without_published_contact(certificates, office, today):
    """Decision 148/QĐ-TTg, Art. 8: the holder is told at least 30 days before expiry."""
    call_command("check_certificate_expiry", stdout=io.StringIO())
    notices = holder_mail()
    assert len(notices) == 2  # "Còn 30 ngày" and "Hết hạn hôm nay", both of HTX Gành Đỏ
    notice = next(m for m in notices if "Còn 30 ngày" in m.subject)
    assert notice.reply_to == ["office@example.org"]
    assert "(30 days left)" in notice.body or "30 days left" in notice.body
    call_command(
        "check_certificate_expiry",
        "--date",
        (today + datetime.timedelta(days=1)).isoformat(),
        stdout=io.StringIO(),
    )
    assert len(holder_mail()) == 2  # never twice for the same certificate


def test_a_holder_without_email_is_flagged_for_the_office(site_tree, office, today):
    producer = ProducerPageFactory(parent=site_tree["producers"], title="Hộ Không Thư", email="")
    certified_until(
        site_tree["products"],
        "Muối không thư",
        today + datetime.timedelta(days=10),
        producer=producer,
    )
    call_command("check_certificate_expiry", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert "No e-mail on record: tell the holder by phone or letter." in mail.outbox[0].body


def test_next_day_only_newcomers_are_sent(certificates, office, today):
    call_command("check_certificate_expiry", stdout=io.StringIO())
    tomorrow = today + datetime.timedelta(days=1)
    call_command("check_certificate_expiry", "--date", tomorrow.isoformat(), stdout=io.StringIO())
    assert len(office_mail()) == 2
    second = office_mail()[1].body
    assert "Còn 31 ngày" in second  # now 30 days away
    assert "Còn 30 ngày" not in second.split("EXPIRED")[0]  # already noticed
    # "Hết hạn hôm nay" expired overnight: reported once as expired.
    assert "Hết hạn hôm nay" in second.split("EXPIRED")[1]


def test_digest_never_unpublishes_or_deletes(certificates, office):
    live_before = {p.pk for p in certificates.values() if p.live}
    call_command("check_certificate_expiry", stdout=io.StringIO())
    from products_catalog.models import ProductPage

    assert set(ProductPage.objects.live().values_list("pk", flat=True)) == live_before


def test_dry_run_sends_and_records_nothing(certificates, office):
    out = io.StringIO()
    call_command("check_certificate_expiry", "--dry-run", stdout=out)
    assert mail.outbox == [] and ExpiryNotice.objects.count() == 0
    assert "Dry run" in out.getvalue()


def test_without_office_email_nothing_is_recorded(certificates, site_tree):
    with pytest.raises(CommandError, match="office e-mail"):
        call_command("check_certificate_expiry", stdout=io.StringIO())
    assert ExpiryNotice.objects.count() == 0 and mail.outbox == []


def test_a_failed_send_is_retried_by_the_outbox_and_recorded_once(certificates, office, settings):
    settings.EMAIL_BACKEND = "buyers.tests.mail_backends.FailingBackend"
    call_command("check_certificate_expiry", stdout=io.StringIO())
    recorded = ExpiryNotice.objects.count()
    assert recorded > 0  # recorded with the queued mail, in one transaction
    waiting = OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING)
    assert waiting.count() == 3 and all(m.last_error for m in waiting)
    # A second run the same day queues nothing more: "record once" holds.
    call_command("check_certificate_expiry", stdout=io.StringIO())
    assert ExpiryNotice.objects.count() == recorded and OutboxMessage.objects.count() == 3
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=TEST_NOW)
    call_command("send_outbox", stdout=io.StringIO())
    assert len(office_mail()) == 1 and len(holder_mail()) == 2


def test_build_digest_skips_lines_already_sent(certificates, office, today):
    assert len(build_digest(today).expiring) == 2
    call_command("check_certificate_expiry", stdout=io.StringIO())
    assert build_digest(today).is_empty


def test_admin_lists_link_to_the_products(certificates, editor, client):
    client.force_login(editor)
    response = client.get(reverse("ocop_expiring:list"))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("today", "in_30", "in_31", "in_89"):
        assert reverse("wagtailadmin_pages:edit", args=[certificates[key].pk]) in html
    assert "Còn lâu" not in html and "Hết hạn hôm qua" not in html
    assert "within 90 days" in html and "at least 30 days before" in html  # from rules
    assert "Expiring in 90 days" in html  # the menu item

    response = client.get(reverse("ocop_expired:list"))
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[certificates["yesterday"].pk]) in html
    assert "Đã công nhận lại" not in html and "Còn 30 ngày" not in html


def test_admin_lists_need_the_permission(certificates, outsider, client):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    response = client.get(reverse("ocop_expiring:list"))
    assert response.status_code in (302, 403)
