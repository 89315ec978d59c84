"""Roles: Editors, Moderators, Administrators; moderation workflow on the root page.

See :mod:`programme.roles` for what each group may do. Idempotent: groups,
permissions and the workflow are fetched before being created.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from programme.roles import apply_roles

    apply_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0001_initial"),
        ("core", "0003_english_locale"),
        ("products_catalog", "0004_sort_title"),
        ("home", "0002_initial"),
        ("buyers", "0002_editor_permissions"),
        ("news", "0002_seed_categories"),
        ("events", "0002_registration_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailforms", "0005_alter_formsubmission_form_data"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailembeds", "0009_embed_cache_until"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
