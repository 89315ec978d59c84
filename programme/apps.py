from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """Programme management: council-decision imports, validity, targets, statistics."""

    name = "programme"
    verbose_name = _("OCOP programme management")
