"""Localities from the national register: a name as people write it → a :class:`Locality`.

For imports and editors (``Planner.resolve_locality`` wires this in)::

    resolve_locality("TX Đông Hòa", province="Phú Yên")             # Thị xã Đông Hòa
    resolve_locality("Huyện Mộc Châu", province="Sơn La",
                     on_date=date(2021, 5, 4))                     # created with Tỉnh Sơn La
    resolve_locality("Tân Lập")                                    # AmbiguousUnit (many)

:func:`match_unit` finds the register's :class:`~taxonomy.adminunits.register.Unit`
(no database); :func:`resolve_locality` returns the stored :class:`Locality`,
creating it, the units above it and the 2025 units that hold it when it is not
stored yet (``create=False`` raises :class:`UnitNotStored` instead, for previews).

Choosing among the units a name may denote (see :func:`match_unit`):

1. ``province`` / ``district`` hints keep the units lying in them (across
   registers: a 2025 commune lies in the 2024 district its predecessors lay in);
2. a name typed with diacritics keeps the units spelled so when there are any
   ("Đông Hòa" drops "Đồng Hòa", "Phù Yên" drops "Phú Yên"; "Hoà"/"Hòa" tone
   placements are equal), whatever their level;
3. a bare name (no type, no ``level``) that names a province is the province;
4. ``register`` keeps one register; ``on_date`` before 01/07/2025 prefers the
   2024 register, on or after it the 2025 one; with neither, 2025 is preferred;
5. a bare name keeps the highest level left ("Mộc Châu" is the district-level
   town, not the ward) unless ``level`` is given;
6. one unit left: it; several: :class:`AmbiguousUnit` with the candidates.

A name of a type the unit no longer has ("Huyện Phú Quốc", a city since 2020)
finds the unit of that level by its proper name; the data package's former
names are tried last. A name the register does not know is looked for among
the hand-made localities.

Slugs. ``Locality.slug`` stays unique per locale (the public ``?locality=``
value): a register unit's slug is its name's ("huyen-tuy-an"; a province's
proper name: "phu-yen"), qualified only when the register holds another unit
with that slug, by its parent's proper name, then its province's, then its
register, then its code ("xa-hoa-binh-tuy-an", "phuong-1-bao-loc-lam-dong",
"dak-lak-2024"); a 2025 unit keeps the bare slug over the 2024 ones. The slug
is worked out from the whole register (:func:`register_slug`), so it does not
depend on which units were stored first; it never changes once stored. Unique
per locale implies unique within a parent.
"""

import datetime
import functools
import re
import unicodedata
import uuid
from collections import defaultdict

from django.db import transaction
from wagtail.models import Locale

from core.text import fold, slugify_vi
from taxonomy.adminunits.register import LEVELS, NEW, OLD, PREFIXES, Unit, load, name_tokens
from taxonomy.models import REORGANISED_ON, Locality

SLUG_LENGTH = 80
#: Province names the register does not list, folded → the register's name. Tỉnh Thừa
#: Thiên Huế became Thành phố Huế on 1 January 2025 (Resolution 1314/NQ-UBTVQH15), and
#: the register's 2024 edition already names it so.
FORMER_NAMES = {"thuathienhue": "Huế"}
#: Above this many units to store, read all the locale's slugs at once.
_BULK = 200


class UnitNotFound(LookupError):
    """No administrative unit of that name (in those hints)."""

    def __init__(self, name, detail=""):
        self.name = name
        super().__init__(f"{name!r}: no such administrative unit{detail}")


class UnitNotStored(UnitNotFound):
    """``create=False`` and the register's ``unit`` has no :class:`Locality` yet."""

    def __init__(self, unit):
        self.unit = unit
        LookupError.__init__(self, f"{unit.name} ({unit.code}) is not stored yet")
        self.name = unit.name


class AmbiguousUnit(LookupError):
    """Several units fit; ``candidates`` are register ``Unit`` or ``Locality`` objects."""

    def __init__(self, name, candidates):
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"{name!r} may be: " + "; ".join(describe(c) for c in self.candidates))


def describe(candidate):
    """ "Huyện Tây Hòa, Tỉnh Phú Yên (2024:562)" for a unit, ``str()`` for a locality."""
    if isinstance(candidate, Unit):
        return f"{load().address(candidate.code)} ({candidate.code})"
    return str(candidate)


def register_on(on_date):
    """``"2024"`` before 1 July 2025, ``"2025"`` from that day (``None`` → ``None``)."""
    if on_date is None:
        return None
    if isinstance(on_date, datetime.datetime):
        on_date = on_date.date()
    return OLD if on_date < REORGANISED_ON else NEW


# Slugs -------------------------------------------------------------------------------
def _own_slug(unit):
    return slugify_vi(unit.short_name if unit.level == "province" else unit.name, SLUG_LENGTH)


def _join(parts):
    """Join slug parts, shortening the first one so that the whole fits ``SLUG_LENGTH``."""
    rest = "-".join(parts[1:])
    room = SLUG_LENGTH - len(rest) - 1 if rest else SLUG_LENGTH
    head = parts[0][: max(room, 8)].rstrip("-")
    return f"{head}-{rest}"[:SLUG_LENGTH].rstrip("-") if rest else head


def slug_candidates(unit):
    """The slugs ``unit`` may take, least qualified first; the last one is unique."""
    units = load()
    parts = [_own_slug(unit)]
    candidates = [parts[0]]
    for above in units.ancestors(unit.code):
        parts.append(slugify_vi(above.short_name, SLUG_LENGTH))
        candidates.append(_join(parts))
    candidates.append(_join([*parts, unit.register]))
    candidates.append(_join([*parts, unit.register, unit.official_code]))
    return candidates


@functools.cache
def _register_slugs():
    units = load()
    chains = {unit.code: slug_candidates(unit) for unit in units}
    slugs, taken = {}, set()
    pending = list(chains)
    depth = 0
    while pending:
        groups = defaultdict(list)
        for code in pending:
            chain = chains[code]
            groups[chain[min(depth, len(chain) - 1)]].append(code)
        pending = []
        for slug, codes in groups.items():
            new = [code for code in codes if units[code].register == NEW]
            if slug in taken:
                pending += codes
            elif len(codes) == 1 or len(new) == 1:
                winner = codes[0] if len(codes) == 1 else new[0]
                slugs[winner] = slug
                taken.add(slug)
                pending += [code for code in codes if code != winner]
            else:
                pending += codes
        depth += 1
    return slugs


def register_slug(code):
    """The slug of the register's unit ``code`` (``"2024:559"`` → ``"huyen-tuy-an"``)."""
    return _register_slugs()[code]


# Matching names ----------------------------------------------------------------------
def _accent_key(text):
    """Per word: folded letters and its marks, wherever the tone sits ("Hoà" = "Hòa")."""
    key = []
    for word in re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()):
        marks = sorted(c for c in unicodedata.normalize("NFD", word) if unicodedata.combining(c))
        letters = fold(word)
        key.append((letters.lstrip("0") or letters, "đ" in word, tuple(marks)))
    return key


def _spelled_as(name, unit):
    """True when ``name`` ends with ``unit``'s proper name, diacritics included."""
    wanted = _accent_key(unit.short_name)
    return _accent_key(name)[-len(wanted) :] == wanted


def _has_marks(text):
    return fold(text) != unicodedata.normalize("NFC", text).lower()


def _typed_level(name):
    """The level of the type word ``name`` starts with ("TX Đông Hòa" → "district"), or None."""
    tokens = name_tokens(name)
    for prefix, types in PREFIXES:
        if tuple(tokens[: len(prefix)]) == prefix and len(tokens) > len(prefix):
            levels = {_TYPE_LEVEL[unit_type] for unit_type in types}
            return levels.pop() if len(levels) == 1 else "province-or-district", prefix
    return None, ()


_TYPE_LEVEL = {
    "tinh": "province",
    "thanh_pho_tw": "province",
    "huyen": "district",
    "quan": "district",
    "thi_xa": "district",
    "thanh_pho": "district",
    "xa": "commune",
    "phuong": "commune",
    "thi_tran": "commune",
    "dac_khu": "commune",
}


def _find(name, level):
    """Register units ``name`` may denote, before any hint (see the module docstring)."""
    units = load()
    found = units.find(name, level=level)
    typed_level, prefix = _typed_level(name)
    if not found and prefix:
        # A unit whose type changed keeps its proper name: "Huyện Phú Quốc" → "Thành phố".
        bare = " ".join(name_tokens(name)[len(prefix) :])
        levels = {typed_level}
        if typed_level == "province-or-district":
            levels = {"province", "district"}
        found = [unit for unit in units.find(bare, level=level) if unit.level in levels]
    if not found:
        found = units.find(name, level=level, aliases=True)
    return found, bool(prefix)


def _lies_in(unit, hint):
    """True when ``unit`` lies in (or is) ``hint``, also across registers."""
    units = load()
    if unit.register == hint.register:
        return unit.code == hint.code or any(
            above.code == hint.code for above in units.ancestors(unit.code)
        )
    if unit.register == NEW:
        return any(_lies_in(old, hint) for old in units.predecessors(unit.code))
    return any(_lies_in(new, hint) for new in units.successors(unit.code))


def _hint_units(hint, level):
    """``[Unit]`` a ``province``/``district`` hint stands for; ``None`` for no hint."""
    if hint is None or (isinstance(hint, str) and not hint.strip()):
        return None
    if isinstance(hint, Unit):
        return [hint]
    if isinstance(hint, Locality):
        if hint.code and hint.code in load():
            return [load()[hint.code]]
        hint = hint.short_name or hint.name
    units = load()
    hint = FORMER_NAMES.get(_bare_key(hint), hint)
    found = units.find(hint, level=level) or units.find(hint, level=level, aliases=True)
    if not found:
        raise UnitNotFound(hint, f" at {level} level")
    return _spelled(hint, found)


def match_unit(name, *, province=None, district=None, level=None, register=None, on_date=None):
    """The register's :class:`Unit` that ``name`` denotes (rules: module docstring).

    ``name``: "Tuy An", "Huyện Tuy An", "TX Đông Hòa", "tp tuy hoa"…; ``province``,
    ``district``: names (any register, any spelling), ``Unit`` or ``Locality``;
    ``level``: "province" | "district" | "commune"; ``register``: "2024" | "2025";
    ``on_date``: the date the name was used at (a decision's date).
    Raises :class:`UnitNotFound` (also for an unknown hint) or :class:`AmbiguousUnit`.
    """
    if level is not None and level not in LEVELS:
        raise ValueError(f"level {level!r}: expected one of {LEVELS}")
    found, typed = _find(name, level)
    for hint, hint_level in ((province, "province"), (district, "district")):
        hints = _hint_units(hint, hint_level)
        if hints is not None:
            found = [unit for unit in found if any(_lies_in(unit, h) for h in hints)]
    if not found:
        raise UnitNotFound(name)
    found = _spelled(name, found)
    bare = not typed and level is None
    if bare:
        found = [unit for unit in found if unit.level == "province"] or found
    if register is not None:
        found = [unit for unit in found if unit.register == register]
        if not found:
            raise UnitNotFound(name, f" in the {register} register")
    else:
        preferred = register_on(on_date) or NEW
        found = [unit for unit in found if unit.register == preferred] or found
    if bare:
        top = min(LEVELS.index(unit.level) for unit in found)
        found = [unit for unit in found if LEVELS.index(unit.level) == top]
    if len(found) > 1:
        raise AmbiguousUnit(name, found)
    return found[0]


def _spelled(name, units):
    """Of ``units``, those spelled as ``name`` when it has diacritics (else, or if none, all)."""
    if not _has_marks(name):
        return units
    return [unit for unit in units if _spelled_as(name, unit)] or units


# Localities --------------------------------------------------------------------------
def _locale(locale):
    return locale or Locale.get_default()


def stored(unit, locale=None):
    """The :class:`Locality` of the register's ``unit``, or ``None``."""
    return (
        Locality.objects.filter(
            locale=_locale(locale), register=unit.register, official_code=unit.official_code
        )
        .select_related("parent")
        .first()
    )


def resolve_locality(
    name,
    *,
    province=None,
    district=None,
    level=None,
    register=None,
    on_date=None,
    create=True,
    locale=None,
):
    """The :class:`Locality` ``name`` denotes, stored from the register when missing.

    Arguments as :func:`match_unit`; ``locale``: the default locale when ``None``.
    ``create=False`` (previews) raises :class:`UnitNotStored` (``.unit``: what would be
    created) instead of writing. A name the register does not know may still be a
    hand-made locality (matched by its name without diacritics). Raises
    :class:`UnitNotFound` or :class:`AmbiguousUnit` (``.candidates``).
    """
    locale = _locale(locale)
    try:
        unit = match_unit(
            name,
            province=province,
            district=district,
            level=level,
            register=register,
            on_date=on_date,
        )
    except UnitNotFound:
        return _hand_made(name, province=province, district=district, level=level, locale=locale)
    return locality_for_unit(unit, create=create, locale=locale)


def locality_for_unit(unit, *, create=True, locale=None):
    """The :class:`Locality` of ``unit`` (a ``Unit`` or its code), stored when missing."""
    unit = load()[unit] if isinstance(unit, str) else unit
    locale = _locale(locale)
    found = stored(unit, locale)
    if found is not None:
        return found
    if not create:
        adoptable = _adoptable(locale).get(unit.code)
        if adoptable is not None:
            return Locality.objects.get(pk=adoptable)
        raise UnitNotStored(unit)
    store_units([unit.code], locale=locale)
    return stored(unit, locale)


def _name_key(name):
    tokens = name_tokens(name)
    return "".join(tokens)


def _hand_made(name, *, province, district, level, locale):
    """A locality not from the register, by name without diacritics, narrowed by the hints."""
    key = _name_key(name)
    rows = Locality.objects.filter(locale=locale, official_code="").select_related(
        "parent", "parent__parent"
    )
    if level:
        rows = rows.filter(level=level)
    found = [row for row in rows if key in {_name_key(row.name), _name_key(row.short_name or "-")}]
    for hint in (district, province):
        if hint and len(found) > 1:
            hint_key = _name_key(hint if isinstance(hint, str) else hint.name)
            narrowed = [
                row
                for row in found
                if any(hint_key in {_name_key(n), _bare_key(n)} for n in row.ancestor_names())
            ]
            found = narrowed or found
    if not found:
        raise UnitNotFound(name)
    if len(found) > 1:
        raise AmbiguousUnit(name, found)
    return found[0]


def _bare_key(name):
    tokens = name_tokens(name)
    for prefix, _types in PREFIXES:
        if tuple(tokens[: len(prefix)]) == prefix and len(tokens) > len(prefix):
            return "".join(tokens[len(prefix) :])
    return "".join(tokens)


# Storing units -----------------------------------------------------------------------
def closure(codes):
    """``codes`` with the units above them and the 2025 units that hold them (and theirs).

    Shape: ``list[str]`` of codes, 2025 register first, each level before the next, so
    that parents and successors come before the units pointing to them.
    """
    units = load()
    wanted = set()
    todo = list(codes)
    while todo:
        code = todo.pop()
        if code in wanted:
            continue
        wanted.add(code)
        unit = units[code]
        todo.extend(above.code for above in units.ancestors(code))
        todo.extend(unit.successor_codes)
    return sorted(
        wanted,
        key=lambda code: (
            units[code].register != NEW,
            LEVELS.index(units[code].level),
            code,
        ),
    )


def _adoptable(locale):
    """``{code: pk}`` of hand-made localities that are register units by name and place.

    A row matches a unit of its level that :meth:`AdminUnits.find` gives for the row's
    name and whose parent is the row's (linked) parent, or that is a province when the
    row has none; of several, the one spelled exactly so, then (two registers'
    namesakes) the 2024 unit for an abolished row, the 2025 unit for a current one.
    Rows are taken province first, so that a district can follow its adopted province.
    """
    units = load()
    rows = Locality.objects.filter(locale=locale, official_code="").values_list(
        "pk", "name", "level", "parent_id", "abolished_on"
    )
    rows = sorted(rows, key=lambda row: LEVELS.index(row[2]) if row[2] in LEVELS else 9)
    if not rows:
        return {}
    codes_by_pk = {
        pk: f"{register}:{official}"
        for pk, register, official in Locality.objects.filter(locale=locale)
        .exclude(official_code="")
        .values_list("pk", "register", "official_code")
    }
    adopted = {}
    for pk, name, level, parent_id, abolished_on in rows:
        parent_code = codes_by_pk.get(parent_id)
        if parent_id and parent_code is None:
            continue  # under a hand-made unit: not the register's
        candidates = [
            unit
            for unit in units.find(name, level=level)
            if unit.parent_code == parent_code and unit.code not in adopted
        ]
        if len(candidates) > 1:  # "Đông Hòa" and "Đồng Hòa": the spelling decides
            exact = unicodedata.normalize("NFC", name)
            candidates = [u for u in candidates if exact in (u.name, u.short_name)] or candidates
        if len(candidates) > 1:
            register = OLD if abolished_on else NEW
            candidates = [unit for unit in candidates if unit.register == register]
        if len(candidates) == 1:
            adopted[candidates[0].code] = pk
            codes_by_pk[pk] = candidates[0].code
    return adopted


def _search_key(unit):
    units = load()
    names = [unit.name, unit.short_name, *(above.name for above in units.ancestors(unit.code))]
    return fold(" ".join(n for n in names if n))[:400]


def _free_slug(unit, taken):
    for slug in [register_slug(unit.code), *slug_candidates(unit)[1:]]:
        if slug not in taken:
            return slug
    number = 2
    base = slug_candidates(unit)[-1][: SLUG_LENGTH - 4]
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@transaction.atomic
def store_units(codes, *, locale=None):
    """Store the register's units ``codes`` and what they need; return ``{code: pk}``.

    Stores the units above them and the 2025 units holding them too (:func:`closure`),
    in bulk. Existing rows are kept (matched by register and code, or adopted by name:
    see :func:`_adoptable`); only their empty register fields, parent, successor and
    ``abolished_on`` are filled. Idempotent. Shape of the result: every code of the
    closure → the ``Locality`` pk.
    """
    units = load()
    locale = _locale(locale)
    wanted = closure(codes)
    pks = _stored_pks(wanted, locale)
    missing = [code for code in wanted if code not in pks]
    if missing:
        adopted = _adoptable(locale)
        for code in missing:
            if code in adopted:
                pks[code] = adopted[code]
                _link(adopted[code], units[code])
    missing = [code for code in wanted if code not in pks]
    taken = _taken_slugs(missing, locale)
    by_step = defaultdict(list)
    for code in missing:
        unit = units[code]
        by_step[(unit.register != NEW, LEVELS.index(unit.level))].append(unit)
    for step in sorted(by_step):
        new_rows = []
        for unit in by_step[step]:
            slug = _free_slug(unit, taken)
            taken.add(slug)
            new_rows.append(_new_row(unit, slug, pks, locale))
        for row, unit in zip(Locality.objects.bulk_create(new_rows), by_step[step], strict=True):
            pks[unit.code] = row.pk
    _fill_links(wanted, pks, locale)
    return pks


def _stored_pks(codes, locale):
    by_register = defaultdict(list)
    for code in codes:
        register, official = code.split(":")
        by_register[register].append(official)
    pks = {}
    for register, officials in by_register.items():
        for start in range(0, len(officials), 900):
            rows = Locality.objects.filter(
                locale=locale, register=register, official_code__in=officials[start : start + 900]
            ).values_list("official_code", "pk")
            pks.update({f"{register}:{official}": pk for official, pk in rows})
    return pks


def _taken_slugs(missing, locale):
    rows = Locality.objects.filter(locale=locale)
    if len(missing) <= _BULK:
        wanted = {slug for code in missing for slug in slug_candidates(load()[code])}
        wanted |= {register_slug(code) for code in missing}
        rows = rows.filter(slug__in=wanted)
    return set(rows.values_list("slug", flat=True))


def _new_row(unit, slug, pks, locale):
    return Locality(
        name=unit.name,
        short_name=unit.short_name,
        slug=slug,
        level=unit.level,
        unit_type=unit.unit_type,
        register=unit.register,
        official_code=unit.official_code,
        parent_id=pks.get(unit.parent_code),
        successor_id=pks.get(unit.successor_code),
        abolished_on=REORGANISED_ON if unit.register == OLD else None,
        search_key=_search_key(unit),
        locale=locale,
        translation_key=uuid.uuid4(),
    )


def _link(pk, unit):
    """Give an adopted hand-made row its register fields (its name and slug stay)."""
    row = Locality.objects.get(pk=pk)
    row.register, row.official_code = unit.register, unit.official_code
    row.unit_type = unit.unit_type
    row.short_name = row.short_name or unit.short_name
    row.save(update_fields=["register", "official_code", "unit_type", "short_name"])


def _fill_links(codes, pks, locale):
    """Fill empty parent / successor / ``abolished_on`` and add ``also_now_in`` links."""
    units = load()
    rows = Locality.objects.filter(pk__in=[pks[code] for code in codes]).only(
        "pk", "parent_id", "successor_id", "abolished_on", "register", "official_code"
    )
    changed = []
    for row in rows:
        unit = units[row.code]
        dirty = False
        if row.parent_id is None and unit.parent_code in pks:
            row.parent_id, dirty = pks[unit.parent_code], True
        if row.successor_id is None and unit.successor_code in pks:
            row.successor_id, dirty = pks[unit.successor_code], True
        if row.abolished_on is None and unit.register == OLD:
            row.abolished_on, dirty = REORGANISED_ON, True
        if dirty:
            changed.append(row)
    Locality.objects.bulk_update(changed, ["parent", "successor", "abolished_on"], batch_size=500)
    through = Locality.also_now_in.through
    links = [
        through(from_locality_id=pks[code], to_locality_id=pks[other])
        for code in codes
        for other in units[code].also_now_in
        if other in pks
    ]
    through.objects.bulk_create(links, ignore_conflicts=True, batch_size=500)


# The site's province -----------------------------------------------------------------
def province_units(province_name):
    """``[Unit]`` provinces named ``province_name`` (any register; aliases such as "HCM")."""
    if not province_name or not province_name.strip():
        return []
    units = load()
    return units.find(province_name, level="province") or units.find(
        province_name, level="province", aliases=True
    )


def territory(province_name):
    """Codes of every unit of the province ``province_name``, before and since 2025.

    The named provinces of both registers, the 2025 provinces the old ones went into,
    the 2024 provinces the new ones absorbed, and every unit under them. Shape:
    ``list[str]``; ``[]`` when no province has that name.
    """
    units = load()
    provinces = {unit.code for unit in province_units(province_name)}
    for code in list(provinces):
        unit = units[code]
        if unit.register == OLD:
            provinces.update(unit.successor_codes)
    for code in list(provinces):
        if units[code].register == NEW:
            provinces.update(u.code for u in units.predecessors(code, level="province"))
    codes, todo = [], sorted(provinces)
    while todo:
        code = todo.pop()
        codes.append(code)
        todo.extend(child.code for child in units.children(code))
    return codes


def home_province_ids(province_name, locale=None):
    """Ids of the stored provinces that are the site's: named so, or holding it since 2025.

    For "Phú Yên": Tỉnh Phú Yên and the Tỉnh Đắk Lắk it went into (not the 2024 Tỉnh
    Đắk Lắk). Matches hand-made provinces by name too. One query. Shape: ``frozenset[int]``.
    """
    if not province_name or not province_name.strip():
        return frozenset()
    key = _bare_key(province_name)
    rows = Locality.objects.filter(level=Locality.Level.PROVINCE)
    if locale is not None:
        rows = rows.filter(locale=locale)
    rows = list(rows.values_list("pk", "name", "short_name", "successor_id"))
    named = {
        pk
        for pk, name, short_name, _successor in rows
        if key in {_bare_key(name), _name_key(short_name or "-")}
    }
    return frozenset(named | {successor for pk, *_, successor in rows if pk in named and successor})


def seed_localities(province_name=None, *, everything=False, locale=None):
    """Store every province (both registers) and the whole territory of ``province_name``.

    ``everything``: every unit of both registers (14,149). Idempotent. Shape:
    ``{"wanted": n, "created": n}``. Raises :class:`UnitNotFound` when no province has
    that name.
    """
    units = load()
    codes = [unit.code for register in (OLD, NEW) for unit in units.provinces(register)]
    if everything:
        codes = [unit.code for unit in units]
    elif province_name:
        place = territory(province_name)
        if not place:
            raise UnitNotFound(province_name, " at province level")
        codes += place
    locale = _locale(locale)
    before = Locality.objects.filter(locale=locale).count()
    pks = store_units(codes, locale=locale)
    created = Locality.objects.filter(locale=locale).count() - before
    return {"wanted": len(pks), "created": created}
