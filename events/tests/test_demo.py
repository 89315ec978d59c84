"""``load_demo_content`` adds news, a sample campaign and events on real facts, idempotently."""

import csv
import io

from django.core.management import call_command
from django.test import TestCase

from events.demo import MILESTONES_CSV, PAST_EVENTS, SAMPLE_SLUG
from events.models import EventPage
from news.models import CampaignPage, NewsPage


def milestone_urls():
    with open(MILESTONES_CSV, encoding="utf-8", newline="") as handle:
        return {row["source_url"] for row in csv.DictReader(handle)}


def vietnamese(model):
    """The demo's Vietnamese pages (the English demo translates them: issue 13)."""
    return model.objects.filter(locale__language_code="vi")


def snapshot():
    return {
        "news": list(NewsPage.objects.order_by("pk").values_list("pk", "title", "source_url")),
        "events": list(
            vietnamese(EventPage).order_by("pk").values_list("pk", "slug", "source_url")
        ),
    }


class DemoContentTests(TestCase):
    """The demo is loaded once for the class (it takes a while: 52 products, pictures)."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", stdout=io.StringIO())
        cls.loaded = snapshot()

    def test_every_demo_item_links_a_source_from_the_data(self):
        urls = milestone_urls()
        self.assertGreaterEqual(len(self.loaded["news"]), 8)
        for _pk, title, source in self.loaded["news"]:
            self.assertIn(source, urls, title)
        for _pk, slug, source in self.loaded["events"]:
            if slug != SAMPLE_SLUG:
                self.assertIn(source, urls, slug)

    def test_required_facts_are_covered(self):
        plan = NewsPage.objects.get(title__contains="ít nhất 15 sản phẩm OCOP cấp tỉnh")
        body = str(plan.body).lower()
        for words in ("tập huấn", "hội đồng", "truyền thông", "kết nối thị trường"):
            self.assertIn(words, body)
        slugs = {slug for _pk, slug, _src in self.loaded["events"]}
        self.assertLessEqual(
            {
                "phien-cho-dua-hang-viet-ve-mien-nui-son-hoa-2022",
                "ngay-hoi-quang-ba-ket-noi-du-lich-tuy-hoa-2023",
                "trao-chung-nhan-ocop-dot-1-nam-2022",
                "dong-hoa-trao-chung-nhan-ocop-3-sao-dot-1-2024",
            },
            slugs,
        )

    def test_past_events_stay_past_and_only_the_sample_is_future(self):
        sample = EventPage.objects.get(slug=SAMPLE_SLUG)
        # English translations too: they share the facts.
        for event in EventPage.objects.exclude(translation_key=sample.translation_key):
            self.assertFalse(event.is_upcoming(), event.title)
            self.assertFalse(event.registration_enabled)
            self.assertTrue(event.all_day)  # the sources publish no times
        self.assertTrue(sample.title.startswith("[Sự kiện mẫu]"))
        self.assertIn("SỰ KIỆN MẪU", sample.intro)
        self.assertTrue(sample.is_upcoming())
        self.assertTrue(vietnamese(CampaignPage).get().title.startswith("[Nội dung mẫu]"))

    def test_ceremony_lists_the_products_of_its_source(self):
        ceremony = EventPage.objects.get(slug="dong-hoa-trao-chung-nhan-ocop-3-sao-dot-1-2024")
        self.assertEqual(ceremony.participating_products.count(), 12)
        self.assertEqual(ceremony.locality.name, "Thị xã Đông Hòa")
        tuna = EventPage.objects.get(slug="vinh-danh-san-pham-ocop-4-sao-nam-2023")
        self.assertEqual(
            [row.product.title for row in tuna.participating_products.all()],
            ["Cá ngừ đại dương"],
        )

    def test_loading_twice_creates_nothing_twice(self):
        call_command("load_demo_content", stdout=io.StringIO())
        self.assertEqual(snapshot(), self.loaded)
        self.assertEqual(vietnamese(CampaignPage).count(), 1)
        self.assertEqual(vietnamese(EventPage).count(), len(PAST_EVENTS) + 1)
        # One English translation of each, made once.
        self.assertEqual(CampaignPage.objects.count(), 2)
        self.assertEqual(EventPage.objects.count(), 2 * (len(PAST_EVENTS) + 1))

    def test_demo_pages_render(self):
        for url in ("/", "/tin-tuc/", "/su-kien/", "/xuc-tien-thuong-mai/", "/tin-tuc/rss/"):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        pages = [*NewsPage.objects.all(), *EventPage.objects.all(), *CampaignPage.objects.all()]
        for page in pages:
            self.assertEqual(self.client.get(page.url).status_code, 200, page.url)
