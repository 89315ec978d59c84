"""Read an uploaded CSV or XLSX into a header and numbered rows (tablib + openpyxl).

Whole-file problems raise :class:`FileRejected` with every reason found:
empty file, too big, not UTF-8 text, not a workbook, ragged rows, no header,
no data, too many rows. Nothing is written to the database here.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 500
XLSX_MAGIC = b"PK\x03\x04"


def max_rows():
    """Largest number of data rows one import accepts (``PROGRAMME_IMPORT_MAX_ROWS``).

    A council round lists tens of products. Applying costs roughly 0.13–0.3 s
    per new product (page, revision, publish, reference and search index) and
    15–40 ms per line added to an existing product (no page revision; the
    summary refresh), measured with ``python -m benchmarks.imports`` on a shared
    2-core machine, all in one transaction, so the limit keeps an apply from
    the admin within minutes.
    """
    return int(getattr(settings, "PROGRAMME_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


class FileRejected(Exception):
    """The file cannot be imported at all; ``reasons`` is a list of messages."""

    def __init__(self, *reasons):
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


@dataclass
class Table:
    """``headers``: list of str; ``rows``: list of ``(row_number, cells)``.

    ``row_number`` is the spreadsheet row (the header is row 1); for CSV,
    blank lines are not counted. ``kind`` is ``"csv"`` or ``"xlsx"``.
    """

    kind: str
    headers: list
    rows: list


def _decode(content):
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    return content.decode("utf-8")


def _delimiter(text):
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_csv(content):
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("This is not a text (CSV) file."))
    try:
        text = _decode(content)
    except UnicodeDecodeError as error:
        raise FileRejected(
            _(
                "The file is not UTF-8 text (byte 0x%(byte)02x at position %(pos)s). "
                "Save it as “CSV UTF-8” (Excel) or as XLSX and upload it again."
            )
            % {"byte": error.object[error.start], "pos": error.start}
        ) from error
    try:
        dataset = tablib.Dataset().load(text, format="csv", delimiter=_delimiter(text))
    except tablib.InvalidDimensions as error:
        raise FileRejected(
            _("Some rows have more cells than the header row: check the separators and quotes.")
        ) from error
    except csv.Error as error:
        raise FileRejected(_("The CSV cannot be read: %(error)s") % {"error": error}) from error
    return dataset


def _read_xlsx(content):
    try:
        return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except tablib.InvalidDimensions as error:
        raise FileRejected(_("Some rows have more cells than the header row.")) from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileRejected(_("The file is not a readable XLSX workbook.")) from error


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(content, file_name=""):
    """Parse ``content`` (bytes) into a :class:`Table`.

    The kind comes from the extension (``.csv``, ``.xlsx``) or, failing that,
    from the bytes (an XLSX is a ZIP). Raises :class:`FileRejected`.
    """
    if not content or not content.strip():
        raise FileRejected(_("The file is empty."))
    if len(content) > MAX_FILE_BYTES:
        raise FileRejected(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    name = (file_name or "").lower()
    if name.endswith(".xls"):
        raise FileRejected(_("Old .xls workbooks are not supported: save as .xlsx or CSV UTF-8."))
    is_xlsx = name.endswith(".xlsx") or (
        not name.endswith(".csv") and content.startswith(XLSX_MAGIC)
    )
    if is_xlsx:
        dataset, kind = _read_xlsx(content), "xlsx"
    elif content.startswith(XLSX_MAGIC):
        raise FileRejected(_("This .csv file is a ZIP archive (an XLSX?): rename it .xlsx."))
    else:
        dataset, kind = _read_csv(content), "csv"

    headers = ["" if h is None else str(h).strip() for h in (dataset.headers or [])]
    if not any(headers):
        raise FileRejected(_("The first row must name the columns; it is empty."))
    rows = []
    for index, row in enumerate(dataset):
        cells = list(row)
        if all(_is_blank(cell) for cell in cells):
            continue
        rows.append((index + 2, cells))
    if not rows:
        raise FileRejected(_("The file has a header row but no data rows."))
    limit = max_rows()
    if len(rows) > limit:
        raise FileRejected(
            _("The file has %(n)s data rows; one import takes at most %(limit)s. Split the file.")
            % {"n": len(rows), "limit": limit}
        )
    return Table(kind=kind, headers=headers, rows=rows)
