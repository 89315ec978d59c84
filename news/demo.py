"""Demo news and campaign content, written in our own words from the real milestones.

Facts come from ``products_catalog/data/phu_yen_ocop_milestones.csv`` and
``phu_yen_ocop_targets.csv`` (copies of the shared data); each item links the
``source_url`` of its row. The only invented item is one campaign, marked
"[Nội dung mẫu]" in its title and text. Loading is idempotent: pages are
found by slug before anything is created.
"""

import csv
import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from wagtail.models import Locale

from core.text import slugify_vi
from news.models import (
    CampaignChannel,
    CampaignIndexPage,
    CampaignPage,
    CampaignProduct,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    NewsRelatedProducer,
    NewsRelatedProduct,
)
from products_catalog.models import ProductPage

DATA_DIR = Path(__file__).resolve().parent.parent / "products_catalog" / "data"
MILESTONES_CSV = DATA_DIR / "phu_yen_ocop_milestones.csv"
TARGETS_CSV = DATA_DIR / "phu_yen_ocop_targets.csv"

CATEGORY_NAMES = {
    "tin-chuong-trinh": "Tin chương trình",
    "chinh-sach": "Chính sách",
    "cau-chuyen-chu-the": "Câu chuyện chủ thể",
    "thong-tin-thi-truong": "Thông tin thị trường",
}


def read_csv(path):
    """Rows of a UTF-8 CSV file as dicts."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def milestone_sources():
    """``{(date "YYYY-MM-DD", kind): source_url}`` from the milestones CSV."""
    return {(row["date"], row["kind"]): row["source_url"] for row in read_csv(MILESTONES_CSV)}


def target_rows():
    """The province's targets: ``[{"period_start", "period_end", "target_products", …}]``."""
    return read_csv(TARGETS_CSV)


def local_datetime(date_text, hour=8):
    """``"2021-04-08"`` → aware datetime at ``hour``:00 Asia/Ho_Chi_Minh."""
    day = datetime.date.fromisoformat(date_text)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def p(text):
    return ("paragraph", f"<p>{text}</p>")


def facts(title, rows):
    return ("facts", {"title": title, "facts": [{"label": k, "value": v} for k, v in rows]})


def news_items():
    """The demo news as dicts; ``source`` is a ``(date, kind)`` key of the milestones CSV."""
    targets = {(row["period_start"], row["period_end"]): row for row in target_rows()}
    t2021 = targets[("2021", "2021")]
    t2022 = targets[("2022", "2022")]
    t2025 = targets[("2022", "2025")]
    return [
        {
            "title": "Phê duyệt Đề án OCOP của tỉnh giai đoạn 2019–2020, định hướng đến 2030",
            "source": ("2019-05-27", "policy"),
            "categories": ["chinh-sach"],
            "tags": ["Đề án OCOP"],
            "lead": (
                "Ngày 27/5/2019, UBND tỉnh ký Quyết định 788/QĐ-UBND phê duyệt Đề án "
                "Chương trình Mỗi xã một sản phẩm của tỉnh cho giai đoạn 2019–2020, "
                "có định hướng đến năm 2030."
            ),
            "body": [
                p(
                    "Đề án là văn bản khung để các huyện, thị xã, thành phố trong tỉnh triển "
                    "khai Chương trình OCOP trong những năm tiếp theo. Toàn văn quyết định "
                    "có tại trang nguồn bên dưới."
                ),
            ],
        },
        {
            "title": (
                f"Năm 2021: phấn đấu có ít nhất {t2021['target_products']} sản phẩm OCOP cấp tỉnh"
            ),
            "source": ("2021-04-08", "plan"),
            "categories": ["tin-chuong-trinh"],
            "tags": ["Kế hoạch OCOP", "Xúc tiến thương mại", "Tập huấn"],
            "lead": (
                "Kế hoạch thực hiện Chương trình OCOP năm 2021 đặt chỉ tiêu công nhận ít "
                f"nhất {t2021['target_products']} sản phẩm đạt chuẩn OCOP cấp tỉnh, đi kèm "
                "các nhiệm vụ đào tạo, truyền thông và kết nối thị trường."
            ),
            "body": [
                ("heading", {"text": "Những việc kế hoạch đề ra", "level": "h2"}),
                (
                    "paragraph",
                    "<ul>"
                    f"<li>Công nhận ít nhất {t2021['target_products']} sản phẩm OCOP cấp "
                    "tỉnh trong năm.</li>"
                    "<li>Tập huấn cho tất cả cán bộ phụ trách OCOP ở mọi cấp và người quản "
                    "lý của các chủ thể tham gia chương trình.</li>"
                    "<li>Rà soát lại các hội đồng đánh giá, phân hạng sản phẩm.</li>"
                    "<li>Làm mạnh hơn công tác thông tin, truyền thông.</li>"
                    "<li>Tổ chức các chuyến tham quan, học tập kinh nghiệm.</li>"
                    "<li>Xúc tiến thương mại, quảng bá và kết nối thị trường cho sản phẩm.</li>"
                    "</ul>",
                ),
                facts("Chỉ tiêu năm 2021", [("Sản phẩm OCOP cấp tỉnh", "ít nhất 15")]),
            ],
        },
        {
            "title": "Nghị quyết 03/2021/NQ-HĐND: mức hỗ trợ chủ thể OCOP giai đoạn 2021–2025",
            "source": ("2021-08-11", "policy"),
            "categories": ["chinh-sach"],
            "tags": ["Hỗ trợ chủ thể"],
            "lead": (
                "HĐND tỉnh ban hành Nghị quyết 03/2021/NQ-HĐND quy định các mức hỗ trợ "
                "dành cho chủ thể sản xuất tham gia Chương trình OCOP trong giai đoạn "
                "2021–2025."
            ),
            "body": [
                p(
                    "Hợp tác xã, doanh nghiệp và hộ sản xuất có sản phẩm tham gia chương trình "
                    "có thể đọc nghị quyết tại trang nguồn và hỏi cơ quan chuyên môn ở địa "
                    "phương về điều kiện, hồ sơ đề nghị hỗ trợ."
                ),
            ],
        },
        {
            "title": (
                f"Kế hoạch 2022: ít nhất {t2022['target_products']} sản phẩm đạt từ 3 sao, "
                "mỗi địa phương ít nhất 2"
            ),
            "source": ("2022-03-31", "plan"),
            "categories": ["tin-chuong-trinh", "chinh-sach"],
            "tags": ["Kế hoạch OCOP"],
            "lead": (
                "Theo Kế hoạch 74/KH-UBND, khoảng 56 sản phẩm dự kiến đăng ký đánh giá trong "
                f"năm 2022; mục tiêu là ít nhất {t2022['target_products']} sản phẩm đạt từ "
                "3 sao trở lên, mỗi đơn vị cấp huyện có ít nhất 2 sản phẩm."
            ),
            "body": [
                p(
                    "Kế hoạch cũng đặt chỉ tiêu cho cả giai đoạn: mỗi năm có ít nhất "
                    f"{t2022['target_products']} sản phẩm đạt từ 3 sao và tổng cộng ít nhất "
                    f"{t2025['target_products']} sản phẩm đến hết năm 2025."
                ),
                facts(
                    "Chỉ tiêu",
                    [
                        ("Năm 2022", f"ít nhất {t2022['target_products']} sản phẩm từ 3 sao"),
                        ("Mỗi địa phương cấp huyện", "ít nhất 2 sản phẩm"),
                        ("Giai đoạn 2022–2025", f"ít nhất {t2025['target_products']} sản phẩm"),
                    ],
                ),
            ],
        },
        {
            "title": "Sơn Hòa: hội đồng OCOP cấp huyện xem xét 16 sản phẩm",
            "source": ("2022-10-25", "council"),
            "categories": ["tin-chuong-trinh"],
            "tags": ["Hội đồng đánh giá"],
            "lead": (
                "Ngày 25/10/2022, hội đồng đánh giá, phân hạng sản phẩm OCOP huyện Sơn Hòa "
                "họp xem xét 16 sản phẩm do 5 chủ thể đăng ký."
            ),
            "body": [
                p(
                    "Kết quả chấm điểm của từng sản phẩm không có trong bản tin nguồn; trang "
                    "sẽ cập nhật khi có quyết định công nhận."
                ),
            ],
        },
        {
            "title": "HTX Đồng Din góp 8 sản phẩm vào đợt công nhận OCOP đầu năm 2022",
            "source": ("2022-04-19", "ceremony"),
            "categories": ["cau-chuyen-chu-the"],
            "tags": ["Khóm Đồng Din", "Hợp tác xã"],
            "lead": (
                "Trong 9 sản phẩm được trao chứng nhận OCOP đợt 1 năm 2022, có 8 sản phẩm "
                "của Hợp tác xã Nông nghiệp kinh doanh tổng hợp Đồng Din (Phú Hòa), phần lớn "
                "làm từ trái khóm."
            ),
            "body": [
                p(
                    "Từ trái khóm tươi, hợp tác xã làm ra khóm sấy, bánh khóm, giấm khóm, rượu "
                    "khóm; bên cạnh đó là măng sấy, lá giang sấy và nước rửa chén sinh học. "
                    "Sản phẩm thứ chín của đợt là nước mắm truyền thống Mỹ Quang (Tuy An)."
                ),
            ],
            "related_source": True,
        },
        {
            "title": "Cá ngừ đại dương của Hải sản Bình Minh đạt OCOP 4 sao",
            "source": ("2023-12-29", "ceremony"),
            "categories": ["cau-chuyen-chu-the"],
            "tags": ["Hải sản", "4 sao"],
            "lead": (
                "Cuối năm 2023, sản phẩm cá ngừ đại dương của Công ty TNHH Hải sản Bình Minh "
                "được vinh danh là sản phẩm OCOP đạt 4 sao."
            ),
            "body": [
                p(
                    "Cá ngừ đại dương là đặc sản của vùng biển tỉnh. Thông tin về quy cách và "
                    "kênh bán của sản phẩm có ở trang sản phẩm trong danh mục OCOP."
                ),
            ],
            "related_source": True,
        },
        {
            "title": "231 sản phẩm được đánh giá từ 3 sao trở lên",
            "source": ("2023-11-23", "report"),
            "categories": ["tin-chuong-trinh", "thong-tin-thi-truong"],
            "tags": ["Số liệu OCOP"],
            "lead": (
                "Đến tháng 11/2023, toàn tỉnh có 231 sản phẩm được đánh giá từ 3 sao trở lên "
                "của 102 chủ thể; riêng năm 2023 có 162 sản phẩm."
            ),
            "body": [
                facts(
                    "Số liệu theo nguồn",
                    [
                        ("Sản phẩm từ 3 sao", "231"),
                        ("Trong đó 4 sao", "9"),
                        ("Trong đó 3 sao", "220"),
                        ("Công nhận trong năm 2023", "162"),
                        ("Chủ thể", "102: 18 hợp tác xã, 17 công ty, 67 hộ kinh doanh"),
                    ],
                ),
                p(
                    "Lưu ý: 9 sản phẩm 4 sao và 220 sản phẩm 3 sao cộng lại là 229, ít hơn tổng "
                    "231 mà nguồn nêu; nguồn không giải thích chênh lệch này. Để so sánh, Kế "
                    f"hoạch 74/KH-UBND đặt mục tiêu ít nhất {t2025['target_products']} sản phẩm "
                    "từ 3 sao cho giai đoạn 2022–2025."
                ),
            ],
        },
        {
            "title": "Từ 1/7/2025, Phú Yên thuộc tỉnh Đắk Lắk mới",
            "source": ("2025-07-01", "administrative"),
            "categories": ["tin-chuong-trinh"],
            "tags": ["Sắp xếp đơn vị hành chính"],
            "lead": (
                "Cấp huyện chấm dứt hoạt động trên cả nước; tỉnh Phú Yên hợp nhất với tỉnh Đắk "
                "Lắk thành tỉnh Đắk Lắk mới."
            ),
            "body": [
                p(
                    "Trong danh mục, mỗi sản phẩm vẫn ghi địa bàn tại thời điểm được công nhận "
                    "(huyện, thị xã, thành phố cũ) và cho biết đơn vị hành chính đang quản lý "
                    "địa bàn đó hiện nay."
                ),
                p(
                    "Tin được tổng hợp từ nguồn thứ cấp; cần đối chiếu với nghị quyết chính thức "
                    "trước khi trích dẫn số liệu."
                ),
            ],
        },
    ]


class NewsLoader:
    """Builds the news and campaign sections under a home page; finds before it creates."""

    def __init__(self, home, stdout=None, today=None):
        self.home = home
        self.stdout = stdout
        self.today = today or datetime.date.today()
        self.locale = Locale.get_default()
        self.created = {"news": 0, "campaigns": 0}

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def child_page(self, model, title, slug, **fields):
        existing = model.objects.child_of(self.home).filter(slug=slug).first()
        if existing:
            return existing
        page = model(title=title, slug=slug, show_in_menus=True, **fields)
        self.home.add_child(instance=page)
        page.save_revision().publish()
        return page

    def categories(self):
        """The seeded categories by slug (re-created if an editor deleted one)."""
        found = {c.slug: c for c in NewsCategory.objects.filter(locale=self.locale)}
        for slug, name in CATEGORY_NAMES.items():
            if slug not in found:
                found[slug] = NewsCategory.objects.create(name=name, slug=slug, locale=self.locale)
        return found

    @staticmethod
    def pages_from_source(source_url):
        """Products and producers of the catalogue imported from the same source page."""
        products = list(
            ProductPage.objects.filter(source_url=source_url).select_related("producer")
        )
        producers = []
        for product in products:
            if product.producer and product.producer not in producers:
                producers.append(product.producer)
        return products, producers

    def news(self, index, item, categories, sources):
        slug = slugify_vi(item["title"], 80)
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            return None
        source_url = sources[item["source"]]
        page = NewsPage(
            title=item["title"],
            slug=slug,
            publication_date=local_datetime(item["source"][0]),
            byline="Ban biên tập",
            lead=item["lead"],
            body=item["body"],
            source_url=source_url,
        )
        page.categories = [categories[slug] for slug in item["categories"]]
        for tag in item["tags"]:
            page.tags.add(tag)
        if item.get("related_source"):
            products, producers = self.pages_from_source(source_url)
            page.related_products = [NewsRelatedProduct(product=prod) for prod in products]
            page.related_producers = [NewsRelatedProducer(producer=prod) for prod in producers]
        index.add_child(instance=page)
        page.save_revision().publish()
        self.created["news"] += 1
        return page

    def sample_campaign(self, index):
        """One campaign clearly marked as sample content (dates around the load day)."""
        slug = "noi-dung-mau-tuan-le-san-pham-ocop-truc-tuyen"
        if CampaignPage.objects.child_of(index).filter(slug=slug).exists():
            return None
        page = CampaignPage(
            title="[Nội dung mẫu] Tuần lễ giới thiệu sản phẩm OCOP trực tuyến",
            slug=slug,
            start_date=self.today - datetime.timedelta(days=3),
            end_date=self.today + datetime.timedelta(days=25),
            lead=(
                "Đây là NỘI DUNG MẪU để minh họa trang chiến dịch xúc tiến thương mại, không "
                "phải một chiến dịch có thật. Các sản phẩm giới thiệu lấy từ danh mục OCOP."
            ),
            goal="Minh họa: đưa sản phẩm OCOP 4 sao lên kênh bán trực tuyến của đối tác.",
            body=[
                p(
                    "Biên tập viên thay nội dung này bằng chiến dịch thật: thời gian, mục tiêu, "
                    "sản phẩm tham gia, kênh phân phối đối tác và lời kêu gọi."
                )
            ],
            cta_text="Xem danh mục sản phẩm",
            cta_url="",
        )
        # A campaign never promotes a product that may not carry the OCOP mark.
        products = (
            ProductPage.objects.for_cards()
            .in_force()
            .filter(cur_stars=4)
            .order_by("sort_title")[:4]
        )
        page.featured_products = [CampaignProduct(product=prod) for prod in products]
        page.channels = [
            CampaignChannel(
                name="Gian hàng minh họa trên sàn thương mại điện tử",
                kind=CampaignChannel.Kind.ONLINE,
                note="Ví dụ, không phải đối tác thật",
            )
        ]
        catalogue = self.home.get_children().filter(slug="san-pham-ocop").first()
        if catalogue:
            page.cta_page = catalogue
        index.add_child(instance=page)
        page.save_revision().publish()
        self.created["campaigns"] += 1
        return page

    def load(self):
        """Create the sections and the demo items; returns the created counts."""
        news_index = self.child_page(
            NewsIndexPage,
            "Tin tức",
            "tin-tuc",
            intro="<p>Tin về Chương trình OCOP, chính sách và các chủ thể sản xuất.</p>",
            search_description="Tin tức Chương trình OCOP",
        )
        campaign_index = self.child_page(
            CampaignIndexPage,
            "Xúc tiến thương mại",
            "xuc-tien-thuong-mai",
            intro="<p>Các chiến dịch quảng bá, kết nối tiêu thụ sản phẩm OCOP.</p>",
        )
        categories = self.categories()
        sources = milestone_sources()
        for item in news_items():
            self.news(news_index, item, categories, sources)
        self.sample_campaign(campaign_index)
        self.log("News: {news} items, {campaigns} campaigns created".format(**self.created))
        return self.created
