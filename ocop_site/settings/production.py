import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
OCOP_PRODUCTION = True
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
# Rate limits, login throttling and search statistics must be shared by every
# server process: a per-process or file cache would let each worker count alone.
if not REDIS_URL:  # noqa: F405
    raise ImproperlyConfigured("REDIS_URL must be set in production (shared cache)")
STORAGES = {  # noqa: F405
    "default": STORAGES["default"],  # noqa: F405  (local disk or S3: settings/media.py)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
CSRF_TRUSTED_ORIGINS = [
    item.strip()
    for item in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",")
    if item.strip()
]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
# `check --deploy` warnings left on purpose:
# W005 (HSTS includeSubDomains) and W021 (HSTS preload): the province's domain has
#   other services on subdomains that this site does not control; their HTTPS and a
#   preload submission are the province's decision (set DJANGO_SECURE_HSTS_* there).
# W019 (X-Frame-Options not DENY): Wagtail's live preview frames pages of this site;
#   SAMEORIGIN (and CSP frame-ancestors 'self') keep every other site out.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W019", "security.W021"]
