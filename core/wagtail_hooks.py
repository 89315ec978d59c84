"""Admin pieces of core: the main-menu snippet, the outbox listing, the personal-data tool,
the "source changed since translation" marker."""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.models import TranslationSource

from core import pagecache
from core.admin_views import can_manage, personal_data_view
from core.localize import source_changed
from core.models import MenuItem, Tag
from core.viewsets import OutboxViewSet


class MenuItemViewSet(SnippetViewSet):
    model = MenuItem
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["__str__", "page"]
    ordering = ["sort_order"]


register_snippet(MenuItemViewSet)


class TagViewSet(SnippetViewSet):
    """*Snippets → Tags*: the free tags' Vietnamese name, English name and slug (issue 13)."""

    model = Tag
    icon = "tag"
    menu_label = _("Tags")
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]
    ordering = ["name"]


register_snippet(TagViewSet)


# Marks Wagtail page responses as storable by the anonymous page cache.
hooks.register("before_serve_page", pagecache.mark_page)


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutboxViewSet()


@hooks.register("register_admin_urls")
def register_personal_data_url():
    return [path("personal-data/", personal_data_view, name="core_personal_data")]


class SuperuserMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


@hooks.register("register_settings_menu_item")
def register_personal_data_menu_item():
    return SuperuserMenuItem(
        _("Personal data"), reverse("core_personal_data"), icon_name="user", order=900
    )


# "Source changed since translation" (issue 13) ------------------------------------------
# wagtail-localize has no such marker: a translation whose Vietnamese source was published
# after the translation's last sync (core.localize.source_changed) is flagged in the page
# explorer's listing and on its edit view (plain or wagtail-localize's translation editor).


def _sync_url(page, next_url=None):
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, translations__target_locale_id=page.locale_id
    ).first()
    if source is None:
        return ""
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@hooks.register("register_page_listing_buttons")
def source_changed_button(page, user, next_url=None):
    if not source_changed(page):
        return
    yield ListingButton(
        _("Source changed since translation"),
        _sync_url(page, next_url),
        classname="ocop-source-changed",
        attrs={"title": _("The Vietnamese page was published after this translation: sync it.")},
        icon_name="warning",
        priority=5,
    )


@hooks.register("before_edit_page", order=-10)
def warn_source_changed(request, page):
    # Before wagtail-localize's own hook, which renders its editor for a translation.
    if request.method == "GET" and source_changed(page):
        messages.warning(
            request,
            _(
                "Source changed since translation: the Vietnamese page was published after "
                "this translation was last synced. Sync it to see the new text."
            ),
        )
