"""Progress against :class:`~programme.models.ProgrammeTarget`, computed live.

This module takes the targets it is given (it sits below ``programme.models``;
``ProgrammeTarget.objects.for_year(year)`` picks the targets of a year).

What counts, for a target with period ``start``–``end`` (inclusive):
each **distinct live product** with at least one certification decision
- whose year (the decision date's year, or the year alone when no date is
  known) lies in the period;
- with at least ``min_stars`` stars (3★ by default: only 3★+ are OCOP);
- at ``level`` when the target names one (e.g. "provincial" for Phú Yên's
  2021 target of "provincial-level OCOP products"), any level otherwise;
- that is a new certification, unless ``include_renewals`` is ticked;
- certified in the target's locality (the unit, the units under it and the
  abolished units it now holds) when a scope is set; anywhere otherwise.

A product certified twice in the period counts once, in the year of its
first qualifying decision (so ``by_year`` adds up to ``achieved``).
Draft (unpublished) products and decisions saved only in draft revisions do
not count. Sub-rules in the rule text (e.g. "at least 2 per district") are
shown, not computed.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from products_catalog.filters import locality_family_ids
from products_catalog.models import DecisionLine


@dataclass
class Progress:
    """``achieved`` of ``target`` products; ``by_year`` {year: new products counted}.

    ``state``: ``achieved`` (≥ target), ``upcoming`` (period not started),
    ``missed`` (period over, short of target), ``in_progress`` otherwise.
    """

    target: object
    achieved: int
    today: datetime.date
    by_year: dict = field(default_factory=dict)

    STATE_LABELS = {
        "achieved": _("Achieved"),
        "upcoming": _("Not started"),
        "missed": _("Not reached"),
        "in_progress": _("In progress"),
    }

    @property
    def goal(self):
        return self.target.target_products

    @property
    def percent(self):
        """Whole percent achieved (may exceed 100)."""
        if not self.goal:
            return 100
        return self.achieved * 100 // self.goal

    @property
    def bar_percent(self):
        return min(self.percent, 100)

    @property
    def remaining(self):
        return max(self.goal - self.achieved, 0)

    @property
    def state(self):
        if self.achieved >= self.goal:
            return "achieved"
        if self.today.year < self.target.period_start:
            return "upcoming"
        if self.today.year > self.target.last_year:
            return "missed"
        return "in_progress"

    @property
    def state_label(self):
        return self.STATE_LABELS[self.state]


def qualifying_lines(target):
    """Decision lines that count towards ``target`` (see the module docstring)."""
    lines = DecisionLine.objects.filter(
        product__live=True,
        product__locale=Locale.get_default(),
        decision__decision_year__gte=target.period_start,
        decision__decision_year__lte=target.last_year,
        stars__gte=target.min_stars,
    )
    if target.level:
        lines = lines.filter(decision__level=target.level)
    if not target.include_renewals:
        lines = lines.filter(kind=DecisionLine.Kind.NEW)
    if target.scope_id:
        lines = lines.filter(product__locality_id__in=locality_family_ids(target.scope))
    return lines


def progress(target, today=None):
    """Live :class:`Progress` of ``target`` (one query, two with a scope)."""
    first_year = {}
    for page_id, year in qualifying_lines(target).values_list(
        "product_id", "decision__decision_year"
    ):
        if page_id not in first_year or year < first_year[page_id]:
            first_year[page_id] = year
    by_year = {year: 0 for year in range(target.period_start, target.last_year + 1)}
    for year in first_year.values():
        by_year[year] += 1
    return Progress(
        target=target,
        achieved=len(first_year),
        today=today or timezone.localdate(),
        by_year=by_year,
    )
