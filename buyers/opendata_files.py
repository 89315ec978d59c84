"""Open data served from files built by a task, streamed while they are stale (issue 14).

Building the register reads every listed product: at 20,000 products that is
seconds of work, too much for a request. :func:`build` writes the CSV and the
JSON register to :func:`store` under names of their own
(``san-pham-ocop-<tag>.csv``, never overwritten), then records them in the
shared cache under the content generation they were built for
(:func:`core.fastpath.generation`: it changes with every content change and at
local midnight, when statuses roll over). The task :func:`refresh_task`
(enqueued by ``manage.py periodic`` every minute) rebuilds them when nothing is
recorded for the current generation, and deletes all but the last two builds.

Where the files live: the media store's ``opendata/`` folder when
``OPEN_DATA_STORAGE`` names a storage (it is ``"default"`` with
``MEDIA_S3_BUCKET``: every server serves what the one worker built, the files
private in the bucket and streamed by Django); otherwise ``OPEN_DATA_DIR``
(default ``var/opendata/`` in the project) on this machine.

The views serve a fresh file with ``Cache-Control: public, max-age=300``, an
ETag and Last-Modified (the build), so conditional GETs answer 304; when no
file is recorded for the generation, or the recorded one cannot be opened,
they stream the register from the database instead (rows read in chunks,
never the whole register in memory), without writing anything (the next
periodic run rebuilds the files).
"""

import json
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import http_date
from django_tasks import task

from buyers import opendata
from core import exports, fastpath, media

FILES = {"csv": "san-pham-ocop.csv", "json": "san-pham-ocop.json"}
BASENAME = "san-pham-ocop-"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
MAX_AGE = 300
CHUNK = 2000


def directory():
    return Path(getattr(settings, "OPEN_DATA_DIR", "") or settings.BASE_DIR / "var" / "opendata")


def store():
    """``(storage, folder)``: the media store's ``opendata/`` when ``OPEN_DATA_STORAGE``
    names one of ``STORAGES``, else :func:`directory` on this machine."""
    alias = getattr(settings, "OPEN_DATA_STORAGE", "")
    if alias:
        return storages[alias], media.OPEN_DATA_FOLDER
    return FileSystemStorage(location=directory()), ""


def _store_key(storage, folder):
    """The store's identity: two test folders or buckets never share a record."""
    where = getattr(storage, "bucket_name", None) or getattr(storage, "location", "")
    return fastpath.digest(type(storage).__name__, where, folder)


def current_stamp():
    return fastpath.generation()


def _record_key(storage, folder, stamp):
    return f"ocop:opendata:{_store_key(storage, folder)}:{stamp}"


def _latest_key(storage, folder):
    return f"ocop:opendata-latest:{_store_key(storage, folder)}"


def current_build():
    """``{"stamp", "files": {kind: name in the store}, "built": POSIX seconds}`` or None."""
    storage, folder = store()
    return cache.get(_record_key(storage, folder, current_stamp()))


def is_fresh():
    """Whether files were built for the current generation."""
    return current_build() is not None


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


def _save(storage, name, chunks):
    """Write ``chunks`` (text) to ``name`` in ``storage`` through a local temporary file;
    returns the name the storage chose."""
    with tempfile.TemporaryFile() as local:
        for chunk in chunks:
            local.write(chunk.encode("utf-8"))
        local.seek(0)
        return storage.save(name, File(local, name=Path(name).name))


def build():
    """Write both files and record them; returns the stamp (the generation they show).

    A request meanwhile streams (nothing recorded yet); a content change while
    building leaves the new files recorded under the old generation, so stale.
    """
    stamp = current_stamp()  # read first
    storage, folder = store()
    tag = fastpath.digest(stamp, time.time())
    files = {
        kind: _save(storage, f"{folder}/{BASENAME}{tag}.{kind}".lstrip("/"), CHUNKS[kind]())
        for kind in FILES
    }
    record = {"stamp": stamp, "files": files, "built": time.time()}
    previous = cache.get(_latest_key(storage, folder))
    cache.set(_record_key(storage, folder, stamp), record, fastpath.GENERATION_TTL)
    cache.set(_latest_key(storage, folder), record, None)
    keep = set(files.values()) | set((previous or {}).get("files", {}).values())
    _delete_old(storage, folder, keep)
    return stamp


def _delete_old(storage, folder, keep):
    """Delete earlier builds but ``keep`` (the last two: a server may still be sending one)."""
    try:
        names = storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        path = f"{folder}/{name}".lstrip("/")
        if name.startswith(BASENAME) and path not in keep:
            storage.delete(path)


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
    answer = _file_response(kind, current_build())
    if answer is None:
        answer = StreamingHttpResponse(CHUNKS[kind](), content_type=CONTENT_TYPES[kind])
        answer["Cache-Control"] = "no-cache"
    answer["Content-Disposition"] = f'inline; filename="{FILES[kind]}"'
    answer["Access-Control-Allow-Origin"] = "*"
    return answer


def _file_response(kind, build_record):
    """The recorded file of ``kind`` with its cache headers; None if none or it is gone."""
    if build_record is None:
        return None
    storage, _folder = store()
    try:
        handle = storage.open(build_record["files"][kind], "rb")
    except FileNotFoundError:
        return None
    answer = FileResponse(handle, content_type=CONTENT_TYPES[kind])
    answer["ETag"] = f'"{fastpath.digest(build_record["files"][kind])}"'
    answer["Last-Modified"] = http_date(build_record["built"])
    answer["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return answer
