"""Media through Django's storage API only, so local disk and S3 behave alike (issue 14).

Nothing in the site opens a media file by path: Wagtail reads originals and
writes renditions through the storage, documents are streamed from it by
Wagtail's serve view, backups (:mod:`core.backup`) copy through :func:`walk`.
This module adds what a remote store needs around that: the origin that the
Content-Security-Policy must allow for ``<img>`` (:func:`media_origin`) and the
bucket policy that makes images, and only images, public (:func:`public_read_policy`).
"""

import json
import posixpath
from urllib.parse import urlsplit

from django.core.files.storage import storages

# Key prefixes (under the storage's ``location``) anyone may read: Wagtail's
# originals and renditions. Documents (``documents/``) are not among them.
#: Folder of the open-data files when they share the media store (buyers.opendata_files):
#: derived data, rebuilt by a task, so backups leave it out.
OPEN_DATA_FOLDER = "opendata"
PUBLIC_PREFIXES = ("original_images/", "images/")

_origin_memo = [None, ""]  # [storage the origin was computed for, origin]


def media_storage():
    """The storage of media files (``STORAGES["default"]``)."""
    return storages["default"]


def media_origin():
    """``"scheme://host[:port]"`` media URLs point at, or ``""`` when they are this site's.

    Read from the storage's own URL for a file (S3: the endpoint, the bucket's
    host or ``MEDIA_S3_CUSTOM_DOMAIN``), remembered per storage object (Django
    makes a new one when ``STORAGES`` changes).
    """
    storage = media_storage()
    if _origin_memo[0] is not storage:
        parts = urlsplit(storage.url("images/x.png"))
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
        _origin_memo[:] = [storage, origin]
    return _origin_memo[1]


def walk(storage, top=""):
    """Names (``"documents/a.pdf"``) of every file in ``storage`` under ``top``, sorted."""
    directories, files = storage.listdir(top)
    names = [posixpath.join(top, name) for name in files]
    for directory in directories:
        names += walk(storage, posixpath.join(top, directory))
    return sorted(names)


def public_read_policy(bucket, location=""):
    """S3 bucket policy (JSON text): anyone may GET :data:`PUBLIC_PREFIXES` objects, no other."""
    base = f"arn:aws:s3:::{bucket}/" + (location.strip("/") + "/" if location.strip("/") else "")
    statement = {
        "Sid": "PublicImages",
        "Effect": "Allow",
        "Principal": "*",
        "Action": ["s3:GetObject"],
        "Resource": [base + prefix + "*" for prefix in PUBLIC_PREFIXES],
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
