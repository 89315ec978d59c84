"""Roles: Editors, Moderators, Administrators, and the moderation workflow.

- **Editors**: use the admin; add and edit pages (drafts only: no publish),
  images and documents; upload and preview council-decision imports (applying
  one issues decisions: a moderator's step); see the import
  log, targets and the certificate validity lists; view certification and
  revocation decisions.
- **Moderators**: what editors do, plus publish, lock and unlock pages,
  approve or reject in the moderation workflow, import with "publish",
  manage targets, localities and product groups; add and correct
  certification and revocation decisions, apply imports and issue a round's
  decision (new products are drafts unless "publish" is chosen).
- **Administrators**: every permission in the database (users, groups,
  workflows, settings, sites, every app's models), pages including bulk
  delete; they may also approve in the workflow. They are not superusers.

Page permissions are granted on the tree root (covering every site). The
root's workflow (Wagtail's default "Moderators approval" when present, else
"Duyệt nội dung OCOP") gets a GroupApprovalTask for Moderators and
Administrators. Producers never get accounts.

:func:`apply_roles` works with the migration's historical ``apps`` and with
the live registry (``manage.py sync_roles``, to run after new apps add
models so Administrators get their permissions). Idempotent.
"""

from django.contrib.auth.management import create_permissions

PAGE_PERMS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Administrators": [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
EDITOR_PERMS = [
    ("wagtailadmin", "access_admin"),
    ("programme", "import_decisions"),
    ("programme", "view_importlog"),
    ("programme", "view_programmetarget"),
    ("programme", "view_expirynotice"),
    ("products_catalog", "view_productgroup"),
    ("products_catalog", "view_locality"),
    # Issue 16: the plan's records (councils, rounds, training, inspections).
    *[
        (app, f"{action}_{model}")
        for app, model in (
            ("programme", "council"),
            ("programme", "evaluationround"),
            ("programme", "trainingparticipant"),
            ("programme", "trainingsession"),
            ("products_catalog", "inspection"),
        )
        for action in ("add", "change", "view")
    ],
    ("programme", "view_trainingroster"),
    # Editors import council decisions and check them; changing one changes what the public
    # sees at once (summaries are not revisioned), so that is the moderators'.
    ("products_catalog", "view_certificationdecision"),
    ("products_catalog", "view_revocationdecision"),
]
MODERATOR_PERMS = EDITOR_PERMS + [
    ("programme", "add_trainingroster"),
    ("programme", "change_trainingroster"),
    ("programme", "delete_trainingparticipant"),
    ("programme", "delete_trainingsession"),
    ("programme", "add_programmetarget"),
    ("programme", "change_programmetarget"),
    ("products_catalog", "add_locality"),
    ("products_catalog", "change_locality"),
    ("products_catalog", "add_productgroup"),
    ("products_catalog", "change_productgroup"),
    ("products_catalog", "add_certificationdecision"),
    ("products_catalog", "change_certificationdecision"),
    ("products_catalog", "add_revocationdecision"),
    ("products_catalog", "change_revocationdecision"),
]
MODEL_PERMS = {"Editors": EDITOR_PERMS, "Moderators": MODERATOR_PERMS}
COLLECTION_PERMS = {
    "Editors": ["add", "change", "choose"],
    "Moderators": ["add", "change", "choose"],
    "Administrators": ["add", "change", "delete", "choose"],
}
APPROVERS = ["Moderators", "Administrators"]
WORKFLOW_NAME = "Duyệt nội dung OCOP"
TASK_NAME = "Kiểm duyệt viên phê duyệt"


def ensure_permissions_exist(apps):
    """Create missing ``Permission`` rows now (Django does it after all migrations)."""
    for app_config in apps.get_app_configs():
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = had_module


def apply_roles(apps):
    """Create or complete the three groups, their permissions and the workflow."""
    ensure_permissions_exist(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def perm(app_label, codename):
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMS}
    for name, codenames in MODEL_PERMS.items():
        found = [perm(app, code) for app, code in codenames]
        groups[name].permissions.add(*[p for p in found if p])
    groups["Administrators"].permissions.add(*Permission.objects.all())

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        for name, codenames in PAGE_PERMS.items():
            for codename in codenames:
                permission = perm("wagtailcore", codename)
                if permission:
                    GroupPagePermission.objects.get_or_create(
                        group=groups[name], page=root, permission=permission
                    )
        ensure_workflow(apps, root, [groups[name] for name in APPROVERS])

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for name, actions in COLLECTION_PERMS.items():
            for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in actions:
                    permission = perm(app, f"{action}_{model}")
                    if permission:
                        GroupCollectionPermission.objects.get_or_create(
                            group=groups[name], collection=root_collection, permission=permission
                        )
    return groups


def ensure_workflow(apps, root, approvers):
    """The root page's active workflow, with a GroupApprovalTask for ``approvers``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    link = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if link is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowPage.objects.create(page=root, workflow=workflow)
    else:
        workflow = link.workflow
        if not workflow.active:
            workflow.active = True
            workflow.save(update_fields=["active"])

    task_ids = list(
        WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
    )
    task = (
        GroupApprovalTask.objects.filter(pk__in=task_ids, active=True)
        .filter(groups__name="Moderators")
        .first()
    )
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=len(task_ids))
    task.groups.add(*approvers)
    return workflow
