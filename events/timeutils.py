"""Event time rules: stored in UTC, shown and reasoned about in local time.

The database holds aware UTC datetimes (``USE_TZ``). Everything a visitor
sees (pages, cards, feeds, calendar files, emails) is converted explicitly to
:func:`event_tz` (``settings.TIME_ZONE``, Asia/Ho_Chi_Minh, UTC+7), whatever
time zone happens to be active. "Upcoming" turns into "past" at local
midnight: an event stays upcoming through the last local day it runs.

Example: 06:00 on 1 April local time is 23:00 on 31 March UTC; it is shown as
06:00, 01/04, counted in April, and it becomes past at 00:00 on 2 April
local time (17:00 UTC on 1 April).
"""

import datetime
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat, timezone


@cache
def event_tz():
    """The display time zone (a :class:`zoneinfo.ZoneInfo`)."""
    return ZoneInfo(settings.TIME_ZONE)


def current_time():
    """Now, as an aware UTC datetime (tests replace this function)."""
    return timezone.now()


def to_local(value):
    """An aware datetime converted to :func:`event_tz`; ``None`` stays ``None``."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, event_tz())
    return value.astimezone(event_tz())


def local_today(now=None):
    """The local calendar date at ``now`` (default: :func:`current_time`)."""
    return to_local(now or current_time()).date()


def local_midnight(day):
    """The aware datetime of 00:00 local time on ``day`` (a :class:`datetime.date`)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=event_tz())


def upcoming_threshold(now=None):
    """Events ending at or after this instant (today's local midnight) are upcoming."""
    return local_midnight(local_today(now))


def month_bounds(year, month):
    """``(start, end)`` aware datetimes of a local calendar month, end exclusive."""
    start = local_midnight(datetime.date(year, month, 1))
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return start, local_midnight(next_month)


def format_local(value, fmt):
    """Format ``value`` in local time with a Django date format string ("H:i d/m/Y")."""
    if value is None:
        return ""
    return dateformat.format(to_local(value), fmt)
