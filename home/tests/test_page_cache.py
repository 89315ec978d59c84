"""The anonymous page cache (core.pagecache): per language, invalidated, bypassed, forms work."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core import fastpath
from core.models import ProgrammeSettings
from core.pagecache import cache_key
from core.testing import LOCAL_TZ, TEST_TODAY
from products_catalog.tests.factories import ProducerPageFactory, certify, group, make_product

pytestmark = pytest.mark.django_db

INQUIRY = {
    "buyer_name": "Nguyễn Thị Hoa",
    "organisation": "Cửa hàng Đặc sản Sài Gòn",
    "country": "Việt Nam",
    "email": "hoa@example.com",
    "phone": "+84 912 345 678",
    "products_wanted": "Mật ong hoa cà phê",
    "quantity": "200",
    "quantity_unit": "chai",
    "delivery_wanted": "tháng 3/2026",
    "message": "Xin báo giá sỉ.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def shop(site_tree, settings):
    settings.OCOP_PAGE_CACHE = True
    ProgrammeSettings.for_site(site_tree["site"])  # created now, not by the first request
    producer = ProducerPageFactory(parent=site_tree["producers"], title="HTX Mật ong Đồng Xuân")
    product = make_product(
        site_tree["products"],
        "Mật ong hoa cà phê",
        stars=4,
        producer=producer,
        group=group("thuc-pham-2023"),
        summary="Mật ong nguyên chất.",
    )
    return {**site_tree, "product": product, "producer": producer}


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def test_second_anonymous_request_is_a_hit_without_queries(client, shop):
    url = shop["product"].url
    first = client.get(url)
    assert cache_state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert len(queries) == 0
    assert "csrftoken" not in second.cookies


def test_query_strings_are_cached_apart_and_the_browser_language_changes_nothing(client, shop):
    url = shop["products"].url
    client.get(url)
    assert cache_state(client.get(url + "?stars=4")) == "miss"
    # The URL decides the language (issue 13): an English browser gets the same Vietnamese page.
    english_browser = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert cache_state(english_browser) == "hit"
    assert '<html lang="vi"' in english_browser.content.decode()
    assert cache_state(client.get(url)) == "hit"


def test_publish_makes_the_page_fresh(client, shop):
    product = shop["product"]
    client.get(product.url)
    product.summary = "Mật ong rừng, vụ mới."
    product.save_revision().publish()
    response = client.get(product.url)
    assert cache_state(response) == "miss"
    assert "Mật ong rừng, vụ mới." in response.content.decode()


def test_unpublish_removes_the_page_at_once(client, shop):
    product = shop["product"]
    catalogue = shop["products"].url
    assert product.title in client.get(catalogue).content.decode()
    product.unpublish()
    assert client.get(product.url).status_code == 404
    assert product.title not in client.get(catalogue).content.decode()


def test_a_new_certification_makes_the_page_fresh(client, shop):
    product = shop["product"]
    client.get(product.url)
    certify(product, stars=5, decision_date=TEST_TODAY - datetime.timedelta(days=10))
    response = client.get(product.url)
    assert cache_state(response) == "miss"


def test_editors_and_messages_bypass_the_cache(client, shop, django_user_model):
    url = shop["product"].url
    client.get(url)
    editor = django_user_model.objects.create_superuser("bien-tap", "b@example.org", "x")
    logged_in = Client()
    logged_in.force_login(editor)
    assert cache_state(logged_in.get(url)) is None
    assert cache_state(client.get(url + "?form=1")) is None


def test_an_inquiry_keeps_the_cache_a_registration_refreshes_it(client, shop, tasks_not_run):
    from core import fastpath
    from events.models import Registration
    from events.tests.factories import EventIndexPageFactory, future, make_event

    event = make_event(EventIndexPageFactory(parent=shop["home"]), start=future(), capacity=50)
    url = shop["product"].url
    client.get(url)
    before = fastpath.generation()
    assert client.post(f"/ket-noi/hoi-hang/{shop['product'].pk}/", INQUIRY).status_code == 302
    # Seen in the admin only: the cached pages (and the open-data files) stay.
    assert fastpath.generation() == before
    assert cache_state(client.get(url)) == "hit"
    Registration.objects.create(event=event, name="Lê Văn An", role="buyer", email="an@example.org")
    # The event page shows the places left.
    assert fastpath.generation() != before


def test_post_is_never_answered_from_the_cache(client, shop, tasks_not_run):
    url = shop["product"].url
    client.get(url)
    assert cache_state(client.post(url, {})) is None


@pytest.mark.dated
def test_local_midnight_rolls_the_cache_over(client, shop, clock):
    url = shop["products"].url
    clock.move_to(datetime.datetime.combine(TEST_TODAY, datetime.time(23, 59), tzinfo=LOCAL_TZ))
    client.get(url)
    assert cache_state(client.get(url)) == "hit"
    clock.move_to(
        datetime.datetime.combine(
            TEST_TODAY + datetime.timedelta(days=1), datetime.time(0, 1), tzinfo=LOCAL_TZ
        )
    )
    assert cache_state(client.get(url)) == "miss"


def test_cached_form_gets_its_token_from_the_uncached_endpoint(shop, tasks_not_run):
    browser = Client(enforce_csrf_checks=True)
    product = shop["product"]
    browser.get(product.url)
    html = browser.get(product.url).content.decode()
    assert 'data-csrf-fill="/csrf-token/"' in html
    assert "<noscript>" in html and f"/ket-noi/hoi-hang/{product.pk}/" in html
    token = browser.get("/csrf-token/")
    assert "no-cache" in token["Cache-Control"] or "private" in token["Cache-Control"]
    value = token.json()["token"]
    posted = browser.post(
        f"/ket-noi/hoi-hang/{product.pk}/", {**INQUIRY, "csrfmiddlewaretoken": value}
    )
    assert posted.status_code == 302
    # Without the token the same post is refused: the cached page carries none.
    refused = Client(enforce_csrf_checks=True).post(f"/ket-noi/hoi-hang/{product.pk}/", INQUIRY)
    assert refused.status_code == 403


def test_the_forms_own_page_has_a_real_token(shop):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(f"/ket-noi/hoi-hang/{shop['product'].pk}/").content.decode()
    assert "data-csrf-fill" not in html
    assert 'name="csrfmiddlewaretoken" value="' in html


def test_a_new_view_restriction_applies_at_once(client, shop):
    """The cached list of restricted pages (core.fastpath) is forgotten with the change."""
    product, catalogue = shop["product"], shop["products"].url
    assert client.get(product.url).status_code == 200
    assert product.title in client.get(catalogue).content.decode()
    PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(product.url).status_code == 302  # to the login page
    assert product.title not in client.get(catalogue).content.decode()


def test_a_page_rendered_while_the_publish_commits_is_not_kept(
    client, shop, django_capture_on_commit_callbacks
):
    # Two servers: B renders the product while A's publish is inside its transaction (B
    # still reads the old rows) and stores it under the generation A just bumped.
    product, url = shop["product"], shop["product"].url
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Mật ong hoa cà phê vụ mới"
        product.save_revision().publish()
        stale = {
            "status": 200,
            "headers": {},
            "body": b"the page as it was before",
            "generation": fastpath.generation(),  # the one A's publish just bumped to
        }
        request = client.get(url).wsgi_request  # the key B would use (same host, language)
        cache.set(cache_key(request), stale)
        assert client.get(url).content == stale["body"]
    # The commit bumps the generation once more: B's copy is not served.
    after = client.get(url)
    assert after.content != stale["body"]
    assert "Mật ong hoa cà phê vụ mới" in after.content.decode()


def test_a_hit_goes_out_compressed_once_with_its_etag(client, shop):
    """A hit replays the entry's gzipped body (made when stored), Vary and a weak ETag."""
    import gzip

    url = shop["product"].url
    plain = client.get(url)
    hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert cache_state(hit) == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    assert gzip.decompress(hit.content) == plain.content
    assert hit["ETag"].startswith('W/"')
    not_modified = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    uncompressed = client.get(url)
    assert "Content-Encoding" not in uncompressed
    assert uncompressed.content == plain.content
    assert not uncompressed["ETag"].startswith("W/")


def test_hits_before_the_session_middleware_only_without_session_or_message_cookie(
    client, shop, monkeypatch
):
    """Without cookies a hit is answered before sessions and auth run; with a session or
    messages cookie the request goes through them (and an editor still bypasses)."""
    from django.contrib.sessions.middleware import SessionMiddleware

    url = shop["product"].url
    client.get(url)
    seen = []
    original = SessionMiddleware.process_request
    monkeypatch.setattr(
        SessionMiddleware,
        "process_request",
        lambda self, request: seen.append(request.path) or original(self, request),
    )
    assert cache_state(client.get(url)) == "hit"
    assert seen == []
    client.cookies["sessionid"] = "no-such-session"
    assert cache_state(client.get(url)) == "hit"  # an empty session: still anonymous
    assert seen == [url]
    del client.cookies["sessionid"]
    client.cookies["messages"] = "anything"
    client.get(url)
    assert seen == [url, url]


@pytest.mark.parametrize("tracking", ["utm_source=zalo", "fbclid=abc", "gclid=x&stars=4"])
def test_campaign_links_are_rendered_but_not_stored(client, shop, tracking):
    url = f"{shop['products'].url}?{tracking}"
    assert cache_state(client.get(url)) is None  # rendered, not stored
    again = client.get(url)
    assert again.status_code == 200 and cache_state(again) is None  # never a copy per value
    client.get(shop["products"].url)
    assert cache_state(client.get(shop["products"].url)) == "hit"
