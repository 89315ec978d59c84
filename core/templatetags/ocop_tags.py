"""Template tags shared by every app: main menu, page meta, VND amounts, Vietnamese numbers."""

from django import template
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from core import fastpath, i18n, pagecache, seo
from core.models import MenuItem, ProgrammeSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The header's menu: ``[{"url", "label", "page"}]`` in the editor's order.

    From the *Main menu* snippet (:class:`core.models.MenuItem`): the default
    language's items in their order; in another language each page in that
    language when translated, labelled with the item's translation (its short
    label) or else the translated page's title, then any item made in that
    language only; with no item at all, the live children of the site root marked "show in
    menus". Unpublished or private pages are left out. Two queries at most,
    none while the cached menu (:func:`core.fastpath.cached`) is fresh.
    """
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_ocop_main_menu"):
        # The header and the footer show the same menu: read it once a request.
        # Shared by every request of one site and language until content changes.
        site = Site.find_for_request(request)
        request._ocop_main_menu = fastpath.cached(
            f"menu:{site.pk if site else 0}",
            lambda: _read_menu(request),
            language=translation.get_language(),
        )
    return request._ocop_main_menu


def _read_menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    items = list(MenuItem.objects.select_related("page").filter(page__live=True))
    if not items:
        children = site.root_page.get_children().live().in_menu().public()
        return [
            {"url": page.get_url(request), "label": page.title, "page": page} for page in children
        ]
    active = Locale.get_active()
    default = [item for item in items if item.locale_id == site.root_page.locale_id] or items
    if all(item.locale_id == active.pk for item in default):
        return [_menu_row(item.page, item.label or item.page.title, request) for item in default]
    # Another language: the default items in their order, each with its translation's label
    # (a translated menu item, issue 13) and the page in that language when there is one;
    # wagtail-localize keeps a translated item's page link on the source page.
    own = {item.translation_key: item for item in items if item.locale_id == active.pk}
    keys = [item.page.translation_key for item in default]
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(translation_key__in=keys, locale=active)
    }
    rows = []
    for item in default:
        label = own[item.translation_key].label if item.translation_key in own else ""
        page = translated.get(item.page.translation_key)
        if page is None:
            rows.append(_menu_row(item.page, item.label or item.page.title, request))
        else:
            rows.append(_menu_row(page, label or None, request))
    # Items made in this language only, after the translated ones.
    known = {item.translation_key for item in default}
    for item in own.values():
        if item.translation_key not in known:
            rows.append(_menu_row(item.page, item.label or item.page.title, request))
    return rows


@register.simple_tag(takes_context=True)
def csrf_field(context, fallback=""):
    """The CSRF token field of a form; empty on a page the anonymous cache may store.

    There ``static/js/site.js`` fills it from ``/csrf-token/`` (see
    :mod:`core.pagecache`), so the cached HTML carries nobody's token, and a
    ``<noscript>`` link leads to ``fallback``, the form's own uncached page.
    """
    request = context.get("request")
    if pagecache.may_store(request):
        field = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-fill="{}">',
            reverse("csrf_token"),
        )
        if not fallback:
            return field
        return format_html(
            '{}<noscript><p class="note"><a href="{}">{}</a></p></noscript>',
            field,
            fallback,
            _("Without JavaScript, open this form on its own page to send it."),
        )
    token = get_token(request) if request is not None else ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.filter
def breadcrumb_ancestors(page):
    """``page``'s ancestors below the tree root, top first: the routed trail (no query)
    when this request routed to it, else ``page.get_ancestors()`` without the root."""
    trail = fastpath.trail(page)
    if trail:
        return [item for item in trail[:-1] if item.depth > 1]
    return list(page.get_ancestors().filter(depth__gt=1))


@register.filter
def is_within(page, ancestor):
    """True when ``page`` is below ``ancestor`` in the page tree (not the page itself)."""
    path, top = getattr(page, "path", ""), getattr(ancestor, "path", "")
    return bool(path and top) and len(path) > len(top) and path.startswith(top)


def _menu_row(page, label, request):
    return {"url": page.get_url(request), "label": label or page.title, "page": page}


@register.filter
def vnd(amount):
    """Format an amount of VND the Vietnamese way: 1250000 → "1.250.000 ₫"."""
    if amount in (None, ""):
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    grouped = f"{value:,}".replace(",", ".")
    return f"{grouped} ₫"


@register.filter
def number_vi(value):
    """Group thousands with dots: 12000 → "12.000"."""
    if value in (None, ""):
        return ""
    return number_format(value, force_grouping=True)


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Description, Open Graph / Twitter cards and JSON-LD of the page (:mod:`core.seo`)."""
    page = context.get("page")
    page = getattr(page, "specific", page) if isinstance(page, Page) else None
    request = context.get("request")
    programme = ProgrammeSettings.for_request(request) if request is not None else None
    return seo.head_tags(page, programme)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The page's languages (:func:`core.i18n.language_links`), read once per request."""
    request = context.get("request")
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if request is None:
        return i18n.language_links(None, page)
    if not hasattr(request, "_ocop_language_links"):
        # A listing's page shown (``page_obj``, core.listing): its own canonical URL.
        number = getattr(context.get("page_obj"), "number", 1)
        request._ocop_language_links = i18n.language_links(request, page, page_number=number)
    return request._ocop_language_links


@register.simple_tag(takes_context=True)
def home_url(context):
    """The home page of the active language ("/" for Vietnamese, "/en/" for English)."""
    links = language_links(context)
    request = context.get("request")
    if request is None:
        return "/"
    if not hasattr(request, "_ocop_home_url"):
        request._ocop_home_url = i18n.home_url(request, links["language"])
    return request._ocop_home_url


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """``"?stars=4&page=2"``: a pagination link, keeping what the listing applied.

    A listing (:mod:`core.listing`) puts its cleaned ``querystring`` in the context (no
    ignored or empty values); other pages keep their own query string, ``page`` replaced.
    """
    base = context.get("querystring")
    if base is None:
        request = context.get("request")
        query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    else:
        query = QueryDict(base, mutable=True)
    query["page"] = number
    return "?" + query.urlencode()
