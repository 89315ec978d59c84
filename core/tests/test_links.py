"""One host for every absolute URL: the configured Wagtail site."""

import io

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from wagtail.models import Site

from core.links import absolute_url, page_url, site_root_url

pytestmark = pytest.mark.django_db


def test_absolute_urls_come_from_the_default_site(site_tree):
    assert absolute_url("/du-lieu-mo/") == "http://testserver/du-lieu-mo/"
    assert page_url(site_tree["products"]) == "http://testserver/san-pham-ocop/"
    assert absolute_url("https://example.org/x") == "https://example.org/x"
    assert absolute_url("") == ""


def test_configure_site_moves_every_link(site_tree):
    call_command(
        "configure_site", "--hostname", "ocop.example.org", "--port", "443", stdout=io.StringIO()
    )
    assert absolute_url("/a/") == "https://ocop.example.org/a/"
    assert page_url(site_tree["products"]) == "https://ocop.example.org/san-pham-ocop/"
    call_command(
        "configure_site", "--hostname", "127.0.0.1", "--port", "8000", stdout=io.StringIO()
    )
    assert absolute_url("/a/") == "http://127.0.0.1:8000/a/"


def test_links_ignore_the_request_host(client, site_tree):
    response = client.get("/du-lieu-mo/san-pham-ocop.json", HTTP_HOST="evil.example")
    assert response.status_code in (200, 400)  # ALLOWED_HOSTS may refuse it; never a 500
    # A queryset update fires no signal: the cache is cleared by hand here.
    Site.objects.filter(pk=site_tree["site"].pk).update(hostname="ocop.example.org")
    site_root_url.cache_clear()
    assert absolute_url("/x/") == "http://ocop.example.org/x/"


def warnings_about_site():
    return [m for m in run_checks() if m.id == "ocop.W001"]


def test_production_check_warns_while_the_site_is_local(site_tree, settings):
    settings.OCOP_PRODUCTION = True
    assert warnings_about_site()  # testserver:80
    call_command(
        "configure_site", "--hostname", "ocop.example.org", "--port", "443", stdout=io.StringIO()
    )
    assert not warnings_about_site()


def test_no_warning_outside_production(site_tree, settings):
    settings.OCOP_PRODUCTION = False
    assert not warnings_about_site()
