"""Walks of the locality tree that read only the rows they need.

A unit's *family* is the unit, the units under it (``parent``) and the units it
holds since the 2025 reorganisation (``successor``, and ``also_now_in`` for a
unit split between several), recursively: the new province finds the old
provinces it absorbed, their districts and communes. The *holders* of a unit
go the other way: the units above it and the units that hold it now.

Each walk takes one query per step of the tree (at most five steps between a
2025 province and a 2024 commune), whatever the number of localities: the
register holds 14,000 of them, so reading them all per request is not an option.
"""

from django.core.cache import cache
from django.db.models import Q

from core import fastpath
from taxonomy.models import Locality

#: Steps a walk may take before giving up; the tree is five steps deep at most.
MAX_STEPS = 12

_AlsoNowIn = Locality.also_now_in.through


def family_ids(pks):
    """Ids of the units ``pks`` and of their families. Shape: ``set[int]``.

    Filtering by the new province also finds what was certified in the units it
    absorbed; a commune split in 2025 belongs to the families of every unit
    that holds part of it.
    """
    family = set(pks)
    frontier = set(family)
    for _step in range(MAX_STEPS):
        if not frontier:
            break
        split = _AlsoNowIn.objects.filter(to_locality_id__in=frontier).values("from_locality_id")
        below = set(
            Locality.objects.filter(
                Q(parent_id__in=frontier) | Q(successor_id__in=frontier) | Q(pk__in=split)
            ).values_list("pk", flat=True)
        )
        frontier = below - family
        family |= frontier
    return family


def holders_of(pks):
    """The units ``pks`` and every unit above them or holding them now, loaded.

    Shape: ``({pk: Locality}, {pk: {holder pks}})``: the units (with ``pk``,
    ``name``, ``slug``, ``level``) and, for each, the units directly holding it
    (parent, successor, ``also_now_in``). One query for the units and one for
    the splits per step.
    """
    units, holders = {}, {}
    frontier = set(pks)
    for _step in range(MAX_STEPS):
        frontier -= set(units)
        if not frontier:
            break
        rows = Locality.objects.filter(pk__in=frontier).only(
            "pk", "name", "slug", "level", "parent_id", "successor_id", "locale_id"
        )
        splits = _AlsoNowIn.objects.filter(from_locality_id__in=frontier).values_list(
            "from_locality_id", "to_locality_id"
        )
        for unit in rows:
            units[unit.pk] = unit
            holders[unit.pk] = {pk for pk in (unit.parent_id, unit.successor_id) if pk}
        for unit_pk, holder_pk in splits:
            holders.setdefault(unit_pk, set()).add(holder_pk)
        frontier = set().union(*(holders.get(pk, ()) for pk in frontier))
    return units, holders


def cached_holders_of(pks):
    """:func:`holders_of`, each unit's part kept in the shared cache until content changes.

    A search's locality facet walks up from the units of its hits (two queries a
    step); the units recur from one query to the next, so each unit's upward part
    (itself and what holds it, with the links) is stored under its id: one
    ``get_many``, and the walk only for units not seen since the last change.
    """
    generation = fastpath.generation()
    keys = {pk: f"ocop:holders:{pk}:{generation}" for pk in set(pks)}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        units, holders = holders_of(missing)
        fresh = {}
        for pk in missing:
            closure = upward_closure(pk, holders)
            fresh[keys[pk]] = (
                {unit: units[unit] for unit in closure if unit in units},
                {unit: holders.get(unit, set()) for unit in closure},
            )
        cache.set_many(fresh, fastpath.GENERATION_TTL)
        found.update(fresh)
    units, holders = {}, {}
    for part_units, part_holders in found.values():
        units.update(part_units)
        holders.update(part_holders)
    return units, holders


def upward_closure(pk, holders):
    """``pk`` and every unit above or holding it, from ``holders`` (see :func:`holders_of`)."""
    seen, todo = {pk}, [pk]
    while todo:
        for holder in holders.get(todo.pop(), ()):
            if holder not in seen:
                seen.add(holder)
                todo.append(holder)
    return seen
