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
from wagtail.models import Locale, Site

from core.localize import translate
from core.models import MenuItem, ProgrammeSettings, Tag
from core.text import slugify_vi
from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import CampaignIndexPage, CampaignPage, NewsCategory, NewsIndexPage, NewsPage
from products_catalog import rules
from products_catalog.models import ProducerPage, ProductIndexPage, ProductPage
from programme.models import ProgrammeTarget
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
    (
        "tra-cuu-chung-nhan",
        "Check an OCOP certificate",
        "certificate-check",
        {
            (
                "Nhập tên sản phẩm, tên chủ thể hoặc số quyết định công nhận để kiểm tra "
                "sản phẩm có trong danh sách OCOP của tỉnh và chứng nhận còn hiệu lực hay không. "
                "Có thể gõ không dấu."
            ): (
                "Type a product name, a producer name or the number of a certification decision "
                "to check whether a product is on the province's OCOP list and whether its "
                "certificate is still valid. Vietnamese accents are optional."
            ),
            (
                "Nếu nghi ngờ một sản phẩm dùng nhãn OCOP không đúng, vui lòng báo cho Văn phòng "
                "Điều phối qua số điện thoại hoặc email ở cuối trang."
            ): (
                "If you suspect a product of using the OCOP mark wrongly, please tell the "
                "coordination office by the phone number or e-mail at the foot of the page."
            ),
        },
    ),
    (
        "xuc-tien-thuong-mai",
        "Trade promotion",
        "trade-promotion",
        {
            "Các chiến dịch quảng bá, kết nối tiêu thụ sản phẩm OCOP.": (
                "Campaigns that promote OCOP products and connect them with buyers."
            ),
        },
    ),
    (
        "su-kien",
        "Events",
        "events",
        {
            (
                "Hội chợ, phiên chợ, kết nối cung cầu, tập huấn và lễ trao chứng nhận sản "
                "phẩm OCOP."
            ): (
                "Fairs, market sessions, buyer–producer matching, training and OCOP "
                "certificate ceremonies."
            ),
        },
    ),
    (
        "tin-tuc",
        "News",
        "news",
        {
            "search_description": "News of the OCOP programme",
            "Tin về Chương trình OCOP, chính sách và các chủ thể sản xuất.": (
                "News of the OCOP programme, its policies and its producers."
            ),
        },
    ),
    (
        "ocop-qua-cac-con-so",
        "OCOP in figures",
        "ocop-in-figures",
        {
            (
                "Số sản phẩm OCOP theo hạng sao, nhóm sản phẩm, địa phương, loại hình chủ thể "
                "và năm công nhận; các giấy chứng nhận hết hạn trong năm và tiến độ thực hiện "
                "mục tiêu của tỉnh. Số liệu được tính trực tiếp từ cơ sở dữ liệu."
            ): (
                "OCOP products by stars, product group, locality, type of producer and year "
                "of certification; the certificates expiring this year and the province's "
                "progress towards its targets. The figures are computed live from the "
                "database."
            ),
        },
    ),
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

_RESULTS = {"Kết quả": "Results"}

#: The demo events (by Vietnamese slug): English title, English slug and {Vietnamese text:
#: English}. Dates, place, locality and registration settings are shared facts (not here).
EVENTS = {
    "trao-chung-nhan-ocop-dot-1-nam-2022": (
        "OCOP certificate ceremony, first round of 2022",
        "ocop-certificate-ceremony-first-round-2022",
        {
            **_RESULTS,
            (
                "Chín sản phẩm nhận giấy chứng nhận OCOP trong đợt đầu năm 2022: hai sản phẩm 4 "
                "sao và bảy sản phẩm 3 sao."
            ): (
                "Nine products received their OCOP certificates in the first round of 2022: "
                "two rated 4 stars and seven rated 3 stars."
            ),
            "Sản phẩm được chứng nhận": "Products certified",
            "4 sao": "4 stars",
            "3 sao": "3 stars",
            "Sản phẩm OCOP cấp tỉnh đến thời điểm này": "Provincial OCOP products to date",
        },
    ),
    "phien-cho-dua-hang-viet-ve-mien-nui-son-hoa-2022": (
        "“Vietnamese goods to the mountains” market sessions in Sơn Hòa",
        "vietnamese-goods-to-the-mountains-market-sessions-son-hoa-2022",
        {
            **_RESULTS,
            "venue": "Ea Chà Rang and Sơn Định communes",
            "organiser": "Phú Yên Department of Industry and Trade",
            "date_note": (
                "The source says only that the two market sessions took place in 2022, "
                "without the month; the date shown is an estimate."
            ),
            (
                "Hai phiên chợ đưa hàng Việt đến người dân hai xã miền núi của huyện Sơn Hòa, có "
                "doanh nghiệp mang sản phẩm địa phương tham gia."
            ): (
                "Two market sessions brought Vietnamese goods to the people of two mountain "
                "communes of Sơn Hòa District, with businesses selling local products."
            ),
            "Số phiên chợ": "Market sessions",
            "Doanh nghiệp tham gia": "Participating businesses",
            "Lượt khách": "Visits",
            "khoảng 5.800": "about 5,800",
        },
    ),
    "ngay-hoi-quang-ba-ket-noi-du-lich-tuy-hoa-2023": (
        "Tourism promotion day linking the Central Highlands cities with Tuy Hòa City",
        "tourism-promotion-day-central-highlands-tuy-hoa-2023",
        {
            "venue": "1 April Square, Tuy Hòa City",
            "date_note": (
                "Date as reported by the source, which gives neither the opening hours nor "
                "the length of the fair."
            ),
            (
                "Bốn thành phố vùng Tây Nguyên cùng TP Tuy Hòa giới thiệu du lịch; hội chợ đi kèm "
                "có 70 gian hàng, trong đó có gian trưng bày sản phẩm OCOP."
            ): (
                "Four Central Highlands cities and Tuy Hòa City presented their tourism; the "
                "fair alongside had 70 stands, OCOP product displays among them."
            ),
            "Quy mô": "Scale",
            "Gian hàng": "Stands",
            "70, có sản phẩm OCOP": "70, with OCOP products",
        },
    ),
    "vinh-danh-san-pham-ocop-4-sao-nam-2023": (
        "Honouring the 4-star OCOP products of 2023",
        "honouring-4-star-ocop-products-2023",
        {
            **_RESULTS,
            "Cá ngừ đại dương của Công ty TNHH Hải sản Bình Minh được vinh danh OCOP 4 sao.": (
                "The ocean tuna of Bình Minh Seafood Co., Ltd. was honoured as a 4-star OCOP "
                "product."
            ),
            "Sản phẩm 4 sao": "4-star product",
            "Cá ngừ đại dương (Bình Minh)": "Ocean tuna (Bình Minh)",
        },
    ),
    "dong-hoa-trao-chung-nhan-ocop-3-sao-dot-1-2024": (
        "Đông Hòa Town certifies 12 products at OCOP 3 stars (first round of 2024)",
        "dong-hoa-certifies-12-ocop-3-star-products-2024",
        {
            **_RESULTS,
            "Mười hai sản phẩm của thị xã Đông Hòa nhận chứng nhận OCOP 3 sao.": (
                "Twelve products of Đông Hòa Town received OCOP 3-star certificates."
            ),
            "Sản phẩm được chứng nhận 3 sao": "Products certified at 3 stars",
            "Tổng số sản phẩm 3 sao của thị xã": "3-star products of the town in all",
        },
    ),
    "tuy-an-trao-chung-nhan-ocop-3-sao-dot-2-2024": (
        "Tuy An District certifies OCOP 3-star products, second round of 2024",
        "tuy-an-certifies-ocop-3-star-products-second-round-2024",
        {
            **_RESULTS,
            "Ba sản phẩm của huyện Tuy An được bổ sung vào danh sách sản phẩm OCOP 3 sao.": (
                "Three products of Tuy An District were added to the list of 3-star OCOP products."
            ),
            "Sản phẩm được chứng nhận 3 sao": "Products certified at 3 stars",
            "Sản phẩm OCOP của huyện": "OCOP products of the district",
            "37 (trong đó 1 sản phẩm 4 sao)": "37 (1 of them rated 4 stars)",
            (
                "Danh mục của trang này hiện ghi nhận những sản phẩm của đợt có trong nguồn "
                "dữ liệu; sản phẩm còn lại sẽ được bổ sung khi có thông tin."
            ): (
                "This site's catalogue lists the products of the round found in the source "
                "data; the others will be added when their details are known."
            ),
        },
    ),
    "su-kien-mau-ket-noi-cung-cau-san-pham-ocop": (
        "[Sample event] OCOP buyer–producer matching",
        "sample-event-ocop-buyer-producer-matching",
        {
            (
                "Đây là SỰ KIỆN MẪU để thử chức năng đăng ký; không phải sự kiện có thật và "
                "không có ai tổ chức."
            ): (
                "This is a SAMPLE EVENT for trying out registration; it is not a real event "
                "and nobody organises it."
            ),
            "venue": "Illustrative venue",
            "organiser": "Sample content",
            "Buổi sáng": "Morning",
            "Đón khách, đăng ký tại chỗ": "Welcome and registration on site",
            "Chủ thể OCOP giới thiệu sản phẩm": "OCOP producers present their products",
            "Mỗi chủ thể trình bày 5 phút.": "Five minutes for each producer.",
            "Gặp gỡ riêng giữa người mua và chủ thể": "One-to-one meetings of buyers and producers",
        },
    ),
}

#: The demo campaign (by Vietnamese slug), as :data:`EVENTS`, with its partner channel.
CAMPAIGNS = {
    "noi-dung-mau-tuan-le-san-pham-ocop-truc-tuyen": (
        "[Sample content] Online OCOP product week",
        "sample-content-online-ocop-product-week",
        {
            "lead": (
                "This is SAMPLE CONTENT illustrating a trade-promotion campaign page; it is "
                "not a real campaign. The featured products come from the OCOP catalogue."
            ),
            "goal": "Illustration: bringing 4-star OCOP products to a partner's online shop.",
            "cta_text": "See the product catalogue",
            "Gian hàng minh họa trên sàn thương mại điện tử": (
                "Illustrative shop on an e-commerce platform"
            ),
            "Ví dụ, không phải đối tác thật": "An example, not a real partner",
            (
                "Biên tập viên thay nội dung này bằng chiến dịch thật: thời gian, mục tiêu, "
                "sản phẩm tham gia, kênh phân phối đối tác và lời kêu gọi."
            ): (
                "Editors replace this content with a real campaign: dates, goal, "
                "participating products, partner sales channels and the call to action."
            ),
        },
    ),
}

#: English visitor-facing texts of the programme settings (filled when empty).
SETTINGS = {
    "programme_name_en": "OCOP Programme",
    "tagline_en": "One Commune One Product — the province's certified local products",
    "address_en": "New Rural Development Coordination Office",
}

#: News categories (by Vietnamese slug): English name and slug (snippet translations).
CATEGORIES = {
    "tin-chuong-trinh": ("Programme news", "programme-news"),
    "chinh-sach": ("Policy", "policy"),
    "cau-chuyen-chu-the": ("Producer stories", "producer-stories"),
    "thong-tin-thi-truong": ("Market information", "market-information"),
}

#: Short English labels of the main menu (by the Vietnamese page's slug), the menu items'
#: translations (the Vietnamese labels are just as short: one row on a desktop).
MENU_LABELS = {
    "san-pham-ocop": "Products",
    "chu-the-ocop": "Producers",
    "tra-cuu-chung-nhan": "Check a certificate",
    "xuc-tien-thuong-mai": "Trade promotion",
    "su-kien": "Events",
    "tin-tuc": "News",
    "ocop-qua-cac-con-so": "Figures",
    "gioi-thieu": "About",
}

#: English names of the demo's free tags (catalogue: ``programme/data/demo_catalogue.json``;
#: news: :mod:`news.demo`), set where an editor has not named them.
TAG_NAMES = {
    "Cà phê": "Coffee",
    "Du lịch": "Tourism",
    "Gạo": "Rice",
    "Hải sản": "Seafood",
    "Khóm Đồng Din": "Đồng Din pineapple",
    "Muối": "Salt",
    "Mật ong": "Honey",
    "Nước mắm": "Fish sauce",
    "Rượu": "Wines and spirits",
    "Thịt bò": "Beef",
    "Trà": "Tea",
    "Đề án OCOP": "OCOP scheme",
    "Kế hoạch OCOP": "OCOP plan",
    "Xúc tiến thương mại": "Trade promotion",
    "Tập huấn": "Training",
    "Hỗ trợ chủ thể": "Support for producers",
    "Hội đồng đánh giá": "Evaluation council",
    "Hợp tác xã": "Cooperatives",
    "4 sao": "4 stars",
    "Số liệu OCOP": "OCOP figures",
    "Sắp xếp đơn vị hành chính": "Reorganisation of administrative units",
}

#: The demo targets' rules (:mod:`programme.demo`, :mod:`programme.demo_records`) in
#: English: the plan's wording rendered as it is, numbers and years unchanged.
TARGET_RULES = {
    "Năm 2021 phấn đấu có ít nhất 15 sản phẩm được công nhận đạt chuẩn OCOP cấp tỉnh.": (
        "In 2021, strive for at least 15 products recognised as meeting the provincial-level "
        "OCOP standard."
    ),
    (
        "Năm 2022 có ít nhất 18 sản phẩm được đánh giá, phân hạng từ 3 sao trở lên; "
        "mỗi địa phương cấp huyện có ít nhất 2 sản phẩm."
    ): (
        "In 2022, at least 18 products evaluated and rated 3 stars or more; at least 2 products "
        "in each district-level locality."
    ),
    (
        "Giai đoạn 2022–2025: mỗi năm có ít nhất 18 sản phẩm đạt từ 3 sao trở lên, "
        "đến cuối năm 2025 có ít nhất 90 sản phẩm."
    ): (
        "2022–2025: at least 18 products rated 3 stars or more each year, and at least 90 "
        "products by the end of 2025."
    ),
    (
        "Năm 2021: 100% cán bộ quản lý Chương trình OCOP các cấp được tập huấn về triển khai "
        "chương trình và đánh giá, phân hạng sản phẩm."
    ): (
        "2021: 100% of the officials managing the OCOP Programme at every level trained in "
        "carrying out the programme and in evaluating and rating products."
    ),
    (
        "Năm 2021: 100% cán bộ quản lý của các doanh nghiệp, hợp tác xã, hộ sản xuất tham gia "
        "chương trình trong năm được tập huấn."
    ): (
        "2021: 100% of the managers of the enterprises, cooperatives and production households "
        "taking part in the programme during the year trained."
    ),
}

#: The demo news items' byline (Vietnamese, English).
NEWS_BYLINE = ("Ban biên tập", "Editorial team")

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
                    f"Từ {latest.start:%d/%m/%Y} ({latest.basis})",
                    f"Since {latest.start.day} {latest.start:%B %Y} ({latest.basis})",
                    pairs,
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
            self.changed.append(str(getattr(target, "title", target)))
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
        self.categories()
        self.news()
        self.events()
        self.campaigns()
        self.menu()
        self.settings()
        self.tags()
        self.target_rules()
        if self.stdout is not None:
            self.stdout.write(f"English: {self.counts['pages']} pages translated or updated.")
            for title in self.changed:
                self.stdout.write(f"  {title}")
        return self.counts

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
            strings = {"title": title, "slug": _slug(title), **pairs}
            if page.byline == NEWS_BYLINE[0]:
                strings["byline"] = NEWS_BYLINE[1]
            self.put(page, strings)

    def categories(self):
        """English translations of the news categories (snippets, same records)."""
        default = self.home.locale
        for category in NewsCategory.objects.filter(locale=default, slug__in=list(CATEGORIES)):
            name, slug = CATEGORIES[category.slug]
            strings = {"name": name, "slug": slug}
            if category.description:
                strings["description"] = category.description
            self.put(category, strings)

    def events(self):
        index = EventIndexPage.objects.child_of(self.home).first()
        if index is None:
            return
        for page in EventPage.objects.child_of(index).filter(slug__in=list(EVENTS)):
            title, slug, pairs = EVENTS[page.slug]
            self.put(page, {"title": title, "slug": slug, **pairs})

    def campaigns(self):
        index = CampaignIndexPage.objects.child_of(self.home).first()
        if index is None:
            return
        for page in CampaignPage.objects.child_of(index).filter(slug__in=list(CAMPAIGNS)):
            title, slug, pairs = CAMPAIGNS[page.slug]
            self.put(page, {"title": title, "slug": slug, **pairs})

    def menu(self):
        """Short English labels: translations of the Vietnamese menu items."""
        items = MenuItem.objects.filter(locale=self.home.locale).select_related("page")
        for item in items:
            label = MENU_LABELS.get(item.page.slug)
            if label:
                self.put(item, {"label": label})

    def settings(self):
        """English site title, tagline and address, where an editor has not set them."""
        site = Site.objects.filter(root_page=self.home).first()
        programme = ProgrammeSettings.objects.filter(site=site).first() if site else None
        if programme is None:
            return
        empty = {name: value for name, value in SETTINGS.items() if not getattr(programme, name)}
        if empty:
            for name, value in empty.items():
                setattr(programme, name, value)
            programme.save(update_fields=list(empty))
            self.changed.append(_in(LANGUAGE, ProgrammeSettings._meta.verbose_name))

    def tags(self):
        """English names of the demo's tags (``Tag.name_en``), where none is set."""
        for tag in Tag.objects.filter(name_en=""):
            name_en = TAG_NAMES.get(tag.name)
            if name_en:
                tag.name_en = name_en
                tag.save(update_fields=["name_en"])  # saved, not updated: caches go stale
                self.changed.append(f"{_in(LANGUAGE, Tag._meta.verbose_name)}: {name_en}")

    def target_rules(self):
        """English rules of the demo's targets (``ProgrammeTarget.rule_en``), where none is set."""
        for target in ProgrammeTarget.objects.filter(rule_en="", rule__in=TARGET_RULES):
            target.rule_en = TARGET_RULES[target.rule]
            target.save(update_fields=["rule_en"])
            self.changed.append(f"{_in(LANGUAGE, ProgrammeTarget._meta.verbose_name)}: {target}")
