"""Factories for event tests. Times are given in Vietnam local time (UTC+7)."""

import datetime
from zoneinfo import ZoneInfo

import factory
import wagtail_factories

from core.text import slugify_vi
from events.models import EventIndexPage, EventPage, EventType

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = datetime.UTC


def vn(year, month, day, hour=0, minute=0):
    """An aware datetime in Vietnam local time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventIndexPage

    title = "Sự kiện"
    slug = "su-kien"


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Sự kiện thử {n}")
    event_type = EventType.TRADE_FAIR
    start = factory.LazyFunction(lambda: vn(2030, 5, 10, 8))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=3))
    slug = factory.LazyAttribute(lambda o: slugify_vi(o.title))


def make_event(index, title=None, *, start, hours=3, live=True, **fields):
    """An event under ``index`` starting at ``start`` (aware) and lasting ``hours``."""
    kwargs = {"parent": index, "start": start, "end": start + datetime.timedelta(hours=hours)}
    if title:
        kwargs["title"] = title
    kwargs.update(fields)
    event = EventPageFactory(**kwargs)
    if not live:
        event.unpublish()
    return event


def future(days=30, hour=8):
    """An aware datetime ``days`` from now at ``hour``:00 local time."""
    today = datetime.datetime.now(VN).date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(today, datetime.time(hour), tzinfo=VN)
