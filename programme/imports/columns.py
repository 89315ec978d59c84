"""Column formats of a council's list, and how a file's header maps onto them.

Two formats are understood (chosen automatically from the header, or forced):

``council`` — a council's list of certified products. Headers are matched
after folding (case, Vietnamese diacritics, punctuation ignored), in English
or Vietnamese, e.g. "Tên sản phẩm" or "product". Required columns: product,
producer, locality, product group, stars, decision number, decision date,
issuing body. Optional: producer type, score, new or re-certification
(``kind``), level, criteria version, province, source URL. Values that must
not be blank: product, stars, decision date, product group.

``catalogue`` — the format of the shipped demo list
``products_catalog/data/phu_yen_ocop_products.csv`` (columns ``name,
producer, producer_type, district, province, group, stars, year,
source_url``), collected from news pages rather than from a council. Its
column mapping: ``name`` → product, ``district`` → locality (``TX X`` is
"Thị xã X", ``TP X`` "Thành phố X", else "Huyện X"), ``group`` → group code
(``food``…), ``year`` → decision year (no day known), ``stars`` blank → 3★
marked "star level not published"; decision number, score and issuing body
are absent; the issuing body and level follow
:func:`programme.imports.catalogue.catalogue_decision`. A blank year is
accepted (the source did not publish it).
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import fold

# Canonical field → header spellings (already folded by :func:`header_key`).
COUNCIL_ALIASES = {
    "product": [
        "product",
        "product name",
        "ten san pham",
        "san pham",
        "ten sp",
        "ten san pham ocop",
    ],
    "producer": [
        "producer",
        "producer name",
        "chu the",
        "ten chu the",
        "chu the san xuat",
        "co so san xuat",
    ],
    "producer_type": ["producer type", "loai hinh chu the", "loai hinh", "loai chu the"],
    "locality": [
        "locality",
        "district",
        "dia phuong",
        "dia ban",
        "huyen",
        "huyen thi xa thanh pho",
        "don vi hanh chinh",
    ],
    "province": ["province", "tinh"],
    "group": ["product group", "group", "nhom san pham", "nhom", "bo san pham", "nganh hang"],
    "stars": ["stars", "star rating", "so sao", "hang sao", "xep hang", "phan hang"],
    "score": ["score", "points", "diem", "tong diem", "diem danh gia"],
    "decision_number": [
        "decision number",
        "decision no",
        "so quyet dinh",
        "quyet dinh so",
        "so qd",
    ],
    "decision_date": [
        "decision date",
        "date",
        "ngay quyet dinh",
        "ngay ban hanh",
        "ngay qd",
        "ngay cong nhan",
    ],
    "issuing_body": [
        "issuing body",
        "issued by",
        "co quan ban hanh",
        "don vi ban hanh",
        "co quan cong nhan",
    ],
    "kind": [
        "new or re certification",
        "new or renewal",
        "kind",
        "certification kind",
        "cap moi hay cong nhan lai",
        "cap moi cong nhan lai",
        "hinh thuc",
        "hinh thuc cong nhan",
    ],
    "level": ["level", "certification level", "cap", "cap cong nhan"],
    "criteria_version": ["criteria version", "criteria", "bo tieu chi"],
    "batch": ["batch", "round", "dot", "dot danh gia", "dot cong nhan"],
    "source_url": ["source url", "source", "nguon"],
}

COUNCIL_REQUIRED = (
    "product",
    "producer",
    "locality",
    "group",
    "stars",
    "decision_number",
    "decision_date",
    "issuing_body",
)

# The demo catalogue CSV: exact (folded) header names.
CATALOGUE_COLUMNS = {
    "product": "name",
    "producer": "producer",
    "producer_type": "producer type",
    "locality": "district",
    "province": "province",
    "group": "group",
    "stars": "stars",
    "decision_date": "year",
    "source_url": "source url",
}

FIELD_LABELS = {
    "product": gettext_lazy("product"),
    "producer": gettext_lazy("producer"),
    "producer_type": gettext_lazy("producer type"),
    "locality": gettext_lazy("locality"),
    "province": gettext_lazy("province"),
    "group": gettext_lazy("product group"),
    "stars": gettext_lazy("stars"),
    "score": gettext_lazy("score"),
    "decision_number": gettext_lazy("decision number"),
    "decision_date": gettext_lazy("decision date"),
    "issuing_body": gettext_lazy("issuing body"),
    "kind": gettext_lazy("new or re-certification"),
    "level": gettext_lazy("level"),
    "criteria_version": gettext_lazy("criteria version"),
    "batch": gettext_lazy("batch"),
    "source_url": gettext_lazy("source URL"),
}


@dataclass(frozen=True)
class ColumnFormat:
    """A known layout: which columns it needs and how lenient its values are."""

    key: str
    label: str
    required: tuple
    blank_stars_mean_unpublished_3: bool = False
    allow_blank_date: bool = False
    allow_blank_group: bool = False
    catalogue_rules: bool = False


COUNCIL = ColumnFormat(key="council", label=gettext_lazy("Council list"), required=COUNCIL_REQUIRED)
CATALOGUE = ColumnFormat(
    key="catalogue",
    label=gettext_lazy("Catalogue CSV (demo data format)"),
    required=tuple(CATALOGUE_COLUMNS),
    blank_stars_mean_unpublished_3=True,
    allow_blank_date=True,
    allow_blank_group=True,
    catalogue_rules=True,
)
FORMATS = {COUNCIL.key: COUNCIL, CATALOGUE.key: CATALOGUE}
FORMAT_CHOICES = [("auto", "auto")] + [(f.key, f.label) for f in FORMATS.values()]

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def header_key(text):
    """Fold a header cell for matching: "Tên sản phẩm (*)" → "ten san pham"."""
    return _PUNCT.sub(" ", fold(str(text or ""))).strip()


@dataclass
class ColumnMapping:
    """Result of matching a header row: format, field → column index, problems."""

    fmt: ColumnFormat
    indexes: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    ignored: list = field(default_factory=list)


def detect_format(headers):
    """``CATALOGUE`` when the header has the demo CSV's ``name``/``district``/``year``."""
    keys = {header_key(h) for h in headers}
    if {"name", "district", "year"} <= keys:
        return CATALOGUE
    return COUNCIL


def map_columns(headers, format_key="auto"):
    """Match ``headers`` (list of cell values) to canonical fields.

    Returns a :class:`ColumnMapping`; ``errors`` lists missing required
    columns and columns claimed twice (both make the file unusable).
    """
    fmt = FORMATS.get(format_key) or detect_format(headers)
    if fmt.catalogue_rules:
        lookup = {key: name for name, key in CATALOGUE_COLUMNS.items()}
    else:
        lookup = {alias: name for name, aliases in COUNCIL_ALIASES.items() for alias in aliases}
    mapping = ColumnMapping(fmt=fmt)
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            mapping.ignored.append(str(header).strip())
        elif name in mapping.indexes:
            mapping.errors.append(
                _("Columns “%(a)s” and “%(b)s” both give the %(field)s.")
                % {
                    "a": str(headers[mapping.indexes[name]]).strip(),
                    "b": str(header).strip(),
                    "field": FIELD_LABELS[name],
                }
            )
        else:
            mapping.indexes[name] = index
    missing = [str(FIELD_LABELS[name]) for name in fmt.required if name not in mapping.indexes]
    if missing:
        found = ", ".join(str(h).strip() for h in headers if str(h or "").strip()) or "—"
        mapping.errors.append(
            _("Missing columns: %(missing)s (format: %(format)s). Columns found: %(found)s.")
            % {"missing": ", ".join(missing), "format": fmt.label, "found": found}
        )
    return mapping
