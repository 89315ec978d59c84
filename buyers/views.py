"""Public views: inquiry form and thank-you page, QR codes and labels, open data, API."""

import logging

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Site

from buyers import opendata, opendata_files, qr
from buyers.delivery import store_inquiry
from buyers.forms import InquiryForm, initial_for
from buyers.models import Inquiry
from buyers.verification import answer_for
from core import ratelimit
from core.i18n import language_code, live_translations
from core.links import absolute_url, page_url
from core.models import OutboxMessage
from products_catalog.filters import ProductFilter
from products_catalog.models import ProducerPage, ProductPage

logger = logging.getLogger("buyers.inquiries")

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200


def inquiry_target(page_id):
    """``(product, producer)`` for a live, public product or producer page id; else 404."""
    product = (
        ProductPage.objects.live().public().select_related("producer").filter(pk=page_id).first()
    )
    if product is not None:
        return product, product.producer
    producer = ProducerPage.objects.live().public().filter(pk=page_id).first()
    if producer is None:
        raise Http404
    return None, producer


def rate_limited(request, retry_after, context):
    """The inquiry page again, HTTP 429 with ``Retry-After`` (seconds): a notice to wait
    about ``retry_after // 60`` minutes above the form, which keeps what was typed
    (``context``: the page's, with the bound form)."""
    context = {**context, "retry_minutes": max(1, retry_after // 60)}
    response = render(request, "buyers/inquiry_page.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def inquiry(request, page_id):
    """Show (GET) or take (POST) a buyer inquiry about a product or producer page.

    POST: rate-limited per client address (429: the form again, with what was typed,
    and a notice to wait; a rejected post counts in a larger budget of its own,
    :func:`core.ratelimit.attempt`); honeypot posts are
    answered like a success but not stored; valid posts are stored and
    committed with their e-mails in the outbox (sent by the task worker,
    never in this request), then redirected to the thank-you page; invalid
    posts come back (400) with the errors and everything typed.
    """
    product, producer = inquiry_target(page_id)
    target = product or producer
    status = 200
    if request.method == "POST":
        allowed, retry_after = ratelimit.attempt(request, "inquiry")
        form = InquiryForm(request.POST)
        if not allowed:
            context = {"form": form, "target": target, "product": product, "producer": producer}
            return rate_limited(request, retry_after, context)
        if form.is_spam:
            logger.info("Honeypot filled on inquiry form for page %s: dropped", page_id)
            return render(
                request, "buyers/inquiry_thanks.html", {"inquiry": None, "target": target}
            )
        if form.is_valid():
            inquiry_obj = store_inquiry(
                form,
                product=product,
                producer=producer,
                page_url=page_url(target),
                language=get_language() or settings.LANGUAGE_CODE,
                site=Site.find_for_request(request),
            )
            return redirect("buyers:inquiry_thanks", reference=inquiry_obj.reference)
        ratelimit.rejected(request, "inquiry")
        status = 400
    else:
        form = InquiryForm(initial=initial_for(product, producer))
    context = {"form": form, "target": target, "product": product, "producer": producer}
    return render(request, "buyers/inquiry_page.html", context, status=status)


@require_safe
def inquiry_thanks(request, reference):
    """Thank-you page for a stored inquiry (reached through its unguessable reference).

    Says "a copy has been sent" only once the outbox says the copy is out;
    before that, that it is on its way.
    """
    inquiry_obj = get_object_or_404(
        Inquiry.objects.select_related("product", "producer"), reference=reference
    )
    target = inquiry_obj.product or inquiry_obj.producer
    copy = inquiry_obj.emails.filter(kind=OutboxMessage.Kind.BUYER_COPY).first()
    context = {
        "inquiry": inquiry_obj,
        "target": target,
        "copy_sent": copy is not None and copy.state == OutboxMessage.State.SENT,
    }
    return render(request, "buyers/inquiry_thanks.html", context)


def live_product(page_id):
    """A visible OCOP product (a 1–2★ rating has no QR code), else 404."""
    return get_object_or_404(ProductPage.objects.for_check(), pk=page_id)


@require_safe
def qr_svg(request, page_id):
    """The product's QR code as SVG (opens the product page with ``?from=qr``)."""
    product = live_product(page_id)
    body = qr.qr_svg(qr.qr_target_url(product), title=product.title)
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ocop-qr-{product.slug}.svg"'
    return response


@require_safe
def qr_png(request, page_id):
    """The product's QR code as PNG (10 px per module)."""
    product = live_product(page_id)
    response = HttpResponse(qr.qr_png(qr.qr_target_url(product)), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="ocop-qr-{product.slug}.png"'
    return response


LABELS_PER_SHEET = 8


def label_versions(product):
    """``(labelled, english, shown)`` for a label sheet asked from ``product`` in any
    language: the source-language product the labels name (the same labels whichever
    language the sheet is opened in), its live English translation or ``None``, and the
    page "Back to the product" leads to (the reader's language where translated).
    ``live_translations`` is cached: no query when warm."""
    versions = live_translations(product)
    labelled = versions.get(language_code(settings.LANGUAGE_CODE), product)
    english = versions.get("en")
    shown = versions.get(language_code(get_language()), product)
    return labelled, english if english is not None and english.pk != labelled.pk else None, shown


@require_safe
def qr_labels(request, page_id):
    """A printable A4 sheet of labels (name, stars, producer, QR) for one product.

    Only while the certificate is in force: an expired or revoked product may
    not carry the OCOP mark, so the page then explains why nothing is
    printed (HTTP 409) instead of the sheet. Bilingual labels (issue 13): the
    Vietnamese name, and the English one when the product has a live translation.
    """
    product = live_product(page_id)
    answer = answer_for(product)
    if not answer.in_force:
        return render(
            request,
            "buyers/qr_labels_refused.html",
            {"product": product, "answer": answer},
            status=409,
        )
    labelled, english, shown = label_versions(product)
    if labelled.pk != product.pk:
        labelled = live_product(labelled.pk)
    url = qr.qr_target_url(labelled)
    context = {
        "product": labelled,
        "english_title": english.title if english else "",
        "answer": answer,
        "qr_svg": qr.qr_svg_inline(url, title=labelled.title),
        "qr_url": url,
        "product_url": shown.url,
        "labels": range(LABELS_PER_SHEET),
    }
    return render(request, "buyers/qr_labels.html", context)


@require_safe
def register_csv(request):
    """The certified register as CSV (UTF-8 with BOM); see :mod:`buyers.opendata_files`."""
    # The headings are the register's field names (a stable schema), not translated labels.
    return opendata_files.response("csv")


@require_safe
def register_json(request):
    """The certified register as JSON (see :func:`buyers.opendata.register_document`)."""
    return opendata_files.response("json")


def api_error(message, status=400, errors=None):
    payload = {"error": message}
    if errors:
        payload["errors"] = errors
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _positive_int(raw, default):
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        return None
    return value if value >= 1 else None


@require_safe
def api_products(request):
    """Read-only JSON list of products with the catalogue's filters.

    Query parameters: the catalogue's (``stars``, ``group``, ``locality``,
    ``producer_type``, ``year``, ``status``, ``tag``, ``sort``) plus ``page``
    and ``page_size`` (1–200, default 50). A bad value gives 400 with
    ``errors``; a page past the end gives 404.
    """
    page_number = _positive_int(request.GET.get("page"), 1)
    page_size = _positive_int(request.GET.get("page_size"), API_PAGE_SIZE)
    if page_number is None:
        return api_error(_("page must be a whole number from 1."))
    if page_size is None or page_size > API_MAX_PAGE_SIZE:
        return api_error(_("page_size must be a whole number from 1 to 200."))
    product_filter = ProductFilter(request.GET.copy(), queryset=opendata.register_queryset())
    if product_filter.invalid_params:
        return api_error(_("Invalid filter values."), errors=product_filter.invalid_params)
    paginator = Paginator(product_filter.qs, page_size)
    if page_number > paginator.num_pages:
        return api_error(_("No such page."), status=404)
    page = paginator.page(page_number)

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return absolute_url(f"{request.path}?{query.urlencode()}")

    payload = {
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [opendata.api_record(product) for product in page.object_list],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
