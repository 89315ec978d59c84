"""The "Records flagged by the rules" admin report and its CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from products_catalog.tests.factories import ProductPageFactory, certify
from programme import flagged

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

URL = "ocop_flagged:list"


@pytest.fixture
def records(site_tree):
    products = site_tree["products"]
    bad = ProductPageFactory(parent=products, title="Sai cấp")
    unusual = ProductPageFactory(parent=products, title="Bất thường")
    accepted = ProductPageFactory(parent=products, title="Đã chấp nhận")
    fine = ProductPageFactory(parent=products, title="Hợp lệ")
    # A district decision after 01/07/2025: an error.
    error_line = certify(
        bad,
        decision_number="1/QĐ-UBND",
        decision_date=datetime.date(2025, 8, 1),
        level="district",
        issuing_body="UBND huyện Tuy An",
        stars=3,
        score=60,
    )
    # A provincial 3★ in 2024: a warning, once unacknowledged, once acknowledged.
    warn = certify(
        unusual,
        decision_number="2/QĐ-UBND",
        decision_date=datetime.date(2024, 5, 10),
        stars=3,
        score=60,
    )
    certify(accepted, decision=warn.decision, stars=3, score=61)
    warn.decision.acknowledged = [
        {"code": "level-provincial-3-warned", "product": accepted.pk, "by": "chief", "at": ""}
    ]
    warn.decision.save()
    certify(
        fine,
        decision_number="3/QĐ-UBND",
        decision_date=datetime.date(2024, 6, 1),
        stars=4,
        score=75,
    )
    return {"error": error_line, "warning": warn}


def test_flagged_records_lists_errors_first_with_acknowledgement(records, today):
    flags = flagged.flagged_records(today)
    assert [
        (f.finding.severity, f.finding.code, f.line.product.title, f.acknowledged) for f in flags
    ] == [
        ("error", "district-abolished", "Sai cấp", False),
        ("warning", "level-provincial-3-warned", "Bất thường", False),
        ("warning", "level-provincial-3-warned", "Đã chấp nhận", True),
    ]


def test_report_links_to_edit_and_filters(records, editor, client):
    client.force_login(editor)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    html = response.content.decode()
    decision = records["error"].decision
    edit = reverse(
        "wagtailsnippets_products_catalog_certificationdecision:edit", args=[decision.pk]
    )
    assert edit in html
    assert reverse("wagtailadmin_pages:edit", args=[records["error"].product_id]) in html
    assert "District-level government was abolished" in html
    assert "Hợp lệ" not in html
    errors_only = client.get(reverse(URL), {"severity": "error"}).content.decode()
    assert "Sai cấp" in errors_only and "Bất thường" not in errors_only
    # The menu shows the report under "OCOP programme".
    assert reverse(URL) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_report_csv_export(records, editor, client):
    client.force_login(editor)
    response = client.get(reverse(URL), {"export": "csv", "severity": "warning"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["product"], r["acknowledged"]) for r in rows] == [
        ("Bất thường", "no"),
        ("Đã chấp nhận", "yes"),
    ]
    assert rows[0]["decision_number"] == "2/QĐ-UBND" and rows[0]["level"] == "provincial"


def test_report_csv_cannot_run_formulas(records, editor, client):
    line = records["warning"]
    line.product.title = '=HYPERLINK("http://evil.example/x","click")'
    line.product.save()
    client.force_login(editor)
    response = client.get(reverse(URL), {"export": "csv", "severity": "warning"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    titles = [r["product"] for r in rows]
    assert '\'=HYPERLINK("http://evil.example/x","click")' in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)


def test_report_needs_the_permission(records, outsider, client):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse(URL)).status_code in (302, 403)
