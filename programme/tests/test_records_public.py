"""Issue 16, public side: the statistics page's rounds, funnel and training figures
(charts, CSV, no names), and inspections on the product page and the certificate check."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buyers.demo import ensure_verify_page
from events.models import Registration
from events.tests.factories import EventIndexPageFactory, make_event, vn
from products_catalog.models import Inspection
from products_catalog.tests.factories import make_product
from programme import demo
from programme.models import Council, Dossier, EvaluationRound, TrainingParticipant, TrainingSession
from programme.tests.test_statistics import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(site_tree):
    EvaluationRound.objects.create(
        level="provincial",
        year=2022,
        number=1,
        start_date=datetime.date(2022, 4, 19),
        reported_4=2,
        reported_3=7,
    )
    EvaluationRound.objects.create(
        level="district",
        year=2022,
        start_date=datetime.date(2022, 10, 25),
        reported_registered=16,
        reported_producers=5,
    )
    recorded = EvaluationRound.objects.create(level="provincial", year=2024, number=2)
    Dossier.objects.create(round=recorded, product_name="A", result="certified", stars=3)
    Dossier.objects.create(round=recorded, product_name="B", result="not_reached", stars=2)
    index = EventIndexPageFactory(parent=site_tree["home"])
    course = make_event(index, "Tập huấn", start=vn(2021, 9, 6, 8), event_type="training")
    session = TrainingSession.objects.create(event=course, day=datetime.date(2021, 9, 6))
    for n, role in enumerate(["official_province", "official_commune", "producer_manager"]):
        registration = Registration.objects.create(
            event=course, name=f"Bí Mật {n}", email=f"secret{n}@example.org", role="other"
        )
        person = TrainingParticipant.objects.create(registration=registration, role=role)
        if n < 2:
            person.sessions.add(session)
    return demo.ensure_statistics_page(site_tree["home"])


def test_statistics_page_shows_rounds_funnel_and_training(records, client):
    response = client.get(records.url)
    html = response.content.decode()
    page = parse(html)
    rounds = page.tables["table-rounds"]
    first = EvaluationRound.objects.get(year=2022, number=1)
    expected = [str(first.label), "19/04/2022", str(first.get_level_display()), "—", "—", "9"]
    assert rounds[1][:6] == expected
    assert rounds[1][6:9] == ["0", "2", "7"]
    assert rounds[2][3] == "16" and rounds[2][5] == "—"
    assert rounds[3][3:6] == ["2", "2", "1"]  # counted from the dossiers
    funnel = page.tables["table-funnel"]
    assert funnel[1] == ["2022", "16", "—", "9"]
    assert funnel[2] == ["2024", "2", "2", "1"]
    training = page.tables["table-training"]
    assert training[1] == ["2021", "1", "2", "2", "0"]  # the manager attended no session
    titles = " ".join(svg.get("aria-labelledby", "") for svg in page.svgs)
    for slug in ("rounds", "funnel", "training"):
        assert f"chart-{slug}" in titles
    assert "Bí Mật" not in html and "secret0" not in html


def test_statistics_csv_of_rounds_and_training(records, client):
    response = client.get(records.url + "csv/funnel/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["2022", "16", "—", "9"]
    response = client.get(records.url + "csv/training/")
    assert "Bí Mật" not in response.content.decode("utf-8-sig")


def test_statistics_queries_do_not_grow_with_rounds(records, client):
    # Both measured requests compute the figures: the shared cache is emptied before each.
    client.get(records.url)
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(records.url)
    for year in (2019, 2020):
        extra = EvaluationRound.objects.create(level="provincial", year=year, number=1)
        Dossier.objects.create(round=extra, product_name="X", result="withdrawn")
    cache.clear()
    with CaptureQueriesContext(connection) as second:
        client.get(records.url)
    assert len(second) == len(first)


@pytest.fixture
def inspected(site_tree):
    product = make_product(
        site_tree["products"], "Nước mắm thử", stars=3, decision_date=datetime.date(2025, 3, 1)
    )
    Inspection.objects.create(
        product=product,
        inspected_on=datetime.date(2026, 5, 4),
        body="Sở Nông nghiệp và Môi trường",
        findings="Nhãn chưa ghi hạn sử dụng",
        result="corrective",
    )
    Inspection.objects.create(
        product=product,
        inspected_on=datetime.date(2026, 6, 1),
        body="Nội bộ",
        result="compliant",
        public=False,
    )
    return product


def test_product_page_shows_public_inspections(inspected, client):
    html = client.get(inspected.url).content.decode()
    assert "04/05/2026" in html and "Nhãn chưa ghi hạn sử dụng" in html
    assert "Nội bộ" not in html


def test_certificate_check_shows_latest_public_inspection(site_tree, inspected, client):
    page = ensure_verify_page(site_tree["home"])
    html = client.get(page.url, {"q": "Nước mắm thử"}).content.decode()
    assert "04/05/2026" in html and "Sở Nông nghiệp và Môi trường" in html
    assert str(Inspection.Result.CORRECTIVE.label).lower() in html


def test_council_members_public_only_by_choice(records, client):
    council = Council.objects.create(
        name="Hội đồng tỉnh",
        level="provincial",
        term_start=2021,
        decision_number="55/QĐ-UBND",
        decision_date=datetime.date(2021, 3, 1),
    )
    council.members.create(name="Tên Thành Viên", role="chair", phone="0909123456")
    html = client.get(records.url).content.decode()
    assert "Hội đồng tỉnh" in html and "55/QĐ-UBND" in html
    assert "Tên Thành Viên" not in html
    council.show_member_names = True
    council.save()
    html = client.get(records.url).content.decode()
    assert "Tên Thành Viên" in html and "0909123456" not in html
