"""RSS 2.0 and Atom 1.0 feeds of a news index (Django's syndication framework).

Served by :class:`news.models.NewsIndexPage` at ``rss/`` and ``atom/``. Every
link is absolute, on the configured site (:mod:`core.links`), and dates
carry the +07:00 offset of Asia/Ho_Chi_Minh. One feed per language (issue 13): an
index lists its own children, so ``/en/news/rss/`` has the English items with their
``/en/`` links, the title is the site's title in that language and the categories are
named in it.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from core.i18n import page_language
from core.links import absolute_url, page_url
from core.models import ProgrammeSettings

FEED_LENGTH = 30


def _local(value):
    if value is None:
        return None
    return timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))


class NewsRssFeed(Feed):
    """The latest :data:`FEED_LENGTH` live news items of one :class:`NewsIndexPage`.

    One instance per request (it keeps the request for absolute URLs).
    """

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, page):
        return page_url(page)

    def get_object(self, request, *args, **kwargs):
        return self.index

    def title(self, index):
        programme = ProgrammeSettings.for_request(self.request)
        return f"{index.title} · {programme.site_title}"

    def link(self, index):
        return self.absolute(index)

    def feed_url(self, index):
        return absolute_url(self.request.get_full_path())

    def description(self, index):
        return index.search_description or _("News of the OCOP programme")

    subtitle = description

    def items(self, index):
        return (
            index.news_items()
            .prefetch_related("categories", "tagged_items__tag")
            .order_by("-publication_date", "-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or item.search_description or item.title

    def item_link(self, item):
        return self.absolute(item)

    def item_guid(self, item):
        return self.absolute(item)

    def item_pubdate(self, item):
        return _local(item.display_date)

    def item_updateddate(self, item):
        return _local(item.last_published_at or item.display_date)

    def item_author_name(self, item):
        return item.byline or None

    def category_names(self, model):
        """``{translation_key: name}`` of the news categories (``model``) in the index's
        language (one query a feed): a translated item keeps the source's category links."""
        if not hasattr(self, "_category_names"):
            self._category_names = dict(
                model.objects.filter(locale_id=self.index.locale_id).values_list(
                    "translation_key", "name"
                )
            )
        return self._category_names

    def item_categories(self, item):
        own = self.category_names(item.categories.model)
        names = [
            own.get(category.translation_key, category.name) for category in item.categories.all()
        ]
        # Tags are one Vietnamese vocabulary: another language's feed lists only the tags
        # that have a name in it (``Tag.name_en``), not Vietnamese words among its categories.
        if page_language(self.index) == settings.LANGUAGE_CODE:
            names += [tagged.tag.name for tagged in item.tagged_items.all()]
        else:
            tags = [tagged.tag for tagged in item.tagged_items.all()]
            names += [tag.name_en for tag in tags if tag.name_en]
        return names


class NewsAtomFeed(NewsRssFeed):
    """The same items as :class:`NewsRssFeed`, in Atom 1.0."""

    feed_type = Atom1Feed
