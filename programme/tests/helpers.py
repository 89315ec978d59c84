"""Helpers for import tests: build CSV/XLSX bytes, snapshot the database."""

import csv
import datetime
import io

import openpyxl
from wagtail.models import Page, Revision, WorkflowState

from products_catalog.models import CertificationDecision, CertificationSummary, DecisionLine
from programme.tests.conftest import COUNCIL_CSV

COUNCIL_HEADER = [
    "Tên sản phẩm",
    "Chủ thể",
    "Loại hình chủ thể",
    "Địa phương",
    "Nhóm sản phẩm",
    "Số sao",
    "Điểm",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan ban hành",
    "Cấp mới/Công nhận lại",
]


def csv_bytes(header, rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def council_row(product, producer="HTX Thử nghiệm", **overrides):
    """A valid council row (3★, 60 points, provincial, 20/03/2025) with overrides."""
    values = {
        "type": "HTX",
        "locality": "Tuy An",
        "group": "Thực phẩm",
        "stars": "3",
        "score": "60",
        "number": "10/QĐ-UBND",
        "date": "20/03/2025",
        "body": "UBND tỉnh Phú Yên",
        "kind": "Cấp mới",
    }
    values.update(overrides)
    return [
        product,
        producer,
        values["type"],
        values["locality"],
        values["group"],
        values["stars"],
        values["score"],
        values["number"],
        values["date"],
        values["body"],
        values["kind"],
    ]


def council_csv_rows():
    with open(COUNCIL_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def council_xlsx_bytes():
    """The council CSV as a workbook with real date and number cells."""
    header, rows = council_csv_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    date_col = header.index("Ngày quyết định")
    stars_col, score_col = header.index("Số sao"), header.index("Điểm")
    for row in rows:
        cells = list(row)
        cells[date_col] = datetime.datetime.strptime(row[date_col], "%d/%m/%Y")
        cells[stars_col] = int(row[stars_col])
        cells[score_col] = float(row[score_col])
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot():
    """What an import could change: pages, revisions, decisions, lines, summaries, workflows."""
    decisions = CertificationDecision.objects.values_list(
        "pk",
        "number",
        "decision_date",
        "decision_year",
        "issuing_body",
        "level",
        "criteria_version",
        "batch",
        "note",
        "acknowledged",
    )
    lines = DecisionLine.objects.values_list(
        "decision_id", "product_id", "stars", "stars_published", "score", "kind"
    )
    summaries = CertificationSummary.objects.values_list(
        "translation_key", "stars", "decision_number", "valid_until", "decisions_count"
    )
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "decisions": sorted(tuple(str(v) for v in d) for d in decisions),
        "lines": sorted(tuple(str(v) for v in line) for line in lines),
        "summaries": sorted(tuple(str(v) for v in s) for s in summaries),
        "live": sorted(Page.objects.filter(live=True).values_list("pk", flat=True)),
        "drafts": sorted(
            Page.objects.filter(has_unpublished_changes=True).values_list("pk", flat=True)
        ),
        "workflows": WorkflowState.objects.count(),
    }
