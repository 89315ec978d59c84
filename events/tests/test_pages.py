"""Page-type rules and creation through the Wagtail admin for the event pages."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.testing import english_interface
from events.models import EventIndexPage, EventPage, EventType
from events.tests.factories import EventIndexPageFactory, make_event, vn
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage
from products_catalog.models import ProductIndexPage, ProductPage
from products_catalog.tests.factories import ProducerPageFactory, build_site_tree, make_product


class EventPageRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.tree = build_site_tree()
        self.index = EventIndexPageFactory(parent=self.tree["home"])
        self.login()

    def test_parent_and_child_rules(self):
        self.assertCanCreateAt(HomePage, EventIndexPage)
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(StandardPage, EventIndexPage)
        self.assertCanNotCreateAt(ProductIndexPage, EventPage)
        self.assertCanNotCreateAt(NewsIndexPage, EventPage)
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})

    def test_only_one_event_index_per_home(self):
        self.assertFalse(EventIndexPage.can_create_at(self.tree["home"]))

    def test_create_event_index_in_admin(self):
        self.index.delete()
        self.assertCanCreate(
            self.tree["home"],
            EventIndexPage,
            nested_form_data(
                {"title": "Sự kiện", "slug": "su-kien", "intro": rich_text("<p>Các sự kiện</p>")}
            ),
        )
        self.assertTrue(EventIndexPage.objects.filter(slug="su-kien", live=True).exists())

    def test_create_event_in_admin_stores_utc_and_participants(self):
        product = make_product(self.tree["products"], "Nước mắm Tân Lập")
        data = nested_form_data(
            {
                "title": "Hội chợ OCOP Tuy Hòa",
                "slug": "hoi-cho-ocop-tuy-hoa",
                "event_type": EventType.TRADE_FAIR,
                "intro": rich_text("<p>Hội chợ 70 gian hàng.</p>"),
                # The admin widget takes local time (Asia/Ho_Chi_Minh).
                "start": "2030-07-14 06:00",
                "end": "2030-07-14 18:00",
                "venue": "Quảng trường 1 Tháng 4",
                "organiser": "Sở Công Thương",
                "registration_enabled": "on",
                "capacity": "50",
                "registration_deadline": "2030-07-12 17:00",
                "body": streamfield([]),
                "agenda": streamfield(
                    [
                        ("day", "Ngày 1"),
                        (
                            "item",
                            {
                                "start_time": "06:00",
                                "end_time": "07:00",
                                "title": "Khai mạc",
                                "description": "",
                                "speaker": "",
                            },
                        ),
                    ]
                ),
                "report": streamfield([]),
                "participating_products": inline_formset([{"product": product.pk}]),
                "participating_producers": inline_formset([]),
                "report_photos": inline_formset([]),
            }
        )
        self.assertCanCreate(self.index, EventPage, data)
        event = EventPage.objects.get(slug="hoi-cho-ocop-tuy-hoa")
        self.assertEqual(event.start, vn(2030, 7, 14, 6))
        self.assertEqual(event.start.utcoffset().total_seconds(), 0)  # read back as UTC
        self.assertEqual(
            [row.product_id for row in event.participating_products.all()], [product.pk]
        )
        self.assertEqual(event.agenda[1].value["title"], "Khai mạc")

    def test_end_before_start_is_refused(self):
        data = nested_form_data(
            {
                "title": "Sai giờ",
                "slug": "sai-gio",
                "event_type": EventType.TRAINING,
                "start": "2030-07-14 18:00",
                "end": "2030-07-14 06:00",
                "body": streamfield([]),
                "agenda": streamfield([]),
                "report": streamfield([]),
                "participating_products": inline_formset([]),
                "participating_producers": inline_formset([]),
                "report_photos": inline_formset([]),
            }
        )
        with self.assertRaisesRegex(AssertionError, "end"):
            self.assertCanCreate(self.index, EventPage, data)
        self.assertFalse(Page.objects.filter(slug="sai-gio").exists())

    def test_pages_render_edit_and_preview(self):
        event = make_event(self.index, "Tập huấn", start=vn(2030, 3, 1, 8))
        for page in (self.index, event):
            self.assertPageIsRenderable(page)
        self.assertPageIsEditable(self.index)
        self.assertPageIsPreviewable(self.index)
        # StreamField inputs are drawn by JavaScript, so the edit POST is spelled out.
        post_data = nested_form_data(
            {
                "title": "Tập huấn",
                "slug": event.slug,
                "event_type": EventType.TRAINING,
                "start": "2030-03-01 08:00",
                "end": "2030-03-01 11:00",
                "body": streamfield([]),
                "agenda": streamfield([]),
                "report": streamfield([]),
                "participating_products": inline_formset([]),
                "participating_producers": inline_formset([]),
                "report_photos": inline_formset([]),
            }
        )
        self.assertPageIsEditable(event, post_data=post_data)
        self.assertPageIsPreviewable(event, post_data=post_data)

    def test_search_fields_cover_title_intro_and_body(self):
        names = {field.field_name for field in EventPage.search_fields}
        self.assertTrue({"title", "intro", "body"} <= names)


class ProductAndProducerPagesListEventsTests(WagtailPageTestCase):
    def setUp(self):
        self.tree = build_site_tree()
        self.index = EventIndexPageFactory(parent=self.tree["home"])
        self.producer = ProducerPageFactory(parent=self.tree["producers"], title="HTX Đồng Din")
        self.product = make_product(
            self.tree["products"], "Khóm sấy Đồng Din", producer=self.producer
        )
        self.other = make_product(self.tree["products"], "Muối hạt")
        interface = english_interface()  # English interface text
        interface.__enter__()
        self.addCleanup(interface.__exit__, None, None, None)

    def add_event(self, title, start, products=(), producers=()):
        from events.models import EventProducer, EventProduct

        event = make_event(self.index, title, start=start)
        event.participating_products = [EventProduct(product=p) for p in products]
        event.participating_producers = [EventProducer(producer=p) for p in producers]
        event.save()
        return event

    def test_product_page_lists_its_events_upcoming_first(self):
        self.add_event("Lễ trao chứng nhận 2022", vn(2022, 4, 19, 8), products=[self.product])
        self.add_event("Hội chợ 2040", vn(2040, 7, 14, 8), products=[self.product])
        self.add_event("Phiên chợ muối", vn(2040, 1, 1, 8), products=[self.other])
        html = self.client.get(self.product.url).content.decode()
        self.assertIn("Events with this product", html)
        self.assertLess(html.index("Hội chợ 2040"), html.index("Lễ trao chứng nhận 2022"))
        self.assertNotIn("Phiên chợ muối", html)

    def test_producer_page_lists_direct_and_product_events(self):
        self.add_event("Kết nối cung cầu", vn(2040, 2, 1, 8), producers=[self.producer])
        self.add_event("Hội chợ khóm", vn(2040, 3, 1, 8), products=[self.product])
        self.add_event("Chợ muối", vn(2040, 4, 1, 8), products=[self.other])
        html = self.client.get(self.producer.url).content.decode()
        self.assertIn("Kết nối cung cầu", html)
        self.assertIn("Hội chợ khóm", html)
        self.assertNotIn("Chợ muối", html)
        self.assertEqual(html.count("Hội chợ khóm</a>"), 1)

    def test_event_page_shows_participating_products_as_cards(self):
        event = self.add_event(
            "Hội chợ khóm", vn(2040, 3, 1, 8), products=[self.product], producers=[self.producer]
        )
        html = self.client.get(event.url).content.decode()
        self.assertIn(f'href="{self.product.url}"', html)
        self.assertIn(f'href="{self.producer.url}"', html)
        self.assertIn('class="card', html)

    def test_unpublished_product_is_not_shown_on_the_event(self):
        event = self.add_event("Hội chợ", vn(2040, 3, 1, 8), products=[self.product])
        ProductPage.objects.get(pk=self.product.pk).unpublish()
        self.assertNotIn("Khóm sấy Đồng Din", self.client.get(event.url).content.decode())

    def test_product_without_events_has_no_events_section(self):
        html = self.client.get(self.other.url).content.decode()
        self.assertNotIn("Events with this product", html)
