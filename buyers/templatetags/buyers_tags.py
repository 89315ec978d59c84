"""Buyers' sections of product and producer pages, as template tags.

The catalogue's templates include ``buyers/includes/product_*.html`` and
``producer_*.html``, which load these tags: plain includes, so every section
of a page is visible in its template.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from buyers import structured_data
from buyers.forms import InquiryForm, initial_for
from buyers.verification import answer_for
from core.models import ProgrammeSettings

register = template.Library()


def _site_name(request):
    return ProgrammeSettings.for_request(request).site_title if request is not None else ""


def _meta_tags(rows):
    return format_html_join("", '<meta {}="{}" content="{}">', rows)


def _first_image(page):
    item = page.gallery_images.select_related("image").first()
    return item.image if item else None


@register.simple_tag(takes_context=True)
def product_meta(context, page):
    """JSON-LD ``Product``, Open Graph tags and the buyers stylesheet for a product page."""
    request = context.get("request")
    og = structured_data.open_graph(
        page,
        og_type="product",
        description=page.summary,
        image=_first_image(page),
        site_name=_site_name(request),
    )
    return mark_safe(
        format_html('<link rel="stylesheet" href="{}">', static("buyers/buyers.css"))
        + _meta_tags(og)
        + structured_data.jsonld_script(structured_data.product_jsonld(page))
    )


@register.simple_tag(takes_context=True)
def producer_meta(context, page):
    """JSON-LD ``LocalBusiness``/``Organization``, Open Graph tags, stylesheet."""
    request = context.get("request")
    og = structured_data.open_graph(
        page,
        description=structured_data.plain(page.description, 40),
        image=page.logo or _first_image(page),
        site_name=_site_name(request),
    )
    return mark_safe(
        format_html('<link rel="stylesheet" href="{}">', static("buyers/buyers.css"))
        + _meta_tags(og)
        + structured_data.jsonld_script(structured_data.producer_jsonld(page))
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
