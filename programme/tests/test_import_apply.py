"""Council-decision import: preview, apply, idempotence, drafts, rollback."""

import pytest

from products_catalog.demo import PRODUCTS_CSV
from products_catalog.models import (
    CertificationDecision,
    CertificationLevel,
    ProducerPage,
    ProductPage,
)
from products_catalog.queries import catalogue_queryset
from programme.imports import apply as apply_module
from programme.imports.service import ImportRefused, apply_import, preview_import
from programme.models import ImportLog
from programme.tests.conftest import COUNCIL_CSV
from programme.tests.helpers import council_xlsx_bytes, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def preview(content, name="list.csv", **kwargs):
    return preview_import(content, name, **kwargs)


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
    peanut = ProductPage.objects.get(title="Dầu phộng Xuân Phước").certifications.get()
    assert (peanut.stars, peanut.stars_published, peanut.decision_year) == (3, False, 2020)
    assert peanut.level == CertificationLevel.PROVINCIAL
    assert CertificationDecision.objects.filter(stars_published=False).count() == 15

    # The same file again changes nothing.
    before = snapshot()
    log2, plan2 = preview(PRODUCTS_CSV.read_bytes(), publish=True)
    assert plan2.counts["skipped"] == 52
    assert any("already applied" in note for note in plan2.notes)
    apply_import(log2)
    assert snapshot() == before
    log2.refresh_from_db()
    assert (log2.status, log2.created_count, log2.updated_count) == ("applied", 0, 0)


def test_demo_csv_matches_what_the_catalogue_loader_recorded(demo_catalogue):
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
    assert snapshot() == before

    log, plan, counts = apply_import(log)
    assert (counts["created"], counts["updated"]) == (3, 2)

    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    decisions = sorted(fish_sauce.certifications.all(), key=lambda d: d.decision_year)
    assert [(d.decision_year, d.kind) for d in decisions] == [(2020, "new"), (2025, "renewal")]
    assert decisions[1].decision_number == "156/QĐ-UBND"
    assert str(decisions[1].valid_until) == "2028-03-20"
    assert fish_sauce.live and not fish_sauce.has_unpublished_changes

    # Matched by producer + name: only HTX Muối Tuyết Diêm's salt got the renewal.
    renewed = ProductPage.objects.get(title="Muối hạt sạch", producer__title="HTX Muối Tuyết Diêm")
    other = ProductPage.objects.get(
        title="Muối hạt sạch", producer__title="Hộ kinh doanh [chủ hộ 4]"
    )
    assert renewed.certifications.count() == 2
    assert other.certifications.count() == 1
    assert renewed.stars == 4

    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert cake.live
    assert cake.subgroup.name == "Thực phẩm chế biến" and cake.group.name == "Thực phẩm"
    assert cake.producer.title == "HTX Nông nghiệp Hòa Đa"
    assert cake.producer.producer_type == "cooperative"
    assert cake.producer.live
    assert cake.locality.name == "Huyện Tuy An"
    honey_page = ProductPage.objects.get(title="Mật ong hoa cà phê Ea Bar")
    decision = honey_page.certifications.get()
    assert (decision.stars, decision.score, decision.level) == (4, 72, "provincial")
    assert decision.criteria_version == "148-2023"
    assert honey_page.producer.producer_type == "cooperative_group"
    # The public catalogue lists the new products.
    assert catalogue_queryset().filter(title="Mật ong hoa cà phê Ea Bar").exists()

    after_first = snapshot()
    log2, plan2 = preview(COUNCIL_CSV.read_bytes(), "council_list_2025.csv", publish=True)
    assert plan2.counts["skipped"] == 5
    apply_import(log2)
    assert snapshot() == after_first


def test_council_list_as_xlsx_plans_like_the_csv(council_catalogue):
    _log, csv_plan = preview(COUNCIL_CSV.read_bytes(), "council.csv")
    log, xlsx_plan = preview(council_xlsx_bytes(), "council.xlsx")
    assert log.status == ImportLog.Status.PREVIEWED
    assert [(r.number, r.action, r.decision.label()) for r in xlsx_plan.rows] == [
        (r.number, r.action, r.decision.label()) for r in csv_plan.rows
    ]


def test_drafts_are_not_public_and_are_matched_on_reimport(council_catalogue, editor):
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=False)
    apply_import(log, user=editor)

    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert not cake.live and cake.has_unpublished_changes
    assert not cake.producer.live
    assert cake.owner == editor
    assert not catalogue_queryset().filter(pk=cake.pk).exists()
    # A live product gets the new decision in a draft revision only.
    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    assert fish_sauce.live and fish_sauce.has_unpublished_changes
    assert fish_sauce.certifications.count() == 1
    draft = fish_sauce.get_latest_revision_as_object()
    assert len(draft.certifications.all()) == 2

    before = snapshot()
    log2, plan2 = preview(COUNCIL_CSV.read_bytes(), publish=False)
    assert plan2.counts["skipped"] == 5
    apply_import(log2, user=editor)
    assert snapshot() == before


def test_drafts_can_enter_the_moderation_workflow(council_catalogue, editor):
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=False)
    _log, _plan, counts = apply_import(log, user=editor, submit=True)
    # 3 new products, 3 new producers, 2 updated products.
    assert counts["submitted"] == 8
    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert cake.workflow_in_progress


def test_publish_never_publishes_an_editors_pending_draft(council_catalogue):
    fish_sauce = ProductPage.objects.get(title="Nước mắm Tân Lập")
    fish_sauce.summary = "Bản nháp chưa duyệt"
    fish_sauce.save_revision()
    log, _plan = preview(COUNCIL_CSV.read_bytes(), publish=True)
    _log, plan, _counts = apply_import(log)
    fish_sauce.refresh_from_db()
    assert fish_sauce.summary != "Bản nháp chưa duyệt"  # live content untouched
    draft = fish_sauce.get_latest_revision_as_object()
    assert draft.summary == "Bản nháp chưa duyệt"
    assert len(draft.certifications.all()) == 2
    assert any("unpublished changes" in r for r in plan.rows[0].reasons)


def test_same_name_with_another_producer_is_a_new_product(council_catalogue):
    from programme.tests.helpers import COUNCIL_HEADER, council_row, csv_bytes

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


def test_a_corrected_decision_updates_instead_of_duplicating(council_catalogue):
    from programme.tests.helpers import COUNCIL_HEADER, council_row, csv_bytes

    row = council_row("Sản phẩm mới", number="77/QĐ-UBND", stars="3", score="60")
    log, _ = preview(csv_bytes(COUNCIL_HEADER, [row]), publish=True)
    apply_import(log)
    fixed = council_row("Sản phẩm mới", number="77/QĐ-UBND", stars="4", score="75")
    log, plan = preview(csv_bytes(COUNCIL_HEADER, [fixed]), publish=True)
    assert plan.rows[0].action == "update"
    assert set(plan.rows[0].changes) == {"stars", "score"}
    apply_import(log)
    product = ProductPage.objects.get(title="Sản phẩm mới")
    decision = product.certifications.get()
    assert (decision.stars, decision.score) == (4, 75)
