"""Wagtail's ``update_index``, then a new index generation: cached search outcomes
(:func:`search.engine.cached_search`) were computed from the old index."""

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.engine import index_changed


class Command(WagtailUpdateIndex):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        index_changed()
