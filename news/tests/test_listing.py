"""The news list: newest first, category and tag filters, bad input never a 500."""

import datetime

import pytest

from news.tests.factories import category, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(news_index):
    policy, programme = category("chinh-sach"), category("tin-chuong-trinh")
    return {
        "plan": make_news(
            news_index,
            "Kế hoạch OCOP 2021",
            datetime.date(2021, 4, 8),
            categories=[programme],
            tags=["Kế hoạch"],
        ),
        "decree": make_news(
            news_index,
            "Nghị quyết hỗ trợ",
            datetime.date(2021, 8, 11),
            categories=[policy],
            tags=["Hỗ trợ", "kế hoạch"],  # same tag as "Kế hoạch", case-insensitive
        ),
        "report": make_news(
            news_index,
            "231 sản phẩm OCOP",
            datetime.date(2023, 11, 23),
            categories=[programme, policy],
        ),
        "draft": make_news(news_index, "Bản nháp", datetime.date(2024, 1, 1), live=False),
    }


def titles(response):
    return [item.title for item in response.context["news_items"]]


def test_newest_publication_first_and_no_drafts(client, news):
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    assert titles(response) == ["231 sản phẩm OCOP", "Nghị quyết hỗ trợ", "Kế hoạch OCOP 2021"]


def test_edited_publication_date_changes_the_order(client, news):
    news["plan"].publication_date = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    news["plan"].save()
    assert titles(client.get("/tin-tuc/"))[0] == "Kế hoạch OCOP 2021"


def test_filter_by_category(client, news):
    assert titles(client.get("/tin-tuc/?category=chinh-sach")) == [
        "231 sản phẩm OCOP",
        "Nghị quyết hỗ trợ",
    ]
    assert titles(client.get("/tin-tuc/?category=tin-chuong-trinh")) == [
        "231 sản phẩm OCOP",
        "Kế hoạch OCOP 2021",
    ]


def test_filter_by_tag_is_case_insensitive(client, news):
    assert titles(client.get("/tin-tuc/?tag=ke-hoach")) == [
        "Nghị quyết hỗ trợ",
        "Kế hoạch OCOP 2021",
    ]


def test_category_and_tag_together(client, news):
    assert titles(client.get("/tin-tuc/?category=chinh-sach&tag=ke-hoach")) == ["Nghị quyết hỗ trợ"]


def test_counts_next_to_categories(client, news):
    response = client.get("/tin-tuc/?tag=ke-hoach")
    counts = {option["value"]: option["count"] for option in response.context["categories"]}
    assert counts == {"tin-chuong-trinh": 1, "chinh-sach": 1}


@pytest.mark.parametrize(
    "query", ["category=khong-co", "tag=khong-co", "category=%00", "tag=" + "x" * 3000]
)
def test_unknown_values_are_ignored_and_reported(client, news, query):
    response = client.get(f"/tin-tuc/?{query}")
    assert response.status_code == 200
    assert response.context["invalid_params"]
    assert len(titles(response)) == 3
    assert "were not recognised" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "2"])
def test_pagination_never_fails(client, news_index, page):
    for day in range(1, 13):
        make_news(news_index, f"Tin số {day:02d}", datetime.date(2024, 1, day))
    response = client.get(f"/tin-tuc/?page={page}")
    assert response.status_code == 200
    assert response.context["paginator"].num_pages == 2
    if page in ("2", "999999"):
        assert titles(response) == ["Tin số 02", "Tin số 01"]
    else:
        assert titles(response)[0] == "Tin số 12"


def test_news_page_links_categories_tags_and_feeds(client, news):
    html = client.get(news["decree"].url).content.decode()
    assert "/tin-tuc/?category=chinh-sach" in html
    assert "/tin-tuc/?tag=" in html
    assert 'type="application/rss+xml"' in html and "/tin-tuc/rss/" in html
    assert 'type="application/atom+xml"' in html
