"""Page-type rules, admin creation and publication dates for news and campaign pages."""

import datetime

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import EventIndexPage
from home.models import HomePage, StandardPage
from news.models import CampaignIndexPage, CampaignPage, NewsIndexPage, NewsPage
from news.tests.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    NewsIndexPageFactory,
    category,
    make_news,
)
from products_catalog.models import ProductIndexPage
from products_catalog.tests.factories import ProducerPageFactory, build_site_tree, make_product


class NewsPageRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.tree = build_site_tree()
        self.news_index = NewsIndexPageFactory(parent=self.tree["home"])
        self.campaign_index = CampaignIndexPageFactory(parent=self.tree["home"])
        self.login()

    def test_parent_and_child_rules(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertAllowedSubpageTypes(CampaignPage, set())
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanCreateAt(CampaignIndexPage, CampaignPage)
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(NewsIndexPage, CampaignPage)
        self.assertCanNotCreateAt(CampaignIndexPage, NewsPage)
        self.assertCanNotCreateAt(ProductIndexPage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsIndexPage)
        self.assertCanNotCreateAt(EventIndexPage, CampaignPage)

    def test_one_index_of_each_kind_per_home(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.tree["home"]))
        self.assertFalse(CampaignIndexPage.can_create_at(self.tree["home"]))

    def test_create_indexes_in_admin(self):
        self.news_index.delete()
        self.campaign_index.delete()
        home = self.tree["home"]
        self.assertCanCreate(
            home,
            NewsIndexPage,
            nested_form_data({"title": "Tin tức", "slug": "tin-tuc", "intro": rich_text("")}),
        )
        self.assertCanCreate(
            home,
            CampaignIndexPage,
            nested_form_data(
                {"title": "Xúc tiến", "slug": "xuc-tien", "intro": rich_text("<p>CT</p>")}
            ),
        )
        self.assertTrue(NewsIndexPage.objects.filter(slug="tin-tuc", live=True).exists())
        self.assertTrue(CampaignIndexPage.objects.filter(slug="xuc-tien", live=True).exists())

    def news_form(self, **extra):
        product = make_product(self.tree["products"], "Khóm sấy Đồng Din")
        producer = ProducerPageFactory(parent=self.tree["producers"], title="HTX Đồng Din")
        data = {
            "title": "Đồng Din có 8 sản phẩm OCOP",
            "slug": "dong-din-co-8-san-pham-ocop",
            "publication_date": "",
            "byline": "Ban biên tập",
            "lead": "Tám sản phẩm từ trái khóm.",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))]),
            "tags": "Khóm Đồng Din, Hợp tác xã",
            "related_products": inline_formset([{"product": product.pk}]),
            "related_producers": inline_formset([{"producer": producer.pk}]),
            "source_url": "https://example.vn/tin",
        }
        data.update(extra)
        form = nested_form_data(data)
        form["categories"] = [category("cau-chuyen-chu-the").pk]  # a multi-valued field
        return form, product, producer

    def test_create_news_in_admin_with_categories_tags_and_choosers(self):
        data, product, producer = self.news_form()
        self.assertCanCreate(self.news_index, NewsPage, data)
        page = NewsPage.objects.get(slug="dong-din-co-8-san-pham-ocop")
        self.assertEqual([c.slug for c in page.categories.all()], ["cau-chuyen-chu-the"])
        self.assertEqual(sorted(t.name for t in page.tags.all()), ["Hợp tác xã", "Khóm Đồng Din"])
        self.assertEqual([r.product_id for r in page.related_products.all()], [product.pk])
        self.assertEqual([r.producer_id for r in page.related_producers.all()], [producer.pk])
        # Empty publication date: the first publication's date is used.
        self.assertIsNotNone(page.first_published_at)
        self.assertEqual(page.publication_date, page.first_published_at)
        html = self.client.get(page.url).content.decode()
        self.assertIn(product.url, html)
        self.assertIn(producer.url, html)

    def test_editor_chosen_publication_date_is_kept(self):
        data, _product, _producer = self.news_form(publication_date="2021-04-08 09:00")
        self.assertCanCreate(self.news_index, NewsPage, data)
        page = NewsPage.objects.get(slug="dong-din-co-8-san-pham-ocop")
        local = page.publication_date.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
        self.assertEqual((local.date(), local.hour), (datetime.date(2021, 4, 8), 9))
        self.assertIn("08/04/2021", self.client.get(page.url).content.decode())

    def test_create_campaign_in_admin(self):
        product = make_product(self.tree["products"], "Cá ngừ đại dương", stars=4)
        data = nested_form_data(
            {
                "title": "Tuần hàng OCOP",
                "slug": "tuan-hang-ocop",
                "start_date": "2030-07-01",
                "end_date": "2030-07-07",
                "lead": "Giới thiệu sản phẩm OCOP.",
                "goal": "Đưa 20 sản phẩm lên sàn thương mại điện tử.",
                "body": streamfield([]),
                "featured_products": inline_formset([{"product": product.pk}]),
                "featured_producers": inline_formset([]),
                "channels": inline_formset(
                    [{"name": "Sàn Thử", "kind": "online", "url": "", "note": ""}]
                ),
                "cta_text": "Mua ngay",
                "cta_url": "https://example.vn",
            }
        )
        self.assertCanCreate(self.campaign_index, CampaignPage, data)
        campaign = CampaignPage.objects.get(slug="tuan-hang-ocop")
        self.assertEqual(campaign.channels.get().name, "Sàn Thử")
        self.assertEqual(campaign.featured_products.get().product_id, product.pk)

    def test_campaign_ending_before_it_starts_is_refused(self):
        data = nested_form_data(
            {
                "title": "Sai ngày",
                "slug": "sai-ngay",
                "start_date": "2030-07-07",
                "end_date": "2030-07-01",
                "body": streamfield([]),
                "featured_products": inline_formset([]),
                "featured_producers": inline_formset([]),
                "channels": inline_formset([]),
            }
        )
        with self.assertRaisesRegex(AssertionError, "end_date"):
            self.assertCanCreate(self.campaign_index, CampaignPage, data)

    def test_pages_render_edit_and_preview(self):
        news = make_news(self.news_index, "Tin", datetime.date(2024, 1, 1))
        campaign = CampaignPageFactory(parent=self.campaign_index)
        for page in (self.news_index, self.campaign_index, news, campaign):
            self.assertPageIsRenderable(page)
        for page in (self.news_index, self.campaign_index):
            self.assertPageIsEditable(page)
            self.assertPageIsPreviewable(page)
        news_data = nested_form_data(
            {
                "title": "Tin",
                "slug": news.slug,
                "body": streamfield([]),
                "related_products": inline_formset([]),
                "related_producers": inline_formset([]),
            }
        )
        self.assertPageIsEditable(news, post_data=news_data)
        self.assertPageIsPreviewable(news, post_data=news_data)

    def test_search_fields_cover_title_lead_and_body(self):
        for model, lead in ((NewsPage, "lead"), (CampaignPage, "lead")):
            names = {field.field_name for field in model.search_fields}
            self.assertTrue({"title", lead, "body"} <= names, model)
