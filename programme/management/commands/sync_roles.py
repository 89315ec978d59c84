"""``manage.py sync_roles``: re-apply the roles of :mod:`programme.roles`.

Run after installing an app with new models so that Administrators hold its
permissions too (the data migration grants what exists when it runs).
Idempotent; never removes a permission.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from programme.roles import apply_roles


class Command(BaseCommand):
    help = "Create or complete the Editors / Moderators / Administrators groups and workflow."

    @transaction.atomic
    def handle(self, *args, **options):
        groups = apply_roles(apps)
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
