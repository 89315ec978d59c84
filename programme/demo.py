"""Demo content for the programme app: the province's targets and the statistics page.

Targets come from ``products_catalog/data/phu_yen_ocop_targets.csv``
(``period_start, period_end, scope, target_products, rule, source_url``);
the rule is stored in Vietnamese (demo content is Vietnamese), the English
wording of the CSV is used when no translation is known. A rule mentioning
"provincial" counts provincial-level decisions only. Idempotent: a target is
matched by period, scope and number; the page by its slug.
"""

import csv
from pathlib import Path

import products_catalog
from programme import demo_records
from programme.models import ProgrammeTarget, StatisticsPage, TargetLevel

TARGETS_CSV = Path(products_catalog.__file__).resolve().parent / "data" / "phu_yen_ocop_targets.csv"
STATISTICS_SLUG = "ocop-qua-cac-con-so"
RULES_VI = {
    (2021, 2021, 15): (
        "Năm 2021 phấn đấu có ít nhất 15 sản phẩm được công nhận đạt chuẩn OCOP cấp tỉnh."
    ),
    (2022, 2022, 18): (
        "Năm 2022 có ít nhất 18 sản phẩm được đánh giá, phân hạng từ 3 sao trở lên; "
        "mỗi địa phương cấp huyện có ít nhất 2 sản phẩm."
    ),
    (2022, 2025, 90): (
        "Giai đoạn 2022–2025: mỗi năm có ít nhất 18 sản phẩm đạt từ 3 sao trở lên, "
        "đến cuối năm 2025 có ít nhất 90 sản phẩm."
    ),
}


def read_targets(path=TARGETS_CSV):
    """Rows of the targets CSV as dicts with ``int`` periods and target."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = []
        for raw in csv.DictReader(handle):
            rows.append(
                {
                    "period_start": int(raw["period_start"]),
                    "period_end": int(raw["period_end"] or raw["period_start"]),
                    "scope": raw["scope"].strip(),
                    "target_products": int(raw["target_products"]),
                    "rule": raw["rule"].strip(),
                    "source_url": raw["source_url"].strip(),
                }
            )
        return rows


def load_targets(path=TARGETS_CSV):
    """Create the province-wide targets that do not exist yet; returns how many."""
    created = 0
    for row in read_targets(path):
        key = (row["period_start"], row["period_end"], row["target_products"])
        exists = ProgrammeTarget.objects.filter(
            period_start=row["period_start"],
            period_end=row["period_end"],
            target_products=row["target_products"],
            scope__isnull=True,
        ).exists()
        if exists:
            continue
        ProgrammeTarget.objects.create(
            period_start=row["period_start"],
            period_end=row["period_end"],
            target_products=row["target_products"],
            min_stars=3,
            level=TargetLevel.PROVINCIAL if "provincial" in row["rule"].lower() else "",
            include_renewals=False,
            rule=RULES_VI.get(key, row["rule"]),
            source_url=row["source_url"],
        )
        created += 1
    return created


def ensure_statistics_page(home):
    """The "OCOP qua các con số" page under ``home`` (created once)."""
    existing = StatisticsPage.objects.child_of(home).filter(slug=STATISTICS_SLUG).first()
    if existing:
        return existing
    page = StatisticsPage(
        title="OCOP qua các con số",
        slug=STATISTICS_SLUG,
        show_in_menus=True,
        intro=(
            "<p>Số sản phẩm OCOP theo hạng sao, nhóm sản phẩm, địa phương, loại hình chủ thể "
            "và năm công nhận; các giấy chứng nhận hết hạn trong năm và tiến độ thực hiện "
            "mục tiêu của tỉnh. Số liệu được tính trực tiếp từ cơ sở dữ liệu.</p>"
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def load(home, stdout=None):
    """Load targets, the statistics page and the records of :mod:`programme.demo_records`.

    Returns ``{"targets": n, "rounds": n, "people_targets": n}`` created.
    """
    created = load_targets()
    ensure_statistics_page(home)
    records = demo_records.load()
    if stdout:
        stdout.write(
            f"Programme: {created} targets created, statistics page ready; "
            f"{records['rounds']} evaluation rounds, {records['targets']} training targets"
        )
    return {"targets": created, "rounds": records["rounds"], "people_targets": records["targets"]}
