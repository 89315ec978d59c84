import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
# Local disk whatever MEDIA_S3_BUCKET says: core/tests/test_s3_media.py switches
# to a moto bucket for its own tests.
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
OPEN_DATA_STORAGE = ""  # a per-test folder (conftest.py); the S3 tests pick the bucket
WAGTAILADMIN_BASE_URL = "http://testserver"
SERVE_MEDIA = True
# Persistent connections from the live server's thread would block dropping
# the PostgreSQL test database at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The anonymous page cache (core.pagecache) is off: tests that change rows with
# QuerySet.update() would read stale pages; core/tests/test_pagecache.py turns it on.
OCOP_PAGE_CACHE = False
# Open-data files (buyers.opendata_files) of the test run, never the project's.
OPEN_DATA_DIR = tempfile.mkdtemp(prefix="ocop-opendata-")
# Tasks run inline (the outbox is sent when kicked, within the test).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Login throttling off: Django's test client logs in without a request, which
# django-axes refuses; core/tests/test_safety.py turns it on to test it.
AXES_ENABLED = False
