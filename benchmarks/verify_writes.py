"""Check a load test lost no write: ``manage.py shell < benchmarks/verify_writes.py``.

Reads ``LOAD_RECORD`` (default ``load-record.json``, written by
``benchmarks/load_test.py``): every accepted inquiry and registration must
be in the database exactly once, with exactly one outbox message of its own
per recipient, and no confirmed registrations beyond the event's capacity.
"""

import json
import os
from collections import Counter

from buyers.models import Inquiry
from core.models import OutboxMessage
from events.models import EventPage, Registration

record = json.load(open(os.environ.get("LOAD_RECORD", "load-record.json")))
stored_inquiries = set(
    Inquiry.objects.filter(email__in=record["inquiries"]).values_list("email", flat=True)
)
stored_registrations = set(
    Registration.objects.filter(email__in=record["registrations"]).values_list("email", flat=True)
)
over = [
    (event.title, event.confirmed_count(), event.capacity)
    for event in EventPage.objects.filter(capacity__isnull=False)
    if event.confirmed_count() > event.capacity
]
copies = OutboxMessage.objects.filter(recipient__in=record["inquiries"], kind="copy").count()
print(
    json.dumps(
        {
            "inquiries_accepted": len(record["inquiries"]),
            "inquiries_lost": len(set(record["inquiries"]) - stored_inquiries),
            "registrations_accepted": len(record["registrations"]),
            "registrations_lost": len(set(record["registrations"]) - stored_registrations),
            "buyer_copies_queued": copies,
            "events_over_capacity": over,
            "outbox": dict(Counter(OutboxMessage.objects.values_list("state", flat=True))),
        },
        indent=2,
        ensure_ascii=False,
    )
)
