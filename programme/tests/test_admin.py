"""Admin: import upload → preview → apply per role, import log, targets, dashboard panels."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from core.testing import TEST_TODAY
from products_catalog.models import ProductPage
from programme import panels
from programme.models import ImportLog, ProgrammeTarget
from programme.tests.conftest import COUNCIL_CSV
from programme.tests.helpers import COUNCIL_HEADER, council_row, csv_bytes, snapshot

pytestmark = pytest.mark.django_db


def upload(client, content=None, name="council_list_2025.csv", **data):
    content = COUNCIL_CSV.read_bytes() if content is None else content
    payload = {"file": SimpleUploadedFile(name, content), "column_format": "auto", **data}
    return client.post(reverse("ocop_import:upload"), payload)


def test_editor_previews_then_a_moderator_applies_drafts(
    council_catalogue, editor, moderator, client
):
    client.force_login(editor)
    form_page = client.get(reverse("ocop_import:upload"))
    assert form_page.status_code == 200
    assert 'name="publish"' not in form_page.content.decode()  # editors cannot publish

    before = snapshot()
    response = upload(client, publish="publish")  # a forged choice is ignored
    log = ImportLog.objects.filter(source="admin").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ocop_import:detail", args=[log.pk])
    assert (log.user, log.publish, log.status) == (editor, False, "previewed")
    assert snapshot() == before

    detail = client.get(response["Location"]).content.decode()
    assert "Bánh tráng nước dừa Hòa Đa" in detail
    # The rules' warnings are listed with their rows before anything is applied.
    assert detail.count('data-code="level-provincial-3-warned"') == 3
    # Applying issues certification decisions: a moderator's step.
    assert reverse("ocop_import:apply", args=[log.pk]) not in detail
    assert "A moderator applies this import" in detail
    client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert snapshot() == before

    client.force_login(moderator)
    detail = client.get(reverse("ocop_import:detail", args=[log.pk])).content.decode()
    assert reverse("ocop_import:apply", args=[log.pk]) in detail
    assert "records them as acknowledged by you" in detail

    response = client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.status, log.applied_by, log.created_count) == ("applied", moderator, 3)
    cake = ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa")
    assert not cake.live  # the editor's import chose drafts
    detail = client.get(reverse("ocop_import:detail", args=[log.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[cake.pk]) in detail
    decision = cake.decision_lines.get().decision
    assert {a["by"] for a in decision.acknowledged} == {"moderator"}
    edit = reverse(
        "wagtailsnippets_products_catalog_certificationdecision:edit", args=[decision.pk]
    )
    assert edit in detail

    # Applying the same preview again is refused and writes nothing.
    after = snapshot()
    client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert snapshot() == after


def test_moderator_can_publish_new_products(council_catalogue, moderator, client):
    client.force_login(moderator)
    assert 'name="publish"' in client.get(reverse("ocop_import:upload")).content.decode()
    upload(client, publish="publish")
    log = ImportLog.objects.filter(source="admin").get()
    assert log.publish
    client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert ProductPage.objects.get(title="Bánh tráng nước dừa Hòa Đa").live


def test_editor_cannot_apply_a_moderators_publishing_import(
    council_catalogue, moderator, editor, client
):
    client.force_login(moderator)
    upload(client, publish="publish")
    log = ImportLog.objects.filter(source="admin").get()
    client.force_login(editor)
    response = client.post(reverse("ocop_import:apply", args=[log.pk]))
    assert response.status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    log.refresh_from_db()
    assert log.status == "previewed"


def test_broken_upload_shows_reasons_and_no_apply_button(council_catalogue, editor, client):
    client.force_login(editor)
    bad = csv_bytes(COUNCIL_HEADER, [council_row("X", group="Điện tử")])
    response = upload(client, bad, "bad.csv")
    log = ImportLog.objects.filter(source="admin").get()
    assert log.status == "rejected"
    html = client.get(response["Location"]).content.decode()
    assert "Unknown product group" in html
    assert reverse("ocop_import:apply", args=[log.pk]) not in html
    assert client.post(reverse("ocop_import:apply", args=[log.pk])).status_code == 302
    log.refresh_from_db()
    assert log.status == "rejected"


def test_users_without_the_permission_are_kept_out(council_catalogue, outsider, client):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("ocop_import:upload")).status_code in (302, 403)
    assert upload(client).status_code in (302, 403)
    assert not ImportLog.objects.filter(source="admin").exists()


def test_import_log_is_listed_read_only(council_catalogue, editor, client):
    client.force_login(editor)
    upload(client)
    log = ImportLog.objects.filter(source="admin").get()
    response = client.get(reverse("ocop_import_log:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "council_list_2025.csv" in html
    assert reverse("ocop_import:detail", args=[log.pk]) in html
    assert client.get(reverse("ocop_import_log:edit", args=[log.pk])).status_code in (302, 403)
    assert client.get(reverse("ocop_import_log:add")).status_code in (302, 403)


def test_admin_menu_shows_the_programme_group(council_catalogue, editor, client):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "ocop-import" in html


def test_moderator_manages_targets_with_live_progress(site_tree, moderator, editor, client):
    ProgrammeTarget.objects.create(period_start=2022, target_products=18, rule="Ít nhất 18")
    client.force_login(moderator)
    html = client.get(reverse("ocop_targets:index")).content.decode()
    # An empty register is said, not shown as 0/18 (0 %).
    assert "Ít nhất 18" in html and "2022: no decisions recorded" in html
    response = client.post(
        reverse("ocop_targets:add"),
        {
            "kind": "products_certified",
            "period_start": "2023",
            "period_end": "2025",
            "target_products": "60",
            "min_stars": "3",
            "level": "",
            "rule": "Mục tiêu mới",
            "rule_en": "A new target",
            "source_url": "",
        },
    )
    assert response.status_code == 302
    assert ProgrammeTarget.objects.filter(rule="Mục tiêu mới", period_end=2025).exists()
    assert ProgrammeTarget.objects.get(period_end=2025).rule_en == "A new target"
    assert 'name="rule_en"' in client.get(reverse("ocop_targets:add")).content.decode()
    client.force_login(editor)
    assert client.get(reverse("ocop_targets:index")).status_code == 200
    assert client.get(reverse("ocop_targets:add")).status_code in (302, 403)


def test_dashboard_panels(council_catalogue, editor, client):

    year = TEST_TODAY.year
    ProgrammeTarget.objects.create(period_start=year, target_products=18, rule="Mục tiêu năm nay")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="ocop-targets' in html and "Mục tiêu năm nay" in html
    assert 'id="ocop-expiry' in html
    assert reverse("ocop_expiring:list") in html
    # Inquiries show once buyers.Inquiry exists (editors may view them); events are
    # listed only when the events app exists and has upcoming events.
    has_inquiries = panels.optional_model(panels.INQUIRY_MODEL) is not None
    assert ('id="ocop-inquiries' in html) == has_inquiries
    if panels.optional_model(panels.EVENT_MODEL) is None:
        assert 'id="ocop-events' not in html


def test_optional_models_are_looked_up_lazily():
    assert panels.optional_model("nope.Nothing") is None
    assert panels.optional_model("not-a-label") is None
    assert panels.optional_model("programme.ImportLog") is ImportLog


def test_inquiry_panel_appears_once_the_model_exists(site_tree, editor, client, monkeypatch):
    # ImportLog happens to have the assumed `status` and `created_at` fields, so it
    # stands in for buyers.Inquiry (editors may view it).
    ImportLog.objects.create(source="admin", file_name="moi.csv", status="new")
    ImportLog.objects.create(source="admin", file_name="cu.csv", status="applied")
    count, rows = panels.new_inquiries(ImportLog, editor)
    assert count == 1 and rows[0][0].startswith("moi.csv")
    monkeypatch.setattr(
        panels, "optional_model", lambda label: ImportLog if label == panels.INQUIRY_MODEL else None
    )
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="ocop-inquiries' in html and "moi.csv" in html and "cu.csv" not in html


def test_panels_hide_when_fields_differ(site_tree, editor):
    # No `start` field: the events summary gives up quietly instead of failing.
    assert panels.upcoming_events(ImportLog, editor) is None
    assert panels.new_inquiries(ProgrammeTarget, editor) is None


def test_new_buyer_inquiries_on_the_dashboard(site_tree, editor, client):
    inquiry_model = panels.optional_model(panels.INQUIRY_MODEL)
    if inquiry_model is None:
        pytest.skip("buyers app not installed")
    inquiry_model.objects.create(
        buyer_name="Công ty Mua Hàng", products_wanted="Nước mắm", subject_title="Nước mắm"
    )
    inquiry_model.objects.create(buyer_name="Đã trả lời", products_wanted="x", status="answered")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="ocop-inquiries' in html
    assert "Công ty Mua Hàng" in html and "Đã trả lời" not in html


def test_upcoming_events_on_the_dashboard(site_tree, editor, client):
    factories = pytest.importorskip("events.tests.factories")
    index = factories.EventIndexPageFactory(parent=site_tree["home"])
    factories.make_event(index, "Hội chợ OCOP sắp tới", start=factories.future(10))
    factories.make_event(index, "Hội chợ đã qua", start=factories.future(-10))
    factories.make_event(index, "Sự kiện nháp", start=factories.future(5), live=False)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="ocop-events' in html
    assert "Hội chợ OCOP sắp tới" in html
    assert "Hội chợ đã qua" not in html and "Sự kiện nháp" not in html


def test_dashboard_targets_panel_shows_the_rule_in_the_editor_language(
    council_catalogue, editor, client
):
    ProgrammeTarget.objects.create(
        period_start=TEST_TODAY.year,
        target_products=18,
        rule="Mục tiêu năm nay",
        rule_en="This year's target",
    )
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "This year&#x27;s target" in html and "Mục tiêu năm nay" not in html
