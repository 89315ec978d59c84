"""Campaigns: upcoming / running / ended, scheduled publishing, editing after expiry."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.testing import TEST_NOW, TEST_TODAY
from home.models import StandardPage
from news.models import CampaignPage, CampaignStatus, campaigns_by_status
from news.tests.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 15)


def campaign(index, title, start, end, **fields):
    return CampaignPageFactory(parent=index, title=title, start_date=start, end_date=end, **fields)


def test_status_boundaries_are_inclusive_local_days(campaign_index):
    page = campaign(campaign_index, "Tuần hàng", datetime.date(2025, 6, 10), TODAY)
    assert page.status(datetime.date(2025, 6, 9)) == CampaignStatus.UPCOMING
    assert page.status(datetime.date(2025, 6, 10)) == CampaignStatus.RUNNING
    assert page.status(TODAY) == CampaignStatus.RUNNING
    assert page.status(datetime.date(2025, 6, 16)) == CampaignStatus.ENDED


def test_index_groups_running_upcoming_and_ended(campaign_index):
    campaign(campaign_index, "Đã xong 1", datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    campaign(campaign_index, "Đã xong 2", datetime.date(2025, 5, 1), datetime.date(2025, 5, 31))
    campaign(campaign_index, "Đang chạy dài", datetime.date(2025, 6, 1), datetime.date(2025, 7, 1))
    campaign(campaign_index, "Đang chạy ngắn", datetime.date(2025, 6, 14), TODAY)
    campaign(campaign_index, "Sắp tới", datetime.date(2025, 8, 1), datetime.date(2025, 8, 9))
    base = CampaignPage.objects.live()
    running, upcoming, ended = campaigns_by_status(base, today=TODAY)
    assert [c.title for c in running] == ["Đang chạy ngắn", "Đang chạy dài"]
    assert [c.title for c in upcoming] == ["Sắp tới"]
    assert [c.title for c in ended] == ["Đã xong 2", "Đã xong 1"]


def test_campaign_index_and_page_render_the_status(client, campaign_index):
    today = TEST_TODAY
    running = campaign(
        campaign_index,
        "Tuần hàng OCOP",
        today,
        today + datetime.timedelta(days=5),
        cta_text="Mua ngay",
        cta_url="https://example.vn/mua",
    )
    campaign(
        campaign_index,
        "Chiến dịch năm ngoái",
        today - datetime.timedelta(days=400),
        today - datetime.timedelta(days=390),
        cta_text="Mua cũ",
        cta_url="https://example.vn/cu",
    )
    html = client.get("/xuc-tien-thuong-mai/").content.decode()
    assert html.index("Tuần hàng OCOP") < html.index("Past campaigns")
    assert html.index("Past campaigns") < html.index("Chiến dịch năm ngoái")
    page = client.get(running.url).content.decode()
    assert "Running" in page and "https://example.vn/mua" in page
    ended = client.get("/xuc-tien-thuong-mai/chien-dich-nam-ngoai/").content.decode()
    assert "Ended" in ended
    assert "https://example.vn/cu" not in ended  # no call to action once it is over


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999"])
def test_campaign_archive_pagination_never_fails(client, campaign_index, page):
    for n in range(14):
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=n * 10)
        campaign(campaign_index, f"Cũ {n:02d}", day, day + datetime.timedelta(days=2))
    response = client.get(f"/xuc-tien-thuong-mai/?page={page}")
    assert response.status_code == 200
    assert response.context["ended"].paginator.num_pages == 2


def test_scheduled_campaign_goes_live_with_publish_scheduled(client, campaign_index):
    page = campaign(campaign_index, "Lên lịch", TODAY, TODAY, live=False)
    page.go_live_at = TEST_NOW + datetime.timedelta(days=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert client.get("/xuc-tien-thuong-mai/").content.decode().count("Lên lịch") == 0
    # The day comes: the approved revision is due.
    due = TEST_NOW - datetime.timedelta(minutes=1)
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live


def test_the_periodic_job_publishes_what_is_due_without_a_cron_line(client, campaign_index):
    """``make run``'s worker runs ``periodic`` every minute; it must publish scheduled pages."""
    page = campaign(campaign_index, "Đến giờ", TODAY, TODAY, live=False)
    page.go_live_at = TEST_NOW + datetime.timedelta(days=1)
    page.save_revision().publish()
    due = TEST_NOW - datetime.timedelta(minutes=1)
    revision = page.revisions.get(approved_go_live_at__isnull=False)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    call_command("periodic", quiet=True, stdout=io.StringIO())  # the immediate task backend
    page.refresh_from_db()
    assert page.live
    assert "Đến giờ" in client.get("/xuc-tien-thuong-mai/").content.decode()


def expire(page):
    """Publish ``page`` with an expiry in the past, then let Wagtail expire it."""
    page.expire_at = TEST_NOW - datetime.timedelta(days=2, hours=3, seconds=17)
    page.save_revision().publish()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired
    return page


def local_field(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def campaign_edit_data(page, **extra):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "start_date": page.start_date.isoformat(),
            "end_date": page.end_date.isoformat(),
            "lead": "Kết quả: 120 đơn hàng.",
            "goal": "",
            "body": streamfield([]),
            "featured_products": inline_formset([]),
            "featured_producers": inline_formset([]),
            "channels": inline_formset([]),
            "go_live_at": "",
            "expire_at": local_field(page.expire_at),
        }
    )
    data.update(extra)
    return data


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.vn", "pw")
    client.force_login(user)
    return client


def test_expired_campaign_can_still_be_edited_and_saved(admin_client, campaign_index):
    page = expire(campaign(campaign_index, "Tuần hàng 2024", TODAY, TODAY))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, campaign_edit_data(page))
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert draft.lead == "Kết quả: 120 đơn hàng."
    assert draft.expire_at is not None  # kept as the record of when it expired
    assert not page.live  # saving a draft does not republish


def test_publishing_an_expired_campaign_clears_the_spent_expiry(admin_client, campaign_index):
    page = expire(campaign(campaign_index, "Tuần hàng 2024", TODAY, TODAY))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(url, campaign_edit_data(page, **{"action-publish": "1"}))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and not page.expired
    assert page.expire_at is None
    assert page.lead == "Kết quả: 120 đơn hàng."
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live  # not expired again at once


def test_a_newly_typed_past_expiry_is_still_refused(admin_client, campaign_index):
    page = expire(campaign(campaign_index, "Tuần hàng 2024", TODAY, TODAY))
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    other_past = local_field(page.expire_at - datetime.timedelta(days=1))
    response = admin_client.post(url, campaign_edit_data(page, expire_at=other_past))
    assert response.status_code == 200
    assert "expire_at" in response.context["form"].errors


def test_without_our_form_wagtail_refuses_the_same_edit(admin_client, site_tree):
    """The problem being solved: a stock Wagtail page cannot be saved once expired."""
    page = StandardPage(title="Giới thiệu", slug="gioi-thieu")
    site_tree["home"].add_child(instance=page)
    expire(page)
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        nested_form_data(
            {
                "title": "Giới thiệu",
                "slug": "gioi-thieu",
                "intro": rich_text("<p>Mới</p>"),
                "body": streamfield([]),
                "expire_at": local_field(page.expire_at),
            }
        ),
    )
    assert response.status_code == 200
    assert "expire_at" in response.context["form"].errors
