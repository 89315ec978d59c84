"""Factories for news and campaign tests."""

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from core.testing import TEST_TODAY
from core.text import slugify_vi
from news.models import CampaignIndexPage, CampaignPage, NewsCategory, NewsIndexPage, NewsPage

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"


class NewsPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"Tin thử nghiệm {n}")
    lead = "Tóm tắt tin."
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignIndexPage

    title = "Xúc tiến thương mại"
    slug = "xuc-tien-thuong-mai"


class CampaignPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CampaignPage

    title = factory.Sequence(lambda n: f"Chiến dịch {n}")
    start_date = factory.LazyFunction(lambda: TEST_TODAY - datetime.timedelta(days=1))
    end_date = factory.LazyFunction(lambda: TEST_TODAY + datetime.timedelta(days=10))
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))


def category(slug):
    """A seeded category by slug ("chinh-sach", "tin-chuong-trinh"…)."""
    return NewsCategory.objects.get(slug=slug)


def make_news(index, title, day, *, categories=(), tags=(), live=True, **fields):
    """A news item published on local ``day`` (a date) at 09:00 Vietnam time."""
    page = NewsPageFactory(
        parent=index,
        title=title,
        publication_date=datetime.datetime.combine(day, datetime.time(9), tzinfo=VN),
        **fields,
    )
    if categories:
        page.categories.set(categories)
    for tag in tags:
        page.tags.add(tag)
    page.save()
    if not live:
        page.unpublish()
    return page
