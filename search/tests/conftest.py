"""Fixtures for the search tests: a small catalogue with real Vietnamese names."""

import pytest
from django.core.cache import cache

from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    group,
    make_product,
)
from taxonomy.models import Locality


@pytest.fixture(autouse=True)
def _clear_cache():
    # Popular searches are cached; every test starts afresh.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(site_tree):
    """Products and producers named as in the real data, plus an "About" page.

    Keys: the ``site_tree`` keys, ``nuoc_mam``, ``dau_phong``, ``mat_ong``,
    ``khom``, ``mang_say`` (a Đồng Din product whose own name does not say
    so), ``stream_only`` (a word only inside a StreamField block),
    ``dong_din`` (producer), ``about`` (standard page), ``song_cau``,
    ``dong_xuan`` (localities).
    """
    from home.models import StandardPage

    song_cau = LocalityFactory(name="Thị xã Sông Cầu", slug="thi-xa-song-cau")
    dong_xuan = LocalityFactory(name="Huyện Đồng Xuân", slug="huyen-dong-xuan")
    phu_hoa = LocalityFactory(name="Huyện Phú Hòa", slug="huyen-phu-hoa")
    food = group("thuc-pham-2023")
    products = site_tree["products"]
    producers = site_tree["producers"]
    tan_lap = ProducerPageFactory(
        parent=producers, title="Hộ sản xuất kinh doanh nước mắm Tân Lập", locality=song_cau
    )
    dong_din = ProducerPageFactory(
        parent=producers, title="HTX Nông nghiệp kinh doanh tổng hợp Đồng Din", locality=phu_hoa
    )
    data = dict(site_tree)
    data.update(
        song_cau=song_cau,
        dong_xuan=dong_xuan,
        phu_hoa=phu_hoa,
        dong_din=dong_din,
        tan_lap=tan_lap,
        nuoc_mam=make_product(
            products,
            "Nước mắm Tân Lập",
            stars=4,
            producer=tan_lap,
            group=food,
            locality=song_cau,
            summary="Nước mắm truyền thống ủ chượp trong thùng gỗ.",
        ),
        dau_phong=make_product(
            products,
            "Dầu phộng Xuân Phước",
            stars=3,
            group=food,
            locality=dong_xuan,
            summary="Dầu ép từ đậu phộng địa phương.",
        ),
        mat_ong=make_product(
            products,
            "Mật ong hoa cà phê",
            stars=3,
            locality=dong_xuan,
            summary="Mật ong nguyên chất.",
        ),
        khom=make_product(
            products,
            "Khóm sấy Đồng Din",
            stars=4,
            producer=dong_din,
            group=food,
            locality=phu_hoa,
        ),
        mang_say=make_product(
            products, "Măng sấy", stars=3, producer=dong_din, group=food, locality=phu_hoa
        ),
        stream_only=make_product(
            products,
            "Bánh tráng phơi sương",
            stars=5,
            group=food,
            locality=phu_hoa,
            body=[
                ("heading", {"text": "Cách làm", "level": "h2"}),
                ("quote", {"quote": "Bánh được nướng trên bếp than củi nhãn.", "attribution": ""}),
            ],
        ),
    )
    about = StandardPage(
        title="Giới thiệu chương trình OCOP",
        slug="gioi-thieu",
        intro="<p>Chương trình Mỗi xã một sản phẩm.</p>",
        body=[("paragraph", "<p>Sản phẩm được chấm điểm và xếp hạng sao.</p>")],
    )
    site_tree["home"].add_child(instance=about)
    about.save_revision().publish()
    data["about"] = about
    assert Locality.objects.count() >= 3
    return data
