"""Broken files and rejected rows: refused whole, with reasons, changing nothing."""

import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from programme.imports.columns import header_key, map_columns
from programme.imports.service import ImportRefused, apply_import, preview_import
from programme.models import ImportLog
from programme.tests.conftest import COUNCIL_CSV
from programme.tests.helpers import COUNCIL_HEADER, council_row, csv_bytes, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def assert_refused_whole(content, name, *expected):
    """Preview refuses the file with every ``expected`` text in its reasons; nothing changes."""
    before = snapshot()
    log, plan = preview_import(content, name, publish=True)
    reasons = " | ".join(log.file_errors + [r for row in log.report for r in row["reasons"]])
    for text in expected:
        assert text in reasons, reasons
    assert log.status == ImportLog.Status.REJECTED
    assert not plan.is_applicable
    assert log.content is None
    with pytest.raises(ImportRefused):
        apply_import(log)
    assert snapshot() == before
    return log


def council_file_bytes():
    return COUNCIL_CSV.read_bytes()


def test_wrong_encoding_is_refused(council_catalogue):
    text = unicodedata.normalize("NFD", COUNCIL_CSV.read_text(encoding="utf-8"))
    content = text.encode("cp1258", errors="replace")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    assert_refused_whole(content, "council.csv", "not UTF-8")


def test_utf8_with_bom_and_semicolons_is_read(council_catalogue):
    text = COUNCIL_CSV.read_text(encoding="utf-8").replace(",", ";")
    _log, plan = preview_import(b"\xef\xbb\xbf" + text.encode("utf-8"), "council.csv")
    assert plan.is_applicable and plan.counts["total"] == 5


def test_missing_columns_are_named(council_catalogue):
    header = [h for h in COUNCIL_HEADER if h not in ("Số quyết định", "Cơ quan ban hành")]
    rows = [council_row("A")[:7] + council_row("A")[8:9] + council_row("A")[10:]]
    log = assert_refused_whole(
        csv_bytes(header, rows), "list.csv", "Missing columns", "decision number", "issuing body"
    )
    assert "Tên sản phẩm" in log.file_errors[0]  # lists the columns it did find


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_empty_file_is_refused(catalogue, content):
    assert_refused_whole(content, "empty.csv", "empty")


def test_header_without_rows_is_refused(catalogue):
    assert_refused_whole(csv_bytes(COUNCIL_HEADER, []), "header.csv", "no data rows")


def test_ten_thousand_rows_are_refused_whole(catalogue):
    rows = [council_row(f"Sản phẩm {n}", f"HTX {n}", number=f"{n}/QĐ") for n in range(10_000)]
    log = assert_refused_whole(csv_bytes(COUNCIL_HEADER, rows), "big.csv", "10000", "500")
    assert log.rows_total == 0


@override_settings(PROGRAMME_IMPORT_MAX_ROWS=3)
def test_row_limit_comes_from_settings(catalogue):
    rows = [council_row(f"Sản phẩm {n}") for n in range(4)]
    assert_refused_whole(csv_bytes(COUNCIL_HEADER, rows), "four.csv", "at most 3")


def test_ragged_rows_are_refused(catalogue):
    content = csv_bytes(COUNCIL_HEADER, [council_row("A") + ["extra", "cells"]])
    assert_refused_whole(content, "ragged.csv", "more cells than the header")


def test_garbage_workbook_and_old_xls_are_refused(catalogue):
    assert_refused_whole(b"PK\x03\x04 not really a zip", "list.xlsx", "not a readable XLSX")
    assert_refused_whole(b"\xd0\xcf\x11\xe0 old", "list.xls", ".xls")


def test_each_bad_row_is_rejected_with_its_reason_and_blocks_the_file(council_catalogue):
    rows = [
        council_row("Tốt", "HTX Tốt"),  # valid, but the file as a whole is refused
        council_row("Nhóm lạ", group="Điện tử"),
        council_row("Điểm lệch", stars="4", score="65"),
        council_row("Ngày hỏng", date="31/02/2024"),
        council_row("Ngày tương lai", date="01/01/2099"),
        council_row("Quá sớm", date="15/06/2015"),
        council_row("Hai sao", stars="2", score="40"),
        council_row("Năm sao tỉnh", stars="5", score="92"),
        council_row("Nơi lạ", locality="Huyện Không Có"),
        council_row("Loại lạ", type="Tập đoàn đa quốc gia"),
        council_row("", "HTX Không tên"),
        council_row("Tốt", "HTX Tốt"),  # duplicate of the first row
        council_row("Không ngày", date=""),
        council_row("Nhóm cũ", group="Sinh vật cảnh", date="10/10/2021"),
        council_row("Điểm chữ", score="bảy mươi"),
    ]
    log = assert_refused_whole(csv_bytes(COUNCIL_HEADER, rows), "bad.csv")
    by_product = {row["product"]: row for row in log.report}
    expected = {
        "Nhóm lạ": "Unknown product group “Điện tử”",
        "Điểm lệch": "outside the 4★ band (70–89)",
        "Ngày hỏng": "is not a date",
        "Ngày tương lai": "in the future",
        "Quá sớm": "before the OCOP programme",
        "Hai sao": "below 3★",
        "Năm sao tỉnh": "central council only",
        "Nơi lạ": "Unknown locality",
        "Loại lạ": "Unknown producer type",
        "": "product name is empty",
        "Không ngày": "decision date is empty",
        "Nhóm cũ": "not in the criteria in force",
        "Điểm chữ": "not a number",
    }
    for product, reason in expected.items():
        row = by_product[product]
        assert row["action"] == "reject", product
        assert any(reason in r for r in row["reasons"]), (product, row["reasons"])
    first, duplicate = [row for row in log.report if row["product"] == "Tốt"]
    assert first["action"] == "create"
    assert duplicate["action"] == "reject"
    assert "Duplicate of row 2" in duplicate["reasons"][0]
    assert log.rejected_count == len(expected) + 1


def test_headers_match_in_either_language_and_any_case():
    assert header_key("Tên sản phẩm (*)") == "ten san pham"
    english = ["Product", "PRODUCER", "Locality", "Product group", "Stars", "Decision number"]
    english += ["Decision date", "Issuing body", "New or re-certification", "Score"]
    mapping = map_columns(english)
    assert mapping.fmt.key == "council" and not mapping.errors
    assert mapping.indexes["kind"] == 8


def test_command_previews_applies_and_fails_loudly(council_catalogue):
    out = io.StringIO()
    call_command("import_decisions", str(COUNCIL_CSV), stdout=out)
    assert "3 to create, 2 to update" in out.getvalue()
    assert ImportLog.objects.latest("pk").status == ImportLog.Status.PREVIEWED

    out = io.StringIO()
    call_command("import_decisions", str(COUNCIL_CSV), "--apply", "--publish", stdout=out)
    assert "Applied: 3 created, 2 updated" in out.getvalue()
    log = ImportLog.objects.order_by("-pk").first()
    assert (log.source, log.status, log.publish) == ("command", "applied", True)


def test_command_rejects_a_broken_file(catalogue, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(csv_bytes(["Tên sản phẩm"], [["Một"]]))
    before = snapshot()
    with pytest.raises(CommandError, match="Rejected"):
        call_command(
            "import_decisions", str(broken), "--apply", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert snapshot() == before
