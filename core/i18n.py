"""The page's languages (issue 13): hreflang alternates, canonical link, language switch.

Vietnamese (the default, ``LANGUAGE_CODE``) is served at ``/``, English under ``/en/``
(``i18n_patterns(prefix_default_language=False)``); :class:`core.middleware.UrlLanguageMiddleware`
activates the language of the URL. For a Wagtail page the other languages are its live,
public translations (same ``translation_key``); for any other view (search, inquiry
thanks page…) the same path under the other language's prefix
(:func:`django.urls.translate_url`).

:func:`language_links` is what ``templates/includes/head_alternates.html`` and
``language_switch.html`` read, once per request (two queries for a page, none otherwise).
"""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from core import fastpath
from core.links import absolute_url

#: Query-string flag on the other language's home page when the page has no translation.
NO_TRANSLATION_PARAM = "untranslated"


def language_code(value):
    """``"en"`` from ``"en"``, ``"en-gb"`` or a :class:`~wagtail.models.Locale` (``""``: none)."""
    code = getattr(value, "language_code", value) or ""
    return code.split("-")[0].lower()


def english_active():
    """Whether the active language (the URL's, :class:`core.middleware.UrlLanguageMiddleware`)
    is English."""
    return language_code(translation.get_language()) == "en"


def in_active_language(text, text_en=""):
    """An editor's text in the active language: ``text_en`` on English pages when filled
    in, else ``text`` (the Vietnamese). One rule for every ``<field>_en`` of a model
    (product group, tag, programme target)."""
    return text_en if text_en and english_active() else text


def page_language(page):
    """The language of a page's content (its locale), the site's language when unknown."""
    return language_code(fastpath.locale_of(page)) or settings.LANGUAGE_CODE


def site_languages():
    """``[(code, name)]`` of the site's languages, the default (Vietnamese) first."""
    default = settings.LANGUAGE_CODE
    languages = list(settings.WAGTAIL_CONTENT_LANGUAGES)
    return sorted(languages, key=lambda item: item[0] != default)


def live_translations(page):
    """``{language code: page}`` of ``page`` and its live, public translations.

    One query, kept in the shared cache until content changes (:func:`core.fastpath.cached`):
    every page's head and language switch need it.
    """

    def compute():
        pages = (
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .public()
            .select_related("locale")
        )
        return {language_code(other.locale): other for other in pages}

    found = dict(fastpath.cached(f"translations:{page.translation_key}", compute))
    if page.pk and getattr(page, "live", False):
        found.setdefault(page_language(page), page)
    return found


def home_pages(request):
    """``{language code: home page}``: the site root and its live translations."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {}
    return live_translations(site.root_page)


def home_url(request, language=None):
    """The home page of ``language`` (the active one by default), ``"/"`` as a fallback."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    home = home_pages(request).get(language_code(language))
    if home is not None:
        return home.get_url(request) or "/"
    with translation.override(language_code(language)):
        return translate_url("/", language_code(language))


def _page_id_versions(request):
    """``{language code: path}`` of a view about one page (``<id:page_id>``: the inquiry
    form, the label sheet) for each language the page has a translation in, with that
    translation's id: the English inquiry about a product switches to the Vietnamese
    inquiry about the same product, not to the English page under a Vietnamese frame.
    One query (the page), then :func:`live_translations` (cached)."""
    match = getattr(request, "resolver_match", None)
    if match is None or "page_id" not in match.kwargs:
        return {}
    page = Page.objects.filter(pk=match.kwargs["page_id"]).select_related("locale").first()
    if page is None:
        return {}
    found = {}
    for code, other in live_translations(page).items():
        with translation.override(code):
            found[code] = reverse(match.view_name, kwargs={**match.kwargs, "page_id": other.pk})
    return found


def _path_alternates(request):
    path = request.path
    swapped = _page_id_versions(request)
    found = {}
    for code, _name in site_languages():
        translated = swapped.get(code) or translate_url(path, code)
        # translate_url gives the path back unchanged when the view is not language-aware.
        if translated != path or code == (translation.get_language() or ""):
            found[code] = translated
    return found


def _kept_query(request):
    """``"?stars=4&group=thuc-pham"`` or ``""``: the filters, page and query of the request,
    carried over by the language switch (they mean the same in every language), without the
    "no translation" notice."""
    if request is None or not request.GET:
        return ""
    params = request.GET.copy()
    params.pop(NO_TRANSLATION_PARAM, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def _numbered(request, page_number):
    """``"?page=3"`` when page 3 of a listing is shown unfiltered, else ``""``: each page of
    a paginated listing is its own canonical URL (the products on page 3 are not on page
    1); a filtered or sorted view's canonical stays the listing itself. ``page_number`` is
    the page shown (a number past the end shows the last page), not the one asked for."""
    if request is None or not page_number or page_number < 2 or set(request.GET) != {"page"}:
        return ""
    return f"?page={page_number}"


def language_links(request, page=None, page_number=1):
    """Everything the head and the language switch show.

    Shape: ``{"language": "vi", "canonical": absolute URL, "alternates": [(code, absolute
    URL)], "x_default": absolute URL, "switch": [{"code", "name", "url", "current",
    "translated"}]}``. ``alternates`` lists the languages the page exists in (the page
    itself at least); ``x_default`` is the Vietnamese version when there is one. The
    switch always offers every language: a page without a translation leads to that
    language's home page with ``?untranslated=1``. ``page_number``: the page of a
    paginated listing shown (:func:`_numbered`).
    """
    is_page = page is not None and getattr(page, "pk", None) and hasattr(page, "translation_key")
    current = page_language(page) if is_page else (translation.get_language() or "")
    current = language_code(current) or settings.LANGUAGE_CODE
    numbered = ""
    if is_page:
        versions = {code: other.get_url(request) for code, other in live_translations(page).items()}
        canonical = page.get_url(request) or request.path
        numbered = _numbered(request, page_number)
    else:
        versions = _path_alternates(request) if request is not None else {}
        canonical = request.path if request is not None else ""
    versions = {code: url for code, url in versions.items() if url}
    alternates = [
        (code, absolute_url(versions[code] + numbered))
        for code, _name in site_languages()
        if code in versions
    ]
    default = settings.LANGUAGE_CODE
    query = _kept_query(request)
    switch = []
    for code, name in site_languages():
        translated = code in versions
        if code == current:
            url = canonical + query
        elif translated:
            url = versions[code] + query
        else:
            url = f"{home_url(request, code)}?{NO_TRANSLATION_PARAM}=1"
        switch.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "translated": translated,
            }
        )
    x_default = versions.get(default) or versions.get(current) or canonical
    return {
        "language": current,
        "canonical": absolute_url(canonical + numbered),
        "alternates": alternates,
        "x_default": absolute_url(x_default + numbered),
        "switch": switch,
    }


def _translations_by_key(request):
    """``{translation_key: [live public pages of the other languages]}`` (one query, kept
    on the request for the whole sitemap)."""
    cached = getattr(request, "_ocop_sitemap_translations", None)
    if cached is not None:
        return cached
    found = {}
    others = (
        Page.objects.live()
        .public()
        .exclude(locale__language_code=settings.LANGUAGE_CODE)
        .select_related("locale")
        .order_by("path")
    )
    for page in others:
        found.setdefault(page.translation_key, []).append(page)
    if request is not None:
        request._ocop_sitemap_translations = found
    return found


def sitemap_entries(page, entries, request=None):
    """A page's sitemap ``entries`` with its translations and ``alternates`` (hreflang).

    Wagtail's sitemap walks the default site's tree, the Vietnamese one: each Vietnamese
    page adds its live translations, so every language is listed once, and every entry
    carries ``alternates`` (``[{"lang_code", "location"}]``, ``x-default`` last: the
    Vietnamese page) that Django's sitemap template writes as ``xhtml:link`` rows. A page
    of another language (outside that tree) keeps its entries as they are.
    """
    if not entries or page_language(page) != settings.LANGUAGE_CODE:
        return entries
    versions = [(settings.LANGUAGE_CODE, page, entries[0]["location"])]
    for other in _translations_by_key(request).get(page.translation_key, []):
        location = other.get_full_url(request)
        if location:
            versions.append((page_language(other), other, location))
    alternates = [{"lang_code": code, "location": location} for code, _p, location in versions]
    alternates.append({"lang_code": "x-default", "location": entries[0]["location"]})
    result = [{**entry, "alternates": alternates} for entry in entries]
    for _code, other, location in versions[1:]:
        result.append(
            {
                "location": location,
                "lastmod": other.last_published_at or other.latest_revision_created_at,
                "alternates": alternates,
            }
        )
    return result
