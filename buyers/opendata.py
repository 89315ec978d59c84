"""The certified register as open data (CSV, JSON) and the read-only product API.

Only live, public product pages appear (:func:`catalogue_queryset`). Dates
are ISO 8601 (``2027-12-31``); ``status`` is ``valid``, ``expiring`` (≤ 90
days left), ``expired`` or ``unknown``; ``valid_until_approximate`` is true
when only the decision year is known. The CSV (:func:`core.exports.csv_text`)
starts with a UTF-8 byte order mark so that Excel shows Vietnamese correctly, and
no cell can run as a spreadsheet formula.
"""

from django.utils import timezone

from core.links import page_url
from products_catalog.models import ProductPage

REGISTER_FIELDS = [
    "product",
    "product_url",
    "producer",
    "producer_url",
    "producer_type",
    "locality",
    "current_locality",
    "group",
    "subgroup",
    "stars",
    "stars_published",
    "potential_five",
    "decision_number",
    "decision_date",
    "decision_year",
    "issuing_body",
    "level",
    "valid_until",
    "valid_until_approximate",
    "status",
]
API_EXTRA_FIELDS = ["id", "price_min_vnd", "price_max_vnd", "price_unit", "tags"]


def register_queryset():
    """Listed products (``for_cards`` rules) with summary, producer, locality and groups joined.

    The default language's pages only: a translation is the same product (issue 13).
    """
    return (
        ProductPage.objects.visible()
        .default_locale()
        .ocop()
        .not_revoked()
        .with_certification()
        .select_related(
            "producer", "locality", "locality__successor", "group", "subgroup", "producer__locality"
        )
        .prefetch_related("tags")
        .order_by("sort_title", "pk")
    )


def record(product):
    """One register row (dict with :data:`REGISTER_FIELDS` keys) for a product.

    The product must come from :func:`register_queryset` (``cur_status`` annotated).
    """
    summary = product.summary_or_none
    producer = product.producer
    locality = product.locality
    has_until = bool(summary and summary.valid_until)
    return {
        "product": product.title,
        "product_url": page_url(product),
        "producer": producer.title if producer else "",
        "producer_url": page_url(producer) if producer else "",
        "producer_type": producer.producer_type if producer else "",
        "locality": locality.name if locality else "",
        "current_locality": locality.current_unit.name if locality else "",
        "group": product.group.name if product.group_id else "",
        "subgroup": product.subgroup.name if product.subgroup_id else "",
        "stars": summary.stars if summary else None,
        "stars_published": summary.stars_published if summary else None,
        "potential_five": summary.potential_five if summary else None,
        "decision_number": summary.decision_number if summary else "",
        "decision_date": summary.decision_date.isoformat()
        if summary and summary.decision_date
        else None,
        "decision_year": summary.decision_year if summary else None,
        "issuing_body": summary.issuing_body if summary else "",
        "level": summary.level if summary else "",
        "valid_until": summary.valid_until.isoformat() if has_until else None,
        "valid_until_approximate": summary.valid_until_approximate if has_until else None,
        "status": product.cur_status,
    }


def api_record(product):
    """A register row plus ``id``, prices (VND) and tag names, for the JSON API."""
    data = {"id": product.pk, **record(product)}
    data.update(
        price_min_vnd=product.price_min_vnd,
        price_max_vnd=product.price_max_vnd,
        price_unit=product.price_unit,
        tags=[tag.name for tag in product.tags.all()],
    )
    return data


def register_records():
    """Every listed product of the register as :func:`record` dicts (Vietnamese A–Z)."""
    return [record(product) for product in register_queryset()]


def register_document():
    """The JSON register: ``{"title", "generated_at", "count", "fields", "records"}``."""
    records = register_records()
    return {
        "title": "OCOP certified products register",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "count": len(records),
        "fields": REGISTER_FIELDS,
        "records": records,
    }
