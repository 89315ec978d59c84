"""iCalendar files parse with the icalendar library and keep local times."""

import datetime

import pytest
from icalendar import Calendar

from events.tests.factories import VN, make_event, vn

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_event_ics_parses_with_local_times(client, event_index):
    make_event(
        event_index,
        "Phiên chợ Đồng Din",
        start=vn(2025, 4, 1, 6),
        hours=12,
        venue="Chợ Phú Hòa",
        intro="Bán khóm và đặc sản.",
    )
    response = client.get("/su-kien/phien-cho-dong-din/ics/")
    assert 'filename="phien-cho-dong-din.ics"' in response["Content-Disposition"]
    calendar = parse(response)
    (event,) = calendar.events
    assert event["SUMMARY"] == "Phiên chợ Đồng Din"
    assert event.start == vn(2025, 4, 1, 6)
    assert event.end == vn(2025, 4, 1, 18)
    assert str(event.start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20250401T060000" in response.content
    assert b"DTEND;TZID=Asia/Ho_Chi_Minh:20250401T180000" in response.content
    assert event["URL"] == "http://testserver/su-kien/phien-cho-dong-din/"
    assert "Chợ Phú Hòa" in event["LOCATION"]
    assert "Bán khóm và đặc sản." in event["DESCRIPTION"]
    assert event["UID"].startswith("ocop-event-")
    assert [tz.tz_name for tz in calendar.timezones] == ["Asia/Ho_Chi_Minh"]


def test_all_day_event_uses_dates_with_exclusive_end(client, event_index):
    make_event(event_index, "Lễ trao chứng nhận", start=vn(2024, 7, 29, 9), all_day=True)
    (event,) = parse(client.get("/su-kien/le-trao-chung-nhan/ics/")).events
    assert event.start == datetime.date(2024, 7, 29)
    assert event.end == datetime.date(2024, 7, 30)


def test_calendar_feed_lists_upcoming_events_only(client, event_index, clock):
    clock(vn(2025, 6, 15, 12))
    make_event(event_index, "Đã qua", start=vn(2025, 6, 1, 8))
    make_event(event_index, "Sáng nay", start=vn(2025, 6, 15, 6), hours=1)
    make_event(event_index, "Tuần sau", start=vn(2025, 6, 22, 18))
    make_event(event_index, "Nháp", start=vn(2025, 6, 25, 8), live=False)
    calendar = parse(client.get("/su-kien/calendar/"))
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Sáng nay", "Tuần sau"]
    assert calendar.events[1].start.astimezone(VN).hour == 18
    assert "REFRESH-INTERVAL" in calendar
    assert str(calendar["X-WR-CALNAME"]) == "Sự kiện"


def test_event_and_index_pages_link_the_calendar_files(client, event_index):
    make_event(event_index, "Hội chợ", start=vn(2030, 1, 5, 8))
    assert "/su-kien/hoi-cho/ics/" in client.get("/su-kien/hoi-cho/").content.decode()
    html = client.get("/su-kien/").content.decode()
    assert "webcal://testserver/su-kien/calendar/" in html
    assert "http://testserver/su-kien/calendar/" in html
