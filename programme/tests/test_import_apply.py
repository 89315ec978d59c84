"""Council-decision import: preview, apply, re-import, drafts, rollback, decisions as documents."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Revision

from products_catalog.models import (
    CertificationDecision,
    CertificationLevel,
    DecisionLine,
    ProducerPage,
    ProductPage,
)
from products_catalog.tests.factories import certify
from programme.demo_catalogue import PRODUCTS_CSV
from programme.imports import apply as apply_module
from programme.imports.service import ImportRefused, apply_import, preview_import
from programme.models import ImportLog
from programme.tests.conftest import COUNCIL_CSV
from programme.tests.helpers import (
    COUNCIL_HEADER,
    council_row,
    council_xlsx_bytes,
    csv_bytes,
    snapshot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

CATALOGUE_HEADER = [
    "name",
    "producer",
    "producer_type",
    "district",
    "province",
    "group",
    "stars",
    "year",
    "source_url",
]


def preview(content, name="list.csv", **kwargs):
    return preview_import(content, name, **kwargs)


def catalogue_row(name, stars="3", year="2024", district="Tuy An", producer="HTX Mẫu"):
    return [name, producer, "cooperative", district, "Phú Yên", "food", stars, year, ""]


def line_of(title, number=None):
    lines = DecisionLine.objects.filter(product__title=title).select_related("decision")
    if number:
        lines = lines.filter(decision__number=number)
    return lines.get()


def test_demo_csv_through_column_mapping_into_an_empty_catalogue(catalogue):
    log, plan = preview(PRODUCTS_CSV.read_bytes(), "phu_yen_ocop_products.csv", publish=True)
    assert plan.format_key == "catalogue"
    assert log.status == ImportLog.Status.PREVIEWED
    assert (log.rows_total, log.created_count, log.rejected_count) == (52, 52, 0)
    assert ProductPage.objects.count() == 0  # preview writes nothing

    apply_import(log)
    assert ProductPage.objects.live().count() == 52
    assert ProducerPage.objects.live().count() == 22
    # The two "Muối hạt sạch" of different producers stay two products.
    salts = ProductPage.objects.filter(title="Muối hạt sạch")
    assert sorted(p.producer.title for p in salts) == [
        "HTX Muối Tuyết Diêm",
        "Hộ kinh doanh [chủ hộ 4]",
    ]
    # Blank star level → 3★ flagged "not published"; blank producer stays blank.
    tea = ProductPage.objects.get(title="Trà Diệp Hạ Châu")
    assert tea.producer is None
    peanut = line_of("Dầu phộng Xuân Phước")
    assert (peanut.stars, peanut.stars_published, peanut.decision.decision_year) == (3, False, 2020)
    assert peanut.decision.level == CertificationLevel.PROVINCIAL
    assert DecisionLine.objects.filter(stars_published=False).count() == 15
    # Decisions are documents: one per year, body and level, listing its products.
    assert DecisionLine.objects.count() == 52
    dong_hoa_2024 = CertificationDecision.objects.get(
        decision_year=2024, issuing_body="UBND Thị xã Đông Hòa"
    )
    assert dong_hoa_2024.level == CertificationLevel.DISTRICT
    assert dong_hoa_2024.lines.count() == 12
    assert CertificationDecision.objects.count() < 20
    # Summaries follow the lines.
    assert ProductPage.objects.get(title="Cà phê Superior").certification.stars == 4

    # The same file again changes nothing.
    before = snapshot()
    log2, plan2 = preview(PRODUCTS_CSV.read_bytes(), publish=True)
    assert plan2.counts["skipped"] == 52
    assert any("already applied" in note for note in plan2.notes)
    apply_import(log2)
    assert snapshot() == before
    log2.refresh_from_db()
    assert (log2.status, log2.created_count, log2.updated_count) == ("applied", 0, 0)


def test_demo_loader_and_importer_agree(demo_catalogue_loaded):
    before = snapshot()
    log, plan = preview(PRODUCTS_CSV.read_bytes())
    assert plan.counts == {
        "created": 0,
        "updated": 0,
        "skipped": 52,
        "rejected": 0,
        "total": 52,
    }
    apply_import(log)
    assert snapshot() == before


def test_council_list_preview_then_apply(council_catalogue):
    before = snapshot()
    log, plan = preview(COUNCIL_CSV.read_bytes(), "council_list_2025.csv", publish=True)
    assert plan.format_key == "council"
    assert [(r.number, r.action) for r in plan.rows] == [
        (2, "update"),
        (3, "create"),
        (4, "create"),
        (5, "create"),
        (6, "update"),
    ]
    assert "STT" in " ".join(plan.notes)  # the unused column is reported
    honey = plan.rows[3]
    assert any("72.5" in reason for reason in honey.reasons)
    # 3★ from a province before 01/07/2025 is allowed with a warning (148/QĐ-TTg).
    assert [[w.code for w in r.warnings] for r in plan.rows] == [
        ["level-provincial-3-warned"],
        ["level-provincial-3-warned"],
        ["level-provincial-3-warned"],
        [],
        [],
    ]
    assert log.report[0]["warnings"][0]["code"] == "level-provincial-3-warned"
    assert snapshot() == before

    revisions = Revision.objects.count()
    log, plan, counts = apply_import(log)
    assert (counts["created"], counts["updated"], counts["decisions"]) == (3, 2, 1)
    # One decision document lists the five products.
    decision = CertificationDecision.objects.get(number="156/QĐ-UBND")
    assert decision.lines.count() == 5
    assert decision.decision_date == datetime.date(2025, 3, 20)
    assert decision.level == CertificationLevel.PROVINCIAL
    assert decision.issuing_body == "UBND tỉnh Phú Yên"
    # Its warnings are acknowledged by the import that applied them.
    assert len(decision.acknowledged) == 3
    assert {a["code"] for a in decision.acknowledged} == {"level-provincial-3-warned"}
    assert {(a["by"], a["import_log"]) for a in decision.acknowledged} == {("import", log.pk)}
    assert datetime.datetime.fromisoformat(decision.acknowledged[0]["at"])
    # Only the new products (and producers) got revisions: 3 products + 3 producers.
    assert Revision.objects.count() == revisions + 6

    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    history = fish_sauce.certification_history()
    assert [(line.decision.decision_year, line.kind) for line in history] == [
        (2025, "renewal"),
        (2020, "new"),
    ]
    assert fish_sauce.certification.decision_number == "156/QĐ-UBND"
    assert str(fish_sauce.certification.valid_until) == "2028-03-20"
    assert fish_sauce.live and not fish_sauce.has_unpublished_changes

    # Matched by producer + name: only HTX Muối Tuyết Diêm's salt got the renewal.
    renewed = ProductPage.objects.get(title="Muối hạt sạch", producer__title="HTX Muối Tuyết Diêm")
    other = ProductPage.objects.get(
        title="Muối hạt sạch", producer__title="Hộ kinh doanh [chủ hộ 4]"
    )
    assert renewed.decision_lines.count() == 2
    assert other.decision_lines.count() == 1
    assert renewed.stars == 4

    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert cake.live
    assert cake.subgroup.name == "Thực phẩm chế biến" and cake.group.name == "Thực phẩm"
    assert cake.producer.title == "HTX Nông nghiệp Hòa Đa"
    assert cake.producer.producer_type == "cooperative"
    assert cake.producer.live
    assert cake.locality.name == "Huyện Tuy An"
    honey_page = ProductPage.objects.get(title="Mật ong hoa cà phê Ea Bar")
    line = honey_page.decision_lines.get()
    assert (line.stars, line.score, line.decision.level) == (4, 72, "provincial")
    assert line.decision.criteria_version == "148-2023"
    assert honey_page.producer.producer_type == "cooperative_group"
    # The public catalogue lists the new products.
    assert ProductPage.objects.for_cards().filter(title="Mật ong hoa cà phê Ea Bar").exists()

    after_first = snapshot()
    log2, plan2 = preview(COUNCIL_CSV.read_bytes(), "council_list_2025.csv", publish=True)
    assert plan2.counts["skipped"] == 5
    apply_import(log2)
    assert snapshot() == after_first


def test_council_list_as_xlsx_plans_like_the_csv(council_catalogue):
    _log, csv_plan = preview(COUNCIL_CSV.read_bytes(), "council.csv")
    log, xlsx_plan = preview(council_xlsx_bytes(), "council.xlsx")
    assert log.status == ImportLog.Status.PREVIEWED
    assert [(r.number, r.action, r.label()) for r in xlsx_plan.rows] == [
        (r.number, r.action, r.label()) for r in csv_plan.rows
    ]


def test_drafts_are_not_public_and_are_matched_on_reimport(council_catalogue, editor):
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=False)
    apply_import(log, user=editor)

    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert not cake.live and cake.has_unpublished_changes
    assert not cake.producer.live
    assert cake.owner == editor
    assert not ProductPage.objects.for_cards().filter(pk=cake.pk).exists()
    # A live product gets the decision line at once: lines are facts, not page content.
    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    assert fish_sauce.live and not fish_sauce.has_unpublished_changes
    assert fish_sauce.decision_lines.count() == 2
    # The editor who applied acknowledged the warnings.
    decision = CertificationDecision.objects.get(number="156/QĐ-UBND")
    assert {a["by"] for a in decision.acknowledged} == {"editor"}

    before = snapshot()
    log2, plan2 = preview(COUNCIL_CSV.read_bytes(), publish=False)
    assert plan2.counts["skipped"] == 5
    apply_import(log2, user=editor)
    assert snapshot() == before


def test_drafts_can_enter_the_moderation_workflow(council_catalogue, editor):
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=False)
    _log, _plan, counts = apply_import(log, user=editor, submit=True)
    # 3 new products and 3 new producers; existing products get no draft.
    assert counts["submitted"] == 6
    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert cake.workflow_in_progress


def test_an_editors_pending_draft_is_left_alone(council_catalogue):
    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    fish_sauce.summary = "Bản nháp chưa duyệt"
    fish_sauce.save_revision()
    revisions = fish_sauce.revisions.count()
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=True)
    apply_import(log)
    fish_sauce.refresh_from_db()
    assert fish_sauce.summary != "Bản nháp chưa duyệt"  # live content untouched
    assert fish_sauce.has_unpublished_changes  # the draft is still the editor's
    assert fish_sauce.revisions.count() == revisions
    assert fish_sauce.get_latest_revision_as_object().summary == "Bản nháp chưa duyệt"
    assert fish_sauce.decision_lines.count() == 2  # the line is recorded all the same


def test_same_name_with_another_producer_is_a_new_product(council_catalogue):
    content = csv_bytes(COUNCIL_HEADER, [council_row("Muối hạt sạch", "HTX Muối Mới")])
    _log, plan = preview(content)
    assert plan.rows[0].action == "create"


def test_an_error_while_writing_rolls_everything_back(council_catalogue, monkeypatch):
    before = snapshot()
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=True)
    original = apply_module.Writer.create
    calls = []

    def failing_create(self, row):
        calls.append(row.number)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, row)

    monkeypatch.setattr(apply_module.Writer, "create", failing_create)
    with pytest.raises(ImportRefused):
        apply_import(log)
    assert snapshot() == before
    log.refresh_from_db()
    assert log.status == ImportLog.Status.FAILED
    assert "disk full" in " ".join(log.file_errors)
    with pytest.raises(ImportRefused):
        apply_import(log)  # a failed import cannot be re-applied


def test_a_log_is_applied_once_and_a_second_preview_re_plans(council_catalogue):
    first, _ = preview(COUNCIL_CSV.read_bytes(), publish=True)
    second, _ = preview(COUNCIL_CSV.read_bytes(), publish=True)
    apply_import(first)
    with pytest.raises(ImportRefused):
        apply_import(first)
    after_first = snapshot()
    second, _plan, counts = apply_import(second)  # planned again: everything is known now
    assert (counts["created"], counts["updated"], second.skipped_count) == (0, 0, 5)
    assert snapshot() == after_first
    assert ProductPage.objects.filter(title="Bánh tráng nước dừa Hòa Đa").count() == 1


def test_a_corrected_line_updates_instead_of_duplicating(council_catalogue):
    row = council_row("Sản phẩm mới", number="77/QĐ-UBND", stars="3", score="60")
    log, _ = preview(csv_bytes(COUNCIL_HEADER, [row]), publish=True)
    apply_import(log)
    product = ProductPage.objects.get(title="Sản phẩm mới")
    revisions = product.revisions.count()
    fixed = council_row("Sản phẩm mới", number="77/QĐ-UBND", stars="4", score="75")
    log, plan = preview(csv_bytes(COUNCIL_HEADER, [fixed]), publish=True)
    assert plan.rows[0].action == "update"
    assert set(plan.rows[0].changes) == {"stars", "score"}
    apply_import(log)
    line = product.decision_lines.get()
    assert (line.stars, line.score) == (4, 75)
    assert product.revisions.count() == revisions  # no page revision for a line
    product.refresh_from_db()
    assert product.certification.stars == 4  # the summary follows


def test_blank_cells_never_erase_and_published_stars_stay_published(council_catalogue):
    row = council_row("Sản phẩm A", number="78/QĐ-UBND", stars="4", score="75")
    apply_import(preview(csv_bytes(COUNCIL_HEADER, [row]), publish=True)[0])
    blank_score = council_row("Sản phẩm A", number="78/QĐ-UBND", stars="4", score="", kind="")
    _log, plan = preview(csv_bytes(COUNCIL_HEADER, [blank_score]))
    assert plan.rows[0].action == "skip"


def test_a_reimport_never_rewrites_the_issuing_level_or_body(council_catalogue):
    rows = [council_row("Sản phẩm B", number="79/QĐ-UBND", date="10/04/2024")]
    apply_import(preview(csv_bytes(COUNCIL_HEADER, rows), publish=True)[0])
    decision = CertificationDecision.objects.get(number="79/QĐ-UBND")
    assert (decision.level, decision.issuing_body) == ("provincial", "UBND tỉnh Phú Yên")
    before = snapshot()
    other_body = council_row(
        "Sản phẩm C", number="79/QĐ-UBND", date="10/04/2024", body="UBND huyện Tuy An"
    )
    log, plan = preview(csv_bytes(COUNCIL_HEADER, [other_body]))
    assert log.status == ImportLog.Status.REJECTED
    reasons = " ".join(plan.rows[0].reasons)
    assert "never changes a recorded decision" in reasons
    assert "issuing body" in reasons and "level" in reasons
    assert snapshot() == before


def test_a_blank_number_of_a_recorded_decision_is_filled(council_catalogue, today):
    product = ProductPage.objects.get(title="Cá ngừ đại dương")
    line = certify(
        product,
        decision_date=datetime.date(2024, 6, 1),
        issuing_body="UBND tỉnh Phú Yên",
        level="provincial",
        stars=4,
        score=80,
    )
    row = council_row(
        "Cá ngừ đại dương",
        "Công ty TNHH Hải sản Bình Minh",
        number="80/QĐ-UBND",
        date="01/06/2024",
        stars="4",
        score="80",
    )
    log, plan = preview(csv_bytes(COUNCIL_HEADER, [row]))
    assert plan.rows[0].action == "update"
    assert any("Fills the blank decision number" in r for r in plan.rows[0].reasons)
    apply_import(log)
    line.decision.refresh_from_db()
    assert line.decision.number == "80/QĐ-UBND"
    assert (
        CertificationDecision.objects.filter(decision_date=datetime.date(2024, 6, 1)).count() == 1
    )


def test_catalogue_five_stars_are_central_and_2025_three_stars_provincial(catalogue):
    rows = [
        catalogue_row("Sản phẩm năm sao", stars="5", year="2024"),
        catalogue_row("Sản phẩm 2024", stars="3", year="2024"),
        catalogue_row("Sản phẩm 2025", stars="3", year="2025"),
    ]
    log, plan = preview(csv_bytes(CATALOGUE_HEADER, rows), "list.csv", publish=True)
    assert log.status == ImportLog.Status.PREVIEWED, log.report
    assert any("does not name the issuing body" in r for r in plan.rows[0].reasons)
    apply_import(log)
    five = line_of("Sản phẩm năm sao").decision
    assert (five.level, five.issuing_body) == ("central", "")
    assert line_of("Sản phẩm 2024").decision.level == "district"
    assert line_of("Sản phẩm 2024").decision.issuing_body == "UBND Huyện Tuy An"
    in_2025 = line_of("Sản phẩm 2025").decision
    assert (in_2025.level, in_2025.issuing_body) == ("provincial", "UBND tỉnh Phú Yên")


OTHER_PROVINCES_CSV = Path(__file__).resolve().parent / "data" / "other_provinces_catalogue.csv"


@pytest.mark.dated
def test_another_provinces_list_resolves_every_unit_from_the_register(site_tree):
    """No locality is made by hand: every district comes from the national register."""
    from taxonomy.models import Locality

    assert not Locality.objects.exists()
    content = OTHER_PROVINCES_CSV.read_bytes()
    log, plan = preview(content, "other.csv", column_format="catalogue", publish=True)
    reasons = [reason for row in plan.rows for reason in row.reasons]
    assert not [r for r in reasons if "Unknown locality" in r or "ambiguous" in r], reasons
    assert plan.is_applicable, [(row.number, row.reasons) for row in plan.rows if row.reasons]
    assert not Locality.objects.exists()  # a preview writes nothing
    assert any("national register" in r for r in reasons)
    apply_import(log)
    products = ProductPage.objects.select_related("locality__parent")
    assert products.count() == 24
    provinces = {p.locality.parent.name for p in products}
    assert len(provinces) >= 15
    bmt = products.get(title="Cà phê rang xay Buôn Ma Thuột").locality
    assert (bmt.name, bmt.parent.name) == ("Thành phố Buôn Ma Thuột", "Tỉnh Đắk Lắk")
    assert bmt.current_unit.level == Locality.Level.PROVINCE  # now held by the new province
    ginseng = line_of("Sâm Ngọc Linh")
    assert (ginseng.stars, ginseng.decision.level) == (5, CertificationLevel.CENTRAL)


def test_an_editor_prepares_an_import_and_a_moderator_applies_it(
    council_catalogue, editor, moderator, client
):
    """Applying issues certification decisions, public at once: Editors only view those."""
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=False)
    client.force_login(editor)
    detail = client.get(reverse("ocop_import:detail", args=[log.pk])).content.decode()
    assert "A moderator applies this import" in detail and 'class="ocop-apply"' not in detail
    response = client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert response.status_code == 302 and response.url == "/admin/"  # Wagtail's "denied"
    assert not CertificationDecision.objects.filter(number="156/QĐ-UBND").exists()
    client.force_login(moderator)
    assert (
        'class="ocop-apply"'
        in client.get(reverse("ocop_import:detail", args=[log.pk])).content.decode()
    )
    response = client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert response.status_code == 302
    assert CertificationDecision.objects.filter(number="156/QĐ-UBND").exists()
