"""An event in two languages (issue 13): shared facts, one list of places, mail in the
visitor's language, the home page's section in the reader's language."""

import datetime

import pytest
from django.test import Client

from core.localize import translate
from core.models import OutboxMessage, ProgrammeSettings
from events.models import EventPage, Registration
from events.tests.factories import make_event, vn

pytestmark = pytest.mark.django_db

NOW = vn(2025, 6, 1, 10)


@pytest.fixture
def web():
    """A client that sees the real URLs (``/en/`` included), unlike this app's ``client``."""
    return Client()


@pytest.fixture
def bilingual_event(site_tree, event_index, clock):
    clock(NOW)
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    translate(event_index, "en", {"title": "Events", "slug": "events"})
    event = make_event(
        event_index,
        "Kết nối cung cầu",
        start=vn(2025, 6, 20, 8),
        capacity=2,
        registration_deadline=vn(2025, 6, 18, 17),
        venue="Hội trường Sở Công Thương",
    )
    english, _changed = translate(
        event,
        "en",
        {
            "title": "Buyer–producer matching",
            "slug": "matching",
            "venue": "Hall of the Department of Industry and Trade",
        },
    )
    return event, english


def form_data(email, **overrides):
    return {
        "name": "Jane Buyer",
        "organisation": "Importer Ltd",
        "role": "buyer",
        "email": email,
        "phone": "",
        "message": "",
        "consent": "on",
        "website": "",
        **overrides,
    }


def test_registrations_count_once_whatever_the_language(web, bilingual_event):
    event, english = bilingual_event
    assert english.url == "/en/events/matching/"
    assert web.post(english.url, form_data("jane@example.com")).status_code == 302
    assert web.post(event.url, form_data("huong@example.vn")).status_code == 302
    # Both places are taken on the one event: the third registration waits, in either language.
    assert web.post(english.url, form_data("late@example.com")).status_code == 302
    rows = {row.email: row for row in Registration.objects.all()}
    assert {row.event_id for row in rows.values()} == {event.pk}
    assert rows["jane@example.com"].language == "en"
    assert rows["huong@example.vn"].language == "vi"
    assert rows["late@example.com"].status == Registration.Status.WAITING
    assert english.confirmed_count() == event.confirmed_count() == 2
    assert english.places_left == event.places_left == 0
    # The English confirmation page (behind its token) finds the registration on the source.
    done = web.post(english.url, form_data("later@example.com"))
    assert web.get(done["Location"]).status_code == 200


def test_the_confirmation_is_in_the_visitors_language(web, bilingual_event, site_tree):
    event, english = bilingual_event
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.province_name, settings.programme_name_en = "Phú Yên", "OCOP Programme"
    settings.save()
    web.post(english.url, form_data("jane@example.com"))
    web.post(event.url, form_data("huong@example.vn"))
    mails = {
        message.recipient: message
        for message in OutboxMessage.objects.filter(kind=OutboxMessage.Kind.CONFIRMATION)
    }
    jane = mails["jane@example.com"]
    assert jane.subject == "Registration confirmed: Buyer–producer matching"
    assert "/en/events/matching/" in jane.body
    assert "Phú Yên OCOP Programme" in jane.body  # the site's English title
    huong = mails["huong@example.vn"]
    assert "Kết nối cung cầu" in huong.subject
    assert "Chương trình OCOP Phú Yên" in huong.body


def test_facts_follow_the_source_at_once(bilingual_event):
    event, english = bilingual_event
    event.start = vn(2025, 6, 21, 8)
    event.end = vn(2025, 6, 21, 11)
    event.capacity = 50
    event.save_revision().publish()
    english = EventPage.objects.get(pk=english.pk)
    assert (english.start, english.end, english.capacity) == (event.start, event.end, 50)
    assert english.venue == "Hall of the Department of Industry and Trade"  # text: translated
    # A translator cannot change a fact: publishing the translation takes them back.
    english.capacity = 3
    english.save_revision().publish()
    assert EventPage.objects.get(pk=english.pk).capacity == 50


def test_the_english_home_lists_the_events_in_english_or_marked_vietnamese(
    web, site_tree, bilingual_event, event_index
):
    make_event(event_index, "Hội chợ chưa dịch", start=NOW + datetime.timedelta(days=40))
    html = web.get("/en/").content.decode()
    assert "Buyer–producer matching" in html
    assert "Kết nối cung cầu" not in html
    # Not translated: the Vietnamese event, marked as Vietnamese for screen readers.
    assert '<h3 lang="vi"><a href="/su-kien/hoi-cho-chua-dich/">Hội chợ chưa dịch</a></h3>' in html
    assert '<p class="event-type">Trade fair</p>' in html  # the type's label, in English
    vietnamese = web.get("/").content.decode()
    assert "Kết nối cung cầu" in vietnamese and "Buyer–producer matching" not in vietnamese
    assert '<p class="event-type">Hội chợ</p>' in vietnamese


def test_the_translation_editor_opens_an_english_event(bilingual_event, django_user_model):
    event, english = bilingual_event
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    html = admin.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert "translation-editor" in html
    assert admin.get(f"/admin/pages/{event.pk}/edit/").status_code == 200


def test_a_product_page_lists_its_events_once_in_its_own_language(web, site_tree, bilingual_event):
    from events.models import EventProduct
    from events.templatetags.events_tags import events_involving
    from products_catalog.tests.factories import make_product

    event, english = bilingual_event
    product = make_product(site_tree["products"], "Nước mắm Tân Lập")
    event.participating_products = [EventProduct(product=product)]
    event.save_revision().publish()  # the participants are shared: copied to the English event
    translate(site_tree["products"], "en", {"title": "OCOP products", "slug": "ocop-products"})
    product_en, _ = translate(product, "en", {"title": "Tan Lap fish sauce", "slug": "tan-lap"})
    assert [e.pk for e in events_involving(product=product)] == [event.pk]
    assert [e.pk for e in events_involving(product=product_en)] == [english.pk]
    vietnamese = web.get(product.url).content.decode()
    assert vietnamese.count(f'href="{event.url}"') == 1 and english.url not in vietnamese
    assert f'href="{english.url}"' in web.get(product_en.url).content.decode()
    # An event not translated yet: listed on the English page in Vietnamese, marked so.
    english.unpublish()
    [shown] = events_involving(product=product_en)
    assert shown.pk == event.pk and shown.other_language == "vi"
