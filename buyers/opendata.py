"""The certified register as open data (CSV, JSON) and the read-only product API.

Only live, public product pages appear (:func:`catalogue_queryset`). Dates
are ISO 8601 (``2027-12-31``); ``status`` is ``valid``, ``expiring`` (≤ 90
days left), ``expired`` or ``unknown``; ``valid_until_approximate`` is true
when only the decision year is known. The CSV starts with a UTF-8 byte order
mark so that Excel shows Vietnamese correctly.
"""

import csv
import io

from django.utils import timezone

from products_catalog.queries import catalogue_queryset

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
    """Live, public products with decisions, producers, localities and groups loaded."""
    return (
        catalogue_queryset()
        .select_related("locality__successor", "producer__locality")
        .prefetch_related("certifications", "tags")
        .order_by("title", "pk")
    )


def record(product, request=None):
    """One register row (dict with :data:`REGISTER_FIELDS` keys) for a product."""
    decision = product.latest_certification
    valid_until, approximate = decision.computed_valid_until if decision else (None, True)
    producer = product.producer
    locality = product.locality
    return {
        "product": product.title,
        "product_url": product.get_full_url(request),
        "producer": producer.title if producer else "",
        "producer_url": producer.get_full_url(request) if producer else "",
        "producer_type": producer.producer_type if producer else "",
        "locality": locality.name if locality else "",
        "current_locality": locality.current_unit.name if locality else "",
        "group": product.group.name if product.group_id else "",
        "subgroup": product.subgroup.name if product.subgroup_id else "",
        "stars": decision.stars if decision else None,
        "stars_published": decision.stars_published if decision else None,
        "decision_number": decision.decision_number if decision else "",
        "decision_date": decision.decision_date.isoformat()
        if decision and decision.decision_date
        else None,
        "decision_year": decision.decision_year if decision else None,
        "issuing_body": decision.issuing_body if decision else "",
        "level": decision.level if decision else "",
        "valid_until": valid_until.isoformat() if valid_until else None,
        "valid_until_approximate": approximate if valid_until else None,
        "status": decision.status if decision else "unknown",
    }


def api_record(product, request=None):
    """A register row plus ``id``, prices (VND) and tag names, for the JSON API."""
    data = {"id": product.pk, **record(product, request)}
    data.update(
        price_min_vnd=product.price_min_vnd,
        price_max_vnd=product.price_max_vnd,
        price_unit=product.price_unit,
        tags=[tag.name for tag in product.tags.all()],
    )
    return data


def register_records(request=None):
    """Every certified product of the register as :func:`record` dicts (ordered by name)."""
    return [
        record(product, request)
        for product in register_queryset()
        if product.latest_certification is not None
    ]


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # Spreadsheet formula injection: a cell must not start like a formula.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(rows, fields):
    """CSV text (with a leading UTF-8 BOM) of ``rows`` (dicts) in ``fields`` order."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_cell(row.get(field)) for field in fields])
    return out.getvalue()


def register_document(request=None):
    """The JSON register: ``{"title", "generated_at", "count", "fields", "records"}``."""
    records = register_records(request)
    return {
        "title": "OCOP certified products register",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "count": len(records),
        "fields": REGISTER_FIELDS,
        "records": records,
    }
