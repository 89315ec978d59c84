"""The OCOP rules at their edges: stars, validity, status, ruling line, numbers, who certifies."""

import datetime

import pytest

from products_catalog import rules
from products_catalog.rules import ERROR, WARNING, Level, Status
from taxonomy.models import CriteriaVersion

D = datetime.date
TODAY = D(2026, 11, 29)  # fixed: these rules are checked on dates of their own
DAY = datetime.timedelta(days=1)
V1048, V148 = str(CriteriaVersion.D1048_2019), str(CriteriaVersion.D148_2023)


@pytest.mark.parametrize(
    "score,stars",
    [(0, 1), (29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5), (100, 5)],
)
def test_star_bands(score, stars):
    assert rules.stars_for_score(score) == stars
    low, high = rules.score_band(stars)
    assert low <= score <= high


@pytest.mark.parametrize("score", [-1, 101])
def test_score_outside_range_raises(score):
    with pytest.raises(ValueError):
        rules.stars_for_score(score)


@pytest.mark.parametrize(
    "stars,ocop", [(None, False), (1, False), (2, False), (3, True), (5, True)]
)
def test_only_three_stars_and_above_are_ocop(stars, ocop):
    assert rules.is_ocop(stars) is ocop


@pytest.mark.parametrize(
    "stars,score,level,potential",
    [
        (4, 89, Level.PROVINCIAL, False),
        (4, 90, Level.PROVINCIAL, True),
        (4, 100, Level.PROVINCIAL, True),
        (4, 150, Level.PROVINCIAL, False),  # out of 100: a typing mistake, not potential 5★
        (4, 92, Level.DISTRICT, False),
        (4, None, Level.PROVINCIAL, False),
        (5, 95, Level.CENTRAL, False),
    ],
)
def test_potential_five_stars(stars, score, level, potential):
    assert rules.is_potential_five(stars, score, level) is potential


def test_provincial_four_stars_scored_92_fits_but_district_does_not():
    assert rules.score_fits(4, 92, Level.PROVINCIAL)
    assert not rules.score_fits(4, 92, Level.DISTRICT)
    assert not rules.score_fits(3, 75, Level.PROVINCIAL)
    assert not rules.score_fits(4, 150, Level.PROVINCIAL)


def test_valid_until_is_36_months_after_decision():
    assert rules.valid_until(D(2022, 4, 19)) == (D(2025, 4, 19), False)


def test_valid_until_from_29_february():
    # 2027 has no 29 February: the certificate runs to the 28th.
    assert rules.valid_until(D(2024, 2, 29)) == (D(2027, 2, 28), False)


def test_valid_until_from_year_only_is_approximate():
    assert rules.valid_until(None, 2020) == (D(2023, 12, 31), True)
    assert rules.valid_until(None, None) == (None, True)


@pytest.mark.parametrize(
    "days_left,status",
    [
        (91, Status.VALID),
        (90, Status.EXPIRING),
        (1, Status.EXPIRING),
        (0, Status.EXPIRING),  # the last day is still valid
        (-1, Status.EXPIRED),
    ],
)
def test_status_boundaries(days_left, status):
    assert rules.status_for(TODAY + datetime.timedelta(days=days_left), TODAY) == status


def test_status_unknown_and_revoked():
    assert rules.status_for(None, TODAY) == Status.UNKNOWN
    future = TODAY + datetime.timedelta(days=400)
    assert rules.status_for(future, TODAY, revoked_on=TODAY) == Status.REVOKED
    assert rules.status_for(future, TODAY, revoked_on=TODAY + datetime.timedelta(days=1)) == (
        Status.VALID
    )


def test_in_force_is_valid_or_expiring():
    assert [s for s, _label in Status.CHOICES if rules.is_in_force(s)] == [
        Status.VALID,
        Status.EXPIRING,
    ]


def test_revoked_and_listed():
    assert rules.is_revoked(TODAY, TODAY) and not rules.is_revoked(None, TODAY)
    assert not rules.is_revoked(TODAY + datetime.timedelta(days=1), TODAY)
    assert rules.is_listed(3, None, TODAY) and rules.is_listed(5, TODAY + DAY, TODAY)
    assert not rules.is_listed(2, None, TODAY) and not rules.is_listed(None, None, TODAY)
    assert not rules.is_listed(4, TODAY - DAY, TODAY)


def test_only_the_central_council_certifies_five_stars():
    assert rules.only_central_certifies(5)
    assert not any(rules.only_central_certifies(stars) for stars in (1, 2, 3, 4))


def test_status_of_rank_reads_the_best_of_several_certificates():
    ranks = [Status.RANK[s] for s in (Status.EXPIRED, Status.EXPIRING, Status.UNKNOWN)]
    assert rules.status_of_rank(min(ranks)) == Status.EXPIRING
    assert [rules.status_of_rank(rank) for rank in sorted(Status.RANK.values())] == [
        Status.VALID,
        Status.EXPIRING,
        Status.UNKNOWN,
        Status.EXPIRED,
        Status.REVOKED,
    ]
    assert rules.status_of_rank(None) is None


def test_mark_note_for_every_status_not_in_force():
    from django.utils import translation

    with translation.override("en"):
        assert rules.mark_note(Status.VALID) == rules.mark_note(Status.EXPIRING) == ""
        assert "expired or revoked" in rules.mark_note(Status.EXPIRED)
        assert rules.mark_note(Status.REVOKED) == rules.mark_note(Status.EXPIRED)
        assert "not known" in rules.mark_note(Status.UNKNOWN)
        assert "not known" in rules.mark_note(None)  # a product without a summary


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days_left", "within_30", "within_90"),
    [(-1, False, False), (0, True, True), (30, True, True), (31, False, True), (91, False, False)],
)
def test_expires_within_windows(days_left, within_30, within_90):
    from products_catalog.models import CertificationSummary

    CertificationSummary.objects.create(
        translation_key="00000000-0000-0000-0000-000000000002",
        stars=4,
        valid_until=TODAY + datetime.timedelta(days=days_left),
    )
    rows = CertificationSummary.objects.all()
    assert rows.filter(rules.expires_within_q("", TODAY, rules.NOTICE_DAYS)).exists() == within_30
    found = rows.filter(rules.expires_within_q("", TODAY, rules.EXPIRING_WITHIN_DAYS)).exists()
    assert found == within_90
    assert within_90 == (
        rules.status_for(TODAY + datetime.timedelta(days=days_left), TODAY) == Status.EXPIRING
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "valid_until,revoked_on",
    [
        (None, None),
        (TODAY - datetime.timedelta(days=1), None),
        (TODAY, None),
        (TODAY + datetime.timedelta(days=90), None),
        (TODAY + datetime.timedelta(days=91), None),
        (TODAY + datetime.timedelta(days=500), TODAY),
        (TODAY + datetime.timedelta(days=500), TODAY + datetime.timedelta(days=1)),
    ],
)
def test_sql_status_is_the_python_status(valid_until, revoked_on):
    """The SQL form of the status rule is built from the same table as the Python form."""
    from django.db.models import Value

    from products_catalog.models import CertificationSummary

    summary = CertificationSummary.objects.create(
        translation_key="00000000-0000-0000-0000-000000000001",
        stars=3,
        valid_until=valid_until,
        revoked_on=revoked_on,
    )
    row = (
        CertificationSummary.objects.filter(pk=summary.pk)
        .annotate(
            status=rules.status_expression("", TODAY),
            rank=rules.status_rank_expression("", TODAY),
            one=Value(1),
        )
        .values("status", "rank")
        .get()
    )
    expected = rules.status_for(valid_until, TODAY, revoked_on)
    assert row == {"status": expected, "rank": Status.RANK[expected]}


def test_latest_certificate_rules_and_revocation_ends_it():
    old = ("old", D(2019, 6, 1), 2019, 1)
    new = ("new", D(2024, 6, 1), 2024, 2)
    assert rules.ruling([old, new], []) == ("new", None)
    # A revocation after the ruling decision ends it; one before it does not.
    assert rules.ruling([old, new], [("rev", D(2025, 1, 2))]) == ("new", "rev")
    assert rules.ruling([old, new], [("rev", D(2020, 1, 2))]) == ("new", None)
    assert rules.ruling([], [("rev", D(2020, 1, 2))]) == (None, None)


def test_year_only_certificate_counts_to_the_end_of_its_third_year():
    dated = ("dated", D(2022, 12, 1), 2022, 1)
    year_only = ("year", None, 2022, 2)
    # 31/12/2025 (year only) is later than 01/12/2025 (dated).
    assert rules.ruling([dated, year_only], []) == ("year", None)


@pytest.mark.parametrize(
    "number",
    ["12/QĐ-UBND", "12/QD-UBND", "12 / qđ – ubnd", " 12/Qđ‑UBND "],
)
def test_decision_numbers_fold(number):
    assert rules.decision_number_key(number) == "12/qd-ubnd"


def test_decision_identity_keeps_numbers_apart_by_year():
    same = rules.decision_identity("12/QĐ-UBND", None, 2024)
    assert same == rules.decision_identity("12/QD-UBND", None, 2024)
    assert same != rules.decision_identity("12/QĐ-UBND", None, 2025)
    assert rules.decision_identity("", None, 2022, "UBND tỉnh  Phú Yên", "provincial") == (
        rules.decision_identity("", None, 2022, "ubnd tinh phu yen", "provincial")
    )


def findings(level, stars, *, date=None, year=None, version="", score=None, today=TODAY):
    return rules.check_certification(
        level=level,
        stars=stars,
        score=score,
        decision_date=date,
        decision_year=year,
        criteria_version=version,
        today=today,
    )


def severities(found):
    return sorted({f.severity for f in found})


@pytest.mark.parametrize(
    "level,stars,date,expected",
    [
        # Before 24/02/2023 (1048): district a warning, province 3–4★.
        (Level.DISTRICT, 3, D(2023, 2, 23), [WARNING]),
        (Level.PROVINCIAL, 3, D(2023, 2, 23), []),
        (Level.PROVINCIAL, 4, D(2023, 2, 23), []),
        # 24/02/2023 – 30/06/2025 (148): district 3★, province 4★ (3★ a warning).
        (Level.DISTRICT, 3, D(2023, 2, 24), []),
        (Level.DISTRICT, 4, D(2024, 5, 10), [ERROR]),
        (Level.PROVINCIAL, 3, D(2023, 2, 24), [WARNING]),
        (Level.PROVINCIAL, 4, D(2025, 6, 30), []),
        (Level.DISTRICT, 3, D(2025, 6, 30), []),
        # From 01/07/2025: no district level; province 3–4★ (1489 from 06/07/2025).
        (Level.DISTRICT, 3, D(2025, 7, 1), [ERROR]),
        (Level.DISTRICT, 3, D(2025, 9, 1), [ERROR]),
        (Level.PROVINCIAL, 3, D(2025, 7, 1), []),
        (Level.PROVINCIAL, 3, D(2025, 7, 6), []),
        # 5★ is always central.
        (Level.CENTRAL, 5, D(2022, 1, 1), []),
        (Level.PROVINCIAL, 5, D(2022, 1, 1), [ERROR]),
        (Level.CENTRAL, 4, D(2024, 1, 1), [ERROR]),
    ],
)
def test_who_may_certify(level, stars, date, expected):
    assert severities(findings(level, stars, date=date)) == expected


@pytest.mark.parametrize(
    "version,date,expected",
    [
        (V1048, D(2023, 2, 23), []),
        (V1048, D(2023, 2, 24), [WARNING]),
        (V1048, D(2023, 8, 24), [WARNING]),
        (V1048, D(2023, 8, 25), [ERROR]),
        (V148, D(2023, 2, 23), [ERROR]),
        (V148, D(2023, 2, 24), []),
    ],
)
def test_criteria_version_against_the_date(version, date, expected):
    assert severities(findings(Level.PROVINCIAL, 4, date=date, version=version)) == expected


@pytest.mark.parametrize(
    "level,stars,year,version,expected",
    [
        # The rules changed during 2023 and 2025: a year alone gives a warning.
        (Level.DISTRICT, 3, 2023, V148, [WARNING]),
        (Level.PROVINCIAL, 3, 2023, V148, [WARNING]),
        (Level.PROVINCIAL, 4, 2023, V1048, [WARNING]),
        (Level.DISTRICT, 3, 2025, V148, [WARNING]),
        # Wrong on every day of the year stays an error.
        (Level.DISTRICT, 4, 2025, V148, [ERROR]),
        (Level.PROVINCIAL, 5, 2023, V148, [ERROR, WARNING]),  # 5★ not central; 148 early
        (Level.PROVINCIAL, 4, 2024, V1048, [ERROR]),
        (Level.PROVINCIAL, 4, 2024, V148, []),
    ],
)
def test_year_only_decisions(level, stars, year, version, expected):
    assert severities(findings(level, stars, year=year, version=version)) == expected


def test_future_dates_are_errors():
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert severities(findings(Level.PROVINCIAL, 4, date=tomorrow)) == [ERROR]
    assert severities(findings(Level.PROVINCIAL, 4, year=TODAY.year + 1)) == [ERROR]
    assert severities(findings(Level.PROVINCIAL, 4, date=TODAY)) == []


@pytest.mark.parametrize(
    "stars,score,level,ok",
    [
        (4, 89, Level.PROVINCIAL, True),
        (4, 90, Level.PROVINCIAL, True),
        (3, 70, Level.PROVINCIAL, False),
    ],
)
def test_score_band_edges(stars, score, level, ok):
    codes = {f.code for f in findings(level, stars, date=D(2024, 3, 1), score=score)}
    assert ("score-band" not in codes) is ok


def test_29_february_decision_checks_and_validity():
    assert findings(Level.PROVINCIAL, 4, date=D(2024, 2, 29)) == []
    assert rules.valid_until(D(2024, 2, 29))[0] == D(2027, 2, 28)


def test_criteria_version_for_dates():
    assert rules.criteria_version_for(D(2023, 2, 23)) == V1048
    assert rules.criteria_version_for(D(2023, 2, 24)) == V148
    assert rules.criteria_version_for(None, 2022) == V1048
    assert rules.criteria_version_for(None, 2023) == V148
    assert rules.criteria_version_for() == ""


def test_legal_basis_names_1489_from_july_2025():
    assert rules.legal_basis(D(2023, 2, 23)) == "1048/QĐ-TTg"
    assert rules.legal_basis(D(2024, 1, 1)) == "148/QĐ-TTg"
    assert "1489/QĐ-TTg" in rules.legal_basis(D(2025, 7, 6))


def test_missing_date_and_mismatched_year():
    assert [f.code for f in findings(Level.PROVINCIAL, 4)] == ["no-date"]
    found = rules.check_certification(
        level=Level.PROVINCIAL,
        stars=4,
        decision_date=D(2024, 3, 1),
        decision_year=2023,
        today=TODAY,
    )
    assert "year-mismatch" in {f.code for f in found}


def test_one_and_two_star_ratings_skip_the_level_rules():
    assert findings(Level.DISTRICT, 2, date=D(2025, 9, 1)) == []


@pytest.mark.parametrize("year", [2017, 20255, 32767, TODAY.year + 1])
def test_a_year_outside_the_programme_is_an_error_not_a_crash(year):
    found = findings(Level.PROVINCIAL, 3, year=year)
    assert [f.code for f in found if f.severity == ERROR] == ["year-range"]
    assert not any(f.code == "year-range" for f in findings(Level.PROVINCIAL, 3, year=2024))
