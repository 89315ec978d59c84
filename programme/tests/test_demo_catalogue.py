"""The demo catalogue goes through the importer; its tags match whole folded words."""

import pytest

from products_catalog.models import CertificationDecision, ProducerPage, ProductPage
from programme import demo_catalogue
from programme.models import ImportLog

# Every product of the shipped CSV and the tags its name calls for, by eye: "Cà phê" is
# coffee, not fish ("cá"); "Cá bò" is a fish, not beef; "Bà Mười" is a person, not salt;
# "Nước rửa chén" is dish soap, not fish sauce.
EXPECTED_TAGS = {
    "Dầu phộng Xuân Phước": [],
    "Trà Diệp Hạ Châu": ["Trà"],
    "Nước mắm Tân Lập": ["Nước mắm"],
    "Rượu tằm Hòa Phong": ["Rượu"],
    "Hạt tiêu đen Sơn Thành": [],
    "Gạo thơm Hoa Vàng": ["Gạo"],
    "Cam sành": [],
    "Cam V2": [],
    "Bưởi da xanh": [],
    "Khóm (trái dứa) Đồng Din": ["Khóm Đồng Din"],
    "Bánh khóm Đồng Din": ["Khóm Đồng Din"],
    "Khóm sấy Đồng Din": ["Khóm Đồng Din"],
    "Giấm khóm Đồng Din": ["Khóm Đồng Din"],
    "Rượu khóm Đồng Din": ["Khóm Đồng Din", "Rượu"],
    "Măng sấy": [],
    "Lá giang sấy": [],
    "Nước rửa chén sinh học Đồng Din": [],
    "Nước mắm truyền thống Mỹ Quang": ["Nước mắm"],
    "Cà phê Superior": ["Cà phê"],
    "Nước rửa chén sinh học": [],
    "Trà Dây Thìa Canh": ["Trà"],
    "Gạo chất lượng Hòa Thành": ["Gạo"],
    "Du lịch trải nghiệm văn hóa bản địa kết nối cộng đồng tại Mộc Miên Rocky Garden": ["Du lịch"],
    "Cá ngừ đại dương": ["Hải sản"],
    "Nước mắm nhĩ Bà Mười": ["Nước mắm"],
    "Rượu Quán Đế": ["Rượu"],
    "Muối hạt sạch": ["Muối"],
    "Muối hầm sạch": ["Muối"],
    "Rong nho tách nước": ["Hải sản"],
    "Cá bò da rim mật ong": ["Hải sản", "Mật ong"],
    "Cá cơm 3 vị": ["Hải sản"],
    "Hải sản ăn liền 9 vị": ["Hải sản"],
    "Mực rim hoa vàng": ["Hải sản"],
    "Cá mai giòn 3 vị": ["Hải sản"],
    "Chả ram tôm đất": ["Hải sản"],
    "Mực 1 nắng": ["Hải sản"],
    "Mắm mực Phú Khang": ["Hải sản", "Nước mắm"],
    "Cá cơm rim Phú Khang": ["Hải sản"],
    "Nước mắm nhỉ Phú Khang": ["Nước mắm"],
    "Yến hũ chưng sẵn Huy Hoàng": [],
    "Chả cá chiên Hồng Ngọc": ["Hải sản"],
    "Nước mắm cổ truyền làng Yến": ["Nước mắm"],
    "Ghẹ hấp Khánh Hà": ["Hải sản"],
    "Măng mầm lục trúc Y Na": [],
    "Ba rọi một nắng Thúy Liễu": [],
    "Chả bò ớt xiêm xanh": ["Thịt bò"],
    "Bò 2 nắng Thúy Liễu thượng hạng": ["Thịt bò"],
    "Nhãn hương chi Sáu Thiệu": [],
    "Bò một nắng Buôn Hai Riêng": ["Thịt bò"],
    "Sầu riêng": [],
    "Bò gác bếp - bò một nắng Mí Dung": ["Thịt bò"],
}


def test_the_table_covers_every_product_of_the_csv():
    names = [row["name"] for row in demo_catalogue.read_rows()]
    assert len(names) == 52
    assert set(names) == set(EXPECTED_TAGS)


@pytest.mark.parametrize("name", sorted(EXPECTED_TAGS))
def test_tags_follow_whole_words_of_the_name(name):
    assert demo_catalogue.tags_for(name) == EXPECTED_TAGS[name]


def test_multi_word_phrases_match_consecutive_words_only():
    assert demo_catalogue.tags_for("Mật ong rừng") == ["Mật ong"]
    assert demo_catalogue.tags_for("Ong mật") == []  # not consecutive, in that order
    assert demo_catalogue.tags_for("Nước mắm") == ["Nước mắm"]
    assert demo_catalogue.tags_for("Mắm nước") == []
    assert demo_catalogue.tags_for("Cacao") == []  # a word containing "ca" is not "ca"


@pytest.mark.django_db
def test_loader_goes_through_the_importer_and_decorates_once(catalogue):
    counts = demo_catalogue.load(catalogue["home"])
    assert (counts["products"], counts["producers"]) == (52, 22)
    log = ImportLog.objects.get()
    assert (log.status, log.source, log.column_format, log.publish) == (
        "applied",
        "command",
        "catalogue",
        True,
    )
    for product in ProductPage.objects.prefetch_related("tags", "gallery_images__image"):
        assert sorted(t.name for t in product.tags.all()) == EXPECTED_TAGS[product.title]
        (picture,) = product.gallery_images.all()
        assert picture.image.is_placeholder
        assert product.live and not product.has_unpublished_changes
    producer = ProducerPage.objects.get(title="HTX Muối Tuyết Diêm")
    assert "Thị xã Sông Cầu" in producer.description
    # 2023's year-only decisions get the rules' warnings, acknowledged by "import".
    decision = CertificationDecision.objects.get(
        decision_year=2023, issuing_body="UBND Thị xã Sông Cầu"
    )
    assert decision.acknowledged and {a["by"] for a in decision.acknowledged} == {"import"}

    again = demo_catalogue.load(catalogue["home"])
    assert again == {"products": 0, "producers": 0, "decorated": 0}
    assert ImportLog.objects.count() == 1  # nothing new to import: no second log
