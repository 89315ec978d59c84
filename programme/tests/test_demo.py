"""The demo loader creates targets and the statistics page, idempotently."""

import io

import pytest
from django.core.management import call_command

from programme.models import ProgrammeTarget, StatisticsPage

pytestmark = pytest.mark.django_db


def test_load_demo_content_twice(client):
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    assert ProgrammeTarget.objects.count() == 3
    page = StatisticsPage.objects.get()
    assert page.live and page.slug == "ocop-qua-cac-con-so"
    assert page.get_parent().specific_class.__name__ == "HomePage"

    response = client.get(page.url)
    assert response.status_code == 200
    stats = page.statistics()
    assert stats.totals["products"] == 52
    assert stats["stars"].rows[0][1:2] == [0]  # no 5★ product in the demo data
    # 5★, 4★, of which potential 5★, 3★, 3★ level not published.
    assert [row[1] for row in stats["stars"].rows] == [0, 3, 0, 34, 15]
    # 2022 target: 13 products of 2022 with ≥3★; the 2021 target has no 2021 data.
    progress = {row[0]: row[3] for row in stats["targets"].rows}
    assert progress == {"2021": 0, "2022": 13, "2022–2025": 40}
    html = response.content.decode()
    assert 'id="total-products">52<' in html
