"""Evaluation rounds and certification decisions, both ways.

- :func:`issue_decision`: the certifying dossiers of a round become one
  ``CertificationDecision`` (a line per product), checked by
  :func:`products_catalog.rules.check_certification` first.
- :func:`sync_round`: a decision written by the council-decision import
  creates or updates its round (one per decision) and a dossier per line.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import fold
from products_catalog import rules
from products_catalog.models import CertificationDecision, DecisionLine
from programme.records import CERTIFYING_RESULTS, Council, Dossier, DossierResult, EvaluationRound

ROUND_NUMBER = re.compile(r"\bdot\s*(\d{1,2})\b")


class RoundError(Exception):
    """The round cannot produce a decision; ``reasons`` lists why."""

    def __init__(self, *reasons):
        super().__init__("; ".join(str(r) for r in reasons))
        self.reasons = list(reasons)


def round_number_of(batch):
    """The round number in a batch text ("đợt 1 năm 2022" → 1), or ``None``."""
    found = ROUND_NUMBER.search(fold(batch or ""))
    return int(found.group(1)) if found else None


def _kind_for(product_id, decision_date):
    """``renewal`` when the product already holds an earlier decision line."""
    earlier = DecisionLine.objects.filter(product_id=product_id).exclude(
        decision__decision_date__gte=decision_date
    )
    return DecisionLine.Kind.RENEWAL if earlier.exists() else DecisionLine.Kind.NEW


@transaction.atomic
def issue_decision(round_, *, number, decision_date, issuing_body="", user=None, today=None):
    """Create the certification decision of ``round_``'s certifying dossiers; returns it.

    Raises :class:`RoundError` when the round already has a decision, has no
    certifying dossier with a catalogue product, or when the rules find an
    error in a line. Warnings are recorded as acknowledged by ``user``.
    """
    today = today or timezone.localdate()
    if round_.decision_id:
        raise RoundError(_("This round already has its certification decision."))
    dossiers = [
        d
        for d in round_.dossiers.select_related("product")
        if d.result in CERTIFYING_RESULTS and d.product_id
    ]
    if not dossiers:
        raise RoundError(_("No certified dossier with a catalogue product to put in a decision."))
    criteria = rules.criteria_version_for(decision_date)
    reasons, acknowledged = [], []
    for dossier in dossiers:
        findings = rules.check_certification(
            level=round_.level,
            stars=dossier.stars,
            score=dossier.council_score,
            decision_date=decision_date,
            criteria_version=criteria,
            today=today,
        )
        for finding in rules.errors_of(findings):
            reasons.append(f"{dossier.product.title}: {finding.message}")
        for finding in rules.warnings_of(findings):
            acknowledged.append(
                {
                    "code": finding.code,
                    "message": str(finding.message),
                    "product": dossier.product_id,
                    "by": user.get_username() if user else "round",
                    "at": timezone.now().isoformat(),
                }
            )
    if reasons:
        raise RoundError(*reasons)
    decision = CertificationDecision(
        number=number,
        decision_date=decision_date,
        issuing_body=issuing_body,
        level=round_.level,
        criteria_version=criteria,
        batch=str(round_.label)[:120],
        acknowledged=acknowledged,
    )
    decision.save()
    for dossier in dossiers:
        DecisionLine(
            decision=decision,
            product_id=dossier.product_id,
            stars=dossier.stars,
            score=dossier.council_score,
            kind=_kind_for(dossier.product_id, decision_date),
        ).save()  # the signals refresh the product's certification summary
    round_.decision = decision
    round_.save(update_fields=["decision"])
    return decision


def _result_for(line, level):
    if rules.is_potential_five(line.stars, line.score, level):
        return DossierResult.POTENTIAL_FIVE
    if rules.is_ocop(line.stars):
        return DossierResult.CERTIFIED
    return DossierResult.NOT_REACHED


def _council_for(level, year):
    for council in Council.objects.filter(level=level, term_start__lte=year, locality=None):
        if council.term_end is None or council.term_end >= year:
            return council
    return None


def sync_round(decision):
    """Create or update the round of an imported ``decision``; returns ``(round, created)``.

    One round per decision; a dossier per line (product, producer, council
    score, stars, result from the rules). Reported figures are left to the
    editor.
    """
    year = decision.decision_year or (decision.decision_date and decision.decision_date.year)
    if not year:
        return None, False  # no year: no round to file it under
    level = decision.level or rules.Level.PROVINCIAL
    round_ = EvaluationRound.objects.filter(decision=decision).first()
    created = round_ is None
    if created:
        round_ = EvaluationRound(
            decision=decision,
            level=level,
            year=year,
            number=round_number_of(decision.batch),
            council=_council_for(level, year),
            note=_("Created by the council-decision import"),
        )
    else:
        round_.year = year
        round_.level = level
    round_.save()
    existing = {d.product_id: d for d in round_.dossiers.all() if d.product_id}
    lines = decision.lines.select_related("product")
    for order, line in enumerate(lines):
        dossier = existing.get(line.product_id) or Dossier(round=round_, product=line.product)
        dossier.producer_id = line.product.producer_id
        dossier.council_score = line.score
        dossier.stars = line.stars
        dossier.result = _result_for(line, level)
        dossier.sort_order = order
        dossier.save()
    return round_, created
