"""iCalendar (RFC 5545) files with the ``icalendar`` library.

* :func:`event_calendar`: one event (``<event url>ics/``, served as ``<slug>.ics``, also attached
  to confirmation emails);
* :func:`index_calendar`: the subscribable feed of upcoming events
  (``<event index url>calendar/``).

Wagtail serves page routes as path segments ending in "/" (a dot is not allowed
in them), so the files are named by ``Content-Disposition`` instead.

Times carry ``TZID=Asia/Ho_Chi_Minh`` with its VTIMEZONE, so calendar apps
show 06:00 as 06:00 whatever the subscriber's own zone; all-day events are
DATE values (end exclusive, RFC 5545 §3.6.1).
"""

import datetime

from django.http import HttpResponse
from icalendar import Calendar, Event
from wagtail.rich_text import get_text_for_indexing

from core.links import page_url
from events import timeutils

PRODID = "-//OCOP showcase//Market-connection events//VI"
REFRESH = datetime.timedelta(hours=12)


def _absolute(page, request=None):
    # One host for every absolute URL: the configured site's (core.links).
    return page_url(page)


def _uid_host(page):
    # The site's configured hostname, not the request's: UIDs must stay stable.
    site = page.get_site()
    return site.hostname if site else "localhost"


def event_component(page, request=None):
    """The VEVENT of an :class:`~events.models.EventPage`."""
    url = _absolute(page, request)
    location = ", ".join(
        part for part in (page.venue, page.locality.name if page.locality else "") if part
    )
    intro = get_text_for_indexing(page.intro)  # rich text → plain text
    description = "\n\n".join(part for part in (intro, page.date_note, url) if part)
    if page.all_day:
        start = page.local_start.date()
        end = page.local_end.date() + datetime.timedelta(days=1)
    else:
        start, end = page.local_start, page.local_end
    component = Event.new(
        uid=f"ocop-event-{page.pk}@{_uid_host(page)}",
        summary=page.title,
        start=start,
        end=end,
        location=location or None,
        description=description or None,
        url=url,
        categories=[page.get_event_type_display()],
        last_modified=page.last_published_at or page.latest_revision_created_at,
    )
    component.add("status", "CONFIRMED")
    return component


def _calendar(name, events, request=None, refresh=False):
    calendar = Calendar.new(prodid=PRODID, name=name)
    calendar.add("x-wr-timezone", timeutils.event_tz().key)
    if refresh:
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT12H")
    for page in events:
        calendar.add_component(event_component(page, request))
    calendar.add_missing_timezones()
    return calendar


def event_calendar(page, request=None):
    """A :class:`icalendar.Calendar` holding one event."""
    return _calendar(page.title, [page], request)


def index_calendar(index, request=None, now=None):
    """The subscribable calendar: upcoming live events of ``index``, soonest first."""
    events = (
        index.events().filter(end__gte=timeutils.upcoming_threshold(now)).order_by("start", "pk")
    )
    return _calendar(index.title, events, request, refresh=True)


def calendar_response(calendar, filename):
    """An ``HttpResponse`` serving ``calendar`` as ``text/calendar`` (UTF-8)."""
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
