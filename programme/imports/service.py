"""Import workflow shared by the admin view and the management command.

1. :func:`preview_import` reads and checks a file, writes nothing but an
   :class:`~programme.models.ImportLog` (status ``previewed`` or
   ``rejected``) holding the file and the per-row report.
2. :func:`apply_import` re-reads the stored file, re-plans it against the
   database as it is now, and writes it in one transaction; any rejected row
   or error rolls everything back (status ``rejected`` / ``failed``). The
   warnings of the rules listed in the preview are then recorded as
   acknowledged on their decisions (by the user applying, or "import").
"""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from products_catalog.models import ProductIndexPage
from programme.imports.apply import apply_plan
from programme.imports.plan import ImportPlan, Planner
from programme.imports.reader import FileRejected, read_table
from programme.models import ImportLog

logger = logging.getLogger(__name__)


class ImportRefused(Exception):
    """Apply was refused or failed; ``log`` holds the reasons (nothing was written)."""

    def __init__(self, log, message):
        super().__init__(message)
        self.log = log


def make_plan(content, file_name, column_format="auto", today=None, create_units=False):
    """Read and plan a file; a broken file gives a plan with ``file_errors``.

    ``create_units``: add missing localities from the national register (apply only).
    """
    try:
        table = read_table(content, file_name)
    except FileRejected as error:
        return ImportPlan(file_errors=error.reasons)
    return Planner(column_format, today=today, create_units=create_units).plan(table)


def _fill_log(log, plan):
    counts = plan.counts
    log.column_format = plan.format_key
    log.rows_total = counts["total"]
    log.created_count = counts["created"]
    log.updated_count = counts["updated"]
    log.skipped_count = counts["skipped"]
    log.rejected_count = counts["rejected"]
    log.file_errors = [str(e) for e in plan.file_errors] + [str(n) for n in plan.notes]
    log.report = plan.report()


def preview_import(
    content,
    file_name,
    *,
    user=None,
    source=ImportLog.Source.ADMIN,
    column_format="auto",
    publish=False,
):
    """Check ``content`` (bytes) and log the preview. Returns ``(log, plan)``."""
    plan = make_plan(content, file_name, column_format)
    digest = hashlib.sha256(content or b"").hexdigest()
    earlier = (
        ImportLog.objects.filter(file_sha256=digest, status=ImportLog.Status.APPLIED)
        .order_by("-applied_at")
        .first()
    )
    if earlier and not plan.file_errors:
        plan.notes.append(
            _("This exact file was already applied on %(when)s.")
            % {"when": timezone.localtime(earlier.applied_at).strftime("%d/%m/%Y %H:%M")}
        )
    log = ImportLog(
        user=user if user and user.is_authenticated else None,
        source=source,
        file_name=(file_name or "upload")[:255],
        file_size=len(content or b""),
        file_sha256=digest,
        publish=publish,
        status=ImportLog.Status.PREVIEWED if plan.is_applicable else ImportLog.Status.REJECTED,
        content=content if plan.is_applicable else None,
    )
    if column_format != "auto" and not plan.format_key:
        plan.format_key = column_format
    _fill_log(log, plan)
    log.save()
    return log, plan


class _Rollback(Exception):
    def __init__(self, plan):
        self.plan = plan


def apply_import(log, *, user=None, submit=False):
    """Apply a previewed import in one transaction. Returns ``(log, plan, counts)``.

    Raises :class:`ImportRefused` when the log is not a pending preview, when
    the file no longer plans cleanly (the database changed since the
    preview), or when writing fails; the log then says why and nothing was
    written.
    """
    try:
        with transaction.atomic():
            locked = ImportLog.objects.select_for_update().get(pk=log.pk)
            if not locked.can_apply:
                raise ImportRefused(locked, _("This import was already applied or rejected."))
            # Serialise imports: the catalogue page row acts as a lock.
            list(ProductIndexPage.objects.select_for_update().values_list("pk", flat=True))
            plan = make_plan(
                bytes(locked.content), locked.file_name, locked.column_format, create_units=True
            )
            if not plan.is_applicable:
                raise _Rollback(plan)
            counts = apply_plan(
                plan,
                user=user if user and user.is_authenticated else None,
                publish=locked.publish,
                submit=submit,
                log_id=locked.pk,
            )
            _fill_log(locked, plan)
            locked.status = ImportLog.Status.APPLIED
            locked.applied_at = timezone.now()
            locked.applied_by = user if user and user.is_authenticated else None
            locked.save()
            return locked, plan, counts
    except _Rollback as refused:
        log.refresh_from_db()
        _fill_log(log, refused.plan)
        log.status = ImportLog.Status.REJECTED
        log.save()
        raise ImportRefused(
            log, _("The file no longer applies cleanly; see the reasons below.")
        ) from None
    except ImportRefused:
        raise
    except Exception as error:
        logger.exception("Import %s failed", log.pk)
        log.refresh_from_db()
        log.status = ImportLog.Status.FAILED
        log.file_errors = list(log.file_errors) + [
            _("Nothing was written: %(error)s") % {"error": error}
        ]
        log.save()
        raise ImportRefused(log, _("The import failed and was rolled back.")) from error
