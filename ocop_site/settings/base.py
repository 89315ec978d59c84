"""Settings shared by every environment; values that differ come from the environment.

Environment variables: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS``
(comma-separated), ``DATABASE_URL`` (default: SQLite file ``db.sqlite3`` in the
project), ``MEDIA_ROOT`` or ``MEDIA_S3_BUCKET`` (and the other ``MEDIA_S3_*``: see
:mod:`ocop_site.settings.media`), ``ELASTICSEARCH_URL`` (selects the search backend),
``EMAIL_URL``-style settings in production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

from .media import media_storage
from .translators import machine_translator

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "core",
    "taxonomy",
    "products_catalog",
    "programme",
    "home",
    "news",
    "events",
    "buyers",
    "search",
    "benchmarks",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    # Issue 13: the translation workflow (replaces wagtail.locales' admin).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "core.fastpath.RequestMemoMiddleware",
    "core.middleware.LongRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Issue 14: HTML compressed (Django's BREACH mitigation: the CSRF token is masked
    # per request); ETag and 304 answers for feeds, sitemap, open data and pages.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Page-cache hits for visitors without a session or message cookie, before the
    # middleware below runs (core.pagecache; the full check stays further down).
    "core.pagecache.EarlyPageCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The URL decides the language (/en/…), never Accept-Language (issue 13).
    "core.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.middleware.SiteCSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ocop_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "ocop_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes on one file (issue 12): WAL lets readers run beside the
    # writer; IMMEDIATE takes the write lock when a transaction starts, so two
    # writers queue (busy timeout, seconds) instead of failing with "database
    # is locked" when one upgrades its read lock; NORMAL sync is safe with WAL.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Issue 14: PostgreSQL's default random_page_cost (4, for spinning disks) made it
    # read 31,000 pages and 20,000 summaries to join a search's 800 hits (23 ms; by
    # index, 13 ms). 1.1 is the usual value for SSDs or a database held in memory.
    # PG_RANDOM_PAGE_COST="" leaves the server's own (e.g. behind a pooler that refuses
    # startup options).
    page_cost = os.environ.get("PG_RANDOM_PAGE_COST", "1.1").strip()
    if page_cost:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c random_page_cost={float(page_cost)}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# django-axes first: it refuses a login from a locked-out username + address
# (AxesBackend, not the standalone one: a session made by force_login names the
# first backend, which must be able to load the user).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Off unless MACHINE_TRANSLATOR is set (ocop_site/settings/translators.py).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(os.environ)
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Serve uploads from Django (development, browser tests); never in production.
SERVE_MEDIA = False
# Media on local disk, or on an S3-compatible bucket with MEDIA_S3_BUCKET (issue 14).
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Opt into Django 6.0's https default for typed web addresses now.
FORMS_URLFIELD_ASSUME_HTTPS = True

WAGTAIL_SITE_NAME = "OCOP"
# The dashboard would ask releases.wagtail.org for new versions: the site works offline, and
# its Content-Security-Policy refuses that request anyway.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: the admin must work offline too.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
# The admin accepts a typed Vietnamese slug and BasePage folds it to ASCII on
# save; the slug field's formatters make the admin's own proposals ASCII already.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents always go through Django (the before_serve_document check of
# products_catalog.document_access), never as raw files from media/.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

TAGGIT_CASE_INSENSITIVE = True

# Search (issue 4): Wagtail's database backend by default (SQLite FTS5, PostgreSQL
# full text with the language-neutral "simple" configuration: text is folded by
# core.search, not stemmed); Elasticsearch 8 with a Vietnamese-folding analyzer
# when ELASTICSEARCH_URL is set (search/backends/elasticsearch8.py).
if os.environ.get("ELASTICSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "URLS": [os.environ["ELASTICSEARCH_URL"]],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "ocop_"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
    }

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ocop@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # LOG_FORMAT=json: one JSON object a line (core.logformat), for log collectors.
    "formatters": {"json": {"()": "core.logformat.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if os.environ.get("LOG_FORMAT") == "json" else {}),
        }
    },
    "filters": {
        "purge_not_cached": {"()": "core.logformat.NotCachedPurgeFilter"},
        "without_traceback": {"()": "core.logformat.WithoutTracebackFilter"},
    },
    "loggers": {
        # Django's own "django" logger prints in DEBUG and its records also reach the root's
        # console: without this, each 404 and error was printed twice in development.
        "django": {"handlers": [], "propagate": True},
        "wagtail.frontendcache": {"filters": ["purge_not_cached"]},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

FORMAT_MODULE_PATH = ["ocop_site.formats"]

# Anonymous page cache (core.pagecache): OCOP_PAGE_CACHE=0 turns it off (benchmarks of the
# rendered pages on a real server); OCOP_PAGE_CACHE_SECONDS bounds an entry's life.
OCOP_PAGE_CACHE = os.environ.get("OCOP_PAGE_CACHE", "1") not in ("0", "false", "False")
OCOP_PAGE_CACHE_SECONDS = int(os.environ.get("OCOP_PAGE_CACHE_SECONDS", "3600"))

# Listing sizes.
CATALOGUE_PAGE_SIZE = 12
DIRECTORY_PAGE_SIZE = 24

# Cache: Redis when REDIS_URL is set (rate limits and search statistics shared
# by every server process; production requires it), else files under
# .cache/ so that the development server and its task worker see one cache.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            # Django's default of 300 entries culls a third of them, at random, after a few
            # hundred page views: the content generation and the open-data build record
            # with them (every cached page stale, open data streamed until the next build).
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "20000"))},
        }
    )
}

# Background tasks (django-tasks, as Wagtail uses): the outbox, search statistics,
# and Wagtail's own search-index and reference-index updates. The database
# backend (worker: ``manage.py db_worker``) by default; RQ on Redis when
# REDIS_URL is set (worker: ``manage.py rqworker default``) unless
# TASKS_BACKEND=database.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "rq" if REDIS_URL else "database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 300}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Tasks that ``manage.py periodic`` enqueues on every run (besides the outbox
# and the personal-data expiry, which it runs itself).
PERIODIC_TASKS = [
    # Pages with "go live" / "expire" dates (Wagtail's publish_scheduled).
    "core.scheduling.publish_scheduled_task",
    "search.promotions.flush_query_log_task",
    # Issue 14: rebuild the open-data files when content changed (buyers.opendata_files).
    "buyers.opendata_files.refresh_task",
]
OPEN_DATA_DIR = os.environ.get("OPEN_DATA_DIR", "")
# With media on S3 the open-data files go to the same bucket (``opendata/``), so every
# server serves what the worker built; else they stay in OPEN_DATA_DIR on each machine.
OPEN_DATA_STORAGE = os.environ.get(
    "OPEN_DATA_STORAGE", "default" if os.environ.get("MEDIA_S3_BUCKET", "").strip() else ""
)

# Reverse proxy or CDN cache in front of the servers (issue 14): with
# FRONTEND_CACHE_URL (http://127.0.0.1:8080: the purge server of deploy/nginx-ocop.conf)
# every publish and unpublish sends an HTTP PURGE for the page, its translations and its
# ancestors (core.invalidation) after the commit, from a task (the worker), never inside
# the editor's request.
FRONTEND_CACHE_URL = os.environ.get("FRONTEND_CACHE_URL", "")
WAGTAILFRONTENDCACHE = (
    {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }
    if FRONTEND_CACHE_URL
    else {}
)
# Each language is a page of its own here (wagtail-localize, no prefix for Vietnamese):
# Wagtail's rewriting of one URL into /<language>/ variants would only PURGE pages that do
# not exist; core.invalidation purges a page's translations itself.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# The outbox (core.outbox): attempts before a message is "dead", lease per
# claim (longer than an SMTP exchange), first retry delay (doubling).
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "8"))
OUTBOX_LEASE_SECONDS = max(120, 6 * EMAIL_TIMEOUT)
OUTBOX_BACKOFF_SECONDS = 60

# Reverse proxies in front of the site that append to X-Forwarded-For (0: the
# client is REMOTE_ADDR). Rate limits and login throttling count per client.
TRUSTED_PROXIES = int(
    os.environ.get("TRUSTED_PROXIES", os.environ.get("BUYERS_TRUSTED_PROXIES", "0"))
)
# Rate limits (core.ratelimit): (attempts, seconds) per client address.
RATE_LIMITS = {
    "inquiry": (5, 15 * 60),
    "registration": (5, 15 * 60),
    # Rejected posts (errors shown, nothing stored) do not use the budget above: a visitor
    # who mistypes corrects the form; these bound a client that posts junk.
    "inquiry-rejected": (30, 15 * 60),
    "registration-rejected": (30, 15 * 60),
}

# Admin login throttling (django-axes): 5 failures for one username from one
# address lock that pair out for 15 minutes (HTTP 429); a success resets.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.axes_client_ip"
AXES_LOCKOUT_TEMPLATE = "core/login_locked.html"

# Content-Security-Policy (django-csp, core.middleware.SiteCSPMiddleware): only
# this site's own scripts (inline ones need the request's nonce), styles, fonts
# and images (no CDN); Wagtail's admin gets inline scripts too, and its live
# preview frames pages of this site ("frame-ancestors 'self'").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", "https://www.openstreetmap.org"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "SAMEORIGIN"

# Longest request line the site answers (core.middleware): below gunicorn's
# limit (gunicorn.conf.py raises it to 8190); longer gets a tidy 414 page.
MAX_REQUEST_LINE = 4000

# Personal data (Decree 13/2023/NĐ-CP): inquiries and registrations are
# anonymised this many days after they were received (``manage.py periodic``).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "730"))
