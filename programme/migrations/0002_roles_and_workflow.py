"""Roles: Editors, Moderators, Administrators; moderation workflow on the root page.

- Editors: use the admin, add and edit pages (drafts; no publish), images and
  documents, import council decisions (as drafts), see the import log,
  targets and validity lists.
- Moderators: everything editors do, plus publish / lock / unlock pages,
  approve in the moderation workflow, manage targets, localities and product
  groups.
- Administrators: every permission of the project's apps and of Wagtail's
  (users, groups, workflows, settings, sites, redirects…), pages including
  bulk delete; they also approve in the workflow. Not superusers.

Page permissions are granted on the tree root, so they cover every site.
The workflow: the root page's workflow (Wagtail's default "Moderators
approval" when present, else a new "Duyệt nội dung OCOP") with a
GroupApprovalTask for Moderators and Administrators. Idempotent: groups,
permissions and the workflow are fetched before being created.
Producers never get accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
]
MODERATOR_PERMS = EDITOR_PERMS + [
    ("programme", "add_programmetarget"),
    ("programme", "change_programmetarget"),
    ("products_catalog", "add_locality"),
    ("products_catalog", "change_locality"),
    ("products_catalog", "add_productgroup"),
    ("products_catalog", "change_productgroup"),
]
# Administrators get every permission of these apps.
ADMIN_APPS = [
    "core",
    "products_catalog",
    "programme",
    "home",
    "auth",
    "taggit",
    "wagtailadmin",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailforms",
    "wagtailembeds",
    "wagtailsearchpromotions",
    "wagtailsettings",
]
COLLECTION_PERMS = {
    "Editors": ["add", "change", "choose"],
    "Moderators": ["add", "change", "choose"],
    "Administrators": ["add", "change", "delete", "choose"],
}
APPROVERS = ["Moderators", "Administrators"]
WORKFLOW_NAME = "Duyệt nội dung OCOP"


def ensure_permissions_exist(apps):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so this migration can grant them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def forwards(apps, schema_editor):
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

    for name, codenames in (("Editors", EDITOR_PERMS), ("Moderators", MODERATOR_PERMS)):
        found = [perm(app, code) for app, code in codenames]
        groups[name].permissions.add(*[p for p in found if p])
    groups["Administrators"].permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
    )

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        for name, codenames in PAGE_PERMS.items():
            for codename in codenames:
                permission = perm("wagtailcore", codename)
                if permission:
                    GroupPagePermission.objects.get_or_create(
                        group=groups[name], page=root, permission=permission
                    )

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

    if root is not None:
        ensure_workflow(apps, root, [groups[name] for name in APPROVERS])


def ensure_workflow(apps, root, approvers):
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

    task_ids = WorkflowTask.objects.filter(workflow=workflow).values_list("task_id", flat=True)
    task = (
        GroupApprovalTask.objects.filter(pk__in=list(task_ids), active=True)
        .filter(groups__name="Moderators")
        .first()
    )
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name="Kiểm duyệt viên phê duyệt", content_type=content_type, active=True
        )
        order = WorkflowTask.objects.filter(workflow=workflow).count()
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    task.groups.add(*approvers)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("core", "0002_images_tags_settings"),
        ("products_catalog", "0002_seed_product_groups"),
        ("home", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "__latest__"),
        ("wagtailforms", "__latest__"),
        ("wagtailsearchpromotions", "__latest__"),
        ("wagtailembeds", "__latest__"),
        ("taggit", "__latest__"),
        ("contenttypes", "__latest__"),
        ("auth", "__latest__"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
