"""The product and producer querysets every surface goes through.

``ProductPage.objects`` is a ``PageManager`` of :class:`ProductQuerySet`:
``.ocop()`` (ruling certificate 3★ or more), ``.in_force()`` (valid or
expiring today), ``.with_certification()`` (the summary joined, status in
SQL), ``.for_cards()`` (what every public listing shows: live, public, OCOP,
not revoked, with everything a card needs and renditions prefetched). A
listing, facet, search result, feed, sitemap, API, export, statistic, label,
QR check or JSON-LD never filters certificates another way.

"Today" is the local date (Asia/Ho_Chi_Minh) unless given.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Locale, PageManager
from wagtail.query import PageQuerySet

from core.models import CustomImage
from products_catalog import rules

# The card picture's srcset (templates/…/product_card.html): 240 and 480 px wide, WebP.
CARD_RENDITIONS = ("fill-240x180|format-webp", "fill-480x360|format-webp")
CARD_RENDITION = CARD_RENDITIONS[-1]
LOGO_RENDITION = "max-160x96"
SUMMARY = "certification__"


def local_today():
    return timezone.localdate()


class ProductQuerySet(PageQuerySet):
    """Product pages, with their certification read from the summary."""

    def visible(self):
        """Live pages nobody needs a password or login for."""
        return self.live().public()

    def default_locale(self):
        """Only the default language's pages: counts never double with translations."""
        return self.filter(locale=Locale.get_default())

    def ocop(self):
        """Products whose ruling certificate is 3★ or more (current or not)."""
        return self.filter(**{f"{SUMMARY}stars__gte": rules.OCOP_MIN_STARS})

    def not_revoked(self, today=None):
        today = today or local_today()
        return self.exclude(rules.revoked_q(SUMMARY, today))

    def in_force(self, today=None):
        """OCOP products whose certificate is valid or expiring on ``today``."""
        return self.ocop().filter(rules.in_force_q(SUMMARY, today or local_today()))

    def with_certification(self, today=None):
        """Join the summary; annotate ``cur_status`` and ``status_rank`` (valid first) for
        ``today``, and ``cur_stars``, ``cur_year``, ``cur_valid_until`` from the summary."""
        today = today or local_today()
        return self.select_related("certification").annotate(
            cur_stars=F(f"{SUMMARY}stars"),
            cur_year=F(f"{SUMMARY}decision_year"),
            cur_valid_until=F(f"{SUMMARY}valid_until"),
            cur_potential=Case(
                When(**{f"{SUMMARY}potential_five": True}, then=Value("1")),
                default=Value(None),
                output_field=CharField(),
            ),
            cur_status=rules.status_expression(SUMMARY, today),
            status_rank=rules.status_rank_expression(SUMMARY, today),
        )

    def with_status(self, status, today=None):
        """Only products whose status on ``today`` is ``status`` (a ``rules.Status`` value)."""
        return self.with_certification(today).filter(cur_status=status)

    def card_prefetches(self):
        gallery = self.model._meta.get_field("gallery_images").related_model
        # Gallery rows with their image joined, then the card renditions: two queries.
        renditions = CustomImage.get_rendition_model().objects.filter(
            filter_spec__in=CARD_RENDITIONS
        )
        images = (
            gallery.objects.order_by("sort_order")
            .select_related("image")
            .prefetch_related(
                Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
            )
        )
        return self.prefetch_related(Prefetch("gallery_images", queryset=images))

    def for_cards(self, today=None):
        """What public listings show: visible, OCOP, not revoked; joined and prefetched."""
        today = today or local_today()
        return (
            self.visible()
            .ocop()
            .not_revoked(today)
            .with_certification(today)
            .select_related(
                "producer", "locality__parent__parent", "locality__successor", "group", "subgroup"
            )
            .card_prefetches()
        )

    def for_check(self, today=None):
        """What the certificate check answers for: visible OCOP products, revoked included."""
        return (
            self.visible()
            .ocop()
            .with_certification(today)
            .select_related("producer", "locality", "certification__revocation")
        )

    def star_breakdown(self):
        """Counts by star level, with unpublished levels and potential 5★ apart (one query).

        Shape: ``{"by_stars": {5: n, 4: n, 3: n}, "unpublished": n,
        "potential_five": n, "total": n}``; ``by_stars`` counts published
        levels only (an unpublished level is recorded as 3★, "3★ or more");
        potential 5★ products are also in ``by_stars[4]``.
        """
        rows = (
            self.order_by()
            .values_list(f"{SUMMARY}stars", f"{SUMMARY}stars_published", f"{SUMMARY}potential_five")
            .annotate(n=Count("pk", distinct=True))
        )
        result = {"by_stars": {}, "unpublished": 0, "potential_five": 0, "total": 0}
        for stars, published, potential, n in rows:
            result["total"] += n
            if not published:
                result["unpublished"] += n
                continue
            result["by_stars"][stars] = result["by_stars"].get(stars, 0) + n
            if potential:
                result["potential_five"] += n
        return result

    def ordered_valid_first(self):
        return self.order_by("status_rank", F("cur_stars").desc(nulls_last=True), "sort_title")


ProductManager = PageManager.from_queryset(ProductQuerySet)


class ProducerQuerySet(PageQuerySet):
    """Producer pages with figures about their listed products."""

    def visible(self):
        return self.live().public()

    def with_stats(self, today=None):
        """Annotate ``certified_count`` (listed OCOP products), ``valid_count`` (of those,
        in force on ``today``), ``best_stars`` (highest star level, ``None`` without
        products) and ``best_status_rank`` (the best status of those, as
        :data:`~products_catalog.rules.Status.RANK`; ``rules.status_of_rank`` reads it).
        One correlated subquery each: queries do not grow with producers."""
        today = today or local_today()
        product_model = self.model._meta.get_field("products").related_model
        # Products count once (source language), for the producer and its translations.
        products = (
            product_model.objects.visible()
            .default_locale()
            .ocop()
            .not_revoked(today)
            .filter(producer__translation_key=OuterRef("translation_key"))
            .order_by()
            .values("producer__translation_key")
        )

        def per_producer(subset, aggregate):
            return Subquery(subset.annotate(value=aggregate).values("value")[:1])

        return self.annotate(
            certified_count=Coalesce(per_producer(products, Count("pk")), 0),
            valid_count=Coalesce(
                per_producer(products.filter(rules.in_force_q(SUMMARY, today)), Count("pk")), 0
            ),
            best_stars=per_producer(products, Max(f"{SUMMARY}stars")),
            best_status_rank=per_producer(
                products, Min(rules.status_rank_expression(SUMMARY, today))
            ),
        )

    def for_cards(self, today=None):
        """Visible producers with localities joined, logos prefetched and stats annotated."""
        return (
            self.visible()
            .select_related("locality__parent__parent", "locality__successor")
            .prefetch_related(
                Prefetch("logo", queryset=CustomImage.objects.prefetch_renditions(LOGO_RENDITION))
            )
            .with_stats(today)
        )

    def with_listed_products(self):
        """Producers with at least one visible, listed OCOP product."""
        return self.filter(certified_count__gt=0)


ProducerManager = PageManager.from_queryset(ProducerQuerySet)


def q_any_group(group):
    """``Q`` of products in ``group`` as their group or their subgroup."""
    return Q(group=group) | Q(subgroup=group)
