"""English demo content (issue 13), loaded through wagtail-localize's own records.

Every English page here is a translation of a Vietnamese demo page made with
:func:`core.localize.translate` (``TranslationSource`` → ``Translation`` →
``StringTranslation`` → the target page), so the admin's translation editor opens it and an
outside translator can export it as PO. Nothing is invented: product names stay Vietnamese
with an English descriptor ("Nước mắm Tân Lập — traditional fish sauce"), product summaries
and producer descriptions are composed from the Vietnamese facts (stars, producer,
locality, year), the OCOP explainer from :mod:`products_catalog.rules`. Idempotent: a
second run writes nothing (``translate`` returns ``changed=False``).
"""

from django.utils import translation
from wagtail.models import Locale, Page

from core.localize import translate
from core.models import MenuItem
from core.text import slugify_vi
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from products_catalog import rules
from products_catalog.models import ProducerPage, ProductIndexPage, ProductPage
from taxonomy.models import CriteriaVersion, ProductGroup

LANGUAGE = "en"

#: English descriptor of each demo product (by its Vietnamese name): what the name says.
DESCRIPTORS = {
    "Dầu phộng Xuân Phước": "peanut oil",
    "Trà Diệp Hạ Châu": "Phyllanthus herbal tea",
    "Nước mắm Tân Lập": "traditional fish sauce",
    "Rượu tằm Hòa Phong": "mulberry wine",
    "Hạt tiêu đen Sơn Thành": "black pepper",
    "Gạo thơm Hoa Vàng": "fragrant rice",
    "Cam sành": "king orange",
    "Cam V2": "V2 orange",
    "Bưởi da xanh": "green-skin pomelo",
    "Khóm (trái dứa) Đồng Din": "pineapple",
    "Bánh khóm Đồng Din": "pineapple cakes",
    "Khóm sấy Đồng Din": "dried pineapple",
    "Giấm khóm Đồng Din": "pineapple vinegar",
    "Rượu khóm Đồng Din": "pineapple wine",
    "Măng sấy": "dried bamboo shoots",
    "Lá giang sấy": "dried giang leaves",
    "Nước rửa chén sinh học Đồng Din": "bio-based dishwashing liquid",
    "Nước mắm truyền thống Mỹ Quang": "traditional fish sauce",
    "Cà phê Superior": "coffee",
    "Nước rửa chén sinh học": "bio-based dishwashing liquid",
    "Trà Dây Thìa Canh": "Gymnema herbal tea",
    "Gạo chất lượng Hòa Thành": "quality rice",
    "Du lịch trải nghiệm văn hóa bản địa kết nối cộng đồng tại Mộc Miên Rocky Garden": (
        "community cultural experience tour"
    ),
    "Cá ngừ đại dương": "ocean tuna",
    "Nước mắm nhĩ Bà Mười": "first-press fish sauce",
    "Rượu Quán Đế": "rice wine",
    "Muối hạt sạch": "clean sea salt",
    "Muối hầm sạch": "clean roasted salt",
    "Rong nho tách nước": "dehydrated sea grapes",
    "Cá bò da rim mật ong": "leatherjacket fish braised in honey",
    "Cá cơm 3 vị": "three-flavour anchovies",
    "Hải sản ăn liền 9 vị": "nine-flavour ready-to-eat seafood",
    "Mực rim hoa vàng": "braised squid",
    "Cá mai giòn 3 vị": "crispy three-flavour sprats",
    "Chả ram tôm đất": "shrimp spring rolls",
    "Mực 1 nắng": "sun-dried squid",
    "Mắm mực Phú Khang": "fermented squid sauce",
    "Cá cơm rim Phú Khang": "braised anchovies",
    "Nước mắm nhỉ Phú Khang": "first-press fish sauce",
    "Yến hũ chưng sẵn Huy Hoàng": "ready-to-eat bird's nest in jars",
    "Chả cá chiên Hồng Ngọc": "fried fish cakes",
    "Nước mắm cổ truyền làng Yến": "traditional fish sauce",
    "Ghẹ hấp Khánh Hà": "steamed blue swimming crab",
    "Măng mầm lục trúc Y Na": "green bamboo shoots",
    "Ba rọi một nắng Thúy Liễu": "sun-dried pork belly",
    "Chả bò ớt xiêm xanh": "beef sausage with green bird's-eye chilli",
    "Bò 2 nắng Thúy Liễu thượng hạng": "premium twice-sun-dried beef",
    "Nhãn hương chi Sáu Thiệu": "Hương Chi longan",
    "Bò một nắng Buôn Hai Riêng": "sun-dried beef",
    "Sầu riêng": "durian",
    "Bò gác bếp - bò một nắng Mí Dung": "smoked and sun-dried beef",
}

#: (Vietnamese slug, English title, English slug, {Vietnamese text: English}) of the
#: section pages under the home page.
SECTIONS = (
    (
        "san-pham-ocop",
        "OCOP products",
        "ocop-products",
        {
            "<p>Các sản phẩm đã được công nhận đạt chuẩn OCOP từ 3 sao trở lên.</p>": (
                "<p>Products certified to the OCOP standard at 3 stars or more.</p>"
            ),
            "Các sản phẩm đã được công nhận đạt chuẩn OCOP từ 3 sao trở lên.": (
                "Products certified to the OCOP standard at 3 stars or more."
            ),
        },
    ),
    (
        "chu-the-ocop",
        "OCOP producers",
        "producers",
        {
            "Doanh nghiệp, hợp tác xã, tổ hợp tác và hộ kinh doanh có sản phẩm OCOP.": (
                "Enterprises, cooperatives, cooperative groups and household businesses "
                "with OCOP products."
            ),
        },
    ),
    ("tra-cuu-chung-nhan", "Check an OCOP certificate", "certificate-check", {}),
    ("tin-tuc", "News", "news", {}),
    (
        "gioi-thieu",
        "About the OCOP programme",
        "about",
        {
            "Chương trình Mỗi xã một sản phẩm của tỉnh.": (
                "The province's One Commune One Product programme."
            ),
            "Chương trình OCOP là gì?": "What is the OCOP programme?",
            (
                "Chương trình Mỗi xã một sản phẩm (OCOP) phát triển các sản phẩm đặc trưng "
                "của địa phương theo chuỗi giá trị, do các hợp tác xã, doanh nghiệp, tổ hợp tác "
                "và hộ kinh doanh thực hiện. Sản phẩm được hội đồng đánh giá, chấm điểm theo bộ "
                "tiêu chí và xếp hạng từ 1 đến 5 sao; từ 3 sao trở lên là sản phẩm OCOP."
            ): (
                "The One Commune One Product (OCOP) programme develops each locality's "
                "distinctive products along their value chain, made by cooperatives, "
                "enterprises, cooperative groups and household businesses. A council "
                "assesses each product, scores it against the criteria and rates it from 1 "
                "to 5 stars; 3 stars or more make an OCOP product."
            ),
            "Xếp hạng theo điểm (thang 100)": "Rating by score (out of 100)",
            "5 sao": "5 stars",
            "4 sao": "4 stars",
            "3 sao": "3 stars",
            "90–100 điểm (cấp trung ương công nhận)": "90–100 points (certified centrally)",
            "70–89 điểm": "70–89 points",
            "50–69 điểm": "50–69 points",
            (
                "Giấy chứng nhận có giá trị 36 tháng kể từ ngày ra quyết định. Sản phẩm hết hạn "
                "cần được đánh giá lại để tiếp tục sử dụng biểu trưng OCOP."
            ): (
                "A certificate is valid for 36 months from the date of the decision. An "
                "expired product must be assessed again to keep using the OCOP mark."
            ),
        },
    ),
)

HOME = {
    "title": "Home",
    "slug": "home-en",
    "hero_title": "OCOP products — the best of the province",
    "hero_text": (
        "Find products certified to the OCOP standard, their certificates, and contact "
        "their producers directly."
    ),
}

#: Three demo news items (by Vietnamese title): English title and {Vietnamese: English}.
NEWS = {
    "HTX Đồng Din góp 8 sản phẩm vào đợt công nhận OCOP đầu năm 2022": (
        "Đồng Din cooperative brings 8 products to the first OCOP certification round of 2022",
        {
            (
                "Trong 9 sản phẩm được trao chứng nhận OCOP đợt 1 năm 2022, có 8 sản phẩm "
                "của Hợp tác xã Nông nghiệp kinh doanh tổng hợp Đồng Din (Phú Hòa), phần lớn "
                "làm từ trái khóm."
            ): (
                "Of the 9 products certified in the first OCOP round of 2022, 8 come from the "
                "Đồng Din general agricultural business cooperative (Phú Hòa), most of them "
                "made from pineapple."
            ),
            (
                "Từ trái khóm tươi, hợp tác xã làm ra khóm sấy, bánh khóm, giấm khóm, rượu "
                "khóm; bên cạnh đó là măng sấy, lá giang sấy và nước rửa chén sinh học. "
                "Sản phẩm thứ chín của đợt là nước mắm truyền thống Mỹ Quang (Tuy An)."
            ): (
                "From fresh pineapple the cooperative makes dried pineapple, pineapple cakes, "
                "pineapple vinegar and pineapple wine, besides dried bamboo shoots, dried "
                "giang leaves and a bio-based dishwashing liquid. The round's ninth product "
                "is Mỹ Quang traditional fish sauce (Tuy An)."
            ),
        },
    ),
    "Cá ngừ đại dương của Hải sản Bình Minh đạt OCOP 4 sao": (
        "Bình Minh Seafood's ocean tuna rated OCOP 4 stars",
        {
            (
                "Cuối năm 2023, sản phẩm cá ngừ đại dương của Công ty TNHH Hải sản Bình Minh "
                "được vinh danh là sản phẩm OCOP đạt 4 sao."
            ): (
                "At the end of 2023, the ocean tuna of Bình Minh Seafood Co., Ltd. was "
                "honoured as a 4-star OCOP product."
            ),
            (
                "Cá ngừ đại dương là đặc sản của vùng biển tỉnh. Thông tin về quy cách và "
                "kênh bán của sản phẩm có ở trang sản phẩm trong danh mục OCOP."
            ): (
                "Ocean tuna is a speciality of the province's sea. The product's "
                "specifications and sales channels are on its page in the OCOP catalogue."
            ),
        },
    ),
    "Từ 1/7/2025, Phú Yên thuộc tỉnh Đắk Lắk mới": (
        "Since 1 July 2025, Phú Yên is part of the new Đắk Lắk Province",
        {
            (
                "Cấp huyện chấm dứt hoạt động trên cả nước; tỉnh Phú Yên hợp nhất với tỉnh Đắk "
                "Lắk thành tỉnh Đắk Lắk mới."
            ): (
                "District-level government ended nationwide; Phú Yên Province merged with "
                "Đắk Lắk Province into the new Đắk Lắk Province."
            ),
            (
                "Trong danh mục, mỗi sản phẩm vẫn ghi địa bàn tại thời điểm được công nhận "
                "(huyện, thị xã, thành phố cũ) và cho biết đơn vị hành chính đang quản lý "
                "địa bàn đó hiện nay."
            ): (
                "In the catalogue, each product still shows its locality when it was "
                "certified (the former district, town or city) and the administrative unit "
                "that holds that area today."
            ),
            (
                "Tin được tổng hợp từ nguồn thứ cấp; cần đối chiếu với nghị quyết chính thức "
                "trước khi trích dẫn số liệu."
            ): (
                "Compiled from secondary sources; check the official resolution before "
                "quoting figures."
            ),
        },
    ),
}

EXPLAINER_SLUG = "ocop-cho-nha-nhap-khau"
EXPLAINER_TITLE = ("OCOP dành cho nhà nhập khẩu", "OCOP explained for buyers", "ocop-for-buyers")


def _both(text_vi, text_en, pairs):
    pairs[text_vi] = text_en
    return text_vi


def _in(language, value):
    with translation.override(language):
        return str(value)


def explainer_body(pairs):
    """The explainer's StreamField (Vietnamese) from the rules; ``pairs`` gets vi → en."""
    bands = [band for band in rules.STAR_BANDS if rules.is_ocop(band[0])]
    star_rows = [
        {
            "label": _both(f"{stars} sao", f"{stars} stars", pairs),
            "value": _both(f"{low}–{high} điểm", f"{low}–{high} points", pairs),
        }
        for stars, low, high in reversed(bands)
    ]
    latest = rules.LEVEL_PERIODS[-1]
    who_rows = [
        {
            "label": _both(
                _in("vi", rules.Level(level).label), _in("en", rules.Level(level).label), pairs
            ),
            "value": _both(
                " và ".join(f"{n} sao" for n in stars),
                " and ".join(f"{n} stars" for n in stars),
                pairs,
            ),
        }
        for level, stars in latest.allowed.items()
    ]
    groups = ProductGroup.objects.filter(
        parent__isnull=True, criteria_version=CriteriaVersion.D148_2023
    ).order_by("sort_order", "pk")
    group_rows = [
        {
            "label": _both(group.code or "—", group.code or "—", pairs),
            "value": _both(group.name, group.name_en or group.name, pairs),
        }
        for group in groups
    ]
    months, days = rules.VALIDITY_MONTHS, rules.EXPIRING_WITHIN_DAYS
    heading = {"level": "h2"}
    return [
        (
            "paragraph",
            "<p>"
            + _both(
                f"Sản phẩm OCOP là sản phẩm được hội đồng chấm từ {rules.score_band(3)[0]} "
                f"điểm (thang 100) trở lên, tức từ {rules.OCOP_MIN_STARS} sao.",
                f"An OCOP product is one a council scored {rules.score_band(3)[0]} points "
                f"(out of 100) or more, that is {rules.OCOP_MIN_STARS} stars or more.",
                pairs,
            )
            + "</p>",
        ),
        ("facts", {"title": _both("Hạng sao", "Star levels", pairs), "facts": star_rows}),
        ("heading", {**heading, "text": _both("Ai công nhận", "Who certifies", pairs)}),
        (
            "facts",
            {
                "title": _both(
                    f"Từ 01/07/2025 ({latest.basis})", f"Since 1 July 2025 ({latest.basis})", pairs
                ),
                "facts": who_rows,
            },
        ),
        ("heading", {**heading, "text": _both("Hiệu lực", "Validity", pairs)}),
        (
            "paragraph",
            "<p>"
            + _both(
                f"Giấy chứng nhận có giá trị {months} tháng kể từ ngày quyết định; trang sản "
                f"phẩm ghi “sắp hết hạn” khi còn {days} ngày trở xuống. Sản phẩm hết hạn hoặc "
                "bị thu hồi không được dùng biểu trưng OCOP.",
                f"A certificate is valid for {months} months from the decision date; a "
                f"product page says “expiring soon” when {days} days or fewer are left. An "
                "expired or revoked product may not carry the OCOP mark.",
                pairs,
            )
            + "</p>",
        ),
        ("heading", {**heading, "text": _both("Nhóm sản phẩm", "Product groups", pairs)}),
        (
            "facts",
            {
                "title": _both("Quyết định 148/QĐ-TTg (2023)", "Decision 148/QĐ-TTg (2023)", pairs),
                "facts": group_rows,
            },
        ),
    ]


def ensure_explainer(home):
    """The Vietnamese "OCOP for buyers" page (made once) and its English body strings."""
    pairs = {}
    body = explainer_body(pairs)
    page = StandardPage.objects.child_of(home).filter(slug=EXPLAINER_SLUG).first()
    if page is None:
        page = StandardPage(
            title=EXPLAINER_TITLE[0],
            slug=EXPLAINER_SLUG,
            intro="<p>"
            + _both(
                "Hạng sao, nhóm sản phẩm, hiệu lực và cơ quan công nhận OCOP.",
                "OCOP stars, product groups, validity and who certifies.",
                pairs,
            )
            + "</p>",
            body=body,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    else:
        _both(
            "Hạng sao, nhóm sản phẩm, hiệu lực và cơ quan công nhận OCOP.",
            "OCOP stars, product groups, validity and who certifies.",
            pairs,
        )
    return page, pairs


def english_summary(product):
    """ "Nước mắm Tân Lập: a 3★ OCOP product of …, Tuy An District, certified in 2020." from
    the product's facts (the English twin of the importer's Vietnamese summary)."""
    summary = product.certification
    if summary is None or not summary.stars:
        return ""
    stars = (
        f"a {summary.stars}★ OCOP product"
        if summary.stars_published
        else "an OCOP product rated 3★ or more (exact level not published)"
    )
    who = f" of {product.producer.title}" if product.producer_id else ""
    where = f" ({product.locality.english_name})" if product.locality_id else ""
    when = f", certified in {summary.decision_year}" if summary.decision_year else ""
    return f"{product.title}: {stars}{who}{where}{when}."


def english_title(product):
    descriptor = DESCRIPTORS.get(product.title)
    return f"{product.title} — {descriptor}" if descriptor else product.title


def _slug(text):
    return slugify_vi(text, max_length=80) or "page"


# Short English labels of the demo's main menu (home.demo.MENU), by Vietnamese page slug.
MENU_LABELS = {
    "san-pham-ocop": "Products",
    "chu-the-ocop": "Producers",
    "tra-cuu-chung-nhan": "Check a certificate",
    "xuc-tien-thuong-mai": "Trade promotion",
    "su-kien": "Events",
    "tin-tuc": "News",
    "ocop-qua-cac-con-so": "Statistics",
    "gioi-thieu": "About",
}


class EnglishLoader:
    """Translates the demo site into English; ``counts`` says what was new this run."""

    def __init__(self, home, stdout=None):
        self.home = home
        self.stdout = stdout
        self.counts = {"pages": 0}
        self.changed = []

    def put(self, page, strings):
        target, changed = translate(page, LANGUAGE, strings)
        if changed:
            self.counts["pages"] += 1
            self.changed.append(target.title)
        return target

    def load(self):
        if not Locale.objects.filter(language_code=LANGUAGE).exists():
            return self.counts
        # The Vietnamese explainer first: a new child changes the home page's source.
        explainer, explainer_pairs = ensure_explainer(self.home)
        self.put(self.home, HOME)
        for slug, title, english_slug, pairs in SECTIONS:
            page = self.home.get_children().filter(slug=slug).first()
            if page is not None:
                self.put(page.specific, {"title": title, "slug": english_slug, **pairs})
        self.put(
            explainer,
            {"title": EXPLAINER_TITLE[1], "slug": EXPLAINER_TITLE[2], **explainer_pairs},
        )
        self.products()
        self.news()
        self.menu()
        if self.stdout is not None:
            self.stdout.write(f"English: {self.counts['pages']} pages translated or updated.")
            for title in self.changed:
                self.stdout.write(f"  {title}")
        return self.counts

    def menu(self):
        """The main menu's items in English (short labels that fit one desktop row), for the
        pages translated so far; an item whose page has no English version yet waits."""
        english = set(
            Page.objects.filter(locale__language_code=LANGUAGE, live=True).values_list(
                "translation_key", flat=True
            )
        )
        items = MenuItem.objects.filter(locale=self.home.locale).select_related("page")
        for item in items:
            label = MENU_LABELS.get(item.page.slug)
            if label and item.page.translation_key in english:
                translate(item, LANGUAGE, {"label": label})

    def products(self):
        index = ProductIndexPage.objects.child_of(self.home).first()
        if index is None:
            return
        producers = (
            ProducerPage.objects.descendant_of(self.home)
            .filter(locale=self.home.locale)
            .select_related("locality")
        )
        for producer in producers:
            strings = {"slug": _slug(producer.title)}
            if producer.locality_id:
                strings[producer.description.replace("<p>", "").replace("</p>", "")] = (
                    f"Producer of OCOP products in {producer.locality.english_name}."
                )
            self.put(producer, strings)
        products = ProductPage.objects.child_of(index).select_related(
            "certification", "producer", "locality"
        )
        for product in products:
            title = english_title(product)
            self.put(
                product,
                {"title": title, "slug": _slug(title), "summary": english_summary(product)},
            )

    def news(self):
        index = NewsIndexPage.objects.child_of(self.home).first()
        if index is None:
            return
        for page in NewsPage.objects.child_of(index).filter(title__in=list(NEWS)):
            title, pairs = NEWS[page.title]
            self.put(page, {"title": title, "slug": _slug(title), **pairs})
