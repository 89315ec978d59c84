"""Vietnam's administrative units before and since 1 July 2025, read from ``units.json.gz``.

Standard library only (no Django), so scripts, migrations and tests can all use it::

    from taxonomy.adminunits.register import load

    units = load()
    phu_yen = units.find("Phú Yên", register="2024", level="province")[0]
    units.successor(phu_yen.code).name                # "Tỉnh Đắk Lắk"
    [d.name for d in units.children(phu_yen.code)]    # ["Thành phố Tuy Hòa", "Thị xã Sông Cầu", …]
    units.find("TX Đông Hòa")                         # [Unit(code="2024:564", …)]

Two registers:

* ``"2024"``: in force until 30/06/2025; province → district → commune (63 / 696 / 10,035);
* ``"2025"``: since 01/07/2025, districts abolished; province → commune (34 / 3,321).

Codes. Official codes (2 digits province, 3 district, 5 commune) are reused across registers
("01" is Hà Nội in both, "00004" is Phường Trúc Bạch before and Phường Ba Đình since), so a
unit's ``code`` is qualified by its register: ``"2024:00004"``, ``"2025:00004"``. The bare code
is ``official_code``.

Unit types (``unit_type``, a closed vocabulary; see ``UNIT_TYPES``):

* province level: ``tinh`` (Tỉnh), ``thanh_pho_tw`` (Thành phố trực thuộc trung ương);
* district level (2024 only): ``huyen``, ``quan``, ``thi_xa``, ``thanh_pho`` (a city inside a
  province, or Thủ Đức inside Hồ Chí Minh City);
* commune level: ``xa``, ``phuong``, ``thi_tran`` (2024 only), ``dac_khu`` (special zone, 2025
  only).

Successors (2024 units only; they point into the 2025 register):

* a province: the new province it was merged into (every old province went whole into one);
* a district: its province's new province (districts were abolished, not moved). The five
  island districts that had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) also
  list in ``also_now_in`` the special zone that took their territory;
* a commune: the new commune it went into; a commune split between several has the data
  package's default (what its converter returns for an address without a street) as
  ``successor_code`` and the others in ``also_now_in``.
"""

import functools
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).with_name("units.json.gz")
OLD = "2024"
NEW = "2025"
REGISTERS = (OLD, NEW)
LEVELS = ("province", "district", "commune")
# The data file's row layout, checked on reading (build.py writes it).
COLUMNS = [
    "code",
    "name",
    "short_name",
    "unit_type",
    "parent_code",
    "successor_code",
    "also_now_in",
    "alias_keys",
]

UNIT_TYPES = {
    "tinh": ("province", "Tỉnh"),
    "thanh_pho_tw": ("province", "Thành phố"),
    "huyen": ("district", "Huyện"),
    "quan": ("district", "Quận"),
    "thi_xa": ("district", "Thị xã"),
    "thanh_pho": ("district", "Thành phố"),
    "xa": ("commune", "Xã"),
    "phuong": ("commune", "Phường"),
    "thi_tran": ("commune", "Thị trấn"),
    "dac_khu": ("commune", "Đặc khu"),
}

# Type words and their usual abbreviations as written in addresses ("TX Đông Hòa", "P. 1"),
# folded; two-word ones come first so that "thi xa" is not read as "thi" + "xa".
PREFIXES = (
    (("thanh", "pho"), {"thanh_pho", "thanh_pho_tw"}),
    (("thi", "xa"), {"thi_xa"}),
    (("thi", "tran"), {"thi_tran"}),
    (("dac", "khu"), {"dac_khu"}),
    (("tp",), {"thanh_pho", "thanh_pho_tw"}),
    (("tx",), {"thi_xa"}),
    (("tt",), {"thi_tran"}),
    (("tinh",), {"tinh"}),
    (("huyen",), {"huyen"}),
    (("h",), {"huyen"}),
    (("quan",), {"quan"}),
    (("q",), {"quan"}),
    (("xa",), {"xa"}),
    (("x",), {"xa"}),
    (("phuong",), {"phuong"}),
    (("p",), {"phuong"}),
)


def _fold_table():
    """``{ord("ệ"): "e", ord("đ"): "d", combining mark: None, ...}`` for ``str.translate``."""
    # Đ does not decompose; the look-alike eth (Ð) turns up in typed-in names in its place.
    table = {ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"}
    for code_point in range(0xC0, 0x2000):
        char = chr(code_point)
        if unicodedata.combining(char):
            table[code_point] = None
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii():
            table[code_point] = base
    return table


_FOLD = _fold_table()


def fold(text):
    """Lower-case ASCII skeleton: ``"Huyện Đồng Xuân"`` → ``"huyen dong xuan"``.

    What NFD + dropping combining marks + đ → d gives, but by one ``str.translate`` on the
    composed text, which makes building the name index ten times faster.
    """
    return unicodedata.normalize("NFC", text).translate(_FOLD).lower()


_LEADING_ZEROS = re.compile(r"(?<![0-9])0+(?=[0-9])")
_TOKEN = re.compile(r"[a-z]+|[0-9]+")


def name_tokens(text):
    """``"TP. Tuy Hòa"`` → ``["tp", "tuy", "hoa"]``; ``"Phường 01"`` → ``["phuong", "1"]``.

    Letters and digits split apart ("P1" reads as "P 1"); numbers lose leading zeros.
    """
    return _TOKEN.findall(_LEADING_ZEROS.sub("", fold(text)))


# How many name tokens the type label of each unit type takes: "Thị xã" → 2.
_TYPE_WORDS = {unit_type: len(name_tokens(label)) for unit_type, (_, label) in UNIT_TYPES.items()}


def make_code(register, official_code):
    """``("2024", "559")`` → ``"2024:559"``, the unit's register-qualified ``code``."""
    return f"{register}:{official_code}"


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one register (see the module docstring)."""

    code: str  # "2024:559": register-qualified, unique across both registers
    official_code: str  # "559"
    name: str  # "Huyện Tuy An": official name, type included
    short_name: str  # "Tuy An"; numeric names keep their type: "Phường 1"
    unit_type: str  # a key of UNIT_TYPES
    level: str  # "province" | "district" | "commune"
    register: str  # "2024" | "2025"
    parent_code: str | None  # same register; None for provinces
    successor_code: str | None = None  # in "2025"; None for 2025 units
    also_now_in: tuple[str, ...] = ()  # further 2025 codes when split
    alias_keys: tuple[str, ...] = ()  # the data package's folded other names ("hn", old names)

    @property
    def type_label(self):
        """``"Huyện"``, ``"Thị xã"``, ``"Thành phố"``…"""
        return UNIT_TYPES[self.unit_type][1]

    @property
    def successor_codes(self):
        """``(successor_code, *also_now_in)``, or ``()`` for 2025 units."""
        return (self.successor_code, *self.also_now_in) if self.successor_code else ()


class AdminUnits:
    """All units of both registers, with look-ups by code, hierarchy, succession and name."""

    def __init__(self, units, source=None, counts=None):
        """``units``: an iterable of ``Unit`` in display order (parents before children)."""
        self.source = source or {}
        self.counts = counts or {}
        self._units = {unit.code: unit for unit in units}
        self._order = {code: index for index, code in enumerate(self._units)}
        self._children = defaultdict(list)
        self._predecessors = defaultdict(list)
        for unit in self._units.values():
            self._children[unit.parent_code].append(unit.code)
            for code in unit.successor_codes:
                self._predecessors[code].append(unit.code)

    @functools.cached_property
    def _names(self):
        """``(by_key, by_bare, by_alias)``: ``{folded key: [code]}``, built on the first find().

        ``by_key`` holds full and bare names ("huyentuyan", "tuyan"); short names need no entry,
        being bare names or, for numeric ones, full names.
        """
        by_key, by_bare, by_alias = defaultdict(list), defaultdict(list), defaultdict(list)
        for unit in self._units.values():
            tokens = name_tokens(unit.name)
            full, bare = "".join(tokens), "".join(tokens[_TYPE_WORDS[unit.unit_type] :])
            by_key[full].append(unit.code)
            if bare != full:
                by_key[bare].append(unit.code)
            by_bare[bare].append(unit.code)
            for key in unit.alias_keys:
                by_alias[key].append(unit.code)
        return by_key, by_bare, by_alias

    def __len__(self):
        return len(self._units)

    def __iter__(self):
        return iter(self._units.values())

    def __contains__(self, code):
        return code in self._units

    def __getitem__(self, code):
        """The unit of ``code`` (``"2024:559"``); ``KeyError`` if unknown."""
        return self._units[code]

    def get(self, code, default=None):
        """The unit of ``code``, or ``default``."""
        return self._units.get(code, default)

    def _many(self, codes):
        return [self._units[code] for code in sorted(codes, key=self._order.__getitem__)]

    def provinces(self, register):
        """``[Unit]``: the provinces of ``register`` (``"2024"``: 63, ``"2025"``: 34)."""
        _check_register(register)
        return [unit for unit in self._many(self._children[None]) if unit.register == register]

    def children(self, code):
        """``[Unit]``: the units directly under ``code``, by official code."""
        return self._many(self._children.get(code, ()))

    def parent(self, code):
        """The unit directly above ``code``, or ``None`` for a province."""
        return self._units.get(self._units[code].parent_code)

    def ancestors(self, code):
        """``[Unit]``: from the parent up to the province (``[]`` for a province)."""
        chain = []
        unit = self.parent(code)
        while unit is not None:
            chain.append(unit)
            unit = self.parent(unit.code)
        return chain

    def address(self, code):
        """``"Xã An Ninh Tây, Huyện Tuy An, Tỉnh Phú Yên"``: the unit's name and its ancestors'."""
        units = [self._units[code], *self.ancestors(code)]
        return ", ".join(unit.name for unit in units)

    def successor(self, code):
        """The default 2025 successor of the 2024 unit ``code``; ``None`` for 2025 units."""
        return self._units.get(self._units[code].successor_code)

    def successors(self, code):
        """``[Unit]``: all 2025 units holding part of ``code``'s territory, the default first."""
        return [self._units[successor] for successor in self._units[code].successor_codes]

    def predecessors(self, code, level=None):
        """``[Unit]``: the 2024 units that went wholly or partly into the 2025 unit ``code``.

        A new province's predecessors are old provinces and their districts; ``level`` keeps one.
        """
        units = self._many(self._predecessors.get(code, ()))
        return [unit for unit in units if level is None or unit.level == level]

    def find(self, name, register=None, parent_code=None, level=None, aliases=False):
        """``[Unit]``: every unit ``name`` may denote; 2024 first, each province before its units.

        ``name`` matches an official name with or without its type, abbreviated or not, with or
        without diacritics, in any case: "tuy an", "Huyện Tuy An", "H. Tuy An", "TX Đông Hòa",
        "tp tuy hoa". A type in ``name`` keeps only units of that type. Many communes share a
        name, so narrow with ``register``, ``level`` or ``parent_code`` (any unit above, e.g. a
        province for its communes). ``aliases`` also matches the data package's other names
        (former names of merged units, "hn", "hcm").
        """
        _check_register(register)
        by_key, by_bare, by_alias = self._names
        tokens = name_tokens(name)
        key = "".join(tokens)
        found = set(by_key.get(key, ()))
        alias_keys = {key}
        for prefix, types in PREFIXES:
            if tuple(tokens[: len(prefix)]) == prefix and len(tokens) > len(prefix):
                bare = "".join(tokens[len(prefix) :])
                alias_keys.add(bare)
                found.update(
                    code for code in by_bare.get(bare, ()) if self._units[code].unit_type in types
                )
        if aliases:
            for alias_key in alias_keys:
                found.update(by_alias.get(alias_key, ()))
        return [
            unit
            for unit in self._many(found)
            if (register is None or unit.register == register)
            and (level is None or unit.level == level)
            and (parent_code is None or self._lies_in(unit, parent_code))
        ]

    def _lies_in(self, unit, code):
        return any(ancestor.code == code for ancestor in self.ancestors(unit.code))


def _check_register(register):
    if register is not None and register not in REGISTERS:
        raise ValueError(f"register {register!r}: expected one of {REGISTERS}")


def _units(register, rows):
    """``Unit`` objects from the file's rows of one register (official codes → codes)."""
    for code, name, short_name, unit_type, parent, successor, also_now_in, alias_keys in rows:
        yield Unit(
            code=f"{register}:{code}",
            official_code=code,
            name=name,
            short_name=short_name,
            unit_type=unit_type,
            level=UNIT_TYPES[unit_type][0],
            register=register,
            parent_code=f"{register}:{parent}" if parent else None,
            successor_code=f"{NEW}:{successor}" if successor else None,
            also_now_in=tuple(f"{NEW}:{other}" for other in also_now_in),
            alias_keys=tuple(alias_keys),
        )


def read(path=DATA_FILE):
    """A fresh ``AdminUnits`` from the data file at ``path`` (see ``build.py`` for its shape)."""
    with gzip.open(path, "rt", encoding="utf-8") as data_file:
        data = json.load(data_file)
    if data["format"] != 1 or data["columns"] != COLUMNS:
        raise ValueError(f"{path}: unknown layout; regenerate it with build.py")
    units = [
        unit for register in REGISTERS for unit in _units(register, data["registers"][register])
    ]
    return AdminUnits(units, source=data["source"], counts=data["counts"])


@functools.cache
def load(path=DATA_FILE):
    """The ``AdminUnits`` of ``path``, read once per process."""
    return read(path)
