"""``manage.py ensure_admin``: make sure an administrator account exists.

The password comes from ``DJANGO_SUPERUSER_PASSWORD``; without it a random one
is generated and printed once (it is not stored anywhere in clear).
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'admin' superuser if no superuser exists."

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        )
        parser.add_argument(
            "--email", default=os.environ.get("DJANGO_SUPERUSER_EMAIL", "admin@example.org")
        )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator already exists; nothing to do.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(options["username"], options["email"], password)
        self.stdout.write(self.style.SUCCESS(f"Administrator '{options['username']}' created."))
        if generated:
            self.stdout.write(f"Generated password (shown once): {password}")
