"""The demo loader creates targets and the statistics page, idempotently."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from programme.models import EvaluationRound, ProgrammeTarget, StatisticsPage

pytestmark = pytest.mark.django_db


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_load_demo_content_twice(client):
    from django.test.utils import override_settings
    from django_tasks_db.models import DBTaskResult

    # As on a new machine (`make run`): the worker's queue is in the database.
    with override_settings(TASKS=DATABASE_TASKS):
        call_command("load_demo_content", stdout=io.StringIO())
    # Nothing left for the worker (no job about a row the load replaced); indexes built.
    assert DBTaskResult.objects.count() == 0
    found = client.get("/search/", {"q": "nuoc mam tan lap"}).content.decode()
    assert 'href="/san-pham-ocop/nuoc-mam-tan-lap/"' in found
    call_command("load_demo_content", stdout=io.StringIO())
    # Three product targets (targets CSV), two people-trained targets (2021 plan).
    assert ProgrammeTarget.objects.count() == 5
    assert EvaluationRound.objects.count() == 5  # the milestones' rounds, once
    page = StatisticsPage.objects.get(locale__language_code="vi")
    assert page.live and page.slug == "ocop-qua-cac-con-so"
    # Its English translation (issue 13), made once.
    english = StatisticsPage.objects.get(locale__language_code="en")
    assert english.live and english.slug == "ocop-in-figures"
    assert page.get_parent().specific_class.__name__ == "HomePage"

    response = client.get(page.url)
    assert response.status_code == 200
    translation.activate("en")  # the request left Vietnamese active; strings are compared
    stats = page.statistics()
    assert stats.totals["products"] == 52
    assert stats["stars"].rows[0][1:2] == [0]  # no 5★ product in the demo data
    # 5★, 4★, of which potential 5★, 3★, 3★ level not published.
    assert [row[1] for row in stats["stars"].rows] == [0, 3, 0, 34, 15]
    # 2022 target: 13 products of 2022 with ≥3★; the 2021 target has no 2021 data,
    # which is said ("—" and the coverage notes), not shown as 0.
    product_rows = [row for row in stats["targets"].rows if row[7] == "Products certified"]
    progress = {row[0]: row[3] for row in product_rows}
    assert progress == {"2021": "—", "2022": 13, "2022–2025": 40}
    assert product_rows[0][8] == (
        "2021: no decisions recorded; the province has not published its 2021 figure"
    )
    rounds = {row[0]: row[5] for row in stats["rounds"].rows}
    # English is active: the locality's English name (issue 13).
    assert rounds["Round 1/2022"] == 9 and rounds["Round 2/2024 — Tuy An District"] == 3
    funnel = {row[0]: row[1:] for row in stats["funnel"].rows}
    assert funnel[2022] == [16, "—", 9]
    html = response.content.decode()
    assert 'id="total-products">52<' in html
