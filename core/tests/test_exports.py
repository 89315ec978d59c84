"""core.exports: BOM, formula escaping, local times and translated headings, CSV and XLSX alike."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from core import exports

UTC = datetime.UTC
# 11:30 UTC is 18:30 in Asia/Ho_Chi_Minh (UTC+7).
MOMENT = datetime.datetime(2030, 7, 1, 11, 30, tzinfo=UTC)


def read_csv(text):
    assert text.startswith(exports.BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(data):
    return load_workbook(io.BytesIO(data)).active


def test_formula_looking_text_is_escaped_numbers_are_not():
    rows = [["=1+1", "+84 257", "-x", "@SUM(A1)", "\tx", "\rx", "a=b", -5, 2.5]]
    body = read_csv(exports.csv_text(["h"] * 9, rows))[1]
    assert body == ["'=1+1", "'+84 257", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "-5", "2.5"]


def test_xlsx_writes_formula_looking_text_as_quoted_text():
    sheet = read_xlsx(exports.xlsx_bytes(["h", "n"], [['=HYPERLINK("http://evil")', -5]]))
    cell, number = sheet["A2"], sheet["B2"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://evil")'
    assert number.value == -5 and number.data_type == "n"


def test_datetimes_are_local_and_look_the_same_in_csv_and_xlsx():
    row = [MOMENT, datetime.date(2030, 7, 2)]
    assert read_csv(exports.csv_text(["at", "day"], [row]))[1] == ["18:30 01/07/2030", "2030-07-02"]
    sheet = read_xlsx(exports.xlsx_bytes(["at", "day"], [row]))
    assert sheet["A2"].value == datetime.datetime(2030, 7, 1, 18, 30)
    assert sheet["A2"].number_format == exports.XLSX_DATETIME_FORMAT
    assert sheet["B2"].number_format == exports.XLSX_DATE_FORMAT


def test_local_time_does_not_depend_on_the_active_time_zone(settings):
    with timezone.override(ZoneInfo("Europe/Paris")):
        assert exports.format_datetime(MOMENT) == "18:30 01/07/2030"


def test_headings_are_in_the_active_language():
    headings = [_("Status"), _("Product")]
    with translation.override("vi"):
        vi = read_csv(exports.csv_text(headings, []))[0]
        vi_xlsx = [c.value for c in read_xlsx(exports.xlsx_bytes(headings, []))[1]]
    with translation.override("en"):
        en = read_csv(exports.csv_text(headings, []))[0]
    assert en == ["Status", "Product"]
    assert vi == vi_xlsx == ["Trạng thái", "Sản phẩm"]


def test_csv_response_has_bom_and_utf8_content_type():
    response = exports.csv_response(["Tên"], [["Nguyễn Thị Hương"]], "x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert read_csv(response.content.decode("utf-8"))[1] == ["Nguyễn Thị Hương"]


def test_none_and_booleans():
    assert read_csv(exports.csv_text(["a", "b", "c"], [[None, True, False]]))[1] == [
        "",
        "true",
        "false",
    ]
