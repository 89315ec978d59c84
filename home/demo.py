"""Site tree for the demo: the home page, the "About" page and site settings.

The province comes from the data (``ProgrammeSettings.province_name``), not
from code: templates read the setting.
"""

from wagtail.models import Locale, Page, Site

from core.models import MenuItem, ProgrammeSettings
from home.models import HomePage, StandardPage

ABOUT_BODY = [
    ("heading", {"text": "Chương trình OCOP là gì?", "level": "h2"}),
    (
        "paragraph",
        "<p>Chương trình Mỗi xã một sản phẩm (OCOP) phát triển các sản phẩm đặc trưng "
        "của địa phương theo chuỗi giá trị, do các hợp tác xã, doanh nghiệp, tổ hợp tác "
        "và hộ kinh doanh thực hiện. Sản phẩm được hội đồng đánh giá, chấm điểm theo bộ "
        "tiêu chí và xếp hạng từ 1 đến 5 sao; từ 3 sao trở lên là sản phẩm OCOP.</p>",
    ),
    (
        "facts",
        {
            "title": "Xếp hạng theo điểm (thang 100)",
            "facts": [
                {"label": "5 sao", "value": "90–100 điểm (cấp trung ương công nhận)"},
                {"label": "4 sao", "value": "70–89 điểm"},
                {"label": "3 sao", "value": "50–69 điểm"},
            ],
        },
    ),
    (
        "paragraph",
        "<p>Giấy chứng nhận có giá trị 36 tháng kể từ ngày ra quyết định. Sản phẩm hết hạn "
        "cần được đánh giá lại để tiếp tục sử dụng biểu trưng OCOP.</p>",
    ),
]


def ensure_home(hostname="localhost", port=80):
    """Return the site's :class:`HomePage`, replacing Wagtail's welcome page once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = root.get_children().filter(slug="home").first()
        if welcome and not isinstance(welcome.specific, HomePage):
            welcome.slug = "home-old"
            welcome.save()
        home = HomePage(
            title="Trang chủ",
            slug="home",
            locale=Locale.get_default(),
            hero_title="Sản phẩm OCOP — tinh hoa địa phương",
            hero_text=(
                "Tra cứu sản phẩm đạt chuẩn OCOP, thông tin chứng nhận và liên hệ "
                "trực tiếp với chủ thể sản xuất."
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        if welcome and not isinstance(welcome.specific, HomePage):
            welcome.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="OCOP",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_about(home):
    if StandardPage.objects.child_of(home).filter(slug="gioi-thieu").exists():
        return
    page = StandardPage(
        title="Giới thiệu chương trình OCOP",
        slug="gioi-thieu",
        show_in_menus=True,
        intro="<p>Chương trình Mỗi xã một sản phẩm của tỉnh.</p>",
        body=ABOUT_BODY,
    )
    home.add_child(instance=page)
    page.save_revision().publish()


def ensure_settings(site, province_name):
    """Fill empty programme settings with the demo province's values."""
    settings = ProgrammeSettings.for_site(site)
    if not settings.province_name:
        settings.province_name = province_name
        settings.tagline = "Mỗi xã một sản phẩm — One Commune One Product"
        settings.office_email = "vanphong-ocop@example.org"
        settings.address = "Văn phòng Điều phối nông thôn mới"
        settings.save()
    return settings


# The demo's main menu: a visitor's order, short labels that fit one row on a desktop.
MENU = (
    ("san-pham-ocop", "Sản phẩm"),
    ("chu-the-ocop", "Chủ thể"),
    ("tra-cuu-chung-nhan", "Tra cứu chứng nhận"),
    ("xuc-tien-thuong-mai", "Xúc tiến"),
    ("su-kien", "Sự kiện"),
    ("tin-tuc", "Tin tức"),
    ("ocop-qua-cac-con-so", "Số liệu"),
    ("gioi-thieu", "Giới thiệu"),
)


def ensure_menu(home):
    """The *Main menu* snippet for the demo, once: an editor's menu is never touched.

    Pages of :data:`MENU` that exist under ``home``; returns how many items were created.
    """
    if MenuItem.objects.exists():
        return 0
    pages = {page.slug: page for page in home.get_children().filter(slug__in=dict(MENU))}
    items = [
        MenuItem(page=pages[slug], label=label, locale=home.locale, sort_order=index)
        for index, (slug, label) in enumerate(MENU)
        if slug in pages
    ]
    MenuItem.objects.bulk_create(items)
    return len(items)
