"""Issue 16 done-when: an editor records a training course with 20 participants and
attendance, a council with members and its founding decision, and a round whose
dossiers produce a certification decision — all through the admin views."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from events.tests.factories import EventIndexPageFactory, make_event, vn
from products_catalog.models import CertificationSummary, DecisionLine
from products_catalog.tests.factories import ProducerPageFactory, ProductPageFactory
from programme.models import Council, EvaluationRound, TrainingParticipant, TrainingSession
from programme.signin import SheetRejected, import_sheet
from programme.tests.helpers import csv_bytes

# English messages whatever the catalogue says (strings are compared).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
HEADER = ["Họ và tên", "Email", "Đơn vị", "Vai trò", "Chủ thể", "06/09/2021", "07/09/2021"]


def inline(prefix, rows):
    """POST data of a Wagtail InlinePanel formset ``prefix`` with ``rows`` (dicts)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
        data[f"{prefix}-{n}-ORDER"] = str(n + 1)
        data[f"{prefix}-{n}-id"] = ""
    return data


def form_errors(response):
    form = response.context.get("form") if response.context else None
    return getattr(form, "errors", None), getattr(form, "formsets", None) and {
        name: formset.errors for name, formset in form.formsets.items()
    }


@pytest.fixture
def course(site_tree):
    index = EventIndexPageFactory(parent=site_tree["home"])
    event = make_event(index, "Tập huấn OCOP 2021", start=vn(2021, 9, 6, 8), event_type="training")
    return event


def sheet_rows(producer):
    rows = []
    for n in range(20):
        role = ["Cán bộ tỉnh", "Cán bộ huyện", "Cán bộ xã", "Chủ thể"][n % 4]
        rows.append(
            [
                f"Học viên {n + 1}",
                f"hv{n + 1}@example.org",
                "Sở NN&PTNT",
                role,
                producer.title if role == "Chủ thể" else "",
                "x",
                "x" if n % 2 else "",
            ]
        )
    return rows


def test_editor_records_training_council_and_round(site_tree, course, editor, moderator, client):
    client.force_login(editor)
    producer = ProducerPageFactory(parent=site_tree["producers"], title="HTX Thử nghiệm A")
    products = [
        ProductPageFactory(parent=site_tree["products"], title=f"Sản phẩm {n}", producer=producer)
        for n in range(3)
    ]

    # 1. A training course: one session added by hand, a 20-row sign-in sheet.
    response = client.post(
        reverse("ocop_training_sessions:add"),
        {"event": course.pk, "day": "2021-09-06", "label": "Buổi 1"},
    )
    assert response.status_code == 302, form_errors(response)
    sheet = csv_bytes(HEADER, sheet_rows(producer))
    response = client.post(
        reverse("ocop_participants:signin"),
        {"event": course.pk, "file": _upload("ky-ten.csv", sheet)},
    )
    assert response.status_code == 302, response.context.get("row_errors")
    assert TrainingParticipant.objects.filter(registration__event=course).count() == 20
    assert TrainingSession.objects.filter(event=course).count() == 2  # 07/09 added
    both = TrainingParticipant.objects.get(registration__email="hv2@example.org")
    assert both.sessions.count() == 2 and both.role == "official_district"
    manager = TrainingParticipant.objects.get(registration__email="hv4@example.org")
    assert manager.producer_id == producer.pk
    listing = client.get(reverse("ocop_participants:index"), {"q": "Học viên 1"})
    assert listing.status_code == 200 and "Học viên 1" in listing.content.decode()
    export = client.get(reverse("ocop_participants:index"), {"export": "csv"})
    exported = b"".join(export.streaming_content).decode("utf-8-sig")
    assert export.status_code == 200 and "Học viên 20" in exported
    assert "hv20@example.org" not in exported  # the export leaves e-mails out
    # The same sheet again creates nothing twice.
    client.post(
        reverse("ocop_participants:signin"),
        {"event": course.pk, "file": _upload("ky-ten.csv", sheet)},
    )
    assert TrainingParticipant.objects.filter(registration__event=course).count() == 20

    # 2. A council with members, its founding decision and a yearly review.
    data = {
        "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh",
        "level": "provincial",
        "term_start": "2021",
        "term_end": "2025",
        "decision_number": "123/QĐ-UBND",
        "decision_date": "2021-03-01",
        "note": "",
        **inline(
            "members",
            [
                {"name": "Thành viên A", "role": "chair", "organisation": "UBND tỉnh"},
                {"name": "Thành viên B", "role": "secretary", "organisation": "Sở NN&PTNT"},
                {"name": "Thành viên C", "role": "member", "working_group": "on"},
            ],
        ),
        **inline("reviews", [{"year": "2022", "action": "reviewed", "on": "2022-03-02"}]),
    }
    response = client.post(reverse("ocop_councils:add"), data)
    assert response.status_code == 302, form_errors(response)
    council = Council.objects.get(decision_number="123/QĐ-UBND")
    assert council.members.count() == 3 and council.reviews.count() == 1

    # 3. A round with dossiers, then its certification decision.
    dossiers = [
        {"product": products[0].pk, "council_score": "75", "stars": "4", "result": "certified"},
        {"product": products[1].pk, "council_score": "60", "stars": "3", "result": "certified"},
        {"product": products[2].pk, "council_score": "40", "stars": "2", "result": "not_reached"},
        {"product_name": "Sản phẩm rút hồ sơ", "result": "withdrawn"},
    ]
    for row in dossiers:
        row.setdefault("producer", producer.pk)
    data = {
        "council": council.pk,
        "level": "provincial",
        "year": "2022",
        "number": "1",
        "start_date": "2022-04-10",
        "reported_registered": "4",
        **inline("dossiers", dossiers),
    }
    response = client.post(reverse("ocop_rounds:add"), data)
    assert response.status_code == 302, form_errors(response)
    round_ = EvaluationRound.objects.get(year=2022, number=1)
    assert round_.recorded()["evaluated"] == 3
    listing = client.get(reverse("ocop_rounds:index")).content.decode()
    assert reverse("ocop_rounds:issue", args=[round_.pk]) in listing
    issue = {"number": "456/QĐ-UBND", "decision_date": "19/04/2022", "issuing_body": "UBND tỉnh"}
    # Issuing certifies, public at once: a moderator's step, not an editor's.
    denied = client.post(reverse("ocop_rounds:issue", args=[round_.pk]), issue)
    assert denied.status_code == 302 and denied.url == "/admin/"
    assert not DecisionLine.objects.exists()
    client.force_login(moderator)
    response = client.post(reverse("ocop_rounds:issue", args=[round_.pk]), issue)
    assert response.status_code == 302, response.context.get("reasons")
    round_.refresh_from_db()
    lines = DecisionLine.objects.filter(decision=round_.decision).order_by("stars")
    assert [(line.product_id, line.stars) for line in lines] == [
        (products[1].pk, 3),
        (products[0].pk, 4),
    ]
    summary = CertificationSummary.objects.get(translation_key=products[0].translation_key)
    assert summary.stars == 4
    with translation.override("en"):  # the admin requests left Vietnamese active
        assert round_.public_text() == "Round 1/2022 — 2 products certified (1×4★, 1×3★)"
    # Issuing twice is refused, with a reason.
    again = client.post(
        reverse("ocop_rounds:issue", args=[round_.pk]),
        {"number": "457/QĐ-UBND", "decision_date": "19/04/2022"},
    )
    assert again.status_code == 200 and again.context["reasons"]


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_sign_in_sheet_rejected_whole_with_row_reasons(site_tree, course):
    rows = [
        ["A", "a@example.org", "", "Cán bộ tỉnh", "", "x", ""],
        ["", "not-an-email", "", "Giám đốc", "", "?", ""],
        ["C", "a@example.org", "", "Chủ thể", "", "", ""],
    ]
    with pytest.raises(SheetRejected) as caught:
        import_sheet(course, csv_bytes(HEADER, rows), "sheet.csv")
    problems = caught.value.rows
    assert set(problems) == {3, 4}
    assert len(problems[3]) == 4  # name, e-mail, role, mark
    assert any("another row" in str(p) for p in problems[4])
    assert TrainingParticipant.objects.count() == 0


def test_outsider_cannot_import_or_issue(site_tree, course, outsider, client):
    client.force_login(outsider)
    round_ = EvaluationRound.objects.create(level="provincial", year=2022)
    assert client.get(reverse("ocop_participants:signin")).status_code in (302, 403)
    assert client.get(reverse("ocop_rounds:issue", args=[round_.pk])).status_code in (302, 403)


def test_dashboard_panel_shows_this_years_training_and_rounds(site_tree, editor, client):
    index = EventIndexPageFactory(parent=site_tree["home"])
    make_event(index, "Tập huấn 2026", start=vn(2026, 3, 2, 8), event_type="training")
    EvaluationRound.objects.create(level="provincial", year=2026, number=1, reported_3=4)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tập huấn 2026" in html and "0 participants" in html
    assert "Round 1/2026 — 4 products certified (4×3★)" in html


def test_editor_records_an_inspection_shown_on_the_product_page(site_tree, editor, client):
    product = ProductPageFactory(parent=site_tree["products"], title="Sản phẩm hậu kiểm")
    client.force_login(editor)
    response = client.post(
        reverse("ocop_inspections:add"),
        {
            "product": product.pk,
            "inspected_on": "2026-05-04",
            "body": "Sở Nông nghiệp và Môi trường",
            "findings": "Đạt",
            "result": "compliant",
            "public": "on",
        },
    )
    assert response.status_code == 302, form_errors(response)
    client.logout()
    assert "Sở Nông nghiệp và Môi trường" in client.get(product.url).content.decode()
    exported = client.get(reverse("ocop_inspections:index"), {"export": "csv"})
    assert exported.status_code in (302, 403)  # the admin needs a login


def test_sign_in_sheet_as_xlsx(site_tree, course):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Email", "Role", "06/09/2021"])
    sheet.append(["Người Một", "mot@example.org", "Cán bộ xã", "x"])
    sheet.append(["Người Hai", "hai@example.org", "other", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    counts = import_sheet(course, buffer.getvalue(), "sheet.xlsx")
    assert counts == {"created": 2, "updated": 0, "sessions": 1}
    one = TrainingParticipant.objects.get(registration__email="mot@example.org")
    assert one.role == "official_commune" and one.sessions.count() == 1
