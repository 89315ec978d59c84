"""Generate ``units.json.gz`` from the ``vietnamadminunits`` package.

Run in a throw-away venv that has the package (the site itself never imports it)::

    python3 -m venv /tmp/vau && /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/python -m taxonomy.adminunits.build [--verify] [--output PATH]

Sources inside the package:

* ``vietnamadminunits.database.query`` over its SQLite ``dataset.db``: table
  ``admin_units_legacy`` (one row per old commune, with its district and province; the five
  island districts that had no communes appear as one row with an empty commune) and table
  ``admin_units`` (one row per 2025 commune with its province);
* ``vietnamadminunits.converter.converter_2025``: the dictionaries ``convert_address`` uses,
  keyed by the package's folded keys: old province → new province, new commune ← old communes
  taken whole, and old communes split between several new ones, each split flagging the
  default new commune (``isDefaultNewWard``, what the converter returns without a street).

Output, gzip'd JSON (no geometry)::

    {"format": 1,
     "source": {"package": "vietnamadminunits", "version": "1.0.4", ...},
     "counts": {"2024": {"province": 63, ...}, "2025": {...}},
     "columns": ["code", "name", "short_name", "unit_type", "parent_code",
                 "successor_code", "also_now_in", "alias_keys"],
     "registers": {"2024": [[...row...], ...], "2025": [...]}}

Codes in rows are official codes (2-digit province, 3-digit district, 5-digit commune);
``parent_code`` refers to the same register, ``successor_code`` and ``also_now_in`` to 2025.
"""

import argparse
import gzip
import json
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = "vietnamadminunits"
EXPECTED_VERSION = "1.0.4"
OUTPUT = Path(__file__).with_name("units.json.gz")
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
COL = {name: index for index, name in enumerate(COLUMNS)}

# The package gives province types only inside the name; district and commune types have a column.
PROVINCE_TYPES = {"Tỉnh": "tinh", "Thành phố": "thanh_pho_tw"}
DISTRICT_TYPES = {"Huyện": "huyen", "Quận": "quan", "Thị xã": "thi_xa", "Thành phố": "thanh_pho"}
COMMUNE_TYPES = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}
# Names corrected by named(), reported by main() so a new package version gets reviewed.
NAME_FIXES = []


def read_package():
    """``{"version", "legacy": [row], "current": [row], "province_map", "whole", "split"}``.

    Rows are the package's SQLite rows as dicts; the three maps are the converter's dicts.
    """
    from vietnamadminunits.converter import converter_2025
    from vietnamadminunits.database import query

    return {
        "version": metadata.version(PACKAGE),
        "legacy": query(
            "SELECT * FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
        ),
        "current": query("SELECT * FROM admin_units ORDER BY provinceCode, wardCode"),
        "province_map": converter_2025.DICT_PROVINCE,
        "whole": converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED,
        "split": converter_2025.DICT_PROVINCE_WARD_DIVIDED,
    }


def aliases(raw):
    """Folded alias keys (``["hn"]``, former names) from one of the package's JSON list columns."""
    return list(dict.fromkeys(json.loads(raw))) if raw else []


def named(types, name, declared=None):
    """``(name, short_name, unit_type)``: ``"Huyện Tuy An"`` → ``(…, "Tuy An", "huyen")``.

    The name wins over the package's type column (``declared``), which swaps a few (in 1.0.4
    "Phường Việt Hòa" is typed "Xã" and "Xã Vĩnh Hòa" "Phường", both in Hải Phòng). Some names
    capitalise their type ("Thị Xã Buôn Hồ"); the official spelling is restored. The package's
    own short names append the type where a district has two units of that name ("Yên Viên
    (Xã)"); the short name here is the bare name, except purely numeric ones ("Phường 1").
    """
    for label, code in types.items():
        if name.lower().startswith(label.lower() + " "):
            if declared and declared != label:
                NAME_FIXES.append(f"{name}: package type {declared}")
            bare = name[len(label) + 1 :]
            full = f"{label} {bare}"
            if full != name:
                NAME_FIXES.append(f"{name} → {full}")
            return full, full if bare.isdigit() else bare, code
    raise ValueError(f"{name!r} starts with none of {list(types)}")


def old_ward_key(row):
    """The converter's key of an old commune: ``"tinhphuyen_huyentuyan_xaanninhtay"``."""
    return f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"


def current_units(rows):
    """``(provinces, communes, codes)`` of the 2025 register.

    ``provinces`` and ``communes`` are lists of row lists (see ``COLUMNS``); ``codes`` maps the
    package keys ``provinceKey`` and ``(provinceKey, wardKey)`` to official codes.
    """
    provinces, communes, codes = {}, [], {}
    for row in rows:
        pcode = row["provinceCode"]
        if pcode not in provinces:
            provinces[pcode] = [
                pcode,
                *named(PROVINCE_TYPES, row["province"]),
                None,
                None,
                [],
                aliases(row["provinceAlias"]),
            ]
            codes[row["provinceKey"]] = pcode
        communes.append(
            [
                row["wardCode"],
                *named(COMMUNE_TYPES, row["ward"], row["wardType"]),
                pcode,
                None,
                [],
                aliases(row["wardAlias"]),
            ]
        )
        codes[row["provinceKey"], row["wardKey"]] = row["wardCode"]
    return list(provinces.values()), communes, codes


def commune_successors(package, new_codes):
    """``{old ward key: [default new commune code, other new commune codes...]}``."""
    result = {}
    for pkey, new_wards in package["whole"].items():
        for new_key, old_keys in new_wards.items():
            for old_key in old_keys:
                result[old_key] = [new_codes[pkey, new_key]]
    for pkey, old_wards in package["split"].items():
        for old_key, parts in old_wards.items():
            # The package flags exactly one default per split commune; keep it first.
            parts = sorted(parts, key=lambda part: not part["isDefaultNewWard"])
            result[old_key] = [new_codes[pkey, part["newWardKey"]] for part in parts]
    return result


def province_successors(package, new_codes):
    """``{old provinceKey: new province code}``; every old province went whole into one."""
    return {
        old_key: new_codes[new_key]
        for new_key, old_keys in package["province_map"].items()
        for old_key in old_keys
    }


def legacy_units(rows, successors, province_successor):
    """``(provinces, districts, communes)`` of the register before 01/07/2025, as row lists.

    Districts succeed to their province's new province. The five island districts without
    communes carry in ``also_now_in`` the special zone (đặc khu) that took their territory.
    """
    provinces, districts, communes = {}, {}, []
    for row in rows:
        pcode, dcode = row["provinceCode"], row["districtCode"]
        new_province = province_successor[row["provinceKey"]]
        if pcode not in provinces:
            provinces[pcode] = [
                pcode,
                *named(PROVINCE_TYPES, row["province"]),
                None,
                new_province,
                [],
                aliases(row["provinceAlias"]),
            ]
        if dcode not in districts:
            districts[dcode] = [
                dcode,
                *named(DISTRICT_TYPES, row["district"], row["districtType"]),
                pcode,
                new_province,
                [],
                aliases(row["districtAlias"]),
            ]
        new_codes = successors[old_ward_key(row)]
        if not row["wardCode"]:
            districts[dcode][COL["also_now_in"]] = new_codes
            continue
        communes.append(
            [
                row["wardCode"],
                *named(COMMUNE_TYPES, row["ward"], row["wardType"]),
                dcode,
                new_codes[0],
                new_codes[1:],
                aliases(row["wardAlias"]),
            ]
        )
    return list(provinces.values()), list(districts.values()), communes


def check_successors(legacy, current):
    """Every old commune's successors lie in the new province its old province went into."""
    code, unit_type, parent = COL["code"], COL["unit_type"], COL["parent_code"]
    successor, also = COL["successor_code"], COL["also_now_in"]
    province_of_new = {row[code]: row[parent] for row in current if row[parent]}
    new_province = {
        row[code]: row[successor] for row in legacy if row[unit_type] in PROVINCE_TYPES.values()
    }
    province_of_district = {
        row[code]: row[parent] for row in legacy if row[unit_type] in DISTRICT_TYPES.values()
    }
    for row in legacy:
        if row[unit_type] in COMMUNE_TYPES.values():
            expected = new_province[province_of_district[row[parent]]]
            for new_code in [row[successor], *row[also]]:
                if province_of_new[new_code] != expected:
                    raise ValueError(f"{row[code]} → {new_code}: outside province {expected}")


def build(package):
    """The data file's content as a dict (see the module docstring)."""
    if package["version"] != EXPECTED_VERSION:
        print(f"warning: {PACKAGE} {package['version']}, expected {EXPECTED_VERSION}")
    provinces_new, communes_new, new_codes = current_units(package["current"])
    successors = commune_successors(package, new_codes)
    province_successor = province_successors(package, new_codes)
    provinces, districts, communes = legacy_units(package["legacy"], successors, province_successor)
    legacy = provinces + districts + communes
    current = provinces_new + communes_new
    check_successors(legacy, current)
    return {
        "format": 1,
        "source": {
            "package": PACKAGE,
            "version": package["version"],
            "url": "https://pypi.org/project/vietnamadminunits/",
            "data": "dataset.db (admin_units_legacy, admin_units), converter_2025.json",
            "generated_by": "python -m taxonomy.adminunits.build",
        },
        "registers_meta": {
            "2024": {"valid_until": "2025-06-30", "levels": ["province", "district", "commune"]},
            "2025": {"valid_from": "2025-07-01", "levels": ["province", "commune"]},
        },
        "counts": {
            "2024": {
                "province": len(provinces),
                "district": len(districts),
                "commune": len(communes),
                "split_commune": sum(1 for row in communes if row[COL["also_now_in"]]),
            },
            "2025": {"province": len(provinces_new), "commune": len(communes_new)},
        },
        "columns": COLUMNS,
        "registers": {"2024": legacy, "2025": current},
    }


def write(data, path):
    """Write ``data`` as gzip'd compact JSON, byte-identical for identical input."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.encode("utf-8"))


def verify(legacy_rows, data):
    """Compare each old commune's default successor with ``convert_address``; → mismatches.

    The converter re-parses names, so a mismatch may be the parser's ambiguity, not the data's.
    """
    from vietnamadminunits import convert_address

    code, successor = COL["code"], COL["successor_code"]
    expected = {row[code]: row[successor] for row in data["registers"]["2024"]}
    mismatches = []
    for row in legacy_rows:
        if not row["wardCode"]:
            continue
        address = f"{row['ward']}, {row['district']}, {row['province']}"
        got = convert_address(address).ward_code
        if got != expected[row["wardCode"]]:
            mismatches.append((row["wardCode"], address, got, expected[row["wardCode"]]))
    return mismatches


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--verify", action="store_true", help="cross-check default successors with the converter"
    )
    args = parser.parse_args(argv)
    package = read_package()
    data = build(package)
    write(data, args.output)
    print(f"{args.output}: {args.output.stat().st_size:,} bytes, {json.dumps(data['counts'])}")
    for fix in dict.fromkeys(NAME_FIXES):
        print("name fixed:", fix)
    if args.verify:
        mismatches = verify(package["legacy"], data)
        for mismatch in mismatches:
            print("converter differs:", *mismatch)
        print(f"{len(mismatches)} of {data['counts']['2024']['commune']} communes differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
