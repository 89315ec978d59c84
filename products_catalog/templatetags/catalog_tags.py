"""Catalogue template helpers: certificate status labels and page-section slots."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

from products_catalog.certification import Status

register = template.Library()

#: Name of the Wagtail hook other apps use to add sections to catalogue pages.
PAGE_SECTION_HOOK = "catalog_page_section"


@register.filter
def status_label(status):
    """Vietnamese label for a :class:`Status` value ("valid" → "Còn hiệu lực")."""
    return Status.LABELS.get(status, "")


@register.simple_tag(takes_context=True)
def page_sections(context, slot):
    """Render what other apps register for ``slot`` of a product or producer page.

    Apps that sit above the catalogue (buyers, events…) add content without
    the catalogue importing them: they register a function with
    ``@hooks.register("catalog_page_section")`` taking ``slot``, ``page``,
    ``request`` and ``context`` keyword arguments and returning HTML (a safe
    string; plain strings are escaped) or ``""``. Slots used by the
    templates: ``product_head``, ``product_top``, ``product_after``,
    ``producer_head``, ``producer_after``, ``producer_events``.
    """
    parts = []
    for hook in hooks.get_hooks(PAGE_SECTION_HOOK):
        html = hook(
            slot=slot, page=context.get("page"), request=context.get("request"), context=context
        )
        if html:
            parts.append(conditional_escape(html))
    return mark_safe("".join(parts))
