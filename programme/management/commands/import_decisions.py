"""``manage.py import_decisions FILE [--apply] [--publish] [--format F] [--user U]``.

Without ``--apply`` the file is only checked: the per-row preview (with
the rules' warnings) is printed and logged. With ``--apply`` a clean file is
written in one transaction and the warnings are recorded as acknowledged by
``--user`` (or "import").
Exit status 1 (``CommandError``) when the file or a row is rejected, or when
applying fails; nothing is written then.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from programme.imports.columns import FORMATS
from programme.imports.service import ImportRefused, apply_import, preview_import
from programme.models import ImportLog

SYMBOLS = {"create": "+", "update": "~", "skip": "=", "reject": "!"}


class Command(BaseCommand):
    help = "Check (and with --apply, import) a council's list of certified OCOP products."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (UTF-8) or XLSX file")
        parser.add_argument("--apply", action="store_true", help="write the changes")
        parser.add_argument(
            "--publish", action="store_true", help="publish new products (default: drafts)"
        )
        parser.add_argument(
            "--format", default="auto", choices=["auto", *FORMATS], help="column format"
        )
        parser.add_argument("--user", help="username recorded as the importer")
        parser.add_argument("--quiet-rows", action="store_true", help="print counts only")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No user named {options['user']!r}") from error
        log, plan = preview_import(
            path.read_bytes(),
            path.name,
            user=user,
            source=ImportLog.Source.COMMAND,
            column_format=options["format"],
            publish=options["publish"],
        )
        self.print_report(log, plan, options["quiet_rows"])
        if log.status == ImportLog.Status.REJECTED:
            raise CommandError(f"Rejected: nothing was written (import log #{log.pk}).")
        if not options["apply"]:
            self.stdout.write(f"Preview only (import log #{log.pk}); add --apply to write.")
            return
        try:
            log, plan, counts = apply_import(log, user=user)
        except ImportRefused as refused:
            for reason in refused.log.file_errors:
                self.stderr.write(f"  {reason}")
            raise CommandError(f"{refused} (import log #{refused.log.pk})") from refused
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied: {log.created_count} created, {log.updated_count} updated, "
                f"{log.skipped_count} skipped (import log #{log.pk})."
            )
        )

    def print_report(self, log, plan, quiet):
        for error in plan.file_errors:
            self.stderr.write(f"FILE: {error}")
        for note in plan.notes:
            self.stdout.write(f"Note: {note}")
        if not quiet:
            for row in plan.rows:
                line = (
                    f"{SYMBOLS[row.action]} row {row.number}: {row.product} — {row.producer or '—'}"
                )
                if row.decision:
                    line += f" [{row.label()}]"
                if row.reasons:
                    line += " — " + "; ".join(str(r) for r in row.reasons)
                self.stdout.write(line)
                for warning in row.warnings:
                    self.stdout.write(self.style.WARNING(f"    warning: {warning.message}"))
        counts = plan.counts
        self.stdout.write(
            f"{counts['total']} rows: {counts['created']} to create, {counts['updated']} to "
            f"update, {counts['skipped']} to skip, {counts['rejected']} rejected; "
            f"{plan.warning_count} warnings of the rules (recorded as acknowledged on apply)."
        )
