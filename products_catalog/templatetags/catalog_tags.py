"""Catalogue template helpers: one wording for stars and certificate status everywhere."""

from django import template
from django.utils.translation import gettext as _

from products_catalog import rules

register = template.Library()


@register.filter
def status_label(status):
    """The label of a :class:`~products_catalog.rules.Status` value ("valid" → "Còn hiệu lực")."""
    return rules.Status.LABELS.get(status, "")


@register.filter
def star_label(summary):
    """How a certificate's stars read on every surface (a summary, or ``None`` → "").

    "4★", "4★ · potential 5★" (a provincial 4★ scored 90+, until the central
    council decides) or "3★ (level not published)" (the source only says
    "3 stars or more").
    """
    if summary is None or not summary.stars:
        return ""
    if not summary.stars_published:
        return _("%(stars)s★ (level not published)") % {"stars": summary.stars}
    if summary.potential_five:
        return _("%(stars)s★ · potential 5★") % {"stars": summary.stars}
    return f"{summary.stars}★"


@register.filter
def in_force(status):
    """Whether a status lets the product carry the OCOP mark (valid or expiring)."""
    return rules.is_in_force(status)


#: Figures of the rules that templates may state in their wording (``{% rule_value %}``).
STATED_RULES = (
    "POTENTIAL_FIVE_MIN_SCORE",
    "VALIDITY_MONTHS",
    "EXPIRING_WITHIN_DAYS",
    "NOTICE_DAYS",
)


@register.simple_tag
def rule_value(name):
    """A figure of :mod:`products_catalog.rules` named in :data:`STATED_RULES`, for wording
    such as "scored 90 or more": ``{% rule_value "POTENTIAL_FIVE_MIN_SCORE" as score %}``.
    Raises ``KeyError`` for any other name (a template error, not a silent blank)."""
    if name not in STATED_RULES:
        raise KeyError(name)
    return getattr(rules, name)


@register.filter
def mark_note(status):
    """Why a product with ``status`` may not carry the OCOP mark, or ``""`` (rules.mark_note)."""
    return rules.mark_note(status)


@register.filter
def lapsed(status):
    """The opposite of :func:`in_force`: stars are shown muted, never as a current mark."""
    return not rules.is_in_force(status)
