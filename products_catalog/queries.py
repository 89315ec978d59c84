"""Query helpers: products annotated with their ruling certification.

Every listing uses :func:`catalogue_queryset` so the number of SQL queries does
not grow with the number of products (joins and prefetches, no per-row work).
"""

import datetime

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.db.models import CharField as CharFieldType
from django.db.models.functions import Coalesce
from django.utils import timezone

from products_catalog.certification import EXPIRING_WITHIN_DAYS, OCOP_MIN_STARS, Status

CARD_RENDITION = "fill-480x360|format-webp"
LOGO_RENDITION = "max-160x96"


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


def annotate_producer_stats(queryset, today=None):
    """Annotate producers with figures about their live, public products.

    Adds ``certified_count`` (products whose ruling decision is 3★ or more,
    whatever its validity), ``valid_count`` (of those, still valid on
    ``today``, i.e. status valid or expiring) and ``best_stars`` (highest
    ruling star level, ``None`` without products). One correlated subquery
    each: the number of SQL queries does not grow with the producers.
    """
    from products_catalog.certification import OCOP_MIN_STARS
    from products_catalog.models import ProductPage

    today = today or timezone.localdate()
    products = annotate_certification(
        ProductPage.objects.live().public().filter(producer=OuterRef("pk")), today
    ).filter(cur_stars__gte=OCOP_MIN_STARS)

    def per_producer(subset, aggregate):
        rows = subset.order_by().values("producer").annotate(value=aggregate).values("value")
        return Subquery(rows[:1])

    return queryset.annotate(
        certified_count=Coalesce(per_producer(products, Count("pk")), 0),
        valid_count=Coalesce(
            per_producer(products.filter(cur_valid_until__gte=today), Count("pk")), 0
        ),
        best_stars=per_producer(products, Max("cur_stars")),
    )


def directory_queryset(today=None):
    """Live, public producers with localities joined, logos prefetched and stats annotated."""
    from core.models import CustomImage
    from products_catalog.models import ProducerPage

    queryset = (
        ProducerPage.objects.live()
        .public()
        .select_related("locality", "locality__successor")
        .prefetch_related(
            Prefetch("logo", queryset=CustomImage.objects.prefetch_renditions(LOGO_RENDITION))
        )
    )
    return annotate_producer_stats(queryset, today)
