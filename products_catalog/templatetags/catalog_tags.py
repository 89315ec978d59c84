"""Catalogue template helpers: certificate status labels."""

from django import template

from products_catalog.certification import Status

register = template.Library()


@register.filter
def status_label(status):
    """Vietnamese label for a :class:`Status` value ("valid" → "Còn hiệu lực")."""
    return Status.LABELS.get(status, "")
