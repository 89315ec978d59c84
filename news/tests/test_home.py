"""Home page sections: latest news, running campaigns, upcoming events."""

import datetime

import pytest

from core.testing import TEST_TODAY
from events.tests.factories import EventIndexPageFactory, future, make_event, vn
from news.tests.factories import CampaignPageFactory, make_news

pytestmark = pytest.mark.django_db


def test_home_shows_latest_news_running_campaigns_and_upcoming_events(
    client, site_tree, news_index, campaign_index
):
    for day in range(1, 6):
        make_news(news_index, f"Tin ngày {day}", datetime.date(2025, 3, day))
    make_news(news_index, "Tin nháp mới nhất", datetime.date(2025, 3, 9), live=False)
    today = TEST_TODAY
    CampaignPageFactory(
        parent=campaign_index,
        title="Đang chạy",
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=2),
    )
    CampaignPageFactory(
        parent=campaign_index,
        title="Chưa bắt đầu",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=9),
    )
    events = EventIndexPageFactory(parent=site_tree["home"])
    make_event(events, "Hội chợ sắp tới", start=future(days=10, hour=18))
    make_event(events, "Hội chợ 2023", start=vn(2023, 7, 14, 8))

    html = client.get("/").content.decode()
    assert "Latest news" in html
    assert "Tin ngày 5" in html and "Tin ngày 3" in html
    assert "Tin ngày 2" not in html  # only the three latest
    assert "Tin nháp mới nhất" not in html
    assert "Đang chạy" in html and "Chưa bắt đầu" not in html
    assert "Hội chợ sắp tới" in html and "18:00" in html
    assert "Hội chợ 2023" not in html
    assert 'href="/tin-tuc/"' in html
    assert 'href="/su-kien/"' in html
    assert 'href="/xuc-tien-thuong-mai/"' in html


def test_home_without_news_or_events_still_renders(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    assert "Latest news" not in response.content.decode()
