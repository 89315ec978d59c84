"""English for foreign buyers (issue 13): URLs, languages, alternates and the switch."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail.search.index import insert_or_update_object

from core.models import Tag
from products_catalog.tests.factories import make_product

pytestmark = pytest.mark.django_db


def translate(page, title, slug):
    """Publish an English copy of ``page`` (its parent must have one already)."""
    english = Locale.objects.get(language_code="en")
    copy = page.copy_for_translation(english)
    copy.title, copy.slug = title, slug
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def bilingual(site_tree):
    home_en = translate(site_tree["home"], "Home", "home-en")
    products_en = translate(site_tree["products"], "OCOP products", "ocop-products")
    product = make_product(site_tree["products"], "Nước mắm Tân Lập")
    product_en = translate(
        product, "Nước mắm Tân Lập — traditional fish sauce", "tan-lap-fish-sauce"
    )
    untranslated = make_product(site_tree["products"], "Muối hạt Tuyết Diêm")
    return {
        **site_tree,
        "home_en": home_en,
        "products_en": products_en,
        "product": product,
        "product_en": product_en,
        "untranslated": untranslated,
    }


def links(html, rel):
    return re.findall(rf'<link rel="{rel}"([^>]*)>', html)


def test_each_page_of_a_listing_is_its_own_canonical_url(client, bilingual, settings):
    settings.OCOP_PAGE_CACHE = False
    settings.CATALOGUE_PAGE_SIZE = 1  # two Vietnamese products: two pages
    url, english = bilingual["products"].url, bilingual["products_en"].url
    html = client.get(url, {"page": "2"}).content.decode()
    assert links(html, "canonical") == [f' href="http://testserver{url}?page=2"']
    assert f' hreflang="en" href="http://testserver{english}?page=2"' in links(html, "alternate")
    # The language switch carries the query once.
    assert f'href="{english}?page=2"' in html
    # The page shown decides: "?page=99" shows the last page (2); a filtered or sorted view,
    # page 1 or nonsense are the listing itself.
    html = client.get(url, {"page": "99"}).content.decode()
    assert links(html, "canonical") == [f' href="http://testserver{url}?page=2"']
    for query in ({"page": "1"}, {"page": "abc"}, {"stars": "4"}, {"stars": "3", "page": "2"}):
        html = client.get(url, query).content.decode()
        assert links(html, "canonical") == [f' href="http://testserver{url}"'], query


def test_a_view_about_a_page_switches_to_its_translation(client, bilingual):
    """The English inquiry about a product switches to the Vietnamese inquiry about it."""
    vi, en = bilingual["product"], bilingual["product_en"]
    with translation.override("en"):
        english_url = reverse("buyers:inquiry", kwargs={"page_id": en.pk})
    with translation.override("vi"):
        vietnamese_url = reverse("buyers:inquiry", kwargs={"page_id": vi.pk})
    html = client.get(english_url).content.decode()
    assert f' hreflang="vi" href="http://testserver{vietnamese_url}"' in links(html, "alternate")
    assert f'href="{vietnamese_url}"' in html  # the language switch
    html = client.get(vietnamese_url).content.decode()
    assert f' hreflang="en" href="http://testserver{english_url}"' in links(html, "alternate")
    # Without a translation the same page is offered in the other interface.
    untranslated = bilingual["untranslated"]
    with translation.override("vi"):
        only_vi = reverse("buyers:inquiry", kwargs={"page_id": untranslated.pk})
    with translation.override("en"):
        same_in_en = reverse("buyers:inquiry", kwargs={"page_id": untranslated.pk})
    assert f'href="http://testserver{same_in_en}"' in client.get(only_vi).content.decode()


def test_english_lives_under_en_and_vietnamese_at_the_root(client, bilingual):
    assert bilingual["product"].url == "/san-pham-ocop/nuoc-mam-tan-lap/"
    assert bilingual["product_en"].url == "/en/ocop-products/tan-lap-fish-sauce/"
    english = client.get(bilingual["product_en"].url).content.decode()
    assert '<html lang="en">' in english
    assert "Skip to content" in english
    vietnamese = client.get(bilingual["product"].url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in vietnamese
    assert "Chuyển đến nội dung chính" in vietnamese


def test_every_page_has_one_canonical_and_its_alternates(client, bilingual):
    html = client.get(bilingual["product_en"].url).content.decode()
    assert links(html, "canonical") == [
        ' href="http://testserver/en/ocop-products/tan-lap-fish-sauce/"'
    ]
    alternates = links(html, "alternate")
    assert ' hreflang="vi" href="http://testserver/san-pham-ocop/nuoc-mam-tan-lap/"' in alternates
    assert (
        ' hreflang="en" href="http://testserver/en/ocop-products/tan-lap-fish-sauce/"' in alternates
    )
    assert (
        ' hreflang="x-default" href="http://testserver/san-pham-ocop/nuoc-mam-tan-lap/"'
        in alternates
    )
    # A page in one language only: itself and x-default.
    html = client.get(bilingual["untranslated"].url).content.decode()
    assert len(links(html, "canonical")) == 1
    hreflangs = re.findall(r'hreflang="([a-z-]+)" href', html)
    assert hreflangs == ["vi", "x-default"]


def test_the_switch_lands_on_the_same_page_in_the_other_language(client, bilingual):
    html = client.get(bilingual["product"].url).content.decode()
    switch = html[html.index('class="language-switch"') :]
    assert f'href="{bilingual["product_en"].url}" hreflang="en"' in switch
    html = client.get(bilingual["product_en"].url).content.decode()
    switch = html[html.index('class="language-switch"') :]
    assert f'href="{bilingual["product"].url}" hreflang="vi"' in switch


def test_without_a_translation_the_switch_leads_home_with_a_notice(client, bilingual):
    html = client.get(bilingual["untranslated"].url).content.decode()
    switch = html[html.index('class="language-switch"') :]
    assert 'href="/en/?untranslated=1" hreflang="en"' in switch
    home = client.get("/en/?untranslated=1").content.decode()
    assert "has no translation in this language yet" in home
    assert '<html lang="en">' in home


def test_the_switch_keeps_the_filters_and_drops_the_notice(client, bilingual):
    html = client.get(bilingual["products"].url, {"stars": "4", "page": "1"}).content.decode()
    switch = html[html.index('class="language-switch"') :]
    assert f'href="{bilingual["products_en"].url}?stars=4&amp;page=1" hreflang="en"' in switch
    html = client.get("/en/search/", {"q": "fish sauce", "untranslated": "1"}).content.decode()
    switch = html[html.index('class="language-switch"') :]
    assert 'href="/search/?q=fish+sauce" hreflang="vi"' in switch


def test_app_urls_have_english_words_under_en(client, bilingual):
    from django.urls import reverse
    from django.utils import translation

    product = bilingual["product"]
    with translation.override("vi"):
        assert reverse("buyers:inquiry", args=[product.pk]) == f"/ket-noi/hoi-hang/{product.pk}/"
        assert reverse("buyers:register_csv") == "/du-lieu-mo/san-pham-ocop.csv"
        assert reverse("privacy") == "/quyen-rieng-tu/"
    with translation.override("en"):
        assert reverse("buyers:inquiry", args=[product.pk]) == f"/en/connect/inquiry/{product.pk}/"
        assert reverse("buyers:register_csv") == "/en/open-data/ocop-products.csv"
        assert reverse("buyers:qr_labels", args=[product.pk]) == f"/en/qr/{product.pk}/labels/"
        assert reverse("privacy") == "/en/privacy/"
    assert client.get("/en/privacy/").status_code == 200
    assert client.get("/quyen-rieng-tu/").status_code == 200
    assert client.get("/en/quyen-rieng-tu/").status_code == 404
    form = client.get(f"/en/connect/inquiry/{bilingual['product_en'].pk}/")
    assert form.status_code == 200 and '<html lang="en">' in form.content.decode()
    # The English privacy notice links back to its Vietnamese self through the switch.
    html = client.get("/en/privacy/").content.decode()
    assert 'href="/quyen-rieng-tu/" hreflang="vi"' in html


def test_read_only_views_answer_head(client, bilingual):
    for url in (
        "/search/?q=mam",
        "/en/search/suggest/?q=fish",
        "/du-lieu-mo/san-pham-ocop.csv",
        "/en/open-data/ocop-products.json",
        "/api/v1/products/",
        "/robots.txt",
        "/quyen-rieng-tu/",
        f"/ket-noi/hoi-hang/{bilingual['product'].pk}/",
        f"/en/connect/inquiry/{bilingual['product_en'].pk}/",
    ):
        response = client.head(url)
        assert response.status_code == 200, url
        body = response.streaming_content if response.streaming else [response.content]
        assert not b"".join(body), url


def test_robots_keeps_search_out_in_every_language(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /search/" in robots and "Disallow: /en/search/" in robots


def test_search_and_other_views_switch_by_prefix(client, bilingual):
    html = client.get("/search/", {"q": "mam"}).content.decode()
    assert 'href="/en/search/?q=mam" hreflang="en"' in html
    assert links(html, "canonical") == [' href="http://testserver/search/"']
    english = client.get("/en/search/", {"q": "mam"}).content.decode()
    assert '<html lang="en">' in english


def test_sitemap_lists_both_languages_once_with_alternates(client, bilingual):
    # sitemap.xml is an index (issue 14): read every section.
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/[^<]+)</loc>", index)
    xml = "".join(client.get(section).content.decode() for section in sections)
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert len(locations) == len(set(locations))
    product = "http://testserver/san-pham-ocop/nuoc-mam-tan-lap/"
    product_en = "http://testserver/en/ocop-products/tan-lap-fish-sauce/"
    assert product in locations and product_en in locations
    assert "http://testserver/en/" in locations
    entry = xml[xml.index(f"<loc>{product_en}</loc>") :].split("</url>")[0]
    assert f'hreflang="vi" href="{product}"' in entry
    assert f'hreflang="en" href="{product_en}"' in entry
    assert f'hreflang="x-default" href="{product}"' in entry
    assert "muoi-hat-tuyet-diem" in xml


def test_english_demo_content_through_wagtail_localize(client, django_user_model):
    """All 52 products, About, the OCOP explainer and three news items in English, made
    with wagtail-localize's records (its editor opens them); loading twice adds nothing."""
    from django.core.management import call_command
    from wagtail.models import Page, Revision
    from wagtail_localize.models import StringTranslation, Translation

    from home.models import StandardPage
    from news.models import NewsPage
    from products_catalog.models import ProductPage

    call_command("load_demo_content", stdout=io.StringIO())
    english = Locale.objects.get(language_code="en")
    products = ProductPage.objects.filter(locale=english)
    assert products.count() == 52 == ProductPage.objects.filter(locale__language_code="vi").count()
    fish = products.get(title="Nước mắm Tân Lập — traditional fish sauce")
    assert fish.summary.startswith("Nước mắm Tân Lập: a 3★ OCOP product")
    assert fish.url.startswith("/en/ocop-products/")
    assert set(StandardPage.objects.filter(locale=english).values_list("title", flat=True)) >= {
        "About the OCOP programme",
        "OCOP explained for buyers",
    }
    assert NewsPage.objects.filter(locale=english).count() >= 3
    assert Translation.objects.filter(target_locale=english).count() >= 52 + 3 + 2
    check_demo_sections_in_english(client, english)
    counts = (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        StringTranslation.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    assert "English: 0 pages" in out.getvalue()
    assert counts == (
        Page.objects.count(),
        Revision.objects.count(),
        Translation.objects.count(),
        StringTranslation.objects.count(),
    )
    # The translation editor of wagtail-localize opens the English product.
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    response = client.get(f"/admin/pages/{fish.pk}/edit/")
    assert response.status_code == 200
    assert "translation-editor" in response.content.decode()
    html = client.get(fish.url).content.decode()
    assert '<html lang="en">' in html and "traditional fish sauce" in html


def test_demo_tags_and_target_rules_get_english_names(site_tree):
    from core.models import Tag
    from home.demo_english import TAG_NAMES, TARGET_RULES, EnglishLoader
    from news.demo import news_items
    from programme import demo, demo_records
    from programme.demo_catalogue import content
    from programme.models import ProgrammeTarget

    demo_tags = {tag for tags in content()["tags"].values() for tag in tags}
    demo_tags |= {tag for item in news_items() for tag in item["tags"]}
    assert demo_tags == set(TAG_NAMES)  # every tag the demo makes, and no other
    for name in demo_tags:
        Tag.objects.create(name=name)
    named = Tag.objects.create(name="Nước mắm Tân Lập", name_en="An editor's own name")
    Tag.objects.filter(name="Hải sản").update(name_en="Sea products")
    demo.load_targets()
    demo_records.load_people_targets()
    assert set(ProgrammeTarget.objects.values_list("rule", flat=True)) == set(TARGET_RULES)
    loader = EnglishLoader(site_tree["home"])
    loader.tags(), loader.target_rules()
    assert len(loader.changed) == len(demo_tags) - 1 + len(TARGET_RULES)
    english = dict(Tag.objects.values_list("name", "name_en"))
    assert english["Nước mắm"] == "Fish sauce" and english["Gạo"] == "Rice"
    assert english["Hải sản"] == "Sea products"  # an editor's English name is kept
    named.refresh_from_db()
    assert named.name_en == "An editor's own name"
    target = ProgrammeTarget.objects.get(period_start=2022, period_end=2025)
    assert target.rule_en == (
        "2022–2025: at least 18 products rated 3 stars or more each year, and at least 90 "
        "products by the end of 2025."
    )
    again = EnglishLoader(site_tree["home"])
    again.tags(), again.target_rules()
    assert again.changed == []


VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I
)


#: A filter option's value and label (checkbox, radio or select option).
OPTION = re.compile(r'value="([a-z0-9-]+)"[^>]*>\s*([^<(]+)')


def visible_text(html):
    """The page's text lines, without scripts, styles and tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return [line.strip() for line in re.sub(r"<[^>]+>", "\n", html).splitlines() if line.strip()]


def check_demo_sections_in_english(client, english):
    """Campaigns, events, statistics, news categories, the menu and the settings of the demo
    in English (issue 13); part of the demo test so that the demo is loaded only once."""
    from core.models import MenuItem, ProgrammeSettings
    from events.models import EventIndexPage, EventPage
    from news.models import CampaignIndexPage, CampaignPage, NewsCategory
    from programme.models import StatisticsPage

    for model, slug in (
        (CampaignIndexPage, "trade-promotion"),
        (EventIndexPage, "events"),
        (StatisticsPage, "ocop-in-figures"),
    ):
        assert model.objects.get(locale=english).slug == slug
    events = EventPage.objects.filter(locale=english)
    assert events.count() == EventPage.objects.filter(locale__language_code="vi").count() == 7
    assert all(re.fullmatch(r"[a-z0-9-]+", event.slug) for event in events)
    assert CampaignPage.objects.filter(locale=english).count() == 1
    assert set(NewsCategory.objects.filter(locale=english).values_list("name", flat=True)) == {
        "Programme news",
        "Policy",
        "Producer stories",
        "Market information",
    }
    assert MenuItem.objects.filter(locale=english).count() == 8
    programme = ProgrammeSettings.objects.get()
    assert programme.programme_name_en == "OCOP Programme"

    home = client.get("/en/").content.decode()
    nav = home[home.index('id="site-nav"') : home.index("</nav>")]
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "Products",
        "Producers",
        "Check a certificate",
        "Trade promotion",
        "Events",
        "News",
        "Figures",
        "About",
    ]
    assert "[Sample event] OCOP buyer–producer matching" in home
    assert "[Sample content] Online OCOP product week" in home
    assert "<title>Home · Phú Yên OCOP Programme</title>" in home

    # Section headings, intros, footers and empty states: no Vietnamese but proper names.
    allowed = re.compile(
        r"Phú Yên|Tiếng Việt|Đắk Lắk|Đông Hòa|Sơn Hòa|Tuy Hòa|Tuy An|Phú Hòa|Sơn Định|Ea Chà Rang"
        r"|Đồng Din|Bình Minh|“Nước mắm”"  # proper names, and a search example
    )
    for url in (
        "/en/",
        "/en/events/",
        "/en/events/sample-event-ocop-buyer-producer-matching/",
        "/en/trade-promotion/",
        "/en/about/",
        "/en/certificate-check/",
    ):
        html = client.get(url).content.decode()
        foreign = [
            line
            for line in visible_text(html)
            if VIETNAMESE_LETTERS.search(allowed.sub("", line))
            and "—" not in line  # a product's Vietnamese name with its English descriptor
        ]
        if url == "/en/":  # product cards: producers' Vietnamese names, Vietnamese-only
            foreign = [line for line in foreign if not re.search(r"Cơ sở|Công ty|Nhà hàng", line)]
        assert foreign == [], url
    news = client.get("/en/news/").content.decode()
    assert "Producer stories" in news and "Câu chuyện chủ thể" not in news
    assert "Xúc tiến thương mại" not in news  # a tag, in English
    catalogue = client.get("/en/ocop-products/").content.decode()
    facet = catalogue[catalogue.index('name="tag"') :]
    facet = facet[: facet.index("</fieldset>")]
    tags = {value: label.strip() for value, label in re.findall(OPTION, facet)}
    assert tags["hai-san"] == "Seafood" and tags["nuoc-mam"] == "Fish sauce"
    assert [
        label for label in tags.values() if VIETNAMESE_LETTERS.search(allowed.sub("", label))
    ] == []
    figures = client.get("/en/ocop-in-figures/").content.decode()
    assert "at least 90 products by the end of 2025" in figures
    assert "đến cuối năm 2025" not in figures
    assert "Food" in figures and "Thực phẩm" not in figures
    assert "Tuy An District" in figures and "Huyện Tuy An" not in figures


def test_english_pages_are_found_by_english_tag_names(client, site_tree):
    translate(site_tree["home"], "Home", "home-en")
    translate(site_tree["products"], "OCOP products", "ocop-products")
    product = make_product(site_tree["products"], "Muối hạt Tuyết Diêm")
    tag = Tag.objects.create(name="Đặc sản biển", name_en="Seaside speciality")
    product.tags.add(tag)
    product.save_revision().publish()
    # Tests run tasks at once, before the page's tags are saved; a worker runs after commit.
    insert_or_update_object(product)
    translate(product, "Tuyet Diem sea salt", "tuyet-diem-sea-salt")
    english = client.get("/en/search/", {"q": "seaside speciality"}).content.decode()
    assert "Tuyet Diem sea salt" in english
    # The Vietnamese page is found by the Vietnamese name, not the English one.
    assert "Muối hạt Tuyết Diêm" in client.get("/search/", {"q": "dac san bien"}).content.decode()
    assert "Muối hạt Tuyết Diêm" not in client.get("/search/", {"q": "seaside"}).content.decode()


def test_label_sheet_names_the_product_in_vietnamese_from_either_language(client, bilingual):
    vi, en = bilingual["product"], bilingual["product_en"]
    with translation.override("en"):
        html = client.get(reverse("buyers:qr_labels", args=[en.pk])).content.decode()
    assert '<p class="label-name">Nước mắm Tân Lập</p>' in html
    assert (
        '<p class="label-name-en" lang="en">Nước mắm Tân Lập — traditional fish sauce</p>' in html
    )
    assert f'href="{en.url}">' in html  # back to the page in the reader's language
    with translation.override("vi"):
        same = client.get(reverse("buyers:qr_labels", args=[vi.pk])).content.decode()
    assert '<p class="label-name">Nước mắm Tân Lập</p>' in same
    assert f'href="{vi.url}">' in same
