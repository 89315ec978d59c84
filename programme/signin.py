"""Import a training sign-in sheet (CSV or XLSX) into registrations and participants.

Columns (first row; names compared without case or accents, Vietnamese or
English): ``Họ và tên``/``name`` (required), ``Email`` (required: one
registration per e-mail and event), ``Điện thoại``/``phone``, ``Đơn vị``/
``organisation``, ``Vai trò``/``role``, ``Chủ thể``/``producer`` (required
for a producer's manager, matched by name), then one column per session
headed by its day (``06/09/2021``): ``x``, ``1``, ``có``, ``✓`` mark
attendance, blank means absent. A session day the course does not have yet
is added.

All or nothing: any row error rejects the whole file with the reasons per
row (:class:`SheetRejected`); a clean file is written in one transaction.
A person already registered (same e-mail) is updated, so importing the
same sheet twice creates nothing twice.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import fold
from events.models import Registration
from products_catalog.models import ProducerPage
from programme.imports.reader import FileRejected, read_table
from programme.records import ParticipantRole, TrainingParticipant, TrainingSession

COLUMNS = {
    "name": ("ho va ten", "ho ten", "name", "full name"),
    "email": ("email", "e-mail", "thu dien tu"),
    "phone": ("dien thoai", "so dien thoai", "phone"),
    "organisation": ("don vi", "co quan", "organisation", "organization"),
    "role": ("vai tro", "role"),
    "producer": ("chu the", "producer"),
}
ROLE_WORDS = {
    ParticipantRole.OFFICIAL_PROVINCE: ("can bo tinh", "official_province", "province"),
    ParticipantRole.OFFICIAL_DISTRICT: ("can bo huyen", "official_district", "district"),
    ParticipantRole.OFFICIAL_COMMUNE: ("can bo xa", "official_commune", "commune"),
    ParticipantRole.PRODUCER_MANAGER: (
        "chu the",
        "quan ly chu the",
        "producer_manager",
        "producer manager",
        "manager",
    ),
    ParticipantRole.OTHER: ("khac", "other", ""),
}
PRESENT = {"x", "1", "co", "✓", "v", "yes"}
DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class SheetRejected(Exception):
    """The sheet was not imported; ``reasons``: file reasons; ``rows``: {row: [reasons]}."""

    def __init__(self, reasons=(), rows=None):
        self.reasons = list(reasons)
        self.rows = rows or {}
        super().__init__("; ".join(self.reasons) or f"{len(self.rows)} rows rejected")


@dataclass
class SheetRow:
    number: int
    values: dict
    role: str = ""
    producer: object = None
    days: list = field(default_factory=list)


def _role(text):
    key = fold(str(text or "")).strip()
    for role, words in ROLE_WORDS.items():
        if key in words:
            return role
    return None


def _day(header):
    found = DAY.match(header.strip())
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _map_headers(headers):
    """``({field: index}, {index: day}, [unknown headers])``."""
    fields, days, unknown = {}, {}, []
    for index, header in enumerate(headers):
        key = fold(header).strip()
        name = next((f for f, words in COLUMNS.items() if key in words), None)
        if name:
            fields[name] = index
        elif (day := _day(header)) is not None:
            days[index] = day
        elif header:
            unknown.append(header)
    return fields, days, unknown


def _cell(cells, index):
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    return str(cells[index]).strip()


def check_sheet(event, content, file_name=""):
    """Check a sheet for ``event``: ``(rows, days)``, or :class:`SheetRejected`."""
    try:
        table = read_table(content, file_name)
    except FileRejected as error:
        raise SheetRejected(error.reasons) from error
    fields, day_columns, unknown = _map_headers(table.headers)
    reasons = []
    for needed in ("name", "email"):
        if needed not in fields:
            reasons.append(_("The sheet has no '%(column)s' column.") % {"column": needed})
    if unknown:
        reasons.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if reasons:
        raise SheetRejected(reasons)
    producers = {fold(p.title).strip(): p for p in ProducerPage.objects.all()}
    rows, errors, seen = [], {}, set()
    for number, cells in table.rows:
        values = {name: _cell(cells, index) for name, index in fields.items()}
        row = SheetRow(number=number, values=values)
        problems = []
        if not values["name"]:
            problems.append(_("The name is missing."))
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(_("The e-mail is missing or not valid."))
        email_key = values["email"].lower()
        if email_key in seen:
            problems.append(_("The same e-mail is on another row."))
        seen.add(email_key)
        row.role = _role(values.get("role", ""))
        if row.role is None:
            problems.append(_("Unknown role: %(role)s.") % {"role": values.get("role")})
        producer_name = values.get("producer", "")
        if producer_name:
            row.producer = producers.get(fold(producer_name).strip())
            if row.producer is None:
                problems.append(_("No producer named %(name)s.") % {"name": producer_name})
        if row.role == ParticipantRole.PRODUCER_MANAGER and not producer_name:
            problems.append(_("A producer's manager needs the producer's name."))
        for index, day in day_columns.items():
            mark = fold(_cell(cells, index)).strip()
            if mark in PRESENT:
                row.days.append(day)
            elif mark:
                problems.append(_("Attendance mark '%(mark)s' is not understood.") % {"mark": mark})
        if problems:
            errors[number] = problems
        rows.append(row)
    if errors:
        raise SheetRejected(rows=errors)
    return rows, sorted(set(day_columns.values()))


@transaction.atomic
def import_sheet(event, content, file_name=""):
    """Write a checked sheet for ``event``; returns ``{"created", "updated", "sessions"}``.

    Registrations are created confirmed, with the sign-in as consent time.
    Raises :class:`SheetRejected` (nothing written).
    """
    rows, days = check_sheet(event, content, file_name)
    sessions = {s.day: s for s in TrainingSession.objects.filter(event=event)}
    added = 0
    for day in days:
        if day not in sessions:
            sessions[day] = TrainingSession.objects.create(event=event, day=day)
            added += 1
    existing = {
        r.email.lower(): r
        for r in Registration.objects.filter(event=event).select_related("training")
    }
    counts = {"created": 0, "updated": 0, "sessions": added}
    now = timezone.now()
    for row in rows:
        values = row.values
        registration = existing.get(values["email"].lower())
        if registration is None:
            registration = Registration(event=event, role=Registration.Role.OTHER, consent_at=now)
            counts["created"] += 1
        else:
            counts["updated"] += 1
        registration.name = values["name"][:200]
        registration.email = values["email"]
        registration.phone = values.get("phone", "")[:40]
        registration.organisation = values.get("organisation", "")[:200]
        if row.role == ParticipantRole.PRODUCER_MANAGER:
            registration.role = Registration.Role.PRODUCER
        registration.save()
        participant, _created = TrainingParticipant.objects.update_or_create(
            registration=registration, defaults={"role": row.role, "producer": row.producer}
        )
        participant.sessions.set([sessions[day] for day in row.days])
    return counts
