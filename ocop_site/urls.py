from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import health, pagecache
from core import views as core_views
from home import sitemaps

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("csrf-token/", pagecache.csrf_token_view, name="csrf_token"),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("tim-kiem/", RedirectView.as_view(pattern_name="search", query_string=True)),
]

# Pages a reader reads in a language (issue 13): Vietnamese at /, English under /en/.
language_patterns = [
    path(pgettext_lazy("URL", "privacy/"), core_views.privacy_notice, name="privacy"),
    path("search/", include("search.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Development and browser tests only; production serves media from the web server.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        # Never documents: those go through /documents/ and its access check.
        re_path(
            r"^media/(?P<path>(?!documents/).*)$", serve, {"document_root": settings.MEDIA_ROOT}
        ),
    ]

urlpatterns += i18n_patterns(
    *language_patterns,
    path("", include("buyers.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
