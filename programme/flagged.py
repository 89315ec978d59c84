"""Records the rules flag today: recorded decisions and lines that break or strain a rule.

:func:`flagged_records` runs :func:`products_catalog.rules.check_certification`
over every recorded decision line (and decisions without any line), as the
admin form and the importer do, and returns one :class:`Flag` per finding.
Queries: two, whatever the number of records.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core import exports
from products_catalog import rules
from products_catalog.models import CertificationDecision, DecisionLine


@dataclass(frozen=True)
class Flag:
    """One finding on one record; ``line`` is ``None`` for a decision without lines."""

    decision: CertificationDecision
    line: DecisionLine | None
    finding: rules.Finding
    acknowledged: bool

    @property
    def product(self):
        return self.line.product if self.line else None


def _acknowledged(decision):
    return {(item.get("code"), item.get("product")) for item in decision.acknowledged or []}


def _findings(decision, stars, score, today):
    return rules.check_certification(
        level=decision.level,
        stars=stars,
        score=score,
        decision_date=decision.decision_date,
        decision_year=decision.decision_year,
        criteria_version=decision.criteria_version,
        today=today,
    )


def flagged_records(today, severity=None):
    """Every :class:`Flag` on ``today``, errors first, then by decision (newest first).

    ``severity``: ``"error"`` or ``"warning"`` to keep only those.
    """
    flags = []
    lines = DecisionLine.objects.select_related("decision", "product").order_by("decision", "pk")
    seen_decisions = set()
    for line in lines:
        decision = line.decision
        seen_decisions.add(decision.pk)
        accepted = _acknowledged(decision)
        for finding in _findings(decision, line.stars, line.score, today):
            ack = (finding.code, line.product_id) in accepted
            flags.append(Flag(decision, line, finding, ack))
    for decision in CertificationDecision.objects.exclude(pk__in=seen_decisions):
        for finding in _findings(decision, None, None, today):
            flags.append(Flag(decision, None, finding, False))
    if severity:
        flags = [flag for flag in flags if flag.finding.severity == severity]
    flags.sort(
        key=lambda flag: (
            flag.finding.severity != rules.ERROR,
            -(flag.decision.decision_year or 0),
            -flag.decision.pk,
        )
    )
    return flags


CSV_COLUMNS = (
    "severity",
    "code",
    "message",
    "acknowledged",
    "decision_id",
    "decision_number",
    "decision_date",
    "decision_year",
    "issuing_body",
    "level",
    "product_id",
    "product",
    "stars",
    "score",
)


def as_csv(flags):
    """``flags`` as CSV text (UTF-8 with BOM for Excel; messages in the active language).

    Written by :func:`core.exports.csv_text`, as every export: a decision number or a
    product title typed as ``=HYPERLINK(…)`` stays text in a spreadsheet."""
    rows = []
    for flag in flags:
        decision, line = flag.decision, flag.line
        rows.append(
            [
                flag.finding.severity,
                flag.finding.code,
                str(flag.finding.message),
                _("yes") if flag.acknowledged else _("no"),
                decision.pk,
                decision.number,
                decision.decision_date.isoformat() if decision.decision_date else "",
                decision.decision_year or "",
                decision.issuing_body,
                decision.level,
                line.product_id if line else "",
                line.product.title if line else "",
                line.stars if line else "",
                "" if not line or line.score is None else line.score,
            ]
        )
    return exports.csv_text(CSV_COLUMNS, rows)
