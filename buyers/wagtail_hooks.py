"""Wagtail hooks: the inquiries admin and the buyers' sections on catalogue pages."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail import hooks

from buyers import structured_data
from buyers.forms import InquiryForm
from buyers.viewsets import InquiryViewSet


@hooks.register("register_admin_viewset")
def register_inquiry_viewset():
    return InquiryViewSet("inquiries")


def _site_name(request):
    from core.models import ProgrammeSettings

    if request is None:
        return ""
    return ProgrammeSettings.for_request(request).site_title


def _stylesheet():
    return format_html('<link rel="stylesheet" href="{}">', static("buyers/buyers.css"))


def _meta_tags(rows):
    return format_html_join("", '<meta {}="{}" content="{}">', rows)


def _first_image(page):
    item = page.gallery_images.select_related("image").first()
    return item.image if item else None


def product_head(page, request, context):
    """JSON-LD ``Product``, Open Graph tags and the buyers stylesheet."""
    og = structured_data.open_graph(
        page,
        request,
        og_type="product",
        description=page.summary,
        image=_first_image(page),
        site_name=_site_name(request),
    )
    return mark_safe(
        _stylesheet()
        + _meta_tags(og)
        + structured_data.jsonld_script(structured_data.product_jsonld(page, request))
    )


def producer_head(page, request, context):
    """JSON-LD ``LocalBusiness``/``Organization``, Open Graph tags, stylesheet."""
    og = structured_data.open_graph(
        page,
        request,
        description=structured_data.plain(page.description, 40),
        image=page.logo or _first_image(page),
        site_name=_site_name(request),
    )
    return mark_safe(
        _stylesheet()
        + _meta_tags(og)
        + structured_data.jsonld_script(structured_data.producer_jsonld(page, request))
    )


def inquiry_section(page, request, *, product=None, producer=None):
    """The inquiry form (posting to ``buyers:inquiry``) under a product or producer."""
    from buyers.views import initial_for

    form = InquiryForm(initial=initial_for(product, producer), auto_id="inq_%s")
    return render_to_string(
        "buyers/includes/inquiry_section.html",
        {"form": form, "target": page, "product": product, "producer": producer},
        request=request,
    )


def product_top(page, request):
    """Banner with the certificate answer when the visitor came by scanning a QR code."""
    if request is None or request.GET.get("from") != "qr":
        return ""
    from buyers.verification import answer_for

    return render_to_string(
        "buyers/includes/qr_banner.html", {"answer": answer_for(page)}, request=request
    )


@hooks.register("catalog_page_section")
def buyers_page_sections(slot, page, request, context):
    """Fill the catalogue's slots (see ``products_catalog.templatetags.catalog_tags``)."""
    from products_catalog.models import ProducerPage, ProductPage

    if isinstance(page, ProductPage):
        if slot == "product_head":
            return product_head(page, request, context)
        if slot == "product_top":
            return product_top(page, request)
        if slot == "product_after":
            section = inquiry_section(page, request, product=page, producer=page.producer)
            tools = render_to_string(
                "buyers/includes/qr_tools.html", {"product": page}, request=request
            )
            return mark_safe(section + tools)
    if isinstance(page, ProducerPage):
        if slot == "producer_head":
            return producer_head(page, request, context)
        if slot == "producer_after":
            return mark_safe(inquiry_section(page, request, producer=page))
    return ""
