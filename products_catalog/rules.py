"""The OCOP rules, in one place: stars, validity, status, the ruling decision, who certifies.

Every surface (model validation, admin, importer, demo loader, search, API,
open data, labels, statistics, JSON-LD) calls these functions; none keeps a
copy. Plain Python: no views, no models of this app (the SQL form of the
status rule is built here from the same table as the Python form).

Sources:
- Star bands and the OCOP threshold: criteria annexes of Decision
  1048/QĐ-TTg (21/07/2019, Art. 1 and Annex) and Decision 148/QĐ-TTg
  (24/02/2023, Art. 2 and Annex): a score out of 100 gives 1★ (< 30),
  2★ (30–49), 3★ (50–69), 4★ (70–89), 5★ (90–100); only 3★ and above
  are OCOP products.
- Potential 5★: Decision 148/QĐ-TTg, Art. 7: a provincial council rates a
  product it scores 90 or more as 4★ and forwards it to the central
  council ("sản phẩm tiềm năng 5 sao") until the central council decides.
- Validity: 36 months from the decision date (Decision 148/QĐ-TTg, Art. 8;
  the same term under 1048/QĐ-TTg, Art. 9); the holder is told at least
  30 days before expiry; an expired or revoked certificate may not carry
  the OCOP mark.
- Who certifies (Decisions 1048/QĐ-TTg Art. 6, 148/QĐ-TTg Art. 7 and
  1489/QĐ-TTg of 06/07/2025): see :data:`LEVEL_PERIODS`.
- The 1 July 2025 reorganisation (Resolution 202/2025/QH15 and Law 72/2025/QH15
  on local government): district-level government abolished.
"""

import datetime
import operator
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Case, IntegerField, Q, TextChoices, Value, When
from django.db.models import CharField as CharFieldType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.text import fold
from taxonomy.models import REORGANISED_ON, CriteriaVersion

OCOP_MIN_STARS = 3
MAX_STARS = 5
#: OCOP star levels, highest first.
OCOP_STARS = (5, 4, 3)
# (stars, lowest score, highest score) — points out of 100.
STAR_BANDS = ((1, 0, 29), (2, 30, 49), (3, 50, 69), (4, 70, 89), (5, 90, 100))
POTENTIAL_FIVE_MIN_SCORE = 90
MAX_SCORE = 100
#: Years a decision may carry: the programme began in 2018 (Decision 490/QĐ-TTg).
FIRST_YEAR = 2018
VALIDITY_MONTHS = 36
EXPIRING_WITHIN_DAYS = 90
NOTICE_DAYS = 30

# Dates of the rules (see the module docstring).
D148_FROM = datetime.date(2023, 2, 24)
#: A 1048 decision up to this day is a warning (dossiers filed before 148 took effect).
D1048_GRACE_UNTIL = datetime.date(2023, 8, 24)
#: District-level government ended with the reorganisation (:data:`taxonomy.models.REORGANISED_ON`).
DISTRICTS_ABOLISHED_ON = REORGANISED_ON
D1489_FROM = datetime.date(2025, 7, 6)


class Level(TextChoices):
    """Who issues a decision: district, province or the central council."""

    DISTRICT = "district", _("District")
    PROVINCIAL = "provincial", _("Provincial")
    CENTRAL = "central", _("Central")


class ProducerType(TextChoices):
    """Kinds of producer ("chủ thể") recognised by the OCOP programme."""

    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative (HTX)")
    COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group (THT)")
    HOUSEHOLD = "household", _("Household business")


# Scores --------------------------------------------------------------------


def stars_for_score(score):
    """The star level (1–5) for a score of 0–100 points; ``ValueError`` outside 0–100."""
    for stars, low, high in STAR_BANDS:
        if low <= score <= high:
            return stars
    raise ValueError(f"score {score} is outside 0–100")


def score_band(stars):
    """``(lowest, highest)`` score for a star level 1–5; ``ValueError`` otherwise."""
    for band_stars, low, high in STAR_BANDS:
        if band_stars == stars:
            return low, high
    raise ValueError(f"star level {stars} is outside 1–5")


def is_ocop(stars):
    """True for 3★ and above: only these are OCOP products (``None`` → False)."""
    return stars is not None and stars >= OCOP_MIN_STARS


def is_potential_five(stars, score, level):
    """A provincial 4★ scored 90–100: "potential 5★" until the central council decides."""
    return (
        stars == 4
        and level == Level.PROVINCIAL
        and score is not None
        and POTENTIAL_FIVE_MIN_SCORE <= score <= MAX_SCORE
    )


def score_fits(stars, score, level=""):
    """Whether ``score`` (points, or ``None``) is allowed with ``stars`` at ``level``.

    In the star band, or a provincial 4★ with 90–100 (potential 5★).
    """
    if score is None or not stars:
        return True
    low, high = score_band(stars)
    return low <= score <= high or is_potential_five(stars, score, level)


# Validity and status -------------------------------------------------------


def valid_until(decision_date=None, decision_year=None):
    """``(last_valid_day, approximate)`` of a certificate.

    With a date: that date + 36 months (29 Feb → 28 Feb when the target year
    has none), exact. With only the year: 31 December of year + 3,
    approximate. With neither: ``(None, True)``.
    """
    if decision_date:
        return decision_date + relativedelta(months=VALIDITY_MONTHS), False
    if decision_year:
        return datetime.date(decision_year + VALIDITY_MONTHS // 12, 12, 31), True
    return None, True


class Status:
    """Certificate status, as of a given day. "In force" = valid or expiring."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    REVOKED = "revoked"
    UNKNOWN = "unknown"

    CHOICES = (
        (VALID, pgettext_lazy("certificate status", "Valid")),
        (EXPIRING, _("Expiring soon")),
        (EXPIRED, _("Expired")),
        (REVOKED, _("Revoked")),
        (UNKNOWN, _("Validity unknown")),
    )
    LABELS = dict(CHOICES)
    IN_FORCE = (VALID, EXPIRING)
    #: "Valid first" order of listings.
    RANK = {VALID: 0, EXPIRING: 1, UNKNOWN: 2, EXPIRED: 3, REVOKED: 4}


def status_of_rank(rank):
    """The :class:`Status` value of a :data:`Status.RANK` rank (``None`` for ``None``): the best
    status of several certificates is the one of their lowest rank."""
    return next((status for status, value in Status.RANK.items() if value == rank), None)


def is_in_force(status):
    """True for ``valid`` and ``expiring``: the product may carry the OCOP mark."""
    return status in Status.IN_FORCE


def mark_note(status):
    """Why a product with ``status`` may not carry the OCOP mark: ``""`` while in force, else
    one translated sentence (expired or revoked; validity unknown, or no status at all)."""
    if is_in_force(status):
        return ""
    if status in (Status.EXPIRED, Status.REVOKED):
        return _(
            "An expired or revoked product may not carry the OCOP mark until it is certified again."
        )
    return _(
        "The validity of its certificate is not known: only a product whose certificate "
        "is in force may carry the OCOP mark."
    )


def status_conditions(today):
    """The status rule as ordered rows ``(status, field, lookup, bound)``; the first match wins.

    Fields are the certification summary's ``revoked_on`` and
    ``valid_until``; no row matching means ``valid``. ``expiring``: at most
    90 days left (a certificate is still valid on its last day).
    """
    return (
        (Status.REVOKED, "revoked_on", "lte", today),
        (Status.UNKNOWN, "valid_until", "isnull", True),
        (Status.EXPIRED, "valid_until", "lt", today),
        (
            Status.EXPIRING,
            "valid_until",
            "lte",
            today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS),
        ),
    )


_LOOKUPS = {"lte": operator.le, "lt": operator.lt}


def status_for(valid_until_date, today, revoked_on=None):
    """The :class:`Status` value of a certificate on ``today`` (Python form of the rule)."""
    values = {"valid_until": valid_until_date, "revoked_on": revoked_on}
    for status, name, lookup, bound in status_conditions(today):
        value = values[name]
        if lookup == "isnull":
            if (value is None) == bound:
                return status
        elif value is not None and _LOOKUPS[lookup](value, bound):
            return status
    return Status.VALID


def _status_whens(prefix, today, then):
    return [
        When(Q(**{f"{prefix}{name}__{lookup}": bound}), then=Value(then(status)))
        for status, name, lookup, bound in status_conditions(today)
    ]


def _missing_summary(prefix, then):
    # Through a relation ("certification__"), a row without a summary is "unknown".
    return [When(Q(**{f"{prefix}isnull": True}), then=Value(then))] if prefix else []


def status_expression(prefix, today):
    """SQL form of :func:`status_for` over summary fields reached through ``prefix``.

    E.g. ``status_expression("certification__", today)`` on products. A
    product without a summary has status ``unknown``.
    """
    return Case(
        *_missing_summary(prefix, Status.UNKNOWN),
        *_status_whens(prefix, today, lambda status: status),
        default=Value(Status.VALID),
        output_field=CharFieldType(),
    )


def status_rank_expression(prefix, today):
    """SQL rank for "valid first" order (:data:`Status.RANK`), same rule as the status."""
    return Case(
        *_missing_summary(prefix, Status.RANK[Status.UNKNOWN]),
        *_status_whens(prefix, today, Status.RANK.get),
        default=Value(Status.RANK[Status.VALID]),
        output_field=IntegerField(),
    )


def is_revoked(revoked_on, today):
    """True once a revocation has ended the certificate (``revoked_on`` a date or ``None``)."""
    return status_for(None, today, revoked_on) == Status.REVOKED


def revocation_errors(decision_date, today):
    """``{field: message}`` of what makes a revocation decision unusable: it ends the
    certificates on its date, so the date must be given (without one it would be ignored)
    and not be in the future (a revocation is recorded once issued, as certifications
    are). Empty when fine."""
    if decision_date is None:
        return {"decision_date": _("Give the date of the revocation decision.")}
    if decision_date > today:
        return {"decision_date": _("The decision date is in the future.")}
    return {}


def revoked_q(prefix, today):
    """``Q`` of certificates a revocation has ended by ``today`` (:func:`is_revoked` in SQL)."""
    return Q(**{f"{prefix}revoked_on__lte": today})


def is_listed(stars, revoked_on, today):
    """Whether public listings show a product: OCOP stars and not revoked on ``today``
    (``ProductPage.objects.for_cards()`` in SQL)."""
    return is_ocop(stars) and not is_revoked(revoked_on, today)


def expires_within_q(prefix, today, days):
    """``Q`` of certificates whose last valid day is ``today`` … ``today + days`` (the holder's
    :data:`NOTICE_DAYS` notice; :data:`EXPIRING_WITHIN_DAYS` is the "expiring" status)."""
    return Q(
        **{
            f"{prefix}valid_until__gte": today,
            f"{prefix}valid_until__lte": today + datetime.timedelta(days=days),
        }
    )


def in_force_q(prefix, today):
    """``Q`` of certificates in force on ``today`` (valid or expiring)."""
    return Q(**{f"{prefix}valid_until__gte": today}) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": today})
    )


# The ruling decision -------------------------------------------------------


def decision_day(decision_date, decision_year, *, latest=False):
    """The day a decision took effect, or its year's first (``latest``: last) day when only
    the year is known; ``None`` without either."""
    if decision_date:
        return decision_date
    if decision_year:
        return (
            datetime.date(decision_year, 12, 31) if latest else datetime.date(decision_year, 1, 1)
        )
    return None


def recency_key(decision_date, decision_year, tiebreak=0):
    """Sort key of a certification: the latest one is the maximum.

    Latest last valid day first (a year-only decision counts to 31/12 of
    year + 3), then year, then ``tiebreak`` (e.g. the line's id: the later
    entry wins).
    """
    until, _approx = valid_until(decision_date, decision_year)
    return (until or datetime.date.min, decision_year or 0, tiebreak or 0)


def revocation_ends(revoked_on, decision_date, decision_year):
    """Whether a revocation of ``revoked_on`` ends a certificate of that date (or year).

    A revocation ends the certificates issued on or before its date; a
    certificate issued later (re-certification) is not affected. A year-only
    certificate of the revocation's year is taken as ended.
    """
    issued = decision_day(decision_date, decision_year)
    return issued is None or issued <= revoked_on


def ruling(certificates, revocations):
    """The certificate that rules a product, and the revocation that ended it (if any).

    ``certificates``: ``(item, decision_date, decision_year, tiebreak)``
    rows; ``revocations``: ``(item, revoked_on)`` rows. The latest
    certificate (:func:`recency_key`) rules; the earliest revocation dated on
    or after it ends it. Shape: ``(item | None, revocation item | None)``.
    """
    if not certificates:
        return None, None
    item, decision_date, decision_year, _tiebreak = max(
        certificates, key=lambda row: recency_key(row[1], row[2], row[3])
    )
    ending = sorted(
        (revoked_on, index, rev)
        for index, (rev, revoked_on) in enumerate(revocations)
        if revoked_on and revocation_ends(revoked_on, decision_date, decision_year)
    )
    return item, (ending[0][2] if ending else None)


# Decision numbers ----------------------------------------------------------

_DASHES = str.maketrans({dash: "-" for dash in "‐‑‒–—―−"})
_SPACES = re.compile(r"\s+")


def decision_number_key(number):
    """A decision number compared without diacritics, spaces, dash kinds or case.

    "12/QĐ-UBND", "12/QD-UBND" and "12 / qđ – ubnd" all give "12/qd-ubnd".
    """
    return _SPACES.sub("", fold(number).translate(_DASHES))


def decision_identity(number, decision_date, decision_year, issuing_body="", level=""):
    """What makes two records the same decision document.

    Numbers restart every year, so a number is a decision within its date
    (or year): ``("number", "12/qd-ubnd", 2024-05-10)``. Without a number,
    the date (or year), the issuing body (folded) and the level:
    ``("body", 2022, "ubnd tinh phu yen", "provincial")``.
    """
    when = decision_date or decision_year
    if number and decision_number_key(number):
        return ("number", decision_number_key(number), when)
    return ("body", when, " ".join(fold(issuing_body).split()), level or "")


# Who may certify (issue 11) ------------------------------------------------

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on a decision or one of its lines.

    ``severity`` is ``error`` (blocks saving, rejects an import row) or
    ``warning`` (shown; the editor acknowledges it). ``code`` is stable, for
    the acknowledgement kept on the record.
    """

    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class LevelPeriod:
    """Who may certify which stars between two dates (``until`` inclusive, ``None`` open)."""

    start: datetime.date | None
    until: datetime.date | None
    basis: str
    allowed: dict  # level → star levels allowed
    warned: dict  # level → star levels allowed with a warning


#: Decision date → who may certify (district, province, central).
LEVEL_PERIODS = (
    LevelPeriod(
        start=None,
        until=D148_FROM - datetime.timedelta(days=1),
        basis="1048/QĐ-TTg",
        allowed={Level.PROVINCIAL: (3, 4), Level.CENTRAL: (5,)},
        warned={Level.DISTRICT: (3,)},
    ),
    LevelPeriod(
        start=D148_FROM,
        until=DISTRICTS_ABOLISHED_ON - datetime.timedelta(days=1),
        basis="148/QĐ-TTg",
        allowed={Level.DISTRICT: (3,), Level.PROVINCIAL: (4,), Level.CENTRAL: (5,)},
        warned={Level.PROVINCIAL: (3,)},
    ),
    LevelPeriod(
        start=DISTRICTS_ABOLISHED_ON,
        until=None,
        basis="148/QĐ-TTg, 1489/QĐ-TTg",
        allowed={Level.PROVINCIAL: (3, 4), Level.CENTRAL: (5,)},
        warned={},
    ),
)


def only_central_certifies(stars):
    """True when, under every decision in :data:`LEVEL_PERIODS`, only the central council may
    certify ``stars`` (5★): an import may infer the level, a form refuses any other."""
    return all(
        {level for level, allowed in period.allowed.items() if stars in allowed} == {Level.CENTRAL}
        for period in LEVEL_PERIODS
    )


def period_for(day):
    """The :class:`LevelPeriod` in force on ``day``."""
    for period in LEVEL_PERIODS:
        if (period.start is None or period.start <= day) and (
            period.until is None or day <= period.until
        ):
            return period
    raise AssertionError("LEVEL_PERIODS covers every day")  # pragma: no cover


def legal_basis(decision_date=None, decision_year=None):
    """The decision(s) that governed certification on that date, e.g. "148/QĐ-TTg"."""
    day = decision_day(decision_date, decision_year, latest=True)
    return period_for(day).basis if day else ""


def criteria_version_for(decision_date=None, decision_year=None):
    """The criteria version in force: 1048 before 24/02/2023, then 148 (amended by 1489).

    A year-only 2023 decision is taken as 148 (most of the year). ``""``
    without a date or year.
    """
    day = decision_date or (datetime.date(decision_year, 7, 1) if decision_year else None)
    if day is None:
        return ""
    return str(CriteriaVersion.D148_2023 if day >= D148_FROM else CriteriaVersion.D1048_2019)


def _level_finding(level, stars, day):
    period = period_for(day)
    if level == Level.DISTRICT and day >= DISTRICTS_ABOLISHED_ON:
        return Finding(
            "district-abolished",
            ERROR,
            _("District-level government was abolished on %(date)s: no district decision.")
            % {"date": DISTRICTS_ABOLISHED_ON.strftime("%d/%m/%Y")},
        )
    if stars in period.allowed.get(level, ()):
        return None
    labels = dict(Level.choices)
    values = {"level": labels.get(level, level), "stars": stars, "basis": period.basis}
    if stars in period.warned.get(level, ()):
        return Finding(
            f"level-{level}-{stars}-warned",
            WARNING,
            _("A %(level)s %(stars)s★ decision is unusual under %(basis)s: check the source.")
            % values,
        )
    return Finding(
        f"level-{level}-{stars}",
        ERROR,
        _("Under %(basis)s a %(level)s decision cannot certify %(stars)s★.") % values,
    )


def _criteria_finding(version, day):
    if not version:
        return None
    if version == CriteriaVersion.D148_2023 and day < D148_FROM:
        return Finding(
            "criteria-148-early",
            ERROR,
            _("The 148/QĐ-TTg criteria apply from 24/02/2023 only."),
        )
    if version == CriteriaVersion.D1048_2019 and day >= D148_FROM:
        if day <= D1048_GRACE_UNTIL:
            return Finding(
                "criteria-1048-grace",
                WARNING,
                _(
                    "The 1048/QĐ-TTg criteria were replaced on 24/02/2023: acceptable until "
                    "24/08/2023 for dossiers filed before."
                ),
            )
        return Finding(
            "criteria-1048-late",
            ERROR,
            _("The 1048/QĐ-TTg criteria no longer applied after 24/08/2023."),
        )
    return None


def _sample_days(decision_date, decision_year):
    """The day of a decision, or for a year-only one every day of the year a rule changes."""
    if decision_date:
        return [decision_date]
    first, last = datetime.date(decision_year, 1, 1), datetime.date(decision_year, 12, 31)
    edges = [D148_FROM, D1048_GRACE_UNTIL, DISTRICTS_ABOLISHED_ON, D1489_FROM]
    days = {first, last}
    for edge in edges:
        for day in (edge - datetime.timedelta(days=1), edge):
            if first <= day <= last:
                days.add(day)
    return sorted(days)


def _merge(findings_per_day, year):
    """One finding per code over the sample days of a decision.

    An error on every day stays an error; for a year-only decision, an error
    on some days only (the rules changed that year) becomes a warning.
    """
    error_every_day = all(
        any(f.severity == ERROR for f in findings) for findings in findings_per_day
    )
    first_seen = {}
    for findings in findings_per_day:
        for finding in findings:
            first_seen.setdefault(finding.code, finding)
    merged = []
    for finding in first_seen.values():
        if finding.severity == ERROR and not error_every_day:
            message = _(
                "Only the year %(year)s is known and the rules changed that year: %(message)s"
            ) % {"year": year, "message": finding.message}
            merged.append(Finding(f"{finding.code}-year", WARNING, message))
        else:
            merged.append(finding)
    return merged


def check_certification(
    *, level, stars, score=None, decision_date=None, decision_year=None, criteria_version="", today
):
    """Findings for one certified product line of a decision (see :class:`Finding`).

    Checks: a date or year is given and agrees; not in the future; the score
    fits the stars (potential 5★ allowed); 5★ central only; who may certify
    on that date (:data:`LEVEL_PERIODS`); the criteria version against the
    date. For a year-only decision, a rule that fails on some days of the
    year only gives a warning. Lines of 1★/2★ are council ratings, not
    certifications: only the date and score are checked. Shape: ``list``.
    """
    findings = []
    if not decision_date and not decision_year:
        return [Finding("no-date", ERROR, _("Give the decision date, or at least its year."))]
    if not decision_date and not FIRST_YEAR <= decision_year <= today.year:
        # Checked before any date is built from it: year 20255 has no 1 January.
        return [
            Finding(
                "year-range",
                ERROR,
                _("The year must be between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": today.year},
            )
        ]
    if decision_date and decision_year and decision_date.year != decision_year:
        findings.append(
            Finding("year-mismatch", ERROR, _("The year differs from the decision date."))
        )
    if (decision_date and decision_date > today) or (
        not decision_date and decision_year > today.year
    ):
        findings.append(Finding("future", ERROR, _("The decision date is in the future.")))
    if stars and not score_fits(stars, score, level):
        low, high = score_band(stars)
        values = {"score": score, "stars": stars, "low": low, "high": high}
        findings.append(
            Finding(
                "score-band",
                ERROR,
                _("A score of %(score)s is outside the %(stars)s★ band (%(low)s–%(high)s).")
                % values,
            )
        )
    if stars == MAX_STARS and level and level != Level.CENTRAL:
        findings.append(
            Finding("five-star-central", ERROR, _("5★ is certified by the central council only."))
        )
    if not is_ocop(stars):
        return findings
    per_day = []
    for day in _sample_days(decision_date, decision_year):
        found = [_criteria_finding(criteria_version, day)]
        if level and not (stars == MAX_STARS and level != Level.CENTRAL):
            found.append(_level_finding(level, stars, day))
        per_day.append([f for f in found if f is not None])
    return findings + _merge(per_day, decision_year)


def errors_of(findings):
    return [f for f in findings if f.severity == ERROR]


def warnings_of(findings):
    return [f for f in findings if f.severity == WARNING]
