"""Demo events, written in our own words from the real milestones.

Past events come from ``products_catalog/data/phu_yen_ocop_milestones.csv``
(certificate ceremonies, the market sessions in Sơn Hòa, the July 2023 fair in
Tuy Hòa), each linking its ``source_url``; their times were not published,
so they are whole-day events, and registration is off. Participating
products and producers are the catalogue pages imported from the same source
page. One future event is added, marked "[Sự kiện mẫu]", so the registration
form can be tried. Idempotent: events are found by slug before anything is
created.
"""

import csv
import datetime
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Locale

import products_catalog
from events import timeutils
from events.models import EventIndexPage, EventPage, EventProducer, EventProduct, EventType
from products_catalog.models import ProductPage
from taxonomy.models import Locality

MILESTONES_CSV = (
    Path(products_catalog.__file__).resolve().parent / "data" / "phu_yen_ocop_milestones.csv"
)
#: Places the events need besides the products' districts (the demo loader creates them).
PLACES = [{"province": "Phú Yên", "district": "Sơn Hòa"}]

SAMPLE_SLUG = "su-kien-mau-ket-noi-cung-cau-san-pham-ocop"


def milestone_sources(path=MILESTONES_CSV):
    """``{(date "YYYY-MM-DD", kind): source_url}`` from the milestones CSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {(row["date"], row["kind"]): row["source_url"] for row in csv.DictReader(handle)}


def facts(title, rows):
    return ("facts", {"title": title, "facts": [{"label": k, "value": v} for k, v in rows]})


def p(text):
    return ("paragraph", f"<p>{text}</p>")


PAST_EVENTS = [
    {
        "slug": "trao-chung-nhan-ocop-dot-1-nam-2022",
        "title": "Lễ trao chứng nhận sản phẩm OCOP đợt 1 năm 2022",
        "type": EventType.CEREMONY,
        "source": ("2022-04-19", "ceremony"),
        "locality": "phu-yen",
        "intro": (
            "Chín sản phẩm nhận giấy chứng nhận OCOP trong đợt đầu năm 2022: hai sản phẩm 4 "
            "sao và bảy sản phẩm 3 sao."
        ),
        "report": [
            facts(
                "Kết quả",
                [
                    ("Sản phẩm được chứng nhận", "9"),
                    ("4 sao", "2"),
                    ("3 sao", "7"),
                    ("Sản phẩm OCOP cấp tỉnh đến thời điểm này", "27"),
                ],
            )
        ],
    },
    {
        "slug": "phien-cho-dua-hang-viet-ve-mien-nui-son-hoa-2022",
        "title": "Phiên chợ “Đưa hàng Việt về miền núi” tại Sơn Hòa",
        "type": EventType.MARKET_SESSION,
        "source": ("2022-06-01", "market_session"),
        "locality": "huyen-son-hoa",
        "venue": "Xã Ea Chà Rang và xã Sơn Định",
        "organiser": "Sở Công Thương tỉnh Phú Yên",
        "date_note": (
            "Nguồn chỉ cho biết hai phiên chợ diễn ra trong năm 2022, không nêu tháng; ngày "
            "hiển thị là ngày ước định."
        ),
        "intro": (
            "Hai phiên chợ đưa hàng Việt đến người dân hai xã miền núi của huyện Sơn Hòa, có "
            "doanh nghiệp mang sản phẩm địa phương tham gia."
        ),
        "report": [
            facts(
                "Kết quả",
                [
                    ("Số phiên chợ", "2"),
                    ("Doanh nghiệp tham gia", "9"),
                    ("Lượt khách", "khoảng 5.800"),
                ],
            )
        ],
    },
    {
        "slug": "ngay-hoi-quang-ba-ket-noi-du-lich-tuy-hoa-2023",
        "title": "Ngày hội quảng bá, kết nối du lịch các thành phố Tây Nguyên với TP Tuy Hòa",
        "type": EventType.TRADE_FAIR,
        "source": ("2023-07-14", "trade_fair"),
        "locality": "thanh-pho-tuy-hoa",
        "venue": "Quảng trường 1 Tháng 4, TP Tuy Hòa",
        "date_note": "Ngày theo tin nguồn; nguồn không nêu giờ mở cửa và số ngày của hội chợ.",
        "intro": (
            "Bốn thành phố vùng Tây Nguyên cùng TP Tuy Hòa giới thiệu du lịch; hội chợ đi kèm "
            "có 70 gian hàng, trong đó có gian trưng bày sản phẩm OCOP."
        ),
        "report": [facts("Quy mô", [("Gian hàng", "70, có sản phẩm OCOP")])],
    },
    {
        "slug": "vinh-danh-san-pham-ocop-4-sao-nam-2023",
        "title": "Vinh danh sản phẩm OCOP 4 sao năm 2023",
        "type": EventType.CEREMONY,
        "source": ("2023-12-29", "ceremony"),
        "locality": "phu-yen",
        "intro": "Cá ngừ đại dương của Công ty TNHH Hải sản Bình Minh được vinh danh OCOP 4 sao.",
        "report": [facts("Kết quả", [("Sản phẩm 4 sao", "Cá ngừ đại dương (Bình Minh)")])],
    },
    {
        "slug": "dong-hoa-trao-chung-nhan-ocop-3-sao-dot-1-2024",
        "title": "Thị xã Đông Hòa trao chứng nhận OCOP 3 sao cho 12 sản phẩm (đợt 1/2024)",
        "type": EventType.CEREMONY,
        "source": ("2024-07-29", "ceremony"),
        "locality": "thi-xa-dong-hoa",
        "intro": "Mười hai sản phẩm của thị xã Đông Hòa nhận chứng nhận OCOP 3 sao.",
        "report": [
            facts(
                "Kết quả",
                [
                    ("Sản phẩm được chứng nhận 3 sao", "12"),
                    ("Tổng số sản phẩm 3 sao của thị xã", "39"),
                ],
            )
        ],
    },
    {
        "slug": "tuy-an-trao-chung-nhan-ocop-3-sao-dot-2-2024",
        "title": "Huyện Tuy An trao chứng nhận OCOP 3 sao đợt 2 năm 2024",
        "type": EventType.CEREMONY,
        "source": ("2025-01-17", "ceremony"),
        "locality": "huyen-tuy-an",
        "intro": "Ba sản phẩm của huyện Tuy An được bổ sung vào danh sách sản phẩm OCOP 3 sao.",
        "report": [
            facts(
                "Kết quả",
                [
                    ("Sản phẩm được chứng nhận 3 sao", "3"),
                    ("Sản phẩm OCOP của huyện", "37 (trong đó 1 sản phẩm 4 sao)"),
                ],
            ),
            p(
                "Danh mục của trang này hiện ghi nhận những sản phẩm của đợt có trong nguồn "
                "dữ liệu; sản phẩm còn lại sẽ được bổ sung khi có thông tin."
            ),
        ],
    },
]


class EventsLoader:
    """Builds the event section under a home page; finds before it creates."""

    def __init__(self, home, stdout=None, now=None):
        self.home = home
        self.stdout = stdout
        self.now = now or timeutils.current_time()
        self.created = {"events": 0}

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def index(self):
        existing = EventIndexPage.objects.child_of(self.home).filter(slug="su-kien").first()
        if existing:
            return existing
        page = EventIndexPage(
            title="Sự kiện",
            slug="su-kien",
            show_in_menus=True,
            intro=(
                "<p>Hội chợ, phiên chợ, kết nối cung cầu, tập huấn và lễ trao chứng nhận sản "
                "phẩm OCOP.</p>"
            ),
        )
        self.home.add_child(instance=page)
        page.save_revision().publish()
        return page

    @staticmethod
    def localities():
        """Localities by slug (made by the demo loader, with :data:`PLACES`)."""
        return {unit.slug: unit for unit in Locality.objects.filter(locale=Locale.get_default())}

    @staticmethod
    def participants(source_url):
        products = list(
            ProductPage.objects.filter(source_url=source_url)
            .select_related("producer")
            .order_by("pk")
        )
        producers = []
        for product in products:
            if product.producer and product.producer not in producers:
                producers.append(product.producer)
        return products, producers

    def add(self, index, page, products=(), producers=()):
        page.participating_products = [EventProduct(product=prod) for prod in products]
        page.participating_producers = [EventProducer(producer=prod) for prod in producers]
        index.add_child(instance=page)
        page.save_revision().publish()
        self.created["events"] += 1
        return page

    def past_event(self, index, item, localities, sources):
        if EventPage.objects.child_of(index).filter(slug=item["slug"]).exists():
            return None
        date_text, _kind = item["source"]
        day = datetime.date.fromisoformat(date_text)
        source_url = sources[item["source"]]
        page = EventPage(
            title=item["title"],
            slug=item["slug"],
            event_type=item["type"],
            intro=f"<p>{escape(item['intro'])}</p>",
            start=timeutils.local_midnight(day),
            end=timeutils.local_midnight(day),
            all_day=True,
            date_note=item.get("date_note", ""),
            venue=item.get("venue", ""),
            organiser=item.get("organiser", ""),
            locality=localities.get(item["locality"]),
            registration_enabled=False,
            report=item["report"],
            source_url=source_url,
        )
        products, producers = self.participants(source_url)
        return self.add(index, page, products, producers)

    def sample_event(self, index):
        """A future buyer–producer matching marked as a sample, to try registration."""
        if EventPage.objects.child_of(index).filter(slug=SAMPLE_SLUG).exists():
            return None
        day = timeutils.local_today(self.now) + datetime.timedelta(days=30)
        start = timeutils.local_midnight(day) + datetime.timedelta(hours=8)
        page = EventPage(
            title="[Sự kiện mẫu] Kết nối cung cầu sản phẩm OCOP",
            slug=SAMPLE_SLUG,
            event_type=EventType.MATCHING,
            intro=(
                "<p>Đây là SỰ KIỆN MẪU để thử chức năng đăng ký; không phải sự kiện có thật và "
                "không có ai tổ chức.</p>"
            ),
            start=start,
            end=start + datetime.timedelta(hours=3, minutes=30),
            venue="Địa điểm minh họa",
            organiser="Nội dung mẫu",
            capacity=20,
            registration_deadline=start - datetime.timedelta(days=2),
            agenda=[
                ("day", "Buổi sáng"),
                (
                    "item",
                    {
                        "start_time": datetime.time(8, 0),
                        "end_time": datetime.time(8, 30),
                        "title": "Đón khách, đăng ký tại chỗ",
                        "description": "",
                        "speaker": "",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(8, 30),
                        "end_time": datetime.time(10, 0),
                        "title": "Chủ thể OCOP giới thiệu sản phẩm",
                        "description": "Mỗi chủ thể trình bày 5 phút.",
                        "speaker": "",
                    },
                ),
                (
                    "item",
                    {
                        "start_time": datetime.time(10, 0),
                        "end_time": datetime.time(11, 30),
                        "title": "Gặp gỡ riêng giữa người mua và chủ thể",
                        "description": "",
                        "speaker": "",
                    },
                ),
            ],
        )
        return self.add(index, page)

    def load(self):
        """Create the event index, the past events and the sample; returns created counts."""
        index = self.index()
        localities = self.localities()
        sources = milestone_sources()
        for item in PAST_EVENTS:
            self.past_event(index, item, localities, sources)
        self.sample_event(index)
        self.log("Events: {events} created".format(**self.created))
        return self.created
