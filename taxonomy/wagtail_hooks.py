"""Admin: product groups and localities as snippets, in the "OCOP catalogue" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from taxonomy.viewsets import LocalityViewSet, ProductGroupViewSet


class CatalogueGroup(SnippetViewSetGroup):
    items = (ProductGroupViewSet, LocalityViewSet)
    menu_icon = "tag"
    menu_label = _("OCOP catalogue")
    menu_name = "ocop-catalogue"


register_snippet(CatalogueGroup)
