"""The choices of the event models, below them so that filters and forms need no model.

:class:`EventType` (what an event is), :class:`RegistrationRole` (who
registers) and :class:`RegistrationStatus` (confirmed, waiting list,
cancelled). ``events.models`` re-exports them (``Registration.Role``,
``Registration.Status``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventType(models.TextChoices):
    """Kinds of market-connection activity named in the provincial OCOP plans."""

    TRADE_FAIR = "trade_fair", _("Trade fair")
    MATCHING = "matching", _("Buyer–producer matching")
    MARKET_SESSION = "market_session", _("Market session")
    TRAINING = "training", _("Training course")
    STUDY_TOUR = "study_tour", _("Study tour")
    CEREMONY = "ceremony", _("Certification ceremony")


class RegistrationRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    PRODUCER = "producer", _("Producer")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
