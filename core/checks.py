"""System checks: in production the absolute URLs must not point at ``localhost``."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError
from wagtail.models import Site

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}


@register("ocop")
def public_site_address(app_configs, **kwargs):
    """Warn while the default site (source of every absolute URL) is a local address.

    Runs under the production settings (``OCOP_PRODUCTION``); silent when the
    database is not reachable yet.
    """
    if not getattr(settings, "OCOP_PRODUCTION", False):
        return []
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []
    if site is None or site.hostname in LOCAL_HOSTS:
        address = site.root_url if site else "(no default site)"
        return [
            Warning(
                f"Absolute URLs (sitemap, feeds, open data, QR codes, e-mails) point to {address}.",
                hint="Set the public address: manage.py configure_site --hostname ocop.example.org "
                "--port 443 (or Settings → Sites in the admin).",
                id="ocop.W001",
            )
        ]
    return []
