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
"""

from django.db.models.signals import post_delete, post_save
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
    fastpath.bump()


def _tree_changed(**kwargs):
    fastpath.forget_restrictions()
    fastpath.bump()


post_save.connect(_content_changed, dispatch_uid="core.invalidation.saved")
post_delete.connect(_content_changed, dispatch_uid="core.invalidation.deleted")
for _signal in (page_published, page_unpublished):
    _signal.connect(fastpath.bump, dispatch_uid=f"core.invalidation.{id(_signal)}")
for _signal in (post_page_move, page_slug_changed):
    _signal.connect(_tree_changed, dispatch_uid=f"core.invalidation.tree.{id(_signal)}")
post_save.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="core.inv.pvr.saved")
post_delete.connect(_tree_changed, sender=PageViewRestriction, dispatch_uid="core.inv.pvr.del")
