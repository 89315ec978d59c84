"""Plan an import: decide, row by row, what would be created, updated or skipped.

Nothing is written here. A row describes one decision (number, date or year,
issuing body, level, criteria version, batch) and one line of it (product,
stars, score, new or re-certification). Rules (see also
:mod:`programme.imports.columns`):

- **Decisions are documents.** Rows with the same
  :func:`products_catalog.rules.decision_identity` — within the file or with a
  recorded :class:`~products_catalog.models.CertificationDecision` — are one
  decision listing several products; a new decision is created once. A row
  with a number also finds a recorded decision of that date, body and level
  that has no number yet, or one of that number known by its year only.
- **A recorded decision is never rewritten.** A value the row gives where the
  decision has a blank fills the blank (the preview says so); a different
  value (issuing body, level, criteria version, batch) rejects the row.
- **Products** are matched by producer + name (case and spacing ignored,
  diacritics kept); a blank producer matches products recorded without one.
  No such product → **create** (a new page). A product already on that
  decision → **skip** when the line is the same, else **update** its stars,
  score, kind or "star level published"; not on it → **update** (adds the
  line). Blank cells never erase; a published star level is never replaced
  by "not published".
- **Rules**: every row that writes is checked with
  :func:`products_catalog.rules.check_certification` on the decision as it
  will be. ``error`` findings reject the row; ``warning`` findings are listed
  for the row and, when applied, recorded as acknowledged on the decision.
- One rejected row makes the whole file non-applicable.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from core.text import fold, slugify_vi
from products_catalog import rules
from products_catalog.models import (
    CertificationDecision,
    CertificationLevel,
    DecisionLine,
    ProducerPage,
    ProductPage,
)
from programme.imports import values
from programme.imports.catalogue import catalogue_decision, district_full_name, group_code
from programme.imports.columns import ColumnMapping, map_columns
from taxonomy import units
from taxonomy.models import CriteriaVersion, Locality, ProductGroup

CREATE, UPDATE, SKIP, REJECT = "create", "update", "skip", "reject"
ACTION_LABELS = {
    CREATE: "created",
    UPDATE: "updated",
    SKIP: "skipped",
    REJECT: "rejected",
}
#: Decision fields a row may give (and may fill when the recorded decision has a blank).
DECISION_FIELDS = (
    "number",
    "decision_date",
    "decision_year",
    "issuing_body",
    "level",
    "criteria_version",
    "batch",
)
FIELD_NAMES = {
    "number": gettext_lazy("decision number"),
    "decision_date": gettext_lazy("decision date"),
    "decision_year": gettext_lazy("decision year"),
    "issuing_body": gettext_lazy("issuing body"),
    "level": gettext_lazy("level"),
    "criteria_version": gettext_lazy("criteria version"),
    "batch": gettext_lazy("batch"),
    "stars": gettext_lazy("stars"),
    "stars_published": gettext_lazy("star level published"),
    "score": gettext_lazy("score"),
    "kind": gettext_lazy("kind"),
}
# Findings that a format tolerates: the catalogue's source may not give a year.
NO_DATE = "no-date"
_LEADING_CODE = re.compile(r"^(\d+(?:\.\d+)?)[\s.\-–:)]+")


def _blank(value):
    return value in (None, "")


def _body_key(body):
    return " ".join(fold(body or "").split())


def _same(name, old, new):
    """Whether two values of decision field ``name`` are the same (numbers and bodies folded)."""
    if name == "number":
        return rules.decision_number_key(old) == rules.decision_number_key(new)
    if name == "issuing_body":
        return _body_key(old) == _body_key(new)
    return old == new


def show(name, value):
    """A field value as the preview shows it."""
    if _blank(value):
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if name == "level":
        return str(dict(CertificationLevel.choices).get(value, value))
    if name == "criteria_version":
        return str(dict(CriteriaVersion.choices).get(value, value))
    if name == "kind":
        return str(dict(DecisionLine.Kind.choices).get(value, value))
    if name == "stars_published":
        return _("yes") if value else _("no")
    return str(value)


@dataclass
class DecisionData:
    """The decision a row describes, in model field values.

    ``given`` names the fields the file states (a level read from the issuing
    body counts as stated); the others are derived (the criteria version in
    force) or blank, and never fill or contradict a recorded decision.
    """

    number: str = ""
    decision_date: datetime.date | None = None
    decision_year: int | None = None
    issuing_body: str = ""
    level: str = ""
    criteria_version: str = ""
    batch: str = ""
    note: str = ""
    given: frozenset = frozenset()

    def identity(self):
        return rules.decision_identity(
            self.number, self.decision_date, self.decision_year, self.issuing_body, self.level
        )

    def fields(self):
        return {name: getattr(self, name) for name in DECISION_FIELDS}


def decision_label(fields):
    """ "12/QĐ-UBND · 05/03/2024" (or the year, or "no number")."""
    when = fields.get("decision_date")
    when = when.strftime("%d/%m/%Y") if when else str(fields.get("decision_year") or "—")
    number = fields.get("number") or _("no number")
    return f"{number} · {when}"


@dataclass
class LineData:
    """The line a row describes: stars, score, kind on one product."""

    stars: int
    stars_published: bool = True
    score: int | None = None
    kind: str = DecisionLine.Kind.NEW
    stars_given: bool = True
    kind_given: bool = True

    def label(self):
        parts = [f"{self.stars}★" if self.stars_published else f"{self.stars}★?"]
        if self.score is not None:
            parts.append(f"{self.score}/100")
        return " · ".join(parts)

    def fields(self):
        return {
            "stars": self.stars,
            "stars_published": self.stars_published,
            "score": self.score,
            "kind": self.kind,
        }

    def changes_for(self, line):
        """``{field: (old, new)}`` this row would change on the recorded ``line``.

        Blank cells never erase; a published star level is never replaced by
        "not published"; a blank kind cell leaves the kind alone.
        """
        changes = {}
        if self.stars_given and self.stars != line.stars:
            changes["stars"] = (line.stars, self.stars)
        if self.stars_given and self.stars_published and not line.stars_published:
            changes["stars_published"] = (False, True)
        if self.score is not None and self.score != line.score:
            changes["score"] = (line.score, self.score)
        if self.kind_given and self.kind != line.kind:
            changes["kind"] = (line.kind, self.kind)
        return changes


@dataclass
class DecisionEntry:
    """One decision document the plan writes to: a recorded one, or one to create.

    ``values`` are its fields as they will be; ``fills`` the blanks of a
    recorded decision that rows fill (``{field: value}``); ``rows`` the
    product keys already placed on it → row number (duplicates).
    """

    key: tuple
    values: dict
    first_row: int
    existing_id: int | None = None
    note: str = ""
    fills: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)

    @property
    def label(self):
        return decision_label(self.values)


@dataclass
class RowResult:
    """What one data row would do. ``action`` is create/update/skip/reject."""

    number: int
    action: str
    product: str = ""
    producer: str = ""
    reasons: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # rules.Finding, severity "warning"
    decision: DecisionData | None = None
    line: LineData | None = None
    decision_key: tuple | None = None
    # Resolved values (create/update):
    producer_type: str = ""
    locality: Locality | None = None
    group: ProductGroup | None = None
    subgroup: ProductGroup | None = None
    source_url: str = ""
    product_id: int | None = None
    producer_id: int | None = None
    decision_id: int | None = None
    line_id: int | None = None
    first_row: int | None = None  # row that creates the product, for later rows
    changes: dict = field(default_factory=dict)
    fills: dict = field(default_factory=dict)

    @property
    def key(self):
        return (values.name_key(self.producer), values.name_key(self.product))

    def label(self):
        """ "12/QĐ-UBND · 05/03/2024 · 4★ · 72/100" (for previews and logs)."""
        if not (self.decision and self.line):
            return ""
        return f"{decision_label(self.decision.fields())} · {self.line.label()}"

    def as_dict(self):
        """JSON-serialisable summary stored in :attr:`ImportLog.report`."""
        return {
            "row": self.number,
            "action": self.action,
            "product": self.product,
            "producer": self.producer,
            "decision": self.label(),
            "reasons": [str(r) for r in self.reasons],
            "warnings": [{"code": w.code, "message": str(w.message)} for w in self.warnings],
            "product_id": self.product_id,
            "decision_id": self.decision_id,
        }


@dataclass
class ImportPlan:
    """All rows of one file, or the reasons the whole file is refused."""

    format_key: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    decisions: dict = field(default_factory=dict)  # entry key → DecisionEntry

    @property
    def counts(self):
        """``{"total", "created", "updated", "skipped", "rejected"}`` row counts."""
        counts = {label: 0 for label in ACTION_LABELS.values()}
        for row in self.rows:
            counts[ACTION_LABELS[row.action]] += 1
        counts["total"] = len(self.rows)
        return counts

    @property
    def warning_count(self):
        return sum(len(row.warnings) for row in self.rows if row.action != REJECT)

    @property
    def is_applicable(self):
        """True when the file is readable and no row is rejected."""
        return not self.file_errors and bool(self.rows) and self.counts["rejected"] == 0

    @property
    def has_changes(self):
        return any(row.action in (CREATE, UPDATE) for row in self.rows)

    def report(self):
        return [row.as_dict() for row in self.rows]


class Reference:
    """Groups, localities, producers, products and decisions loaded once per plan."""

    def __init__(self):
        self.locale = Locale.get_default()
        self.groups = list(ProductGroup.objects.filter(locale=self.locale).select_related("parent"))
        self.producers = {}
        for producer in ProducerPage.objects.filter(locale=self.locale).only(
            "pk", "title", "producer_type"
        ):
            self.producers.setdefault(values.name_key(producer.title), []).append(producer)
        self.products = {}
        products = ProductPage.objects.filter(locale=self.locale).select_related("producer")
        for product in products.only("pk", "title", "producer__title"):
            key = (
                values.name_key(product.producer.title if product.producer else ""),
                values.name_key(product.title),
            )
            self.products.setdefault(key, []).append(product)
        self.decisions = {}
        for decision in CertificationDecision.objects.all():
            identity = rules.decision_identity(
                decision.number,
                decision.decision_date,
                decision.decision_year,
                decision.issuing_body,
                decision.level,
            )
            self.decisions.setdefault(identity, []).append(decision)
        self._lines = {}

    def find_decisions(self, data):
        """Recorded decisions that are the row's decision (see the module docstring)."""
        found = self.decisions.get(data.identity(), [])
        if found or not data.number:
            return found
        without_number = rules.decision_identity(
            "", data.decision_date, data.decision_year, data.issuing_body, data.level
        )
        found = [d for d in self.decisions.get(without_number, []) if not d.number_key]
        if found or not data.decision_date:
            return found
        by_year = rules.decision_identity(data.number, None, data.decision_date.year)
        return [d for d in self.decisions.get(by_year, []) if d.decision_date is None]

    def lines_of(self, decision_id):
        """``{product id: DecisionLine}`` of a recorded decision (one query per decision)."""
        if decision_id not in self._lines:
            self._lines[decision_id] = {
                line.product_id: line for line in DecisionLine.objects.filter(decision=decision_id)
            }
        return self._lines[decision_id]


def locality_key(name):
    return re.sub(r"[\W_]+", " ", fold(name)).strip()


class Planner:
    """Builds an :class:`ImportPlan` for a :class:`~programme.imports.reader.Table`.

    ``today`` (default: the local date) is the day the rules judge by.
    ``create_units``: a locality the site does not have yet is added from the
    national register (:func:`taxonomy.units.resolve_locality`) — when
    applying; a preview only says it will be.
    """

    def __init__(self, format_key="auto", today=None, create_units=False):
        self.format_key = format_key
        self.today = today or timezone.localdate()
        self.create_units = create_units
        self._units = {}

    def plan(self, table):
        mapping = map_columns(table.headers, self.format_key)
        plan = ImportPlan(format_key=mapping.fmt.key)
        if mapping.errors:
            plan.file_errors = mapping.errors
            return plan
        if mapping.ignored:
            plan.notes.append(
                _("Columns not used: %(names)s.") % {"names": ", ".join(mapping.ignored)}
            )
        self.ref = Reference()
        self.mapping = mapping
        self.entries = plan.decisions
        self.pending_products = {}  # (producer key, product key) → creating row number
        self.pending_producers = {}  # producer key → creating row number
        for number, cells in table.rows:
            plan.rows.append(self.plan_row(number, cells, mapping))
        self.summarise(plan)
        return plan

    def summarise(self, plan):
        used = {row.decision_key for row in plan.rows if row.action in (CREATE, UPDATE)}
        entries = [self.entries[key] for key in used if key in self.entries]
        new = sum(1 for entry in entries if entry.existing_id is None)
        if entries:
            plan.notes.append(
                _("Decisions: %(new)s new, %(known)s already recorded.")
                % {"new": new, "known": len(entries) - new}
            )

    # Row ---------------------------------------------------------------
    def cell(self, cells, name):
        index = self.mapping.indexes.get(name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def plan_row(self, number, cells, mapping: ColumnMapping):
        row = RowResult(number=number, action=REJECT)
        errors, notes = [], []

        def parse(func, *args):
            try:
                return func(*args)
            except values.BadValue as error:
                errors.append(str(error))
                return None

        row.product = values.text(self.cell(cells, "product"))
        row.producer = values.text(self.cell(cells, "producer"))
        if not row.product:
            errors.append(_("The product name is empty."))
        elif len(row.product) > 255:
            errors.append(_("The product name is longer than 255 characters."))
        if len(row.producer) > 255:
            errors.append(_("The producer name is longer than 255 characters."))
        row.producer_type = parse(values.parse_producer_type, self.cell(cells, "producer_type"))
        row.source_url = values.text(self.cell(cells, "source_url"))[:500]

        line = self.read_line(cells, mapping.fmt, errors, notes, parse)
        decision = self.read_decision(cells, mapping.fmt, row, line, errors, notes, parse)
        if errors:
            row.reasons = errors
            return row
        row.decision, row.line = decision, line
        entry = self.decision_entry(row, notes)
        if entry is not None:
            self.match(row, entry, notes)
        if row.action in (CREATE, UPDATE):
            self.check(row, entry, mapping.fmt)
        if row.action != REJECT:
            row.reasons = notes + row.reasons
        return row

    def read_line(self, cells, fmt, errors, notes, parse):
        stars_published, stars_given = True, True
        try:
            stars = values.parse_stars(self.cell(cells, "stars"))
        except values.BadValue as error:
            errors.append(str(error))
            return None
        if stars is None:
            if not fmt.blank_stars_mean_unpublished_3:
                errors.append(_("The star level is empty."))
                return None
            stars, stars_published, stars_given = rules.OCOP_MIN_STARS, False, False
            notes.append(_("Star level not published: recorded as 3★ (the lowest level)."))
        score = parse(values.parse_score, self.cell(cells, "score"))
        raw_score = values.text(self.cell(cells, "score"))
        if score is not None and raw_score not in (str(score), f"{score}.0"):
            notes.append(
                _("Score %(raw)s recorded as %(score)s (whole points).")
                % {"raw": raw_score, "score": score}
            )
        kind_cell = values.text(self.cell(cells, "kind"))
        kind = parse(values.parse_kind, kind_cell) or DecisionLine.Kind.NEW
        return LineData(
            stars=stars,
            stars_published=stars_published,
            score=score,
            kind=kind,
            stars_given=stars_given,
            kind_given=bool(kind_cell),
        )

    def read_decision(self, cells, fmt, row, line, errors, notes, parse):
        decision_date, decision_year = None, None
        dates = parse(values.parse_date, self.cell(cells, "decision_date"))
        if dates:
            decision_date, decision_year = dates
        if dates == (None, None) and not fmt.allow_blank_date:
            errors.append(_("The decision date is empty."))
        given = {"decision_date", "decision_year"} if dates and dates != (None, None) else set()

        version = parse(values.parse_criteria_version, self.cell(cells, "criteria_version"))
        if version:
            given.add("criteria_version")
        version = version or rules.criteria_version_for(decision_date, decision_year)

        row.locality = self.resolve_locality(
            self.cell(cells, "locality"),
            self.cell(cells, "province"),
            fmt,
            errors,
            notes,
            on_date=rules.decision_day(decision_date, decision_year),
        )
        self.resolve_group(row, self.cell(cells, "group"), version, fmt, errors)

        number = values.text(self.cell(cells, "decision_number"))[:80]
        batch = values.text(self.cell(cells, "batch"))[:120]
        note = ""
        if fmt.catalogue_rules:
            stars = line.stars if line else rules.OCOP_MIN_STARS
            found = catalogue_decision(
                decision_year,
                stars,
                row.locality.name if row.locality else "",
                self.province_name(row.locality, self.cell(cells, "province")),
            )
            body, level, note = found.issuing_body, str(found.level), found.note
            if found.preview:
                notes.append(found.preview)
        else:
            body = values.text(self.cell(cells, "issuing_body"))[:200]
            level = parse(values.parse_level, self.cell(cells, "level")) or ""
            level = level or values.level_from_body(body)
            if not level and line and rules.only_central_certifies(line.stars):
                level = str(CertificationLevel.CENTRAL)
        given |= {
            name
            for name, value in (
                ("number", number),
                ("issuing_body", body),
                ("level", level),
                ("batch", batch),
            )
            if value
        }
        return DecisionData(
            number=number,
            decision_date=decision_date,
            decision_year=decision_year,
            issuing_body=body,
            level=level,
            criteria_version=version,
            batch=batch,
            note=note,
            given=frozenset(given),
        )

    @staticmethod
    def province_name(locality, province):
        if values.text(province):
            return values.text(province)
        return locality.parent.name if locality and locality.parent else ""

    # Rules -------------------------------------------------------------
    def check(self, row, entry, fmt):
        """Judge the row's line on its decision as it will be; errors reject the row."""
        decision = entry.values
        findings = rules.check_certification(
            level=decision["level"],
            stars=row.line.stars,
            score=row.line.score,
            decision_date=decision["decision_date"],
            decision_year=decision["decision_year"],
            criteria_version=decision["criteria_version"],
            today=self.today,
        )
        if fmt.allow_blank_date:
            findings = [f for f in findings if f.code != NO_DATE]
        errors = rules.errors_of(findings)
        if errors:
            row.action = REJECT
            row.reasons = [str(f.message) for f in errors]
            return
        row.warnings = rules.warnings_of(findings)

    # Decisions ---------------------------------------------------------
    def decision_entry(self, row, notes):
        """The :class:`DecisionEntry` of the row's decision, merging what the row gives.

        Returns ``None`` (and rejects the row) on an ambiguous match or a
        conflicting value.
        """
        data = row.decision
        found = self.ref.find_decisions(data)
        if len(found) > 1:
            row.reasons = [
                _("%(n)s recorded decisions match this row (%(decisions)s): merge them first.")
                % {"n": len(found), "decisions": "; ".join(str(d) for d in found)}
            ]
            return None
        if found:
            recorded = found[0]
            key = ("recorded", recorded.pk)
            entry = self.entries.get(key)
            if entry is None:
                entry = DecisionEntry(
                    key=key,
                    values={name: getattr(recorded, name) for name in DECISION_FIELDS},
                    first_row=row.number,
                    existing_id=recorded.pk,
                )
                self.entries[key] = entry
            row.decision_id = recorded.pk
        else:
            key = ("new", data.identity())
            entry = self.entries.get(key)
            if entry is None:
                entry = DecisionEntry(
                    key=key, values=data.fields(), first_row=row.number, note=data.note
                )
                self.entries[key] = entry
                notes.append(_("New decision: %(decision)s.") % {"decision": entry.label})
        if not self.merge(row, entry, notes):
            return None
        row.decision_key = key
        if entry.existing_id is not None and entry.first_row == row.number:
            notes.append(_("Decision already recorded: %(decision)s.") % {"decision": entry.label})
        elif entry.existing_id is None and entry.first_row != row.number:
            notes.append(
                _("Listed on the same decision as row %(row)s.") % {"row": entry.first_row}
            )
        return entry

    def merge(self, row, entry, notes):
        """Fill the entry's blanks from the row; reject the row on a conflicting value."""
        data, fills, conflicts = row.decision, {}, []
        for name in DECISION_FIELDS:
            new, old = getattr(data, name), entry.values[name]
            if name not in data.given or _blank(new):
                continue
            if _blank(old):
                fills[name] = new
            elif not _same(name, old, new):
                conflicts.append((name, old, new))
        if conflicts:
            row.reasons = [self.conflict_message(entry, *conflict) for conflict in conflicts]
            return False
        for name, new in fills.items():
            entry.values[name] = new
            if entry.existing_id is not None:
                entry.fills[name] = new
                row.fills[name] = new
                notes.append(
                    _("Fills the blank %(field)s of the recorded decision: %(value)s.")
                    % {"field": FIELD_NAMES[name], "value": show(name, new)}
                )
        return True

    @staticmethod
    def conflict_message(entry, name, old, new):
        values_ = {
            "decision": entry.label,
            "field": FIELD_NAMES[name],
            "old": show(name, old),
            "new": show(name, new),
            "row": entry.first_row,
        }
        if entry.existing_id is None:
            return (
                _(
                    "Row %(row)s gives decision %(decision)s with %(field)s “%(old)s”; this row "
                    "gives “%(new)s”. One decision has one %(field)s: correct the file."
                )
                % values_
            )
        return (
            _(
                "Decision %(decision)s is recorded with %(field)s “%(old)s”; this row gives "
                "“%(new)s”. An import never changes a recorded decision: correct the file, or "
                "edit the decision in the admin first."
            )
            % values_
        )

    # Lookups -----------------------------------------------------------
    def resolve_locality(self, value, province, fmt, errors, notes, on_date=None):
        """The row's :class:`Locality`, from the site's units or the national register.

        A unit the site does not have yet is created from the register when
        applying (``create_units``); a preview notes that it will be. The
        decision's date picks the register (before 01/07/2025: the old one).
        """
        raw = values.text(value)
        if not raw:
            return None
        name = district_full_name(raw) if fmt.catalogue_rules else raw
        key = (raw, name, values.text(province), on_date)
        if key not in self._units:
            self._units[key] = self._lookup_unit(raw, name, values.text(province), on_date)
        locality, problem, note = self._units[key]
        if problem:
            errors.append(problem)
        if note:
            notes.append(note)
        return locality

    def _lookup_unit(self, raw, name, province, on_date):
        """``(locality or None, error message or "", note or "")`` for one unit name."""
        try:
            locality = units.resolve_locality(
                name, province=province or None, on_date=on_date, create=self.create_units
            )
        except units.UnitNotStored as missing:
            return (
                None,
                "",
                _("Adds %(unit)s from the national register of units.")
                % {"unit": units.describe(missing.unit)},
            )
        except units.AmbiguousUnit as ambiguous:
            names = "; ".join(units.describe(c) for c in ambiguous.candidates[:5])
            message = _("Locality “%(value)s” is ambiguous (%(names)s): add the province column.")
            return None, message % {"value": raw, "names": names}, ""
        except units.UnitNotFound:
            return None, _("Unknown locality “%(value)s”.") % {"value": raw}, ""
        return locality, "", ""

    def resolve_group(self, row, value, version, fmt, errors):
        raw = values.text(value)
        if not raw:
            if not fmt.allow_blank_group:
                errors.append(_("The product group is empty."))
            return
        version = version or str(CriteriaVersion.D148_2023)
        if fmt.catalogue_rules:
            code = group_code(raw, version)
            found = [
                g
                for g in self.ref.groups
                if g.criteria_version == version and g.code == code and g.parent_id is None
            ]
        else:
            found = self.match_groups(raw, version)
        if not found:
            elsewhere = [] if fmt.catalogue_rules else self.match_groups(raw, None)
            if elsewhere:
                errors.append(
                    _("Product group “%(value)s” is not in the criteria in force (%(version)s).")
                    % {"value": raw, "version": CriteriaVersion(version).label}
                )
            else:
                errors.append(_("Unknown product group “%(value)s”.") % {"value": raw})
            return
        if len(found) > 1:
            errors.append(
                _("Product group “%(value)s” is ambiguous: give its code (e.g. 1.3).")
                % {"value": raw}
            )
            return
        group = found[0]
        if group.parent_id:
            row.group, row.subgroup = group.parent, group
        else:
            row.group = group

    def match_groups(self, raw, version):
        groups = [g for g in self.ref.groups if version is None or g.criteria_version == version]
        key = locality_key(raw)
        slug = slugify_vi(raw)
        by_name = [g for g in groups if locality_key(g.name) == key or g.slug == slug]
        if by_name:
            top = [g for g in by_name if g.parent_id is None]
            return top if len(by_name) > 1 and len(top) == 1 else by_name
        code = raw if re.fullmatch(r"\d+(\.\d+)?", raw) else None
        leading = None if code else _LEADING_CODE.match(raw)
        if leading:
            code = leading.group(1)
        if code:
            return [g for g in groups if g.code == code]
        return []

    # Products and lines ------------------------------------------------
    def match(self, row, entry, notes):
        producer_key, product_key = row.key
        if row.key in entry.rows:
            row.reasons = [
                _("Duplicate of row %(row)s (same product and decision).")
                % {"row": entry.rows[row.key]}
            ]
            return
        entry.rows[row.key] = row.number

        if row.producer:
            producers = self.ref.producers.get(producer_key, [])
            if len(producers) > 1:
                row.reasons = [
                    _("%(n)s producers are named “%(name)s”: rename one before importing.")
                    % {"n": len(producers), "name": row.producer}
                ]
                return
            if producers:
                row.producer_id = producers[0].pk
            elif producer_key not in self.pending_producers:
                self.pending_producers[producer_key] = row.number
                notes.append(_("New producer."))

        if row.key in self.pending_products:
            first = self.pending_products[row.key]
            row.action, row.first_row = UPDATE, first
            notes.append(
                _("Adds a decision to the product created by row %(row)s.") % {"row": first}
            )
            return

        products = self.ref.products.get(row.key, [])
        if len(products) > 1:
            row.reasons = [
                _("%(n)s products match this producer and name: merge them first.")
                % {"n": len(products)}
            ]
            return
        if not products:
            row.action = CREATE
            self.pending_products[row.key] = row.number
            return
        row.product_id = products[0].pk
        self.match_line(row, entry, notes)

    def match_line(self, row, entry, notes):
        line = (
            self.ref.lines_of(entry.existing_id).get(row.product_id)
            if entry.existing_id is not None
            else None
        )
        if line is None:
            row.action = UPDATE
            notes.append(_("Adds the existing product to this decision."))
            return
        row.line_id = line.pk
        row.changes = row.line.changes_for(line)
        if not row.changes and not row.fills:
            row.action = SKIP
            notes.append(_("Already recorded."))
            return
        row.action = UPDATE
        if row.changes:
            notes.append(
                _("Changes %(fields)s.")
                % {
                    "fields": "; ".join(
                        f"{FIELD_NAMES[name]}: {show(name, old)} → {show(name, new)}"
                        for name, (old, new) in row.changes.items()
                    )
                }
            )
