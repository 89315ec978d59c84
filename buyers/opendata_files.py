"""Open data served from files built by a task, streamed while they are stale (issue 14).

Building the register reads every listed product: at 20,000 products that is
seconds of work, too much for a request. :func:`build` writes
``san-pham-ocop.csv`` and ``san-pham-ocop.json`` under ``OPEN_DATA_DIR``
(default ``var/opendata/`` in the project) through temporary files renamed in
place, and a ``stamp`` with the content generation they were built for
(:func:`core.fastpath.generation`: it changes with every content change and at
local midnight, when statuses roll over). The task :func:`refresh_task`
(enqueued by ``manage.py periodic`` every minute) rebuilds them when the stamp
is not the current generation.

The views serve a fresh file with ``Cache-Control: public, max-age=300``, an
ETag (the stamp) and Last-Modified, so conditional GETs answer 304; when the
file is missing or stale they stream the register from the database instead
(rows read in chunks, never the whole register in memory), without writing
anything (the next periodic run rebuilds the file).
"""

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django_tasks import task

from buyers import opendata
from core import exports, fastpath

FILES = {"csv": "san-pham-ocop.csv", "json": "san-pham-ocop.json"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
STAMP = "stamp"
MAX_AGE = 300
CHUNK = 2000


def directory():
    return Path(getattr(settings, "OPEN_DATA_DIR", "") or settings.BASE_DIR / "var" / "opendata")


def current_stamp():
    return fastpath.generation()


def stored_stamp():
    try:
        return (directory() / STAMP).read_text().strip()
    except OSError:
        return ""


def is_fresh():
    """Whether both files exist and were built for the current generation."""
    folder = directory()
    return stored_stamp() == current_stamp() and all((folder / n).exists() for n in FILES.values())


def records():
    """Register rows, read from the database in chunks of :data:`CHUNK` products."""
    for product in opendata.register_queryset().iterator(chunk_size=CHUNK):
        yield opendata.record(product)


def csv_chunks():
    """The CSV register as text chunks (BOM, headings, one line a product)."""
    fields = opendata.REGISTER_FIELDS
    yield exports.BOM + exports.csv_line([exports.csv_cell(f) for f in fields])
    for row in records():
        yield exports.csv_line([exports.csv_cell(row.get(f)) for f in fields])


def json_chunks():
    """The JSON register (``{"title", "generated_at", "fields", "records", "count"}``) in chunks."""
    head = {
        "title": "OCOP certified products register",
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "fields": opendata.REGISTER_FIELDS,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    count = 0
    for row in records():
        yield ("," if count else "") + json.dumps(row, ensure_ascii=False)
        count += 1
    yield f'], "count": {count}}}'


CHUNKS = {"csv": csv_chunks, "json": json_chunks}


def _write(path, chunks):
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def build():
    """Write both files and the stamp; returns the stamp (the generation they show)."""
    stamp = current_stamp()  # read first: a change while building leaves them stale
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    for kind, name in FILES.items():
        _write(folder / name, CHUNKS[kind]())
    _write(folder / STAMP, [stamp])
    return stamp


def refresh():
    """:func:`build` when the files are not fresh; returns whether it built."""
    if is_fresh():
        return False
    build()
    return True


@task()
def refresh_task():
    """:func:`refresh` as a django-tasks task (``manage.py periodic`` enqueues it)."""
    return refresh()


def response(kind):
    """The register as ``kind`` (``"csv"`` or ``"json"``): the file if fresh, else streamed."""
    if is_fresh():
        path = directory() / FILES[kind]
        answer = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[kind])
        answer["ETag"] = f'"{fastpath.digest(stored_stamp(), kind)}"'
        answer["Last-Modified"] = http_date(path.stat().st_mtime)
        answer["Cache-Control"] = f"public, max-age={MAX_AGE}"
    else:
        answer = StreamingHttpResponse(CHUNKS[kind](), content_type=CONTENT_TYPES[kind])
        answer["Cache-Control"] = "no-cache"
    answer["Content-Disposition"] = f'inline; filename="{FILES[kind]}"'
    answer["Access-Control-Allow-Origin"] = "*"
    return answer
