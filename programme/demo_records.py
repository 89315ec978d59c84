"""Demo evaluation rounds and people-trained targets, from the project's real facts only.

Source: ``products_catalog/data/phu_yen_ocop_milestones.csv`` (a copy of the
shared milestones file). Each round below names the milestone it comes from
(date and kind); the loader reads that row for its source URL and refuses to
invent one that is not there. Only the figures the sources report are
stored (``reported_*``): no dossier is known, no person is named, no roster
is made up (so "officials trained" says "no roster recorded").

Idempotent: a round is found again by its source URL and year; a target
by its kind, period and rule.
"""

import csv
import datetime
from pathlib import Path

import products_catalog
from products_catalog import rules
from programme.imports.catalogue import district_full_name
from programme.models import EvaluationRound, ProgrammeTarget, TargetKind
from taxonomy.models import Locality

MILESTONES_CSV = (
    Path(products_catalog.__file__).resolve().parent / "data" / "phu_yen_ocop_milestones.csv"
)

#: (milestone date, kind) → round fields (figures as the source reports them).
ROUNDS = {
    ("2022-04-19", "ceremony"): {
        "level": rules.Level.PROVINCIAL,
        "year": 2022,
        "number": 1,
        "start_date": datetime.date(2022, 4, 19),
        "reported_4": 2,
        "reported_3": 7,
        "note": "Ngày trao giấy chứng nhận; 27 sản phẩm OCOP cấp tỉnh tính đến thời điểm này.",
    },
    ("2022-10-25", "council"): {
        "level": rules.Level.DISTRICT,
        "locality": "Sơn Hòa",
        "year": 2022,
        "start_date": datetime.date(2022, 10, 25),
        "reported_registered": 16,
        "reported_producers": 5,
        "note": "Hội đồng cấp huyện họp đánh giá: 16 sản phẩm của 5 chủ thể đăng ký.",
    },
    ("2023-12-29", "ceremony"): {
        "level": rules.Level.PROVINCIAL,
        "year": 2023,
        "start_date": datetime.date(2023, 12, 29),
        "reported_4": 1,
        "note": "Cá ngừ đại dương của Bình Minh đạt 4 sao (ngày trao giấy chứng nhận).",
    },
    ("2024-07-29", "ceremony"): {
        "level": rules.Level.DISTRICT,
        "locality": "TX Đông Hòa",
        "year": 2024,
        "number": 1,
        "start_date": datetime.date(2024, 7, 29),
        "reported_3": 12,
        "note": "Ngày trao giấy chứng nhận; thị xã có 39 sản phẩm 3 sao.",
    },
    ("2025-01-17", "ceremony"): {
        "level": rules.Level.DISTRICT,
        "locality": "Tuy An",
        "year": 2024,
        "number": 2,
        "reported_3": 3,
        "note": "Giấy chứng nhận trao ngày 17/01/2025; Tuy An có 37 sản phẩm OCOP.",
    },
}

#: The 2021 plan (milestone of 08/04/2021): train every programme official
#: and the managers of the producers taking part (100 %).
PEOPLE_TARGETS = (
    (
        TargetKind.OFFICIALS_TRAINED,
        "Năm 2021: 100% cán bộ quản lý Chương trình OCOP các cấp được tập huấn về triển khai "
        "chương trình và đánh giá, phân hạng sản phẩm.",
    ),
    (
        TargetKind.MANAGERS_TRAINED,
        "Năm 2021: 100% cán bộ quản lý của các doanh nghiệp, hợp tác xã, hộ sản xuất tham gia "
        "chương trình trong năm được tập huấn.",
    ),
)
PLAN_2021 = ("2021-04-08", "plan")


def read_milestones(path=MILESTONES_CSV):
    """``{(date, kind): row}`` of the milestones CSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {(row["date"], row["kind"]): row for row in csv.DictReader(handle)}


def _locality(name):
    """The district of a milestone's place ("Tuy An" → "Huyện Tuy An"), when recorded."""
    if not name:
        return None
    names = (district_full_name(name), name)
    return Locality.objects.filter(name__in=names).order_by("pk").first()


def load_rounds(milestones=None):
    """Create the rounds not yet recorded; returns how many were created."""
    milestones = milestones if milestones is not None else read_milestones()
    created = 0
    for key, fields in ROUNDS.items():
        row = milestones.get(key)
        if row is None:  # the fact is not in the data: nothing is made up
            continue
        values = dict(fields)
        values["locality"] = _locality(values.pop("locality", ""))
        _round, was_created = EvaluationRound.objects.get_or_create(
            source_url=row["source_url"], year=values["year"], defaults=values
        )
        created += was_created
    return created


def load_people_targets(milestones=None):
    """The 2021 plan's people-trained targets (100 %); returns how many were created."""
    milestones = milestones if milestones is not None else read_milestones()
    row = milestones.get(PLAN_2021)
    if row is None:
        return 0
    created = 0
    for kind, rule in PEOPLE_TARGETS:
        _target, was_created = ProgrammeTarget.objects.get_or_create(
            kind=kind,
            period_start=2021,
            period_end=2021,
            rule=rule,
            defaults={"target_products": 100, "source_url": row["source_url"]},
        )
        created += was_created
    return created


def load(stdout=None):
    """Rounds and people targets; returns ``{"rounds": n, "targets": n}`` created."""
    milestones = read_milestones()
    counts = {"rounds": load_rounds(milestones), "targets": load_people_targets(milestones)}
    if stdout:
        stdout.write(
            f"Programme records: {counts['rounds']} rounds, {counts['targets']} targets created"
        )
    return counts
