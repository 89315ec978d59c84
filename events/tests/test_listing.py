"""The event list: upcoming first, archive after; filters; bad input never a 500."""

import pytest

from events.models import EventType
from events.tests.factories import make_event, vn
from products_catalog.tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

NOW = vn(2025, 6, 15, 10)


@pytest.fixture
def events(event_index, clock):
    clock(NOW)
    province = LocalityFactory(name="Tỉnh Thử", level="province")
    district = LocalityFactory(name="Huyện Sơn Thử", parent=province)
    other = LocalityFactory(name="Huyện Khác")
    return {
        "past_old": make_event(
            event_index, "Hội chợ 2023", start=vn(2023, 7, 14, 8), locality=district
        ),
        "past_recent": make_event(
            event_index,
            "Lễ trao chứng nhận",
            start=vn(2025, 6, 1, 9),
            event_type=EventType.CEREMONY,
            locality=province,
        ),
        "today": make_event(
            event_index,
            "Phiên chợ hôm nay",
            start=vn(2025, 6, 15, 6),
            hours=1,
            event_type=EventType.MARKET_SESSION,
            locality=other,
        ),
        "soon": make_event(
            event_index,
            "Kết nối cung cầu",
            start=vn(2025, 6, 20, 8),
            event_type=EventType.MATCHING,
            locality=district,
        ),
        "later": make_event(
            event_index, "Tập huấn OCOP", start=vn(2025, 9, 1, 8), event_type=EventType.TRAINING
        ),
        "draft": make_event(event_index, "Bản nháp", start=vn(2025, 7, 1, 8), live=False),
        "province": province,
        "district": district,
    }


def titles(response):
    return [event.title for event in response.context["events"]]


def test_upcoming_soonest_first_then_archive_latest_first(client, events):
    response = client.get("/su-kien/")
    assert response.status_code == 200
    # Today's 06:00–07:00 session is over but stays "upcoming" until local midnight.
    assert titles(response) == [
        "Phiên chợ hôm nay",
        "Kết nối cung cầu",
        "Tập huấn OCOP",
        "Lễ trao chứng nhận",
        "Hội chợ 2023",
    ]
    html = response.content.decode()
    assert html.index("Tập huấn OCOP") < html.index("Past events (archive)")
    assert html.index("Past events (archive)") < html.index("Lễ trao chứng nhận")


def test_drafts_are_not_listed(client, events):
    assert "Bản nháp" not in client.get("/su-kien/").content.decode()


def test_filter_by_type(client, events):
    assert titles(client.get("/su-kien/?type=ceremony")) == ["Lễ trao chứng nhận"]
    assert titles(client.get("/su-kien/?type=matching")) == ["Kết nối cung cầu"]


def test_filter_by_month(client, events):
    assert titles(client.get("/su-kien/?month=2025-06")) == [
        "Phiên chợ hôm nay",
        "Kết nối cung cầu",
        "Lễ trao chứng nhận",
    ]
    assert titles(client.get("/su-kien/?month=2023-07")) == ["Hội chợ 2023"]


def test_filter_by_locality_includes_units_below(client, events):
    district = events["district"].slug
    assert titles(client.get(f"/su-kien/?locality={district}")) == [
        "Kết nối cung cầu",
        "Hội chợ 2023",
    ]
    province = events["province"].slug
    assert titles(client.get(f"/su-kien/?locality={province}")) == [
        "Kết nối cung cầu",
        "Lễ trao chứng nhận",
        "Hội chợ 2023",
    ]


def test_filter_by_when(client, events):
    assert titles(client.get("/su-kien/?when=past")) == ["Lễ trao chứng nhận", "Hội chợ 2023"]
    assert titles(client.get("/su-kien/?when=upcoming"))[0] == "Phiên chợ hôm nay"


def test_combined_filters(client, events):
    url = f"/su-kien/?when=past&locality={events['district'].slug}"
    assert titles(client.get(url)) == ["Hội chợ 2023"]


@pytest.mark.parametrize(
    "query",
    [
        "type=party",
        "month=2025-13",
        "month=abc",
        "month=2025-06-01",
        "locality=khong-co",
        "when=tomorrow",
        "type=%00",
        "month=" + "9" * 500,
    ],
)
def test_bad_filter_values_are_ignored_and_reported(client, events, query):
    response = client.get(f"/su-kien/?{query}")
    assert response.status_code == 200
    assert response.context["invalid_params"]
    assert len(response.context["events"]) == 5
    assert "were not recognised" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "", "1.5"])
def test_bad_page_numbers_give_a_page(client, event_index, clock, page):
    clock(NOW)
    for day in range(1, 16):
        make_event(event_index, f"Sự kiện {day:02d}", start=vn(2025, 7, day, 8))
    response = client.get(f"/su-kien/?page={page}")
    assert response.status_code == 200
    assert response.context["events"].number in (1, 2)
    assert response.context["paginator"].num_pages == 2


def test_second_page_continues_the_order(client, event_index, clock):
    clock(NOW)
    for day in range(1, 16):
        make_event(event_index, f"Sự kiện {day:02d}", start=vn(2025, 7, day, 8))
    first = titles(client.get("/su-kien/"))
    second = titles(client.get("/su-kien/?page=2"))
    assert first + second == [f"Sự kiện {day:02d}" for day in range(1, 16)]
    assert len(first) == 12


def test_month_and_locality_options_come_from_the_events(client, events):
    response = client.get("/su-kien/")
    months = [value for value, _ in response.context["month_options"]]
    assert months == ["2025-09", "2025-06", "2023-07"]
    localities = {name for _, name in response.context["locality_options"]}
    # In the interface's language (English here): names composed in English (issue 13).
    assert localities == {"Thử Province", "Sơn Thử District", "Khác District"}
