"""Spreadsheet exports: CSV (UTF-8 with BOM) and XLSX, the same cells in both.

Every download of the project (buyer inquiries, event registrations, the
open-data register, the statistics tables) goes through this module:

- **BOM**: a CSV starts with U+FEFF so that Excel reads it as UTF-8 and keeps
  Vietnamese letters ("Nguyễn Thị Hương") intact.
- **Formulas**: a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return (:data:`FORMULA_PREFIXES`) could run as a formula when the
  file is opened (OWASP "CSV injection"). In CSV it gets a leading ``'``; in
  XLSX it is written as a text cell with Excel's quote prefix (the ``'`` an
  Excel user types), never as a formula. Numbers are not text: ``-5`` stays a
  number.
- **Times**: an aware datetime is converted to local time
  (``settings.TIME_ZONE``, Asia/Ho_Chi_Minh) and shown as ``14:05 10/03/2025``
  in both formats: text in CSV, a date-time cell with that number format in
  XLSX (XLSX has no time zones, so the cell holds the local wall-clock time).
  A date is ``2025-03-10`` in both.
- **Headings** are what the caller gives, translated in the active language
  (lazy strings are resolved when written); :class:`SpreadsheetExportViewMixin`
  keeps the request's language for Wagtail's streamed CSV, which is written
  after the view returned.
"""

import csv
import datetime
import decimal
import io

from django.http import HttpResponse
from django.utils import dateformat, timezone, translation
from django.utils.encoding import force_str

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Django format of a datetime in CSV, and the XLSX number format showing the same.
DATETIME_FORMAT = "H:i d/m/Y"
XLSX_DATETIME_FORMAT = "hh:mm dd/mm/yyyy"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBERS = (int, float, decimal.Decimal)


def looks_like_formula(text):
    """True when a spreadsheet would read ``text`` (a ``str``) as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def escape_formula(text):
    """``text`` with a leading ``'`` when it looks like a formula (``"=1+1"`` → ``"'=1+1"``)."""
    return "'" + text if looks_like_formula(text) else text


def local_datetime(value):
    """An aware datetime as naive local wall-clock time (naive values are taken as local)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.replace(tzinfo=None)


def format_datetime(value):
    """``"14:05 10/03/2025"``: ``value`` in local time, :data:`DATETIME_FORMAT`."""
    return dateformat.format(local_datetime(value), DATETIME_FORMAT)


def csv_cell(value):
    """The CSV text of one value.

    ``None`` → ``""``; booleans → ``"true"``/``"false"``; datetimes → local
    :func:`format_datetime`; dates → ISO; numbers → as written; other values
    → their text (lazy translations in the active language), formula-escaped.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, NUMBERS):
        return str(value)
    return escape_formula(force_str(value))


def xlsx_cell(worksheet, value):
    """An openpyxl write-only cell for ``value`` (same rules as :func:`csv_cell`)."""
    # openpyxl is loaded on the first export, not by every process that imports core.
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(worksheet, local_datetime(value))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if value is not None and not isinstance(value, (bool, *NUMBERS)):
        value = force_str(value)
    cell = WriteOnlyCell(worksheet, value)
    if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_line(cells):
    """One CSV line (``\\r\\n``-terminated) of already converted ``cells``."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def csv_text(headings, rows):
    """The whole CSV (a ``str`` starting with :data:`BOM`): ``headings`` then ``rows``."""
    lines = [BOM, csv_line([csv_cell(h) for h in headings])]
    lines.extend(csv_line([csv_cell(value) for value in row]) for row in rows)
    return "".join(lines)


def xlsx_bytes(headings, rows, title="Sheet1"):
    """The XLSX workbook (``bytes``) of one sheet: ``headings`` then ``rows``."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append([xlsx_cell(sheet, heading) for heading in headings])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_response(headings, rows, filename, *, disposition="attachment"):
    """An ``HttpResponse`` serving :func:`csv_text` as ``filename``."""
    response = HttpResponse(csv_text(headings, rows).encode("utf-8"), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def xlsx_response(headings, rows, filename):
    """An ``HttpResponse`` serving :func:`xlsx_bytes` as ``filename``."""
    response = HttpResponse(xlsx_bytes(headings, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SpreadsheetExportViewMixin:
    """For a Wagtail ``IndexView`` (``SpreadsheetExportMixin``): this module's cells.

    Put it before the view class: ``class MyIndexView(SpreadsheetExportViewMixin,
    IndexView)``. Values still go through the view's ``preprocess_field_value``
    first (choices labels, lists…), except datetimes, which this module formats.
    """

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, datetime.date | bool):
            return value
        return super().preprocess_field_value(field, value, export_format)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: csv_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for field, value in row_dict.items():
            yield xlsx_cell(worksheet, self.preprocess_field_value(field, value, self.FORMAT_XLSX))

    def stream_csv(self, queryset):
        # Wagtail streams the CSV after the view returned, when the admin's
        # language is no longer active: keep the request's for the headings.
        language = translation.get_language()
        rows = super().stream_csv(queryset)

        def stream():
            with translation.override(language):
                yield BOM
                yield from rows

        return stream()

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = CSV_CONTENT_TYPE
        return response
