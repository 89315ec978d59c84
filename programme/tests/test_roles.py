"""Roles from the data migration: editors draft, moderators approve and publish."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Page, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.text import slugify_vi
from home.models import StandardPage
from products_catalog.models import CertificationDecision

pytestmark = pytest.mark.django_db


def page_data(title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": slugify_vi(title),
            "intro": rich_text("<p>Giới thiệu</p>"),
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data[action] = action
    return data


def create_page(client, parent, title, action):
    url = reverse("wagtailadmin_pages:add", args=["home", "standardpage", parent.pk])
    return client.post(url, page_data(title, action))


def test_groups_exist_with_their_page_permissions(db):
    root = Page.get_first_root_node()
    for name in ("Editors", "Moderators", "Administrators"):
        assert Group.objects.filter(name=name).exists()
    editors = set(
        Group.objects.get(name="Editors")
        .page_permissions.filter(page=root)
        .values_list("permission__codename", flat=True)
    )
    assert editors == {"add_page", "change_page"}
    moderators = set(
        Group.objects.get(name="Moderators")
        .page_permissions.filter(page=root)
        .values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= moderators
    admins = Group.objects.get(name="Administrators")
    assert admins.permissions.filter(codename="change_programmesettings").exists()
    assert admins.permissions.filter(codename="add_user").exists()


def test_root_page_has_a_group_approval_workflow_for_moderators(db):
    link = WorkflowPage.objects.get(page=Page.get_first_root_node())
    assert link.workflow.active
    tasks = [t.specific for t in link.workflow.tasks.all()]
    approval = [t for t in tasks if isinstance(t, GroupApprovalTask)]
    assert approval
    assert "Moderators" in approval[0].groups.values_list("name", flat=True)


def test_permission_tester_agrees(site_tree, editor, moderator, administrator):
    home = site_tree["home"]
    assert not home.permissions_for_user(editor).can_publish()
    assert home.permissions_for_user(editor).can_edit()
    assert home.permissions_for_user(moderator).can_publish()
    assert home.permissions_for_user(administrator).can_publish()


def test_an_editor_cannot_publish(site_tree, editor, client):
    client.force_login(editor)
    response = create_page(client, site_tree["home"], "Bài của biên tập viên", "action-publish")
    assert response.status_code == 302
    page = StandardPage.objects.get(title="Bài của biên tập viên")
    assert not page.live and page.has_unpublished_changes

    # Editing and pressing "publish" again still leaves a draft.
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(url, page_data("Bài của biên tập viên", "action-publish"))
    page.refresh_from_db()
    assert not page.live
    assert page.revisions.count() == 2


def test_a_moderator_can_publish(site_tree, moderator, client):
    client.force_login(moderator)
    response = create_page(client, site_tree["home"], "Bài của kiểm duyệt viên", "action-publish")
    assert response.status_code == 302
    assert StandardPage.objects.get(title="Bài của kiểm duyệt viên").live


def test_editor_submits_and_moderator_approves_through_the_workflow(
    site_tree, editor, moderator, client
):
    client.force_login(editor)
    create_page(client, site_tree["home"], "Chờ duyệt", "action-submit")
    page = StandardPage.objects.get(title="Chờ duyệt")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    task_state = state.current_task_state

    task = task_state.task.specific
    assert task.get_actions(page, editor) == []
    assert "approve" in [action[0] for action in task.get_actions(page, moderator)]

    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": "Tự duyệt"})  # the editor tries to approve
    page.refresh_from_db()
    assert not page.live

    client.force_login(moderator)
    response = client.post(url, {"comment": "Đồng ý"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_editors_see_decisions_and_moderators_correct_them(
    site_tree, editor, moderator, administrator, client
):
    """Editors import decisions and must be able to check them; a change to one changes the
    public status at once, so only moderators (and administrators) add or edit them."""
    decision = CertificationDecision.objects.create(number="12/QĐ-UBND", decision_year=2024)
    urls = "wagtailsnippets_products_catalog_certificationdecision"
    listing, add = reverse(f"{urls}:list"), reverse(f"{urls}:add")
    edit = reverse(f"{urls}:edit", args=[decision.pk])
    client.force_login(editor)
    response = client.get(listing)
    assert response.status_code == 200 and "12/QĐ-UBND" in response.content.decode()
    assert client.get(add).status_code == 302  # no permission: back to the dashboard
    assert editor.has_perm("products_catalog.view_revocationdecision")
    assert not editor.has_perm("products_catalog.change_certificationdecision")
    client.force_login(moderator)
    assert client.get(edit).status_code == 200 and client.get(add).status_code == 200
    assert moderator.has_perm("products_catalog.change_revocationdecision")
    assert not moderator.has_perm("products_catalog.delete_certificationdecision")
    assert administrator.has_perm("products_catalog.delete_certificationdecision")
