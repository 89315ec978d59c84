"""Validity arithmetic, star bands and decision validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from products_catalog.certification import (
    Status,
    score_band,
    stars_for_score,
    status_for,
    valid_until,
)
from products_catalog.models import CertificationDecision, CertificationLevel

D = datetime.date


@pytest.mark.parametrize(
    "score,stars",
    [(0, 1), (29, 1), (30, 2), (49, 2), (50, 3), (69, 3), (70, 4), (89, 4), (90, 5), (100, 5)],
)
def test_star_bands(score, stars):
    assert stars_for_score(score) == stars
    low, high = score_band(stars)
    assert low <= score <= high


@pytest.mark.parametrize("score", [-1, 101])
def test_score_outside_range_raises(score):
    with pytest.raises(ValueError):
        stars_for_score(score)


def test_valid_until_is_36_months_after_decision():
    assert valid_until(D(2022, 4, 19)) == (D(2025, 4, 19), False)


def test_valid_until_from_29_february():
    # 2027 has no 29 February: the certificate runs to the 28th.
    assert valid_until(D(2024, 2, 29)) == (D(2027, 2, 28), False)


def test_valid_until_from_year_only_is_approximate():
    assert valid_until(None, 2020) == (D(2023, 12, 31), True)
    assert valid_until(None, None) == (None, True)


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
    today = D(2026, 11, 29)
    assert status_for(today + datetime.timedelta(days=days_left), today) == status


def test_status_unknown_without_date():
    assert status_for(None, D(2026, 1, 1)) == Status.UNKNOWN


def decision(**fields):
    values = {"stars": 3, "decision_date": D(2024, 5, 1), "level": CertificationLevel.PROVINCIAL}
    values.update(fields)
    return CertificationDecision(**values)


def test_score_must_fall_in_star_band():
    with pytest.raises(ValidationError) as error:
        decision(stars=4, score=65).clean()
    assert "score" in error.value.message_dict
    decision(stars=4, score=75).clean()  # in band: no error


def test_five_stars_only_central():
    with pytest.raises(ValidationError) as error:
        decision(stars=5, score=92).clean()
    assert "level" in error.value.message_dict
    decision(stars=5, score=92, level=CertificationLevel.CENTRAL).clean()


def test_date_or_year_required():
    with pytest.raises(ValidationError):
        decision(decision_date=None, decision_year=None).clean()


@pytest.mark.django_db
def test_latest_decision_rules(site_tree):
    from products_catalog.tests.factories import make_product

    product = make_product(
        site_tree["products"],
        decisions=[
            {"stars": 3, "decision_date": D(2019, 6, 1)},
            {"stars": 4, "decision_date": D(2024, 6, 1), "kind": "renewal"},
        ],
    )
    assert product.certifications.count() == 2
    latest = product.latest_certification
    assert latest.stars == 4
    assert latest.valid_until == D(2027, 6, 1)
