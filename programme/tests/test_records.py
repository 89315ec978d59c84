"""Issue 16: progress arithmetic of each target kind, rounds and dossiers, honest progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Registration
from events.tests.factories import EventIndexPageFactory, make_event, vn
from products_catalog.models import CertificationDecision, CertificationLevel
from products_catalog.tests.factories import ProducerPageFactory, make_product
from programme.imports.service import apply_import, preview_import
from programme.models import (
    Council,
    Dossier,
    EvaluationRound,
    ProgrammeTarget,
    TargetKind,
    TrainingParticipant,
    TrainingRoster,
    TrainingSession,
)
from programme.records import ParticipantRole, dossier_errors
from programme.targets import progress
from programme.tests.conftest import COUNCIL_CSV

# English messages whatever the catalogue says (strings are compared).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
TODAY = datetime.date(2023, 6, 1)


def target(kind, start, end=None, goal=100, **extra):
    return ProgrammeTarget.objects.create(
        kind=kind, period_start=start, period_end=end, target_products=goal, rule="r", **extra
    )


@pytest.fixture
def course(site_tree):
    """A 2021 training course with two sessions, under a fresh events index."""
    index = EventIndexPageFactory(parent=site_tree["home"])
    event = make_event(index, "Tập huấn OCOP 2021", start=vn(2021, 9, 6, 8), event_type="training")
    sessions = [
        TrainingSession.objects.create(event=event, day=datetime.date(2021, 9, 6)),
        TrainingSession.objects.create(event=event, day=datetime.date(2021, 9, 7)),
    ]
    return {"event": event, "sessions": sessions, "index": index, **site_tree}


def participant(event, n, role, sessions=(), producer=None, status="confirmed", email=None):
    registration = Registration.objects.create(
        event=event,
        name=f"Người {n}",
        role="other",
        email=email or f"p{n}@example.org",
        status=status,
    )
    person = TrainingParticipant.objects.create(
        registration=registration, role=role, producer=producer
    )
    person.sessions.set(sessions)
    return person


def test_officials_trained_against_the_roster(course):
    event, sessions = course["event"], course["sessions"]
    for n in range(3):  # three provincial officials, each at one session at least
        participant(event, n, ParticipantRole.OFFICIAL_PROVINCE, sessions[n % 2 :])
    participant(event, 10, ParticipantRole.OFFICIAL_DISTRICT, sessions)
    participant(event, 11, ParticipantRole.OFFICIAL_DISTRICT)  # attended nothing
    participant(event, 12, ParticipantRole.OFFICIAL_COMMUNE, sessions, status="cancelled")
    participant(event, 13, ParticipantRole.OTHER, sessions)
    TrainingRoster.objects.create(year=2021, level="province", officials=4)
    TrainingRoster.objects.create(year=2021, level="district", officials=1)

    result = progress(target(TargetKind.OFFICIALS_TRAINED, 2021), TODAY)
    assert (result.achieved, result.goal, result.percent) == (4, 5, 80)
    assert result.state == "missed" and result.remaining == 1
    assert str(result.display) == "4 of 5 (80%)"

    district = progress(target(TargetKind.OFFICIALS_TRAINED, 2021, roster_level="district"), TODAY)
    assert (district.achieved, district.goal, district.state) == (1, 1, "achieved")

    half = progress(target(TargetKind.OFFICIALS_TRAINED, 2021, goal=80), TODAY)
    assert half.state == "achieved"  # 4 of 5 is the 80 % required


def test_officials_without_roster_are_not_a_zero(course):
    result = progress(target(TargetKind.OFFICIALS_TRAINED, 2022), TODAY)
    assert result.goal is None and result.state == "no_base"
    assert "2022: no roster of officials recorded" in result.display


def test_the_same_person_counts_once_and_sample_roster_is_said(course):
    event, sessions = course["event"], course["sessions"]
    later = make_event(course["index"], "Khóa 2", start=vn(2021, 11, 2, 8), event_type="study_tour")
    participant(event, 1, ParticipantRole.OFFICIAL_COMMUNE, sessions, email="a@example.org")
    participant(later, 2, ParticipantRole.OFFICIAL_COMMUNE, email="A@example.org")  # no sessions
    TrainingRoster.objects.create(year=2021, level="commune", officials=2, is_sample=True)
    result = progress(target(TargetKind.OFFICIALS_TRAINED, 2021), TODAY)
    assert (result.achieved, result.goal) == (1, 2)
    assert "the roster is a sample, not an official figure" in result.notes_text


def test_managers_trained_as_share_of_producers_in_rounds(course):
    event, sessions = course["event"], course["sessions"]
    producers = [ProducerPageFactory(parent=course["producers"]) for _ in range(4)]
    round_ = EvaluationRound.objects.create(level="provincial", year=2021, number=1)
    for producer in producers[:3]:
        Dossier.objects.create(round=round_, producer=producer, product_name="SP")
    participant(event, 1, ParticipantRole.PRODUCER_MANAGER, sessions, producer=producers[0])
    participant(event, 2, ParticipantRole.PRODUCER_MANAGER, sessions, producer=producers[0])
    participant(event, 3, ParticipantRole.PRODUCER_MANAGER, sessions[:1], producer=producers[1])
    participant(event, 4, ParticipantRole.PRODUCER_MANAGER, sessions, producer=producers[3])
    result = progress(target(TargetKind.MANAGERS_TRAINED, 2021), TODAY)
    # Producers 0 and 1 of the three in the round; producer 3 had no dossier.
    assert (result.achieved, result.goal, result.percent) == (2, 3, 66)
    assert result.by_year == {2021: 2}


def test_managers_against_reported_producers_when_no_dossier(course):
    producers = [ProducerPageFactory(parent=course["producers"]) for _ in range(2)]
    EvaluationRound.objects.create(level="district", year=2021, reported_producers=5)
    for n, producer in enumerate(producers):
        participant(
            course["event"], n, ParticipantRole.PRODUCER_MANAGER, course["sessions"], producer
        )
    result = progress(target(TargetKind.MANAGERS_TRAINED, 2021), TODAY)
    assert (result.achieved, result.goal) == (2, 5)


def test_products_registered_dossiers_else_reported(site_tree):
    with_dossiers = EvaluationRound.objects.create(
        level="provincial", year=2022, number=1, reported_registered=99
    )
    for n in range(3):
        Dossier.objects.create(round=with_dossiers, product_name=f"SP {n}")
    EvaluationRound.objects.create(level="district", year=2022, reported_registered=16)
    EvaluationRound.objects.create(level="district", year=2022)  # no figure at all
    result = progress(target(TargetKind.PRODUCTS_REGISTERED, 2021, 2022, goal=30), TODAY)
    assert result.achieved == 19 and result.by_year == {2021: 0, 2022: 19}
    assert result.percent == 63
    assert result.notes[0] == "2021: no rounds recorded"
    assert "no registration figure" in result.notes_text


def test_products_certified_empty_year_is_said_not_zero(site_tree):
    make_product(
        site_tree["products"],
        "A",
        decisions=[{"stars": 3, "decision_date": datetime.date(2022, 5, 1), "level": "provincial"}],
    )
    result = progress(target(TargetKind.PRODUCTS_CERTIFIED, 2021, goal=15), TODAY)
    assert result.state == "no_records" and not result.known
    assert result.display == (
        "2021: no decisions recorded; the province has not published its 2021 figure"
    )
    published = target(TargetKind.PRODUCTS_CERTIFIED, 2021, goal=15, reported_achieved=16)
    assert "the province published 16 for 2021" in progress(published, TODAY).notes_text
    counted = progress(target(TargetKind.PRODUCTS_CERTIFIED, 2022, goal=1), TODAY)
    assert counted.state == "achieved"
    assert counted.notes == ["the province has not published its 2022 figure"]


def round_with(level="provincial", **fields):
    return EvaluationRound.objects.create(level=level, **fields)


def test_round_public_text_reported_figures():
    round_ = round_with(
        year=2022, number=1, start_date=datetime.date(2022, 4, 19), reported_4=2, reported_3=7
    )
    assert round_.public_text() == "Round 1/2022 — 9 products certified (2×4★, 7×3★)"
    session = round_with(level="district", year=2022, start_date=datetime.date(2022, 10, 25))
    session.reported_registered = 16
    assert session.public_text() == "Round of 25/10/2022 — 16 products registered for evaluation"
    assert round_with(year=2020).public_text() == "Round of 2020 — no figures recorded"


def test_round_recorded_figures_are_kept_apart(site_tree):
    round_ = round_with(year=2024, number=2, reported_3=5)
    results = ["certified", "certified", "not_reached", "withdrawn", "potential_five"]
    stars = [3, 4, 2, None, 4]
    for result, star in zip(results, stars, strict=True):
        Dossier.objects.create(round=round_, product_name="x", result=result, stars=star)
    recorded = round_.recorded()
    assert recorded["registered"] == 5 and recorded["evaluated"] == 4
    assert recorded["by_stars"] == {3: 1, 4: 2}
    figures = round_.figures()
    assert figures["by_stars"] == {3: 5} and figures["source"] == "reported"
    assert figures["registered"] == 5  # recorded where the source says nothing


def test_dossier_results_follow_the_rules():
    ok = {"has_product": True}
    assert dossier_errors(result="certified", stars=3, score=60, level="provincial", **ok) == {}
    assert "stars" in dossier_errors(result="certified", stars=2, score=40, level="district", **ok)
    assert "stars" in dossier_errors(
        result="certified", stars=5, score=95, level="provincial", **ok
    )
    assert "council_score" in dossier_errors(
        result="certified", stars=3, score=75, level="provincial", **ok
    )
    assert (
        dossier_errors(result="potential_five", stars=4, score=92, level="provincial", **ok) == {}
    )
    assert "result" in dossier_errors(
        result="potential_five", stars=4, score=85, level="provincial", **ok
    )
    assert "result" in dossier_errors(
        result="forwarded", stars=None, score=None, level="provincial"
    )
    assert dossier_errors(result="forwarded", stars=None, score=None, level="district", **ok) == {}


def test_district_council_after_abolition_is_refused():
    council = Council(
        name="HĐ huyện",
        level=CertificationLevel.DISTRICT,
        term_start=2025,
        decision_date=datetime.date(2025, 8, 1),
    )
    with pytest.raises(ValidationError):
        council.clean()


def test_member_names_public_only_by_choice():
    council = Council.objects.create(name="HĐ tỉnh", level="provincial", term_start=2021)
    council.members.create(name="Nguyễn A", role="chair", phone="0900", email="a@x.vn")
    assert council.public_members() == []
    council.show_member_names = True
    assert council.public_members() == [("Chair", "Nguyễn A", "")]


def test_council_list_import_creates_then_updates_its_round(council_catalogue):
    log, _plan = preview_import(COUNCIL_CSV.read_bytes(), "council.csv", publish=True)
    _log, _plan, counts = apply_import(log)
    assert counts["rounds"] == 1
    decision = CertificationDecision.objects.get(number="156/QĐ-UBND")
    round_ = EvaluationRound.objects.get(decision=decision)
    assert (round_.year, round_.level) == (2025, "provincial")
    recorded = round_.recorded()
    assert recorded["registered"] == 5 and recorded["by_stars"] == {3: 3, 4: 2}
    # The same list again: the round is updated, not duplicated.
    log, _plan = preview_import(COUNCIL_CSV.read_bytes(), "council.csv", publish=True)
    _log, _plan, counts = apply_import(log)
    assert counts["rounds"] == 0
    assert EvaluationRound.objects.filter(decision=decision).count() == 1
    assert round_.dossiers.count() == 5
