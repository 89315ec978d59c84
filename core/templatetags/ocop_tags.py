"""Template tags shared by every app: main menu, VND amounts, Vietnamese numbers."""

from django import template
from django.utils.formats import number_format
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live children of the site root marked "show in menus", in tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    return site.root_page.get_children().live().in_menu().public()


@register.filter
def vnd(amount):
    """Format an amount of VND the Vietnamese way: 1250000 → "1.250.000 ₫"."""
    if amount in (None, ""):
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    grouped = f"{value:,}".replace(",", ".")
    return f"{grouped} ₫"


@register.filter
def number_vi(value):
    """Group thousands with dots: 12000 → "12.000"."""
    if value in (None, ""):
        return ""
    return number_format(value, force_grouping=True)
