"""News and campaigns in two languages (issue 13): translated categories (snippets), the
category filter on /en/, one feed per language, shared campaign dates."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from core.localize import translate
from core.models import ProgrammeSettings, Tag
from core.testing import TEST_TODAY
from news.models import CampaignChannel, CampaignPage, NewsCategory
from news.tests.factories import CampaignPageFactory, category, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    """A client that sees the real URLs (``/en/`` included), unlike this app's ``client``."""
    return Client()


@pytest.fixture
def bilingual_news(site_tree, news_index):
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    translate(news_index, "en", {"title": "News", "slug": "news"})
    policy, _ = translate(category("chinh-sach"), "en", {"name": "Policy", "slug": "policy"})
    programme, _ = translate(
        category("tin-chuong-trinh"), "en", {"name": "Programme news", "slug": "programme-news"}
    )
    rule = make_news(
        news_index,
        "Chính sách mới",
        datetime.date(2024, 3, 1),
        categories=[category("chinh-sach")],
        tags=["Hợp tác xã"],
        lead="Tóm tắt chính sách.",
    )
    plan = make_news(
        news_index,
        "Kế hoạch năm",
        datetime.date(2024, 2, 1),
        categories=[category("tin-chuong-trinh")],
    )
    rule_en, _ = translate(rule, "en", {"title": "A new policy", "slug": "a-new-policy"})
    plan_en, _ = translate(plan, "en", {"title": "The year's plan", "slug": "the-years-plan"})
    return {"rule": rule, "rule_en": rule_en, "plan_en": plan_en, "policy": policy}


def test_categories_are_translated_snippets(bilingual_news, django_user_model):
    policy = bilingual_news["policy"]
    assert policy.locale.language_code == "en"
    assert policy.translation_key == category("chinh-sach").translation_key
    assert NewsCategory.objects.filter(translation_key=policy.translation_key).count() == 2
    # wagtail-localize's "Translate" action is offered on a category in the admin listing.
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    listing = admin.get("/admin/snippets/news/newscategory/").content.decode()
    untranslated = NewsCategory.objects.get(slug="cau-chuyen-chu-the")
    assert f"/admin/localize/submit/snippet/news/newscategory/{untranslated.pk}/" in listing


def test_english_news_show_english_category_names(web, bilingual_news):
    html = web.get(bilingual_news["rule_en"].url).content.decode()
    assert '<a href="/en/news/?category=policy">Policy</a>' in html
    assert "Chính sách" not in html


def test_the_category_filter_works_on_en(web, bilingual_news):
    html = web.get("/en/news/?category=policy").content.decode()
    assert "A new policy" in html and "The year&#x27;s plan" not in html
    assert "Policy" in html and "Programme news" in html  # the facet, in English
    assert "Chính sách" not in html and "Tin chương trình" not in html
    vietnamese = web.get("/tin-tuc/?category=chinh-sach").content.decode()
    assert "Chính sách mới" in vietnamese and "Kế hoạch năm" not in vietnamese


def test_one_feed_per_language(web, bilingual_news, site_tree):
    settings = ProgrammeSettings.for_site(site_tree["site"])
    settings.province_name, settings.programme_name_en = "Phú Yên", "OCOP Programme"
    settings.save()
    channel = ET.fromstring(web.get("/en/news/rss/").content).find("channel")
    assert channel.findtext("title") == "News · Phú Yên OCOP Programme"
    assert channel.findtext("link") == "http://testserver/en/news/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["A new policy", "The year's plan"]
    assert items[0].findtext("link") == "http://testserver/en/news/a-new-policy/"
    # English category names; the (Vietnamese) tags only in the Vietnamese feed.
    assert [c.text for c in items[0].findall("category")] == ["Policy"]
    channel = ET.fromstring(web.get("/tin-tuc/rss/").content).find("channel")
    assert channel.findtext("title") == "Tin tức · Chương trình OCOP Phú Yên"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Chính sách mới", "Kế hoạch năm"]
    assert {c.text for c in items[0].findall("category")} == {"Chính sách", "Hợp tác xã"}
    atom = web.get("/en/news/atom/").content.decode()
    assert "A new policy" in atom and "Chính sách mới" not in atom


def test_tags_show_their_english_name_on_en(web, bilingual_news):
    # No English name yet: the Vietnamese one is shown on both sides.
    assert "Hợp tác xã" in web.get(bilingual_news["rule_en"].url).content.decode()
    tag = Tag.objects.get(name="Hợp tác xã")
    tag.name_en = "Cooperatives"
    tag.save()
    chip = '<a href="/en/news/?tag=hop-tac-xa">Cooperatives</a>'
    page = web.get(bilingual_news["rule_en"].url).content.decode()
    assert chip in page and "Hợp tác xã" not in page
    listing = web.get("/en/news/?tag=hop-tac-xa").content.decode()  # the slug: one filter
    assert "A new policy" in listing and "The year&#x27;s plan" not in listing
    assert "Cooperatives" in listing and "Hợp tác xã" not in listing
    vietnamese = web.get(bilingual_news["rule"].url).content.decode()
    assert '<a href="/tin-tuc/?tag=hop-tac-xa">Hợp tác xã</a>' in vietnamese
    assert "Cooperatives" not in vietnamese
    assert "Hợp tác xã" in web.get("/tin-tuc/").content.decode()
    channel = ET.fromstring(web.get("/en/news/rss/").content).find("channel")
    first = channel.findall("item")[0]
    assert [c.text for c in first.findall("category")] == ["Policy", "Cooperatives"]


@pytest.fixture
def bilingual_campaign(site_tree, campaign_index):
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    translate(campaign_index, "en", {"title": "Trade promotion", "slug": "trade-promotion"})
    campaign = CampaignPageFactory(parent=campaign_index, title="Tuần lễ OCOP")
    campaign.channels = [
        CampaignChannel(name="Gian hàng trực tuyến", kind="online", note="Đối tác thử")
    ]
    campaign.save_revision().publish()
    english, _ = translate(
        campaign,
        "en",
        {
            "title": "OCOP week",
            "slug": "ocop-week",
            "Gian hàng trực tuyến": "Online shop",
            "Đối tác thử": "Trial partner",
        },
    )
    return campaign, english


def test_partner_channels_are_translated_rows(web, bilingual_campaign):
    campaign, english = bilingual_campaign
    (source,) = CampaignPage.objects.get(pk=campaign.pk).channels.all()
    (translated,) = CampaignPage.objects.get(pk=english.pk).channels.all()
    assert source.locale == campaign.locale and translated.locale == english.locale
    assert source.translation_key == translated.translation_key
    assert (translated.name, translated.note, translated.kind) == (
        "Online shop",
        "Trial partner",
        "online",
    )
    html = web.get(english.url).content.decode()
    assert "Online shop" in html and "Gian hàng trực tuyến" not in html
    assert "Gian hàng trực tuyến" in web.get(campaign.url).content.decode()


def test_campaign_dates_are_shared(bilingual_campaign):
    campaign, english = bilingual_campaign
    campaign.end_date = TEST_TODAY - datetime.timedelta(days=1)
    campaign.save_revision().publish()
    english = CampaignPage.objects.get(pk=english.pk)
    assert english.end_date == campaign.end_date
    assert english.status() == campaign.status() == "ended"


def test_the_english_home_lists_running_campaigns_in_english(web, bilingual_campaign):
    html = web.get("/en/").content.decode()
    assert "OCOP week" in html and "Tuần lễ OCOP" not in html
    assert 'href="/en/trade-promotion/"' in html
    assert "Tuần lễ OCOP" in web.get("/").content.decode()
