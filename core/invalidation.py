"""What makes cached pages and fragments stale: content changes bump the generation.

Every saved or deleted row of the site's own apps (pages, snippets, settings,
certification decisions and their summaries, events and registrations — an
event page shows the places left…),
and Wagtail's publish, unpublish, move and delete, call
:func:`core.fastpath.bump`; the local date in the generation handles the
midnight roll-over of certificate statuses. Rows written while a page is
read (image renditions) or by the background machinery (the outbox, task
results, search statistics) do not: they change no page. View restrictions
and page moves also forget the cached list of restricted paths.

Several servers (issue 14): a change made inside a transaction bumps the
generation at once and again when the transaction commits
(:func:`content_changed`): between the two, a request on another server
still reads the old rows and may store what it rendered under the new
generation; the second bump makes that stale.

The proxy cache in front (``wagtail.contrib.frontend_cache``, nginx): a
publish or unpublish purges the page, its translations (their shared facts
were just copied, :mod:`products_catalog.translations`) and its ancestors
(the indexes and home page listing it), once the transaction has committed:
a PURGE sent before the commit would let the proxy fetch and keep the old
page again (:func:`purge_after_commit`, which replaces Wagtail's own handlers).
"""

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache import signal_handlers as frontend_cache_handlers
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core import fastpath

#: Apps whose rows are content shown on public pages.
CONTENT_APPS = {
    "core",
    "taxonomy",
    "products_catalog",
    "news",
    "events",
    "buyers",
    "programme",
    "home",
    "search",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailsnippets",
}
#: Model names (lower case) in those apps that never change a public page.
IGNORED_MODELS = {
    "outboxmessage",
    "customrendition",
    "rendition",
    "revision",
    "pagelogentry",
    "modellogentry",
    "pagesubscription",
    "workflowstate",
    "taskstate",
    "referenceindex",
    "uploadedfile",
    "querylog",
    "searchquery",
    "searchquerylog",
    "dailyquerycount",
    "groupapprovaltask",
    "user",
    # A buyer's inquiry and its status history are seen in the admin only.
    "inquiry",
    "inquirystatuschange",
    # Programme paperwork: import reports and expiry notices to holders.
    "importlog",
    "expirynotice",
    "pagelock",
    "comment",
    "commentreply",
}


def _bump_after_commit():
    fastpath.bump()


def content_changed(**kwargs):
    """Bump the generation now and, inside a transaction, once more after its commit."""
    fastpath.bump()
    if connection.in_atomic_block:  # one callback per change: a savepoint rollback drops its own
        # robust: the change is committed; a cache outage must not turn it into an error page.
        transaction.on_commit(_bump_after_commit, robust=True)


def _content_changed(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS:
        return
    if kwargs.get("created") and issubclass(sender, BaseSiteSetting):
        # Wagtail creates a site's settings row with its defaults on first read (during a
        # GET): the pages rendered from the defaults are the same.
        return
    if meta.model_name in IGNORED_MODELS or meta.model_name.endswith(("log", "logentry")):
        return
    if issubclass(sender, Page):
        # A new alias or a deleted page changes what the cached restriction list means.
        fastpath.forget_restrictions()
    content_changed()


def _tree_changed(**kwargs):
    fastpath.forget_restrictions()
    content_changed()


def pages_to_purge(page):
    """``page``, its live translations and live ancestors below the tree root (a list)."""
    translations = page.get_translations().live() if page.translation_key else []
    return [page, *translations, *page.get_ancestors().live().filter(depth__gt=1)]


def purge_after_commit(instance, **kwargs):
    """``page_published``/``page_unpublished``: PURGE :func:`pages_to_purge` after the commit.

    Nothing when no proxy is configured (``WAGTAILFRONTENDCACHE`` empty). The
    PURGE requests go out from a task (the worker).
    """
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return

    def purge():
        batch = PurgeBatch()
        batch.add_pages(pages_to_purge(instance))
        batch.purge()

    transaction.on_commit(purge, robust=True)  # committed: a failed enqueue is only logged


def install():
    """Put :func:`purge_after_commit` in place of Wagtail's purge handlers (``CoreConfig.ready``).

    ``wagtail.contrib.frontend_cache`` connects its handlers by name in its own
    ``ready()``, which runs after this app's (``core`` comes first in
    ``INSTALLED_APPS``); should it have run already, its handlers are disconnected.
    """
    originals = {
        page_published: frontend_cache_handlers.page_published_signal_handler,
        page_unpublished: frontend_cache_handlers.page_unpublished_signal_handler,
    }
    frontend_cache_handlers.page_published_signal_handler = purge_after_commit
    frontend_cache_handlers.page_unpublished_signal_handler = purge_after_commit
    for model in apps.get_models():
        if issubclass(model, Page):
            for signal, handler in originals.items():
                if handler is not purge_after_commit:
                    signal.disconnect(handler, sender=model)


post_save.connect(_content_changed, dispatch_uid="core.invalidation.saved")
post_delete.connect(_content_changed, dispatch_uid="core.invalidation.deleted")
for _signal in (page_published, page_unpublished):
    _signal.connect(content_changed, dispatch_uid=f"core.invalidation.{id(_signal)}")
for _signal in (post_page_move, page_slug_changed):
    _signal.connect(_tree_changed, dispatch_uid=f"core.invalidation.tree.{id(_signal)}")
post_save.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="core.inv.pvr.saved")
post_delete.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="core.inv.pvr.del")
