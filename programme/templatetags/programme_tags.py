"""Template helpers for programme pages."""

from django import template

from core.templatetags.ocop_tags import number_vi

register = template.Library()


@register.filter
def cell(value):
    """Table cell: integers grouped the Vietnamese way (12.000), anything else as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return number_vi(value)
    return value


@register.filter
def is_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


@register.filter
def with_labels(row, columns):
    """``[(column heading, value)]`` of a table row, for cells that carry their heading
    (``data-label``: a phone shows each row as a small card of labelled values)."""
    return list(zip(columns, row, strict=False))
