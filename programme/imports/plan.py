"""Plan an import: decide, row by row, what would be created, updated or skipped.

Nothing is written here. Rules (see also :mod:`programme.imports.columns`):

- A product is matched by producer + name (case and spacing ignored,
  diacritics kept); a name alone is not unique. A blank producer matches
  products recorded without one.
- A decision is "the same" as one already recorded on that product when
  both have a decision number and the numbers are equal; otherwise when both
  have a full date and the dates are equal; otherwise when the years are
  equal. Same decision with nothing new → **skip**; with new or different
  values (stars, score, date, number, body, level, kind) → **update**; no
  such decision → **update** (adds it); no such product → **create**.
  Blank optional cells never erase recorded values.
- A row is **rejected** with its reasons when a value is unusable (unknown
  group, locality or producer type, score outside the star band, bad or
  future date, 5★ not central, duplicate of an earlier row, ambiguous
  match…). One rejected row makes the whole file non-applicable.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.text import fold, slugify_vi
from products_catalog import rules
from products_catalog.demo import GROUP_CODES, district_full_name
from products_catalog.models import (
    CertificationLevel,
    DecisionLine,
    ProducerPage,
    ProductPage,
)
from programme.imports import values
from programme.imports.columns import ColumnMapping, map_columns
from taxonomy.models import CriteriaVersion, Locality, ProductGroup

CREATE, UPDATE, SKIP, REJECT = "create", "update", "skip", "reject"
ACTION_LABELS = {
    CREATE: "created",
    UPDATE: "updated",
    SKIP: "skipped",
    REJECT: "rejected",
}
# Decision fields compared to decide between "skip" and "update".
COMPARED_FIELDS = (
    "decision_number",
    "decision_date",
    "decision_year",
    "stars",
    "stars_published",
    "score",
    "issuing_body",
    "level",
    "kind",
    "criteria_version",
)
_ADMIN_PREFIXES = re.compile(r"^(huyen|thi xa|thanh pho|tp|tx|quan|xa|phuong|thi tran|tinh)\s+")
_LEADING_CODE = re.compile(r"^(\d+(?:\.\d+)?)[\s.\-–:)]+")


@dataclass
class DecisionData:
    """The decision a row describes, in model field values."""

    decision_number: str
    decision_date: datetime.date | None
    decision_year: int | None
    stars: int
    stars_published: bool
    score: int | None
    issuing_body: str
    level: str
    kind: str
    criteria_version: str
    note: str = ""
    kind_given: bool = True

    def label(self):
        """ "12/QĐ-UBND · 05/03/2024 · 4★" (for previews and logs)."""
        when = (
            self.decision_date.strftime("%d/%m/%Y")
            if self.decision_date
            else str(self.decision_year or "—")
        )
        parts = [self.decision_number or _("no number"), when, f"{self.stars}★"]
        if self.score is not None:
            parts.append(f"{self.score}/100")
        return " · ".join(parts)

    def identity(self):
        """Key used to spot a duplicate row for the same product."""
        if self.decision_number:
            return ("number", name_key_number(self.decision_number))
        if self.decision_date:
            return ("date", self.decision_date)
        return ("year", self.decision_year)

    def matches(self, decision):
        """Whether ``decision`` (a :class:`CertificationDecision`) is this one."""
        if self.decision_number and decision.decision_number:
            return name_key_number(self.decision_number) == name_key_number(
                decision.decision_number
            )
        if self.decision_date and decision.decision_date:
            return self.decision_date == decision.decision_date
        existing_year = decision.decision_year or (
            decision.decision_date.year if decision.decision_date else None
        )
        return (self.decision_year or None) == (existing_year or None)

    def changes_for(self, decision):
        """``{field: (old, new)}`` this row would change on ``decision``.

        Blank values in the row never erase recorded ones, and a published
        star level is never replaced by "not published".
        """
        changes = {}
        for name in COMPARED_FIELDS:
            new = getattr(self, name)
            old = getattr(decision, name)
            if new in (None, ""):
                continue
            if name == "stars_published" and not new:
                continue
            if name == "kind" and new == DecisionLine.Kind.NEW and not self.kind_given:
                continue
            if new != old:
                changes[name] = (old, new)
        return changes

    def as_model(self):
        return DecisionLine(  # TODO importer rewrite
            decision_number=self.decision_number,
            decision_date=self.decision_date,
            decision_year=self.decision_year,
            stars=self.stars,
            stars_published=self.stars_published,
            score=self.score,
            issuing_body=self.issuing_body,
            level=self.level,
            kind=self.kind,
            criteria_version=self.criteria_version,
            note=self.note,
        )


def name_key_number(number):
    """Decision numbers compare without spaces or case: "12/QĐ-UBND" = "12 / qđ-ubnd"."""
    return re.sub(r"\s+", "", values.text(number)).casefold()


@dataclass
class RowResult:
    """What one data row would do. ``action`` is create/update/skip/reject."""

    number: int
    action: str
    product: str = ""
    producer: str = ""
    reasons: list = field(default_factory=list)
    decision: DecisionData | None = None
    # Resolved values (create/update):
    producer_type: str = ""
    locality: Locality | None = None
    group: ProductGroup | None = None
    subgroup: ProductGroup | None = None
    source_url: str = ""
    product_id: int | None = None
    producer_id: int | None = None
    first_row: int | None = None  # row that creates the product, for later rows
    changes: dict = field(default_factory=dict)

    @property
    def key(self):
        return (values.name_key(self.producer), values.name_key(self.product))

    def as_dict(self):
        """JSON-serialisable summary stored in :attr:`ImportLog.report`."""
        return {
            "row": self.number,
            "action": self.action,
            "product": self.product,
            "producer": self.producer,
            "decision": self.decision.label() if self.decision else "",
            "reasons": [str(r) for r in self.reasons],
            "product_id": self.product_id,
        }


@dataclass
class ImportPlan:
    """All rows of one file, or the reasons the whole file is refused."""

    format_key: str = ""
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def counts(self):
        """``{"total", "created", "updated", "skipped", "rejected"}`` row counts."""
        counts = {label: 0 for label in ACTION_LABELS.values()}
        for row in self.rows:
            counts[ACTION_LABELS[row.action]] += 1
        counts["total"] = len(self.rows)
        return counts

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
    """Groups, localities, producers and products loaded once per plan."""

    def __init__(self):
        self.locale = Locale.get_default()
        groups = list(ProductGroup.objects.filter(locale=self.locale).select_related("parent"))
        self.groups = groups
        self.localities = list(Locality.objects.filter(locale=self.locale).select_related("parent"))
        self.locality_keys = {}
        for unit in self.localities:
            full = locality_key(unit.name)
            for key in {full, _ADMIN_PREFIXES.sub("", full)}:
                self.locality_keys.setdefault(key, []).append(unit)
        self.producers = {}
        for producer in ProducerPage.objects.filter(locale=self.locale).only(
            "pk", "title", "producer_type"
        ):
            self.producers.setdefault(values.name_key(producer.title), []).append(producer)
        self.products = {}
        products = ProductPage.objects.filter(locale=self.locale).select_related("producer")
        for product in products.only(
            "pk", "title", "producer__title", "has_unpublished_changes", "live"
        ):
            key = (
                values.name_key(product.producer.title if product.producer else ""),
                values.name_key(product.title),
            )
            self.products.setdefault(key, []).append(product)
        self._decisions = None

    def decisions_for(self, product):
        """Decisions as an editor would see them: the latest revision when it is a draft."""
        if product.has_unpublished_changes:
            latest = ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object()
            return list(latest.certifications.all())
        if self._decisions is None:
            self._decisions = {}
            ids = [p.pk for found in self.products.values() for p in found]
            for decision in DecisionLine.objects.filter(product_id__in=ids):
                self._decisions.setdefault(decision.page_id, []).append(decision)
        return self._decisions.get(product.pk, [])


def locality_key(name):
    return re.sub(r"[\W_]+", " ", fold(name)).strip()


class Planner:
    """Builds an :class:`ImportPlan` for a :class:`~programme.imports.reader.Table`.

    ``today`` (default: the local date) bounds decision dates.
    """

    def __init__(self, format_key="auto", today=None):
        self.format_key = format_key
        self.today = today or timezone.localdate()

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
        self.seen = {}  # (producer key, product key, decision identity) → row number
        self.pending_products = {}  # (producer key, product key) → creating row number
        self.pending_producers = {}  # producer key → creating row number
        for number, cells in table.rows:
            plan.rows.append(self.plan_row(number, cells, mapping))
        return plan

    # Row ---------------------------------------------------------------
    def cell(self, cells, name):
        index = self.mapping.indexes.get(name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def plan_row(self, number, cells, mapping: ColumnMapping):
        fmt = mapping.fmt
        row = RowResult(number=number, action=REJECT)
        errors = []
        notes = []

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

        decision_date, decision_year = None, None
        raw_date = self.cell(cells, "decision_date")
        dates = parse(values.parse_date, raw_date, self.today)
        if dates:
            decision_date, decision_year = dates
        if dates == (None, None) and not fmt.allow_blank_date:
            errors.append(_("The decision date is empty."))

        stars_published = True
        try:
            stars = values.parse_stars(self.cell(cells, "stars"))
            stars_blank = stars is None
        except values.BadValue as error:
            errors.append(str(error))
            stars, stars_blank = None, False
        if stars_blank:
            if fmt.blank_stars_mean_unpublished_3:
                stars, stars_published = rules.OCOP_MIN_STARS, False
                notes.append(_("Star level not published: recorded as 3★ (the lowest level)."))
            else:
                errors.append(_("The star level is empty."))
        score = parse(values.parse_score, self.cell(cells, "score"))
        raw_score = values.text(self.cell(cells, "score"))
        if score is not None and raw_score not in (str(score), f"{score}.0"):
            notes.append(
                _("Score %(raw)s recorded as %(score)s (whole points).")
                % {"raw": raw_score, "score": score}
            )
        if stars and score is not None:
            low, high = rules.score_band(stars)
            if not low <= score <= high:
                errors.append(
                    _("Score %(score)s is outside the %(stars)s★ band (%(low)s–%(high)s).")
                    % {"score": score, "stars": stars, "low": low, "high": high}
                )

        version = parse(values.parse_criteria_version, self.cell(cells, "criteria_version"))
        version = version or values.criteria_for(decision_date, decision_year)

        locality = self.resolve_locality(
            self.cell(cells, "locality"), self.cell(cells, "province"), fmt, errors
        )
        row.locality = locality
        self.resolve_group(row, self.cell(cells, "group"), version, fmt, errors)

        number_text = values.text(self.cell(cells, "decision_number"))[:80]
        body = values.text(self.cell(cells, "issuing_body"))[:200]
        level = parse(values.parse_level, self.cell(cells, "level")) or ""
        kind_cell = values.text(self.cell(cells, "kind"))
        kind = parse(values.parse_kind, kind_cell) or "new"
        note = ""
        if fmt.catalogue_rules:
            body, level, note = self.catalogue_decision(
                decision_year, stars or 3, locality, self.cell(cells, "province")
            )
            version = values.criteria_for(None, decision_year)
        elif not level:
            level = values.level_from_body(body)
        if stars == 5 and not level:
            level = str(CertificationLevel.CENTRAL)
        if stars == 5 and level != CertificationLevel.CENTRAL:
            errors.append(_("5★ is certified by the central council only."))

        if errors:
            row.reasons = errors
            return row

        row.decision = DecisionData(
            decision_number=number_text,
            decision_date=decision_date,
            decision_year=decision_year,
            stars=stars,
            stars_published=stars_published,
            score=score,
            issuing_body=body,
            level=level,
            kind=kind,
            criteria_version=version,
            note=note,
            kind_given=bool(kind_cell),
        )
        self.match(row, notes)
        if row.action != REJECT:
            row.reasons = notes + row.reasons
        return row

    # Lookups -----------------------------------------------------------
    def resolve_locality(self, value, province, fmt, errors):
        raw = values.text(value)
        if not raw:
            return None
        name = district_full_name(raw) if fmt.catalogue_rules else raw
        key = locality_key(name)
        found = self.ref.locality_keys.get(key) or self.ref.locality_keys.get(
            _ADMIN_PREFIXES.sub("", key), []
        )
        if len(found) > 1 and values.text(province):
            province_key = locality_key(values.text(province))
            narrowed = [
                u for u in found if u.parent and locality_key(u.parent.name) == province_key
            ]
            found = narrowed or found
        if len(found) > 1:
            exact = [u for u in found if locality_key(u.name) == key]
            found = exact if len(exact) == 1 else found
        if not found:
            errors.append(_("Unknown locality “%(value)s”.") % {"value": raw})
            return None
        if len(found) > 1:
            errors.append(
                _("Locality “%(value)s” is ambiguous (%(names)s): add the province column.")
                % {"value": raw, "names": "; ".join(str(u) for u in found)}
            )
            return None
        return found[0]

    def resolve_group(self, row, value, version, fmt, errors):
        raw = values.text(value)
        if not raw:
            if not fmt.allow_blank_group:
                errors.append(_("The product group is empty."))
            return
        version = version or str(CriteriaVersion.D148_2023)
        if fmt.catalogue_rules:
            code = GROUP_CODES.get(version, {}).get(raw)
            found = [g for g in self.ref.groups if g.criteria_version == version and g.code == code]
            found = [g for g in found if g.parent_id is None]
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

    def catalogue_decision(self, year, stars, district, province):
        """Issuing body, level and note as the catalogue loader records them."""
        if year is None:
            return "", "", "Năm công nhận và cơ quan ra quyết định không được nguồn công bố."
        if year >= 2023 and stars == 3:
            body = f"UBND {district.name}" if district else ""
            note = "Nguồn nêu kết quả đánh giá của hội đồng cấp huyện; chưa thấy quyết định."
            return body, str(CertificationLevel.DISTRICT), note
        province_name = values.text(province) or (
            district.parent.name if district and district.parent else ""
        )
        return f"UBND tỉnh {province_name}", str(CertificationLevel.PROVINCIAL), ""

    # Matching ----------------------------------------------------------
    def match(self, row, notes):
        producer_key, product_key = row.key
        identity = (producer_key, product_key, row.decision.identity())
        if identity in self.seen:
            row.action = REJECT
            row.reasons = [
                _("Duplicate of row %(row)s (same product and decision).")
                % {"row": self.seen[identity]}
            ]
            return
        self.seen[identity] = row.number

        if row.producer:
            producers = self.ref.producers.get(producer_key, [])
            if len(producers) > 1:
                row.action = REJECT
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

        if (producer_key, product_key) in self.pending_products:
            first = self.pending_products[(producer_key, product_key)]
            row.action, row.first_row = UPDATE, first
            notes.append(
                _("Adds a decision to the product created by row %(row)s.") % {"row": first}
            )
            return

        products = self.ref.products.get((producer_key, product_key), [])
        if len(products) > 1:
            row.action = REJECT
            row.reasons = [
                _("%(n)s products match this producer and name: merge them first.")
                % {"n": len(products)}
            ]
            return
        if not products:
            row.action = CREATE
            self.pending_products[(producer_key, product_key)] = row.number
            return

        product = products[0]
        row.product_id = product.pk
        existing = [d for d in self.ref.decisions_for(product) if row.decision.matches(d)]
        if len(existing) > 1:
            row.action = REJECT
            row.reasons = [
                _("%(n)s recorded decisions of this product match this row.") % {"n": len(existing)}
            ]
            return
        if not existing:
            row.action = UPDATE
            notes.append(_("Adds this decision to the existing product."))
            return
        row.changes = row.decision.changes_for(existing[0])
        if not row.changes:
            row.action = SKIP
            notes.append(_("Already recorded."))
            return
        row.action = UPDATE
        notes.append(
            _("Changes %(fields)s.")
            % {
                "fields": "; ".join(
                    f"{name}: {_show(old)} → {_show(new)}"
                    for name, (old, new) in row.changes.items()
                )
            }
        )


def _show(value):
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)
