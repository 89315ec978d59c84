from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Market-connection events")

    def ready(self):
        from core.localize import connect_shared_facts
        from events import personal_data  # noqa: F401  (registers registrations' personal data)
        from events.models import EventPage

        # Dates, place and registration settings are the same in every language (issue 13).
        connect_shared_facts(EventPage)
