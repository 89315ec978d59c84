"""Query helpers: products annotated with their ruling certification.

Every listing uses :func:`catalogue_queryset` so the number of SQL queries does
not grow with the number of products (joins and prefetches, no per-row work).
"""

import datetime

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models import CharField as CharFieldType
from django.utils import timezone

from products_catalog.certification import EXPIRING_WITHIN_DAYS, OCOP_MIN_STARS, Status

CARD_RENDITION = "fill-480x360|format-webp"


def latest_decisions():
    """Decisions of the outer product, the ruling one first."""
    from products_catalog.models import CertificationDecision

    return CertificationDecision.objects.filter(page=OuterRef("pk")).order_by(
        "-valid_until", "-decision_year", "-pk"
    )


def annotate_certification(queryset, today=None):
    """Annotate products with the ruling decision.

    Adds ``cur_stars`` (1–5), ``cur_year``, ``cur_valid_until`` (date),
    ``cur_decision_date``, ``cur_status`` (a :class:`Status` value as of
    ``today``, default the local date) and ``status_rank`` (0 valid,
    1 expiring, 2 unknown, 3 expired) for "valid first" ordering.
    """
    today = today or timezone.localdate()
    latest = latest_decisions()
    queryset = queryset.annotate(
        cur_stars=Subquery(latest.values("stars")[:1]),
        cur_year=Subquery(latest.values("decision_year")[:1]),
        cur_valid_until=Subquery(latest.values("valid_until")[:1]),
        cur_decision_date=Subquery(latest.values("decision_date")[:1]),
    )
    expiring_from = today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS)
    return queryset.annotate(
        cur_status=Case(
            When(cur_valid_until__isnull=True, then=Value(Status.UNKNOWN)),
            When(cur_valid_until__lt=today, then=Value(Status.EXPIRED)),
            When(cur_valid_until__lte=expiring_from, then=Value(Status.EXPIRING)),
            default=Value(Status.VALID),
            output_field=CharFieldType(),
        ),
        status_rank=Case(
            When(cur_valid_until__isnull=True, then=Value(2)),
            When(cur_valid_until__lt=today, then=Value(3)),
            When(cur_valid_until__lte=expiring_from, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )


def card_prefetches():
    """Prefetches for product cards: first gallery picture with its rendition."""
    from core.models import CustomImage
    from products_catalog.models import ProductGalleryImage

    images = ProductGalleryImage.objects.order_by("sort_order").prefetch_related(
        Prefetch("image", queryset=CustomImage.objects.prefetch_renditions(CARD_RENDITION))
    )
    return [Prefetch("gallery_images", queryset=images)]


def catalogue_queryset(today=None):
    """Live, public OCOP products (ruling decision 3★ or more), joined, prefetched, annotated.

    A 1★/2★ council rating is recorded on the product but is not an OCOP
    certification, so such products stay out of every public listing.
    """
    from products_catalog.models import ProductPage

    queryset = (
        ProductPage.objects.live()
        .public()
        .select_related("producer", "locality", "group", "subgroup")
        .prefetch_related(*card_prefetches())
    )
    return annotate_certification(queryset, today).filter(cur_stars__gte=OCOP_MIN_STARS)
