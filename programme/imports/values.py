"""Cell parsers for council lists. Each raises :class:`BadValue` with a message.

Accepted spellings (folded: case and diacritics ignored):
- dates: ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, ``yyyy-mm-dd``, a
  spreadsheet date cell, or a bare year ``yyyy`` (then only the year is
  known); not before 2018 (start of OCOP). Whether a date is allowed (not in
  the future, who could certify then…) is :mod:`products_catalog.rules`'
  business, checked in :mod:`programme.imports.plan`;
- stars: ``4``, ``4.0``, ``4 sao``, ``4★``, ``★★★★``; 3–5 (1★ and 2★ are
  council ratings, not OCOP certificates: :func:`products_catalog.rules.is_ocop`);
- score: whole or decimal points 0–100; decimals are truncated (69.5 → 69,
  which keeps the star band);
- producer type, kind, level, criteria version: see the ``*_WORDS`` tables.
"""

import datetime
import math
import re
import unicodedata

from django.utils.translation import gettext as _

from core.text import fold
from products_catalog import rules
from products_catalog.models import CertificationLevel, ProducerType
from taxonomy.models import CriteriaVersion

#: Dates before the programme began are typing mistakes, not decisions.
OCOP_START = datetime.date(rules.FIRST_YEAR, 1, 1)

PRODUCER_TYPE_WORDS = {
    ProducerType.ENTERPRISE: (
        "enterprise",
        "company",
        "doanh nghiep",
        "dn",
        "cong ty",
        "cty",
    ),
    ProducerType.COOPERATIVE: ("cooperative", "htx", "hop tac xa"),
    ProducerType.COOPERATIVE_GROUP: (
        "cooperative group",
        "cooperative_group",
        "tht",
        "to hop tac",
    ),
    ProducerType.HOUSEHOLD: (
        "household",
        "household business",
        "ho kinh doanh",
        "hkd",
        "ho san xuat",
        "ho san xuat kinh doanh",
        "co so",
        "co so san xuat",
    ),
}
KIND_WORDS = {
    "new": ("new", "new certification", "cap moi", "moi", "cong nhan moi", "lan dau"),
    "renewal": (
        "renewal",
        "re certification",
        "recertification",
        "re-certification",
        "cong nhan lai",
        "danh gia lai",
        "tai cong nhan",
        "gia han",
    ),
}
LEVEL_WORDS = {
    CertificationLevel.DISTRICT: ("district", "huyen", "cap huyen"),
    CertificationLevel.PROVINCIAL: ("provincial", "province", "tinh", "cap tinh"),
    CertificationLevel.CENTRAL: ("central", "national", "trung uong", "cap trung uong", "quoc gia"),
}
CRITERIA_WORDS = {
    CriteriaVersion.D1048_2019: ("1048", "1048-2019", "1048/qd-ttg", "1048 2019"),
    CriteriaVersion.D148_2023: ("148", "148-2023", "148/qd-ttg", "148 2023"),
}

_SPACES = re.compile(r"\s+")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


class BadValue(ValueError):
    """A cell value that cannot be used; ``str(error)`` is the reason."""


def text(value):
    """Cell → clean ``str``: ``None`` → "", 4.0 → "4", spaces collapsed, NFC."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    cleaned = _SPACES.sub(" ", str(value)).strip()
    return unicodedata.normalize("NFC", cleaned)


def name_key(value):
    """Key for matching names: case and spacing ignored, diacritics kept.

    "Nước  mắm Tân Lập" and "nước mắm tân lập" match; "Bò" and "Bơ" do not.
    """
    return text(value).casefold()


def _words(value):
    return re.sub(r"[\W_]+", " ", fold(text(value))).strip()


def _lookup(table, value, what):
    key = _words(value)
    for result, words in table.items():
        if key in {_words(w) for w in words}:
            return result
    raise BadValue(_("Unknown %(what)s “%(value)s”.") % {"what": what, "value": text(value)})


def parse_producer_type(value):
    """ "HTX" → ``cooperative``…; blank → ""."""
    if not text(value):
        return ""
    return str(_lookup(PRODUCER_TYPE_WORDS, value, _("producer type")))


def parse_kind(value):
    """ "Cấp mới" → ``new``, "Công nhận lại" → ``renewal``; blank → ``new``."""
    if not text(value):
        return "new"
    return _lookup(KIND_WORDS, value, _("certification kind"))


def parse_level(value):
    """ "Cấp tỉnh" → ``provincial``…; blank → ""."""
    if not text(value):
        return ""
    return str(_lookup(LEVEL_WORDS, value, _("level")))


def level_from_body(body):
    """Guess the level from the issuing body: "UBND tỉnh Phú Yên" → provincial.

    Central for the Prime Minister, a ministry or "trung ương"; provincial for
    "tỉnh"; district for "huyện", "thị xã", "thành phố"; else "".
    """
    words = f" {_words(body)} "
    if any(w in words for w in (" thu tuong ", " bo ", " trung uong ", " chinh phu ")):
        return str(CertificationLevel.CENTRAL)
    if " tinh " in words:
        return str(CertificationLevel.PROVINCIAL)
    if any(w in words for w in (" huyen ", " thi xa ", " thanh pho ", " quan ")):
        return str(CertificationLevel.DISTRICT)
    return ""


def parse_criteria_version(value):
    if not text(value):
        return ""
    return str(_lookup(CRITERIA_WORDS, value, _("criteria version")))


def parse_stars(value):
    """Stars 3–5 from "4", "4.0", "4 sao", "4★", "★★★★"; blank → ``None``."""
    raw = text(value)
    if not raw:
        return None
    if set(raw) <= {"★", "☆", " "}:
        stars = raw.count("★")
    else:
        match = re.fullmatch(r"(\d+)(?:[.,]0+)?\s*(?:★|sao|stars?)?", fold(raw))
        if not match:
            raise BadValue(_("Stars “%(value)s” is not a number of stars.") % {"value": raw})
        stars = int(match.group(1))
    if 1 <= stars < rules.OCOP_MIN_STARS:
        raise BadValue(_("%(stars)s★ is below 3★: not an OCOP certificate.") % {"stars": stars})
    if not rules.is_ocop(stars) or stars > rules.MAX_STARS:
        raise BadValue(_("Stars must be 3, 4 or 5, not “%(value)s”.") % {"value": raw})
    return stars


def parse_score(value):
    """Points 0–100 (decimals truncated); blank → ``None``."""
    raw = text(value)
    if not raw:
        return None
    try:
        number = float(raw.replace(",", "."))
    except ValueError as error:
        raise BadValue(_("Score “%(value)s” is not a number.") % {"value": raw}) from error
    if math.isnan(number) or not 0 <= number <= 100:
        raise BadValue(_("Score %(value)s is outside 0–100.") % {"value": raw})
    return int(number)


def parse_date(value):
    """Return ``(date or None, year)``; blank → ``(None, None)``.

    Raises :class:`BadValue` for an unreadable date or one before 2018.
    A date after today is the rules' verdict (``future``), not the parser's.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, datetime.datetime):
        found = value.date()
    elif isinstance(value, datetime.date):
        found = value
    else:
        raw = text(value)
        raw = re.sub(r"\s+00:00(:00)?$", "", raw)
        found = None
        if re.fullmatch(r"\d{4}", raw):
            year = int(raw)
            if year < OCOP_START.year:
                raise BadValue(
                    _("Year %(year)s is before the OCOP programme (%(start)s).")
                    % {"year": year, "start": OCOP_START.year}
                )
            return None, year
        for fmt in _DATE_FORMATS:
            try:
                found = datetime.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        if found is None:
            raise BadValue(_("Date “%(value)s” is not a date (use dd/mm/yyyy).") % {"value": raw})
    if found < OCOP_START:
        raise BadValue(
            _("Date %(date)s is before the OCOP programme (2018).")
            % {"date": found.strftime("%d/%m/%Y")}
        )
    return found, found.year
