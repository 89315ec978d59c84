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

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from events.choices import RegistrationStatus
from products_catalog.filters import locality_family_ids
from products_catalog.models import CertificationDecision, DecisionLine
from programme.records import (
    OFFICIAL_LEVELS,
    TRAINING_EVENT_TYPES,
    EvaluationRound,
    ParticipantRole,
    TrainingParticipant,
    TrainingRoster,
)


@dataclass
class Progress:
    """``achieved`` of ``goal``; ``by_year`` {year: counted that year}; ``notes`` on coverage.

    For products (certified or registered) ``goal`` is the target number.
    For people trained ``goal`` is the denominator (the officials' roster,
    or the producers in the period's rounds; ``None`` when unknown) and
    ``required_percent`` the target's percentage.

    ``state``: ``achieved``, ``upcoming`` (period not started), ``missed``
    (period over, short of target), ``in_progress``, ``no_records`` (the
    register holds nothing for the period: not a zero) or ``no_base``
    (people trained, but no roster / no producers to count against).
    ``notes``: what the register covers, e.g. "2021: no decisions recorded".
    """

    target: object
    achieved: int
    today: datetime.date
    by_year: dict = field(default_factory=dict)
    goal: int | None = None
    required_percent: int | None = None
    notes: list = field(default_factory=list)
    has_records: bool = True

    STATE_LABELS = {
        "achieved": _("Achieved"),
        "upcoming": _("Not started"),
        "missed": _("Not reached"),
        "in_progress": _("In progress"),
        "no_records": _("Not known: nothing recorded"),
        "no_base": _("Not known: no roster to count against"),
    }

    def __post_init__(self):
        if self.goal is None and self.required_percent is None:
            self.goal = self.target.target_products

    @property
    def percent(self):
        """Whole percent of ``goal`` achieved (may exceed 100; 0 without a goal)."""
        if self.goal is None:
            return 0
        if not self.goal:
            return 100
        return self.achieved * 100 // self.goal

    @property
    def bar_percent(self):
        return min(self.percent, 100)

    @property
    def remaining(self):
        """How many more are needed (people: to reach the required percentage)."""
        if self.goal is None:
            return None
        needed = self.goal
        if self.required_percent is not None:
            needed = -(-self.goal * self.required_percent // 100)  # ceiling
        return max(needed - self.achieved, 0)

    @property
    def reached(self):
        if self.goal is None:
            return False
        if self.required_percent is not None:
            return self.achieved * 100 >= self.required_percent * self.goal
        return self.achieved >= self.goal

    @property
    def state(self):
        if self.goal is None:
            return "no_base"
        if self.reached:
            return "achieved"
        if self.today.year < self.target.period_start:
            return "upcoming"
        if not self.has_records:
            return "no_records"
        if self.today.year > self.target.last_year:
            return "missed"
        return "in_progress"

    @property
    def state_label(self):
        return self.STATE_LABELS[self.state]

    @property
    def known(self):
        """False when the figure would be a misleading zero (show ``notes`` instead)."""
        return self.state not in ("no_records", "no_base")

    @property
    def display(self):
        """ "38 of 40 (95%)", or the coverage notes when the register cannot tell."""
        if not self.known:
            return "; ".join(str(note) for note in self.notes) or str(self.state_label)
        return _("%(achieved)s of %(goal)s (%(percent)s%%)") % {
            "achieved": self.achieved,
            "goal": self.goal,
            "percent": self.percent,
        }

    @property
    def notes_text(self):
        return "; ".join(str(note) for note in self.notes)


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


def _period_years(target, today):
    """Years of the period up to today (the ones the register could already hold)."""
    return [y for y in range(target.period_start, target.last_year + 1) if y <= today.year]


def published_note(target, today):
    """The note on the province's own figure once the period is over (or ``None``)."""
    if today.year <= target.last_year:
        return None
    if target.reported_achieved is None:
        return _("the province has not published its %(period)s figure") % {
            "period": target.period_label
        }
    return _("the province published %(count)s for %(period)s") % {
        "count": target.reported_achieved,
        "period": target.period_label,
    }


def _with_published(notes, target, today):
    note = published_note(target, today)
    return notes + [note] if note else notes


def products_progress(target, today):
    """Products certified: distinct products, first qualifying year (two queries)."""
    first_year = {}
    for page_id, year in qualifying_lines(target).values_list(
        "product_id", "decision__decision_year"
    ):
        if page_id not in first_year or year < first_year[page_id]:
            first_year[page_id] = year
    by_year = {year: 0 for year in range(target.period_start, target.last_year + 1)}
    for year in first_year.values():
        by_year[year] += 1
    recorded_years = set(
        CertificationDecision.objects.filter(
            decision_year__gte=target.period_start, decision_year__lte=target.last_year
        )
        .values_list("decision_year", flat=True)
        .distinct()
    )
    notes = [
        _("%(year)s: no decisions recorded") % {"year": year}
        for year in _period_years(target, today)
        if year not in recorded_years
    ]
    return Progress(
        target=target,
        achieved=len(first_year),
        today=today,
        by_year=by_year,
        notes=_with_published(notes, target, today),
        has_records=bool(recorded_years),
    )


def _trained(roles, target):
    """``[(person key, event year, producer id)]`` of people who attended a course of the period.

    Attended: at least one session ticked, or the course records no
    sessions and the registration is not cancelled. A person is keyed by
    e-mail (lower case), else by registration.
    """
    rows = (
        TrainingParticipant.objects.filter(
            role__in=roles,
            registration__event__event_type__in=TRAINING_EVENT_TYPES,
        )
        .exclude(registration__status=RegistrationStatus.CANCELLED)
        .annotate(
            attended=Count("sessions", distinct=True),
            planned=Count("registration__event__training_sessions", distinct=True),
        )
        .values_list(
            "registration_id",
            "registration__email",
            "registration__event__start",
            "producer_id",
            "attended",
            "planned",
        )
    )
    people = []
    for reg_id, email, start, producer_id, attended, planned in rows:
        year = timezone.localtime(start).year
        if not target.period_start <= year <= target.last_year:
            continue
        if attended or not planned:
            people.append((email.lower() if email else f"#{reg_id}", year, producer_id))
    return people


def _first_years(keyed):
    """``{key: first year}`` from ``[(key, year)]``."""
    first = {}
    for key, year in keyed:
        if key not in first or year < first[key]:
            first[key] = year
    return first


def _by_year(target, first):
    by_year = {year: 0 for year in range(target.period_start, target.last_year + 1)}
    for year in first.values():
        by_year[year] += 1
    return by_year


def officials_progress(target, today):
    """Officials trained in the period against the roster of its last year."""
    roles = [
        role
        for role, level in OFFICIAL_LEVELS.items()
        if not target.roster_level or level == target.roster_level
    ]
    first = _first_years((key, year) for key, year, _p in _trained(roles, target))
    rosters = TrainingRoster.objects.filter(year=target.last_year)
    if target.roster_level:
        rosters = rosters.filter(level=target.roster_level)
    rosters = list(rosters)
    goal = sum(r.officials for r in rosters) if rosters else None
    notes = []
    if goal is None:
        notes.append(_("%(year)s: no roster of officials recorded") % {"year": target.last_year})
    elif any(r.is_sample for r in rosters):
        notes.append(_("the roster is a sample, not an official figure"))
    if not first:
        notes += [
            _("%(year)s: no training recorded") % {"year": y} for y in _period_years(target, today)
        ]
    return Progress(
        target=target,
        achieved=len(first),
        today=today,
        by_year=_by_year(target, first),
        goal=goal,
        required_percent=target.target_products,
        notes=_with_published(notes, target, today),
        has_records=bool(first),
    )


def _rounds(target):
    rounds = EvaluationRound.objects.filter(
        year__gte=target.period_start, year__lte=target.last_year
    )
    if target.scope_id:
        rounds = rounds.filter(locality_id__in=locality_family_ids(target.scope))
    return rounds


def managers_progress(target, today):
    """Producers whose manager was trained, of the producers in the period's rounds.

    Base: the distinct producers of the rounds' dossiers; for rounds with
    no dossier, their reported producers are added (and any trained
    producer may count towards those, capped at that number).
    """
    rounds = list(_rounds(target).prefetch_related("dossiers"))
    in_rounds, reported_only = set(), 0
    for round_ in rounds:
        dossiers = list(round_.dossiers.all())
        if dossiers:
            in_rounds |= {d.producer_id for d in dossiers if d.producer_id}
        elif round_.reported_producers:
            reported_only += round_.reported_producers
    trained = _trained([ParticipantRole.PRODUCER_MANAGER], target)
    first = _first_years((p, year) for _k, year, p in trained if p)
    counted = {p: y for p, y in first.items() if p in in_rounds}
    extra = min(len(set(first) - in_rounds), reported_only)
    goal = len(in_rounds) + reported_only if (in_rounds or reported_only) else None
    notes = []
    if goal is None:
        notes.append(_("no producers recorded in the period's rounds"))
    return Progress(
        target=target,
        achieved=len(counted) + extra,
        today=today,
        by_year=_by_year(target, counted),
        goal=goal,
        required_percent=target.target_products,
        notes=_with_published(notes, target, today),
        has_records=bool(first),
    )


def registered_progress(target, today):
    """Products registered for evaluation: dossiers, else the reported figure, per round."""
    by_year = {year: 0 for year in range(target.period_start, target.last_year + 1)}
    notes, known = [], False
    for round_ in _rounds(target).annotate(n_dossiers=Count("dossiers")):
        count = round_.n_dossiers or round_.reported_registered
        if count is None:
            notes.append(_("%(round)s: no registration figure") % {"round": round_.label})
            continue
        known = True
        by_year[round_.year] += count
    years_with = {y for y, n in by_year.items() if n}
    notes = [
        _("%(year)s: no rounds recorded") % {"year": y}
        for y in _period_years(target, today)
        if y not in years_with
    ] + notes
    return Progress(
        target=target,
        achieved=sum(by_year.values()),
        today=today,
        by_year=by_year,
        notes=_with_published(notes, target, today),
        has_records=known,
    )


CALCULATORS = {
    "products_certified": products_progress,
    "officials_trained": officials_progress,
    "managers_trained": managers_progress,
    "products_registered": registered_progress,
}


def progress(target, today=None):
    """Live :class:`Progress` of ``target`` for its ``kind`` (a few queries)."""
    today = today or timezone.localdate()
    return CALCULATORS[target.kind or "products_certified"](target, today)
