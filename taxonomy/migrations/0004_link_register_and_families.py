"""Link existing localities to the national register; give product groups their families.

Localities: every row keeps its name, slug and links. A row whose name (with or
without its type, without diacritics) is a register unit of its level under the
register unit of its parent (a province: no parent) gets that unit's register,
official code, unit type and proper name; of two registers' namesakes (Tỉnh Đắk
Lắk 2024 and 2025) an abolished row takes the 2024 unit, a current one the 2025
unit. Rows that match nothing or several units stay hand-made. Every row gets its
folded ``search_key``.

Product groups: the top-level groups seeded by products_catalog 0002 get the
family that joins the criteria versions (Decision 1048/QĐ-TTg 2019 →
148/QĐ-TTg 2023): food, drinks, herbal → medicinal herbs, textiles and
souvenirs/furniture → handicrafts, rural tourism → community and eco-tourism;
ornamental plants and animals (2023 only) is a family of its own. Other
top-level groups take their own slug.

The matching is written out here (not imported from taxonomy.units) so that the
migration keeps doing what it did when later code changes.
"""

import unicodedata

from django.db import migrations

from taxonomy.adminunits.register import LEVELS, NEW, OLD, load

FAMILIES = {
    ("1048-2019", "1"): "thuc-pham",
    ("1048-2019", "2"): "do-uong",
    ("1048-2019", "3"): "duoc-lieu",
    ("1048-2019", "4"): "thu-cong-my-nghe",
    ("1048-2019", "5"): "thu-cong-my-nghe",
    ("1048-2019", "6"): "du-lich",
    ("148-2023", "1"): "thuc-pham",
    ("148-2023", "2"): "do-uong",
    ("148-2023", "3"): "duoc-lieu",
    ("148-2023", "4"): "thu-cong-my-nghe",
    ("148-2023", "5"): "sinh-vat-canh",
    ("148-2023", "6"): "du-lich",
}


def fold(text):
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def link_localities(apps, schema_editor):
    Locality = apps.get_model("taxonomy", "Locality")
    units = load()
    rows = sorted(
        Locality.objects.all(),
        key=lambda row: (LEVELS.index(row.level) if row.level in LEVELS else 9, row.pk),
    )
    code_of = {}  # pk → register code, as rows get linked
    taken = set()  # (locale, code)
    for row in rows:
        if row.parent_id and row.parent_id not in code_of:
            continue
        parent_code = code_of.get(row.parent_id)
        candidates = [
            unit
            for unit in units.find(row.name, level=row.level)
            if unit.parent_code == parent_code and (row.locale_id, unit.code) not in taken
        ]
        if len(candidates) > 1:  # "Đông Hòa" and "Đồng Hòa": the spelling decides
            name = unicodedata.normalize("NFC", row.name)
            candidates = [u for u in candidates if name in (u.name, u.short_name)] or candidates
        if len(candidates) > 1:
            register = OLD if row.abolished_on else NEW
            candidates = [unit for unit in candidates if unit.register == register]
        if len(candidates) != 1:
            continue
        unit = candidates[0]
        taken.add((row.locale_id, unit.code))
        code_of[row.pk] = unit.code
        row.register, row.official_code = unit.register, unit.official_code
        row.unit_type = unit.unit_type
        row.short_name = row.short_name or unit.short_name
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        names, parent, seen = [row.name, row.short_name], by_pk.get(row.parent_id), {row.pk}
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            names.append(parent.name)
            parent = by_pk.get(parent.parent_id)
        row.search_key = fold(" ".join(n for n in names if n))[:400]
    Locality.objects.bulk_update(
        rows, ["register", "official_code", "unit_type", "short_name", "search_key"], batch_size=500
    )


def unlink_localities(apps, schema_editor):
    Locality = apps.get_model("taxonomy", "Locality")
    Locality.objects.update(register="", official_code="", unit_type="", search_key="")


def set_families(apps, schema_editor):
    ProductGroup = apps.get_model("taxonomy", "ProductGroup")
    for group in ProductGroup.objects.filter(parent__isnull=True, family=""):
        group.family = FAMILIES.get((group.criteria_version, group.code), group.slug)
        group.save(update_fields=["family"])


def clear_families(apps, schema_editor):
    ProductGroup = apps.get_model("taxonomy", "ProductGroup")
    ProductGroup.objects.update(family="")


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0003_register_fields_and_families"),
    ]

    operations = [
        migrations.RunPython(link_localities, unlink_localities),
        migrations.RunPython(set_families, clear_families),
    ]
