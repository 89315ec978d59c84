from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Market-connection events")

    def ready(self):
        from events import personal_data  # noqa: F401  (registers registrations' personal data)
