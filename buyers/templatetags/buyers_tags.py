"""Buyers' sections of product and producer pages, as template tags.

The catalogue's templates include ``buyers/includes/product_*.html`` and
``producer_*.html``, which load these tags: plain includes, so every section
of a page is visible in its template.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from buyers import structured_data
from buyers.forms import InquiryForm, initial_for
from buyers.verification import answer_for

register = template.Library()


def _stylesheet():
    return format_html('<link rel="stylesheet" href="{}">', static("buyers/buyers.css"))


@register.simple_tag
def product_meta(page):
    """JSON-LD ``Product`` and the buyers stylesheet for a product page (Open Graph and the
    description come from ``{% page_meta %}`` in the base template)."""
    return mark_safe(
        _stylesheet() + structured_data.jsonld_script(structured_data.product_jsonld(page))
    )


@register.simple_tag
def producer_meta(page):
    """JSON-LD ``LocalBusiness``/``Organization`` and the buyers stylesheet for a producer."""
    return mark_safe(
        _stylesheet() + structured_data.jsonld_script(structured_data.producer_jsonld(page))
    )


@register.inclusion_tag("buyers/includes/inquiry_section.html", takes_context=True)
def inquiry_section(context, page, product=None, producer=None):
    """The inquiry form (posting to ``buyers:inquiry``) under a product or producer."""
    return {
        "form": InquiryForm(initial=initial_for(product, producer), auto_id="inq_%s"),
        "target": page,
        "product": product,
        "producer": producer,
        "request": context.get("request"),
    }


@register.inclusion_tag("buyers/includes/qr_banner.html", takes_context=True)
def qr_banner(context, page):
    """The certificate answer on top of a product page reached by scanning its QR code."""
    request = context.get("request")
    came_by_qr = request is not None and request.GET.get("from") == "qr"
    return {"answer": answer_for(page) if came_by_qr and page.pk else None, "request": request}
