"""The /search/ page: Vietnamese folding, visibility, facets, pagination, no results."""

import datetime
import re

import pytest
from django.core.management import call_command
from wagtail.models import Locale, PageViewRestriction

from core.testing import TEST_NOW
from search.engine import MAX_HITS, RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


def result_titles(response):
    """Titles of the result list, marks removed, in order."""
    html = response.content.decode()
    section = html.split('id="results-heading"', 1)[-1]
    pattern = r'<li class="search-result type-[^"]*">.*?<h3><a [^>]*>(.*?)</a>'
    titles = re.findall(pattern, section, re.S)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def result_types(response):
    return re.findall(r'<li class="search-result type-([^"]*)">', response.content.decode())


@pytest.mark.parametrize(
    "query", ["nuoc mam", "NƯỚC MẮM", "Nước mắm", "nước-mắm!", "  Nuoc   MAM "]
)
def test_any_spelling_finds_nuoc_mam_tan_lap(client, catalogue, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Nước mắm Tân Lập" in result_titles(response)


def test_spellings_give_identical_results(client, catalogue):
    lists = [
        result_titles(client.get("/search/", {"q": q}))
        for q in ("nuoc mam", "NƯỚC MẮM", "Nước mắm", "nước mắm")
    ]
    assert lists[0] and all(titles == lists[0] for titles in lists)
    # The producer named "... nước mắm Tân Lập" is found too, labelled as a producer.
    assert "Hộ sản xuất kinh doanh nước mắm Tân Lập" in lists[0]


def test_dau_phong_finds_dau_phong_xuan_phuoc(client, catalogue):
    assert result_titles(client.get("/search/", {"q": "dau phong"}))[:1] == ["Dầu phộng Xuân Phước"]


def test_dong_din_finds_every_dong_din_product(client, catalogue):
    titles = result_titles(client.get("/search/", {"q": "dong din", "type": "product"}))
    # "Măng sấy" does not say Đồng Din: it is found through its producer's name.
    assert sorted(titles) == ["Khóm sấy Đồng Din", "Măng sấy"]


def test_word_only_in_a_streamfield_block_is_found_and_highlighted(client, catalogue):
    response = client.get("/search/", {"q": "cui nhan"})
    assert result_titles(response) == ["Bánh tráng phơi sương"]
    assert "<mark>củi</mark> <mark>nhãn</mark>" in response.content.decode()


def test_results_are_labelled_and_products_show_stars_and_status(client, catalogue):
    response = client.get("/search/", {"q": "nuoc mam tan lap"})
    html = response.content.decode()
    assert result_types(response)[:2] == ["product", "producer"] or set(result_types(response)) == {
        "product",
        "producer",
    }
    assert 'class="stars stars-4"' in html
    assert "status-valid" in html
    badges = re.findall(r'<span class="badge">([^<]*)</span>', html)
    assert {"Sản phẩm OCOP", "Chủ thể"} <= set(badges)


def test_title_highlight_marks_original_letters(client, catalogue):
    html = client.get("/search/", {"q": "dau phong"}).content.decode()
    assert "<mark>Dầu</mark> <mark>phộng</mark> Xuân Phước" in html


def test_draft_never_published_is_not_found(client, catalogue):
    from products_catalog.tests.factories import make_product

    make_product(catalogue["products"], "Nước mắm bản nháp", live=False)
    titles = result_titles(client.get("/search/", {"q": "nuoc mam ban nhap"}))
    assert titles == []


def test_draft_changes_of_a_live_page_are_not_found(client, catalogue):
    product = catalogue["mat_ong"]
    product.title = "Mật ong rừng bí mật"
    product.save_revision()  # draft only: the live title stays "Mật ong hoa cà phê"
    assert result_titles(client.get("/search/", {"q": "rung bi mat"})) == []
    assert result_titles(client.get("/search/", {"q": "mat ong hoa"})) == ["Mật ong hoa cà phê"]


def test_private_pages_are_not_found(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue["nuoc_mam"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    titles = result_titles(client.get("/search/", {"q": "nuoc mam"}))
    assert "Nước mắm Tân Lập" not in titles
    assert "Hộ sản xuất kinh doanh nước mắm Tân Lập" in titles


def test_private_section_hides_its_descendants(client, catalogue):
    PageViewRestriction.objects.create(
        page=catalogue["products"], restriction_type=PageViewRestriction.LOGIN
    )
    types = result_types(client.get("/search/", {"q": "nuoc mam"}))
    assert types == ["producer"]


def test_expired_pages_are_not_found_even_before_the_scheduler_runs(client, catalogue):
    page = catalogue["dau_phong"]
    page.expire_at = TEST_NOW - datetime.timedelta(minutes=1)
    page.save()  # still live: publish_scheduled has not run yet
    assert page.live
    assert result_titles(client.get("/search/", {"q": "dau phong"})) == []


def test_unpublishing_removes_at_once(client, catalogue):
    assert result_titles(client.get("/search/", {"q": "dau phong"})) == ["Dầu phộng Xuân Phước"]
    catalogue["dau_phong"].unpublish()
    assert result_titles(client.get("/search/", {"q": "dau phong"})) == []


def test_other_language_pages_are_not_returned(client, catalogue):
    english, _ = Locale.objects.get_or_create(language_code="en")
    home_en = catalogue["home"].copy_for_translation(english)
    home_en.save_revision().publish()
    about_en = catalogue["about"].copy_for_translation(english)
    about_en.title = "About the OCOP programme"
    about_en.save_revision().publish()

    # Vietnamese (the default): the Vietnamese page only.
    titles = result_titles(client.get("/search/", {"q": "ocop"}))
    assert "Giới thiệu chương trình OCOP" in titles
    assert "About the OCOP programme" not in titles
    # English (/en/): the English tree only; the browser's language changes nothing.
    titles = result_titles(client.get("/search/", {"q": "ocop"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "About the OCOP programme" not in titles
    titles = result_titles(client.get("/en/search/", {"q": "ocop"}))
    assert titles == ["About the OCOP programme"]


def test_type_facet_filters_and_counts(client, catalogue):
    response = client.get("/search/", {"q": "nuoc mam", "type": "producer"})
    assert result_types(response) == ["producer"]
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    counts = {option["value"]: option["count"] for option in facets["type"]["options"]}
    # Counts of a facet ignore that facet's own selection.
    assert counts == {"product": 1, "producer": 1}


def test_stars_group_and_locality_facets(client, catalogue):
    response = client.get("/search/", {"q": "say"})
    assert sorted(result_titles(response)) == ["Khóm sấy Đồng Din", "Măng sấy"]
    response = client.get("/search/", {"q": "say", "stars": "4"})
    assert result_titles(response) == ["Khóm sấy Đồng Din"]
    response = client.get("/search/", {"q": "dong", "locality": "huyen-dong-xuan"})
    assert sorted(result_titles(response)) == ["Dầu phộng Xuân Phước", "Mật ong hoa cà phê"]
    response = client.get("/search/", {"q": "dong", "group": "thuc-pham"})
    assert "Mật ong hoa cà phê" not in result_titles(response)
    assert "Dầu phộng Xuân Phước" in result_titles(response)


def test_a_criteria_versions_group_moves_to_its_family(client, catalogue):
    # As in the catalogue: the facet offers families, so a version's slug would filter
    # with no option shown as chosen.
    response = client.get("/search/", {"q": "dong", "group": "thuc-pham-2023", "stars": "3"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=dong&group=thuc-pham&stars=3"


def facet_counts(response, name):
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    return {option["value"]: option["count"] for option in facets[name]["options"]}


@pytest.mark.parametrize("types", [[], ["product"], ["product", "producer"]])
def test_locality_counts_are_what_the_locality_filter_finds(client, catalogue, types):
    # The locality filter lets producers (and events) of the unit through, not only
    # products: its counts include them, under the type filter as chosen (the catalogue's
    # facets are shown while products are among the chosen types).
    query = {"q": "tan lap", "type": types}
    counts = facet_counts(client.get("/search/", query), "locality")
    assert counts["thi-xa-song-cau"] == (1 if types == ["product"] else 2)
    for slug, count in counts.items():
        filtered = client.get("/search/", {**query, "locality": slug})
        assert filtered.context["outcome"].hit_count == count, slug
    # A product-only filter leaves producers out: then only products count.
    counts = facet_counts(client.get("/search/", {"q": "tan lap", "stars": "4"}), "locality")
    assert counts["thi-xa-song-cau"] == 1


def test_unknown_facet_values_are_ignored_politely(client, catalogue):
    response = client.get(
        "/search/",
        {
            "q": "nuoc mam",
            "type": "\x00",
            "stars": ["9", "x", "²"],
            "group": "z\x00",
            "locality": "?",
        },
    )
    assert response.status_code == 200
    ignored = {row["name"] for row in response.context["params"].ignored}
    assert ignored == {"type", "stars", "group", "locality"}
    # Named by their Vietnamese labels, like the catalogue's box.
    box = response.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert "<strong>Hạng sao</strong>" in box and "<code>" not in box
    assert "Nước mắm Tân Lập" in result_titles(response)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", ""])
def test_bad_page_numbers_give_a_page(client, catalogue, page):
    response = client.get("/search/", {"q": "san", "page": page})
    assert response.status_code == 200


def test_pagination_splits_results(client, site_tree):
    from products_catalog.tests.factories import make_product

    for n in range(RESULTS_PER_PAGE + 3):
        make_product(site_tree["products"], f"Mật ong số {n}")
    first = result_titles(client.get("/search/", {"q": "mat ong"}))
    second = result_titles(client.get("/search/", {"q": "mat ong", "page": "2"}))
    last = result_titles(client.get("/search/", {"q": "mat ong", "page": "999"}))
    assert len(first) == RESULTS_PER_PAGE and len(second) == 3
    assert not set(first) & set(second)
    assert last == second
    assert MAX_HITS >= 100


def test_prefix_fallback_when_no_page_has_the_whole_words(client, catalogue):
    response = client.get("/search/", {"q": "mat o"})
    assert result_titles(response) == ["Mật ong hoa cà phê"]
    assert response.context["outcome"].prefix_mode


def test_no_results_page_suggests_popular_searches_and_the_catalogue(client, catalogue):

    from django.core.cache import cache

    from search.promotions import flush_query_log

    cache.clear()
    for visitor, spelling in enumerate(["Mật ong", "mat ong", "MẬT ONG"]):
        address = f"198.51.100.{visitor + 1}"
        client.get("/search/", {"q": spelling}, REMOTE_ADDR=address)
        client.get("/search/", {"q": "khong co gi"}, REMOTE_ADDR=address)  # finds nothing
    for _repeat in range(5):  # one client repeating a query does not make it popular
        client.get("/search/", {"q": "nuoc mam"}, REMOTE_ADDR="203.0.113.50")
    flush_query_log(now=TEST_NOW.timestamp() + 120)  # the periodic job counted them
    cache.clear()  # … and the popular list's 10 minutes are over
    response = client.get("/search/", {"q": "xyzzy quux"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy kết quả nào cho" in html
    assert response.context["popular_queries"] == ["mat ong"]
    assert 'href="/search/?q=mat%20ong"' in html
    assert 'href="/san-pham-ocop/"' in html  # the catalogue


def test_empty_query_shows_a_prompt_not_an_error(client, catalogue):
    for query in ("", "   ", "!!!", "🐟🐟"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert result_titles(response) == []


def test_queries_are_logged_folded_for_the_report(client, catalogue):

    from django.core.cache import cache
    from wagtail.contrib.search_promotions.models import Query

    from search.promotions import flush_query_log

    cache.clear()
    client.get("/search/", {"q": "Nước mắm"}, REMOTE_ADDR="198.51.100.1")
    client.get("/search/", {"q": "NUOC MAM"}, REMOTE_ADDR="198.51.100.2")
    client.get("/search/", {"q": "nước mắm"}, REMOTE_ADDR="198.51.100.2")  # same visitor, day
    client.get("/search/", {"q": "nuoc mam", "page": "2"})  # not a new search
    client.get("/search/", {"q": "nuoc mam", "type": "product"})  # a refinement
    client.get("/search/suggest/", {"q": "nuoc m"})  # typing is not searching
    assert not Query.objects.exists()  # counted in the cache: no write in a GET
    assert flush_query_log() == 0  # the current minute is not finished
    assert flush_query_log(now=TEST_NOW.timestamp() + 120) == 2
    assert flush_query_log(now=TEST_NOW.timestamp() + 180) == 0  # flushed once
    assert Query.objects.get(query_string="nuoc mam").hits == 2
    assert list(Query.objects.values_list("query_string", flat=True)) == ["nuoc mam"]


def test_editors_picks_match_any_spelling_and_are_not_repeated(client, catalogue):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    query = Query.get("nước mắm")
    SearchPromotion.objects.create(query=query, page=catalogue["about"], sort_order=0)
    SearchPromotion.objects.create(query=query, page=catalogue["nuoc_mam"], sort_order=1)
    response = client.get("/search/", {"q": "NUOC MAM"})
    picks = response.context["picks"]
    assert [pick.page.title for pick in picks] == [
        "Giới thiệu chương trình OCOP",
        "Nước mắm Tân Lập",
    ]
    assert "Nước mắm Tân Lập" not in result_titles(response)
    assert "Đề xuất" in response.content.decode()


def test_editors_pick_of_an_unpublished_page_is_hidden(client, catalogue):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    SearchPromotion.objects.create(query=Query.get("mat ong"), page=catalogue["about"])
    catalogue["about"].unpublish()
    response = client.get("/search/", {"q": "mật ong"})
    assert response.context["picks"] == []


def test_search_is_escaped(client, catalogue):
    response = client.get("/search/", {"q": '<script>alert("x")</script> mat ong'})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_vietnamese_alias_redirects(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "mật ong"})
    assert response.status_code in (301, 302)
    assert response["Location"].startswith("/search/?q=m")


def test_header_has_the_search_box_everywhere(client, catalogue):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html
    assert 'data-suggest-url="/search/suggest/"' in html
    assert "search/suggest.js" in html


def test_update_index_rebuilds_a_working_index(client, catalogue):
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert result_titles(client.get("/search/", {"q": "dau phong"})) == []
    call_command("update_index", verbosity=0)
    assert result_titles(client.get("/search/", {"q": "dau phong"})) == ["Dầu phộng Xuân Phước"]
    assert sorted(result_titles(client.get("/search/", {"q": "dong din", "type": "product"}))) == [
        "Khóm sấy Đồng Din",
        "Măng sấy",
    ]


def test_renaming_a_producer_reindexes_its_products(client, catalogue):
    producer = catalogue["dong_din"]
    producer.title = "HTX Nông nghiệp Hòa Quang Bắc"
    producer.save_revision().publish()
    titles = result_titles(client.get("/search/", {"q": "hoa quang bac", "type": "product"}))
    assert sorted(titles) == ["Khóm sấy Đồng Din", "Măng sấy"]
    assert result_titles(client.get("/search/", {"q": "mang say dong din"})) == []
