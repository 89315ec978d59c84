"""Where media lives (issue 14): local disk, or an S3-compatible bucket every server shares.

Media is what editors upload and what the site derives from it: Wagtail's
original images (``original_images/``), renditions (``images/``) and documents
(``documents/``: decision documents and every other download).

Without ``MEDIA_S3_BUCKET`` the files stay under ``MEDIA_ROOT`` as before. With
it, ``STORAGES["default"]`` is django-storages' ``S3Storage`` on that bucket:

- ``MEDIA_S3_ENDPOINT_URL``: the service for anything but AWS (MinIO, Ceph,
  a Vietnamese cloud's S3 API; moto in the tests), e.g. ``http://127.0.0.1:9000``;
  path-style addresses then (``MEDIA_S3_ADDRESSING_STYLE`` ``virtual`` to change).
- ``MEDIA_S3_REGION`` (else ``AWS_DEFAULT_REGION``), ``MEDIA_S3_PREFIX`` (a
  folder inside the bucket), ``MEDIA_S3_CUSTOM_DOMAIN`` (a CDN or proxy host,
  optionally with a path, that visitors fetch images from; ``MEDIA_S3_URL_PROTOCOL``
  ``https:`` by default).
- Keys: the standard ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` (or
  ``AWS_SESSION_TOKEN``, an instance role…): boto3's own lookup, never a setting.

Image URLs are unsigned (``querystring_auth`` off): a page cached for an hour
must not carry links that expire, so the bucket lets anyone read
``original_images/`` and ``images/`` (``manage.py media_bucket`` sets that
policy) and nothing else. Documents stay private in the bucket: they are served
through Django (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``) after the access
check of ``products_catalog.document_access``. ``file_overwrite`` is off: a new
upload with a taken name gets a new name, so a URL never changes what it shows
and long browser caching (``Cache-Control`` one week on each object) is safe.
"""

import os

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# Object caching for browsers and CDNs (seconds): the same week nginx gives /media/.
MEDIA_MAX_AGE = 7 * 24 * 3600


def media_storage(environ=os.environ):
    """``STORAGES["default"]`` for ``environ``: ``{"BACKEND", "OPTIONS"?}``."""
    bucket = environ.get("MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return dict(FILESYSTEM)
    endpoint = environ.get("MEDIA_S3_ENDPOINT_URL", "").strip() or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": environ.get("MEDIA_S3_REGION") or environ.get("AWS_DEFAULT_REGION") or None,
        "location": environ.get("MEDIA_S3_PREFIX", "").strip("/"),
        "custom_domain": environ.get("MEDIA_S3_CUSTOM_DOMAIN", "").strip("/") or None,
        "url_protocol": environ.get("MEDIA_S3_URL_PROTOCOL") or "https:",
        # S3-compatible services other than AWS mostly answer on one host name.
        "addressing_style": environ.get("MEDIA_S3_ADDRESSING_STYLE")
        or ("path" if endpoint else None),
        "querystring_auth": False,
        "file_overwrite": False,
        # No per-object ACL: many services refuse them; the bucket policy decides.
        "default_acl": None,
        "object_parameters": {"CacheControl": f"public, max-age={MEDIA_MAX_AGE}"},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
