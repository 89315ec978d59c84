"""OCOP certification rules: star bands, validity and status.

Sources:
- Star bands: criteria annexes of Decision 1048/QĐ-TTg (2019) and Decision
  148/QĐ-TTg (2023): a score out of 100 gives 1★ (<30), 2★ (30–49),
  3★ (50–69), 4★ (70–89), 5★ (90–100). Only 3★ and above are OCOP products.
- Validity: a certificate is valid for 36 months from the decision date
  (Decision 148/QĐ-TTg, Article 8; same term under 1048/QĐ-TTg); the holder
  is told at least 30 days before expiry.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

VALIDITY_MONTHS = 36
EXPIRING_WITHIN_DAYS = 90
NOTICE_DAYS = 30
OCOP_MIN_STARS = 3

# (stars, lowest score, highest score) — scores are points out of 100.
STAR_BANDS = ((1, 0, 29), (2, 30, 49), (3, 50, 69), (4, 70, 89), (5, 90, 100))


class Status:
    """Certificate status values, computed at request time."""

    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    UNKNOWN = "unknown"

    # "unknown": the source gave neither the decision date nor its year.
    CHOICES = (
        (VALID, _("Valid")),
        (EXPIRING, _("Expiring soon")),
        (EXPIRED, _("Expired")),
        (UNKNOWN, _("Validity unknown")),
    )
    LABELS = dict(CHOICES)


def stars_for_score(score):
    """Return the star level (1–5) for a score of 0–100 points.

    Raises ``ValueError`` for a score outside 0–100.
    """
    for stars, low, high in STAR_BANDS:
        if low <= score <= high:
            return stars
    raise ValueError(f"score {score} is outside 0–100")


def score_band(stars):
    """Return ``(lowest, highest)`` score for a star level 1–5; ``ValueError`` otherwise."""
    for band_stars, low, high in STAR_BANDS:
        if band_stars == stars:
            return low, high
    raise ValueError(f"star level {stars} is outside 1–5")


def valid_until(decision_date=None, decision_year=None):
    """Return ``(last_valid_day, approximate)`` for a certificate.

    With a decision date: that date + 36 months (29 Feb → 28 Feb when the
    target year has none), exact. With only the year: 31 December of year + 3,
    approximate. With neither: ``(None, True)``.
    """
    if decision_date:
        return decision_date + relativedelta(months=VALIDITY_MONTHS), False
    if decision_year:
        return datetime.date(decision_year + VALIDITY_MONTHS // 12, 12, 31), True
    return None, True


def status_for(valid_until_date, today):
    """Return a :class:`Status` value for a last valid day, as seen on ``today``.

    ``expiring`` means at most 90 days left (the certificate is still valid on
    its last day); ``unknown`` when no validity date is known.
    """
    if valid_until_date is None:
        return Status.UNKNOWN
    if valid_until_date < today:
        return Status.EXPIRED
    if (valid_until_date - today).days <= EXPIRING_WITHIN_DAYS:
        return Status.EXPIRING
    return Status.VALID
