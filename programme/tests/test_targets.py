"""Target progress arithmetic and the demo targets loader."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from products_catalog.models import CertificationLevel
from products_catalog.tests.factories import LocalityFactory, make_product
from programme import demo
from programme.models import ProgrammeTarget, TargetLevel
from programme.targets import progress

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2023, 6, 1)


def decision(year, stars=3, level=CertificationLevel.PROVINCIAL, kind="new"):
    return {
        "stars": stars,
        "decision_date": datetime.date(year, 5, 10),
        "level": level,
        "kind": kind,
    }


@pytest.fixture
def register(site_tree):
    index = site_tree["products"]
    north = LocalityFactory(name="Huyện Bắc")
    north_commune = LocalityFactory(name="Xã Bắc Một", level="commune", parent=north)
    south = LocalityFactory(name="Huyện Nam")
    products = {
        "p2021": make_product(index, "A", decisions=[decision(2021)], locality=north),
        "d2021": make_product(
            index,
            "B",
            decisions=[decision(2021, level=CertificationLevel.DISTRICT)],
            locality=south,
        ),
        "p2022": make_product(
            index, "C", decisions=[decision(2022, stars=4)], locality=north_commune
        ),
        # Certified in 2022 and re-certified in 2025: one product for 2022–2025.
        "twice": make_product(
            index,
            "D",
            decisions=[decision(2022), decision(2025, kind="renewal")],
            locality=south,
        ),
        "p2024": make_product(index, "E", decisions=[decision(2024)], locality=south),
        "renewal_only": make_product(
            index, "F", decisions=[decision(2023, kind="renewal")], locality=north
        ),
        "draft": make_product(index, "G", decisions=[decision(2022)], live=False),
        "year_only": make_product(
            index, "H", decisions=[{"stars": 3, "decision_year": 2022}], locality=north
        ),
    }
    return {"products": products, "north": north, "south": south}


def target(start, end=None, goal=10, **fields):
    return ProgrammeTarget.objects.create(
        period_start=start, period_end=end, target_products=goal, rule="…", **fields
    )


def test_one_year_target_counts_distinct_live_new_products(register):
    result = progress(target(2022), TODAY)
    # C, D, H: G is a draft; F's 2023 decision is outside; D counted once.
    assert result.achieved == 3
    assert result.by_year == {2022: 3}


def test_provincial_level_target_ignores_district_decisions(register):
    result = progress(target(2021, goal=15, level=TargetLevel.PROVINCIAL), TODAY)
    assert result.achieved == 1  # A; B was certified by a district council
    assert progress(target(2021, goal=15), TODAY).achieved == 2


def test_range_target_counts_each_product_once_in_its_first_year(register):
    result = progress(target(2022, 2025, goal=90), TODAY)
    assert result.achieved == 4  # C, D, H (2022) and E (2024)
    assert result.by_year == {2022: 3, 2023: 0, 2024: 1, 2025: 0}
    assert sum(result.by_year.values()) == result.achieved
    with_renewals = progress(target(2022, 2025, goal=90, include_renewals=True), TODAY)
    assert with_renewals.achieved == 5  # + F, re-certified in 2023
    assert with_renewals.by_year[2023] == 1


def test_min_stars_and_scope(register):
    assert progress(target(2021, 2025, min_stars=4), TODAY).achieved == 1  # C
    north = progress(target(2021, 2025, scope=register["north"]), TODAY)
    # A (north) and C (a commune of the north) and H; F is a renewal.
    assert north.achieved == 3


def test_percent_remaining_and_states(register):
    goal_3 = progress(target(2022, goal=3), TODAY)
    assert (goal_3.percent, goal_3.remaining, goal_3.state) == (100, 0, "achieved")
    short = progress(target(2022, goal=18), TODAY)
    assert (short.percent, short.remaining, short.state) == (16, 15, "missed")
    running = progress(target(2022, 2025, goal=90), TODAY)
    assert (running.percent, running.state) == (4, "in_progress")
    assert progress(target(2030, goal=5), TODAY).state == "upcoming"
    over = progress(target(2022, goal=2), TODAY)
    assert (over.percent, over.bar_percent) == (150, 100)


def test_period_validation():
    with pytest.raises(ValidationError):
        ProgrammeTarget(period_start=2025, period_end=2022, target_products=1, rule="x").clean()
    with pytest.raises(ValidationError):
        ProgrammeTarget(period_start=2010, target_products=1, rule="x").clean()


def test_targets_for_year_shortest_period_first(db):
    long = target(2022, 2025, goal=90)
    short = target(2022, 2022, goal=18)
    target(2021, 2021)
    assert ProgrammeTarget.objects.for_year(2022) == [short, long]


def test_demo_targets_are_loaded_once_with_the_provincial_rule(site_tree):
    assert demo.load_targets() == 3
    assert demo.load_targets() == 0
    targets = list(ProgrammeTarget.objects.order_by("period_start", "period_end"))
    assert [(t.period_label, t.target_products, t.level) for t in targets] == [
        ("2021", 15, "provincial"),
        ("2022", 18, ""),
        ("2022–2025", 90, ""),
    ]
    assert all(t.scope is None and t.min_stars == 3 and t.source_url for t in targets)
    assert targets[0].rule.startswith("Năm 2021")  # demo content in Vietnamese
