"""Keep each product's :class:`CertificationSummary` in step with its decisions.

:func:`refresh_summaries` is the one function that writes summaries. It runs
whenever a decision line, a decision or a revocation is saved or deleted —
from the admin, the importer or the demo loader alike — through the signal
handlers connected by :func:`connect_signals` (``apps.ready``). Code that
writes lines with ``bulk_create`` or ``update()`` (no signals) calls
:func:`refresh_for_products` itself.
"""

from collections import defaultdict

from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from products_catalog import rules
from products_catalog.models import (
    CertificationDecision,
    CertificationSummary,
    DecisionLine,
    ProductPage,
    RevocationDecision,
    RevocationLine,
)


def _lines_by_key(keys):
    lines = (
        DecisionLine.objects.filter(product__translation_key__in=keys)
        .select_related("decision")
        .annotate(key=F("product__translation_key"))
    )
    grouped = defaultdict(list)
    for line in lines:
        grouped[line.key].append(line)
    return grouped


def _revocations_by_key(keys):
    rows = (
        RevocationLine.objects.filter(product__translation_key__in=keys)
        .select_related("revocation")
        .annotate(key=F("product__translation_key"))
    )
    grouped = defaultdict(list)
    for row in rows:
        if row.revocation.decision_date:
            grouped[row.key].append(row.revocation)
    return grouped


def fill(summary, lines, revocations):
    """Set ``summary``'s fields from a product's decision lines and revocations (no save)."""
    ruling, revocation = rules.ruling(
        [
            (line, line.decision.decision_date, line.decision.decision_year, line.pk)
            for line in lines
        ],
        [(rev, rev.decision_date) for rev in revocations],
    )
    decision = ruling.decision if ruling else None
    until, approximate = (
        rules.valid_until(decision.decision_date, decision.decision_year)
        if decision
        else (None, True)
    )
    ocop_years = [
        line.decision.decision_year
        for line in lines
        if rules.is_ocop(line.stars) and line.decision.decision_year
    ]
    summary.line = ruling
    summary.stars = ruling.stars if ruling else None
    summary.stars_published = ruling.stars_published if ruling else True
    summary.score = ruling.score if ruling else None
    summary.potential_five = bool(ruling) and rules.is_potential_five(
        ruling.stars, ruling.score, decision.level
    )
    summary.level = decision.level if decision else ""
    summary.criteria_version = decision.criteria_version if decision else ""
    summary.decision_number = decision.number if decision else ""
    summary.issuing_body = decision.issuing_body if decision else ""
    summary.decision_date = decision.decision_date if decision else None
    summary.decision_year = decision.decision_year if decision else None
    summary.valid_until, summary.valid_until_approximate = until, approximate
    summary.revocation = revocation
    summary.revoked_on = revocation.decision_date if revocation else None
    summary.revocation_reason = revocation.reason if revocation else ""
    summary.first_year = min(ocop_years) if ocop_years else None
    summary.decisions_count = len(lines)
    return summary


CHUNK = 500
SUMMARY_FIELDS = [
    field.name
    for field in CertificationSummary._meta.concrete_fields
    if field.name not in ("id", "translation_key")
]


def refresh_summaries(translation_keys):
    """Recompute the summaries of these product identities and link their pages.

    A constant number of queries whatever the number of identities (reads,
    then bulk writes in batches of 500): a 20,000-product import refreshes
    in seconds.
    """
    keys = sorted({key for key in translation_keys if key})
    for start in range(0, len(keys), CHUNK):
        _refresh_chunk(set(keys[start : start + CHUNK]))


def _refresh_chunk(keys):
    lines, revocations = _lines_by_key(keys), _revocations_by_key(keys)
    existing = {
        summary.translation_key: summary
        for summary in CertificationSummary.objects.filter(translation_key__in=keys)
    }
    now = timezone.now()
    created, updated = [], []
    for key in keys:
        summary = existing.get(key) or CertificationSummary(translation_key=key)
        fill(summary, lines[key], revocations[key])
        summary.updated_at = now
        (updated if summary.pk else created).append(summary)
    CertificationSummary.objects.bulk_create(created, batch_size=500)
    CertificationSummary.objects.bulk_update(updated, SUMMARY_FIELDS, batch_size=500)
    summary_ids = {
        key: pk
        for key, pk in CertificationSummary.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "pk"
        )
    }
    relinked = [
        ProductPage(page_ptr_id=pk, certification_id=summary_ids[key])
        for pk, key, current in ProductPage.objects.filter(translation_key__in=keys).values_list(
            "pk", "translation_key", "certification_id"
        )
        if current != summary_ids[key]
    ]
    ProductPage.objects.bulk_update(relinked, ["certification"], batch_size=500)


def refresh_for_products(product_ids):
    """:func:`refresh_summaries` for the identities of these product page ids."""
    ids = {pk for pk in product_ids if pk}
    if ids:
        refresh_summaries(
            ProductPage.objects.filter(pk__in=ids).values_list("translation_key", flat=True)
        )


# Signals ---------------------------------------------------------------------


def _remember_product(sender, instance, **kwargs):
    # A line moved to another product must refresh the old one too.
    instance._previous_product_id = (
        sender.objects.filter(pk=instance.pk).values_list("product_id", flat=True).first()
        if instance.pk
        else None
    )


def _line_changed(sender, instance, **kwargs):
    refresh_for_products([instance.product_id, getattr(instance, "_previous_product_id", None)])


def _decision_changed(sender, instance, **kwargs):
    refresh_for_products(instance.lines.values_list("product_id", flat=True))


def connect_signals():
    """Connect the handlers that keep summaries current (called from ``apps.ready``)."""
    for line_model in (DecisionLine, RevocationLine):
        pre_save.connect(
            _remember_product, sender=line_model, dispatch_uid=f"remember-{line_model.__name__}"
        )
        post_save.connect(
            _line_changed, sender=line_model, dispatch_uid=f"saved-{line_model.__name__}"
        )
        post_delete.connect(
            _line_changed, sender=line_model, dispatch_uid=f"deleted-{line_model.__name__}"
        )
    for decision_model in (CertificationDecision, RevocationDecision):
        post_save.connect(
            _decision_changed,
            sender=decision_model,
            dispatch_uid=f"saved-{decision_model.__name__}",
        )
