"""Meta description, Open Graph / Twitter cards and JSON-LD for every page (issue 15).

``templates/base.html`` calls ``{% page_meta %}`` (:mod:`core.templatetags.ocop_tags`), which
renders :func:`head_tags`. A page type can say more about itself with optional methods on
the specific page, all duck-typed so that ``core`` imports no app above it:

- ``meta_description()`` → plain text (after ``search_description``, the editor's field);
- ``meta_image()`` → a :class:`core.models.CustomImage` or ``None``;
- ``og_type`` → Open Graph type (``"website"`` unless set, e.g. ``"article"``);
- ``structured_data()`` → a list of schema.org dicts (``NewsArticle``, ``Event``…).

Fallbacks, in order: ``search_description``, ``meta_description()``, the page's lead,
summary, introduction or hero text, then "{title} – {site title}: {tagline}". The image falls
back to the hero image, then the site's default picture (``static/img/og-default.png``).
Every address is absolute, from :func:`core.links.absolute_url`. JSON-LD for the organisation
(the programme, on the home page) and the breadcrumb (every page below the home page) is here;
``inLanguage`` is the page's language.
"""

import json

from django.templatetags.static import static
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core import fastpath
from core.links import absolute_url, page_url

OG_RENDITION = "fill-1200x630"
DEFAULT_IMAGE = "img/og-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
DESCRIPTION_CHARS = 160
# Same escapes as django.utils.html.json_script: no "</script>" breakout.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


def plain(html, chars=DESCRIPTION_CHARS):
    """Rich text or plain text → one line of at most ``chars`` characters ("" for none)."""
    text = " ".join(strip_tags(str(html or "")).split())
    return Truncator(text).chars(chars, truncate="…") if text else ""


def jsonld_script(data):
    """``<script type="application/ld+json">`` element with ``data`` safely embedded."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def language_of(page):
    """``"vi"``-style language code of a page (its Wagtail locale), ``"vi"`` by default."""
    locale = fastpath.locale_of(page)
    return (getattr(locale, "language_code", "") or "vi").split("-")[0]


def description_for(page, programme):
    """The page's meta description (plain text, ≤ 160 characters); never empty."""
    if page is not None:
        candidates = [getattr(page, "search_description", "")]
        own = getattr(page, "meta_description", None)
        if callable(own):
            candidates.append(own())
        candidates += [
            getattr(page, name, "") for name in ("lead", "summary", "intro", "hero_text")
        ]
        for candidate in candidates:
            text = plain(candidate)
            if text:
                return text
    site = programme.site_title if programme else ""
    tagline = programme.local_tagline if programme else ""
    title = getattr(page, "title", "") if page is not None else ""
    head = " – ".join(dict.fromkeys(part for part in (title, site) if part))
    return plain(": ".join(part for part in (head, tagline) if part)) or site


def image_for(page):
    """The picture that represents ``page`` in a link preview, or ``None``."""
    if page is None:
        return None
    own = getattr(page, "meta_image", None)
    image = own() if callable(own) else None
    return image or getattr(page, "hero_image", None)


def open_graph(page, *, og_type="website", description="", image=None, site_name=""):
    """Open Graph and Twitter card ``<meta>`` rows as ``[(attribute, name, content)]``.

    ``image`` is a Wagtail image (rendered 1200×630) or ``None`` for the site's default
    picture. Shape of a row: ``("property", "og:title", "Mật ong")``.
    """
    title = page.seo_title or page.title
    rows = [
        ("property", "og:type", og_type),
        ("property", "og:title", title),
        ("property", "og:url", page_url(page)),
        ("property", "og:locale", OG_LOCALES.get(language_of(page), "vi_VN")),
    ]
    if site_name:
        rows.append(("property", "og:site_name", site_name))
    description = page.search_description or description
    if description:
        rows += [
            ("property", "og:description", Truncator(description).chars(300)),
            ("name", "twitter:description", Truncator(description).chars(200)),
        ]
    if image is not None:
        rendition = image.get_rendition(OG_RENDITION)
        url, width, height = absolute_url(rendition.url), rendition.width, rendition.height
    else:
        url, (width, height) = absolute_url(static(DEFAULT_IMAGE)), DEFAULT_IMAGE_SIZE
    rows += [
        ("property", "og:image", url),
        ("property", "og:image:width", str(width)),
        ("property", "og:image:height", str(height)),
        ("property", "og:image:alt", page.title),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:image", url),
    ]
    return rows


def organization_jsonld(programme, home):
    """schema.org ``Organization`` of the programme (the site's publisher)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": programme.site_title,
        "url": page_url(home) or absolute_url("/"),
        "logo": absolute_url(static("img/icon-512.png")),
    }
    if programme.local_tagline:
        data["description"] = programme.local_tagline
    if programme.office_email:
        data["email"] = programme.office_email
    if programme.hotline:
        data["telephone"] = programme.hotline
    if programme.local_address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": programme.local_address,
            "addressCountry": "VN",
        }
    same_as = [
        url for url in (programme.facebook_url, programme.youtube_url, programme.zalo_url) if url
    ]
    if same_as:
        data["sameAs"] = same_as
    return data


def breadcrumb_jsonld(page):
    """schema.org ``BreadcrumbList`` from the home page down to ``page`` (``None`` at the top)."""
    # The pages routed to this one (no query), else its ancestors (titles and URLs
    # only: the base page rows suffice).
    trail = fastpath.trail(page) or list(page.get_ancestors().filter(depth__gt=1)) + [page]
    trail = [item for item in trail if item.depth > 1]
    if len(trail) < 2:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": item.title, "item": page_url(item)}
            for index, item in enumerate(trail, start=1)
        ],
    }


def structured_data_for(page, programme):
    """Every JSON-LD object for ``page``: organisation (home page), breadcrumb, the page's own."""
    found = []
    if page.depth <= 2 and programme is not None:
        found.append(organization_jsonld(programme, page))
    crumbs = breadcrumb_jsonld(page) if page.depth > 2 else None
    if crumbs:
        found.append(crumbs)
    own = getattr(page, "structured_data", None)
    if callable(own):
        found += [item for item in own() if item]
    language = language_of(page)
    for item in found:
        if item.get("@type") in ("NewsArticle", "Event", "BreadcrumbList", "WebPage"):
            item.setdefault("inLanguage", language)
    return found


def head_tags(page, programme):
    """The ``<head>`` elements of ``page``: description, Open Graph, Twitter, JSON-LD.

    ``page`` may be ``None`` (a view that is not a Wagtail page): then only the
    description. Returns safe HTML.
    """
    description = description_for(page, programme)
    html = format_html('<meta name="description" content="{}">', description)
    if page is None or not getattr(page, "pk", None):
        return html
    rows = open_graph(
        page,
        og_type=getattr(page, "og_type", "website"),
        description=description,
        image=image_for(page),
        site_name=programme.site_title if programme else "",
    )
    html += format_html_join("", '<meta {}="{}" content="{}">', rows)
    for item in structured_data_for(page, programme):
        html += jsonld_script(item)
    return mark_safe(html)


def photo_url(image):
    """Absolute URL of a real photo for JSON-LD (``None`` for none or a placeholder)."""
    if image is None or getattr(image, "is_placeholder", False):
        return None
    return absolute_url(image.get_rendition("max-1200x1200").url)


def publisher_jsonld(site_title):
    """The ``publisher`` of the site's articles: the programme with its logo."""
    return {
        "@type": "Organization",
        "name": site_title,
        "logo": {"@type": "ImageObject", "url": absolute_url(static("img/icon-512.png"))},
    }
