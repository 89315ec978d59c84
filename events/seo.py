"""schema.org ``Event`` of an event page (rendered by :mod:`core.seo` in the page head)."""

from core.links import page_url
from core.seo import photo_url, plain

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def event_jsonld(page):
    """``Event`` dict: name, start and end (local time, ISO 8601; dates only for an all-day
    event), place (venue and locality, Viet Nam), organiser, description, image (real photos)."""
    start, end = page.local_start, page.local_end
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": page_url(page),
        "startDate": start.date().isoformat() if page.all_day else start.isoformat(),
        "endDate": end.date().isoformat() if page.all_day else end.isoformat(),
        "eventStatus": SCHEDULED,
        "eventAttendanceMode": OFFLINE,
    }
    address = {"@type": "PostalAddress", "addressCountry": "VN"}
    if page.locality_id:
        address["addressLocality"] = page.locality.name
    data["location"] = {
        "@type": "Place",
        "name": page.venue or (page.locality.name if page.locality_id else page.title),
        "address": address,
    }
    if page.organiser:
        data["organizer"] = {"@type": "Organization", "name": page.organiser}
    description = plain(page.search_description or page.intro, 300)
    if description:
        data["description"] = description
    image = photo_url(page.hero_image)
    if image:
        data["image"] = [image]
    return data
