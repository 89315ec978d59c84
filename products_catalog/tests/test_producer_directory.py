"""Producer directory: filters, sort, bad input, cards and a constant number of queries."""

import datetime
import uuid
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core.testing import TEST_TODAY as TODAY
from core.text import fold
from products_catalog.models import ProducerType
from products_catalog.tests.factories import ProducerPageFactory, group, make_product, revoke
from taxonomy.models import Locality

pytestmark = pytest.mark.dated
LONG_AGO = TODAY - datetime.timedelta(days=5 * 365)  # certificate expired


def locality(name, level=Locality.Level.DISTRICT, **fields):
    return Locality.objects.create(
        name=name,
        level=level,
        locale=Locale.get_default(),
        translation_key=uuid.uuid4(),
        **fields,
    )


@pytest.fixture
def directory(site_tree):
    """Four producers with different types, places, groups, stars and validity."""
    products, producers = site_tree["products"], site_tree["producers"]
    new_province = locality("Đắk Lắk", Locality.Level.PROVINCE)
    old_province = locality(
        "Phú Yên",
        Locality.Level.PROVINCE,
        abolished_on=datetime.date(2025, 7, 1),
        successor=new_province,
    )
    tuy_an = locality("Huyện Tuy An", parent=old_province, successor=new_province)
    dong_hoa = locality("Thị xã Đông Hòa", parent=old_province, successor=new_province)
    other = locality("Huyện Khác")
    food, drinks = group("thuc-pham-2023"), group("do-uong-2023")

    honey = ProducerPageFactory(
        parent=producers,
        title="HTX Mật ong Tuy An",
        producer_type=ProducerType.COOPERATIVE,
        locality=tuy_an,
    )
    fish = ProducerPageFactory(
        parent=producers,
        title="Công ty Nước mắm Đông Hòa",
        producer_type=ProducerType.ENTERPRISE,
        locality=dong_hoa,
    )
    old = ProducerPageFactory(
        parent=producers,
        title="Hộ kinh doanh Bánh tráng",
        producer_type=ProducerType.HOUSEHOLD,
        locality=other,
    )
    empty = ProducerPageFactory(
        parent=producers,
        title="Tổ hợp tác Chưa có sản phẩm",
        producer_type=ProducerType.COOPERATIVE_GROUP,
        locality=other,
    )
    make_product(products, "Mật ong hoa cà phê", stars=4, producer=honey, group=food)
    make_product(products, "Mật ong rừng", stars=3, producer=honey, group=food)
    make_product(products, "Nước mắm nhĩ", stars=5, producer=fish, group=drinks)
    make_product(
        products, "Nước mắm cũ", stars=3, producer=fish, group=drinks, decision_date=LONG_AGO
    )
    make_product(products, "Bánh tráng", stars=4, producer=old, group=food, decision_date=LONG_AGO)
    make_product(products, "Bản nháp", stars=5, producer=empty, group=food, live=False)
    return {
        "index": producers,
        "honey": honey,
        "fish": fish,
        "old": old,
        "empty": empty,
        "tuy_an": tuy_an,
        "new_province": new_province,
    }


def listed(client, directory, query=""):
    response = client.get(directory["index"].url + query)
    assert response.status_code == 200
    return response, [p.title for p in response.context["producers"]]


def test_default_lists_every_live_producer_by_name(client, directory):
    _response, titles = listed(client, directory)
    assert titles == sorted(titles, key=fold)  # Vietnamese A–Z on folded titles
    assert set(titles) == {
        "HTX Mật ong Tuy An",
        "Công ty Nước mắm Đông Hòa",
        "Hộ kinh doanh Bánh tráng",
        "Tổ hợp tác Chưa có sản phẩm",
    }


def test_card_figures(client, directory):
    response, _ = listed(client, directory)
    cards = {p.title: p for p in response.context["producers"]}
    honey, fish = cards["HTX Mật ong Tuy An"], cards["Công ty Nước mắm Đông Hòa"]
    assert (honey.certified_count, honey.valid_count, honey.best_stars) == (2, 2, 4)
    assert (fish.certified_count, fish.valid_count, fish.best_stars) == (2, 1, 5)
    old = cards["Hộ kinh doanh Bánh tráng"]
    assert (old.certified_count, old.valid_count, old.best_stars) == (1, 0, 4)
    # An unpublished product does not count.
    empty = cards["Tổ hợp tác Chưa có sản phẩm"]
    assert (empty.certified_count, empty.best_stars) == (0, None)
    html = response.content.decode()
    assert "Hợp tác xã (HTX)" in html
    assert "Huyện Tuy An" in html and "Đắk Lắk" in html  # locality and current unit
    assert "2 sản phẩm được công nhận" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?producer_type=enterprise", {"Công ty Nước mắm Đông Hòa"}),
        ("?producer_type=household", {"Hộ kinh doanh Bánh tráng"}),
        ("?stars=5", {"Công ty Nước mắm Đông Hòa"}),
        ("?stars=4", {"HTX Mật ong Tuy An", "Hộ kinh doanh Bánh tráng"}),
        (
            "?stars=4&stars=5",
            {"HTX Mật ong Tuy An", "Hộ kinh doanh Bánh tráng", "Công ty Nước mắm Đông Hòa"},
        ),
        ("?valid=1", {"HTX Mật ong Tuy An", "Công ty Nước mắm Đông Hòa"}),
        ("?group=do-uong", {"Công ty Nước mắm Đông Hòa"}),
        ("?group=thuc-pham", {"HTX Mật ong Tuy An", "Hộ kinh doanh Bánh tráng"}),
        ("?locality=huyen-tuy-an", {"HTX Mật ong Tuy An"}),
        # The new province holds both abolished districts since 2025.
        ("?locality=dak-lak", {"HTX Mật ong Tuy An", "Công ty Nước mắm Đông Hòa"}),
        ("?valid=1&producer_type=cooperative&stars=4", {"HTX Mật ong Tuy An"}),
    ],
)
def test_filters_return_exactly_the_right_producers(client, directory, query, expected):
    _response, titles = listed(client, directory, query)
    assert set(titles) == expected
    assert len(titles) == len(expected)


def test_sort_orders(client, directory):
    _r, by_stars = listed(client, directory, "?sort=stars")
    assert by_stars[0] == "Công ty Nước mắm Đông Hòa"  # 5★
    assert by_stars[-1] == "Tổ hợp tác Chưa có sản phẩm"  # no stars: last
    _r, by_products = listed(client, directory, "?sort=products")
    # Equal counts: more valid certificates first.
    assert by_products[:2] == ["HTX Mật ong Tuy An", "Công ty Nước mắm Đông Hòa"]
    assert by_products[-1] == "Tổ hợp tác Chưa có sản phẩm"


@pytest.mark.parametrize(
    "query",
    [
        "?stars=9",
        "?stars=abc",
        "?producer_type=alien",
        "?locality=no-such-place",
        "?group=%00",
        "?valid=yes",
        "?sort=random",
        "?page=abc",
        "?page=0",
        "?page=-1",
        "?page=999999",
        "?stars=" + "9" * 3000,
    ],
)
def test_bad_input_is_ignored_not_500(client, directory, query):
    response, titles = listed(client, directory, query)
    assert len(titles) == 4  # the bad value was ignored
    if "page" not in query:
        assert response.context["invalid_params"]
        assert "Một số giá trị lọc không hợp lệ nên đã được bỏ qua" in response.content.decode()


def test_ignored_values_are_named_by_their_label(client, directory):
    response, _titles = listed(client, directory, "?valid=yes&producer_type=alien")
    box = response.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert "<strong>Giấy chứng nhận</strong>" in box
    assert "<strong>Loại hình chủ thể</strong>" in box
    assert "producer_type" not in box and "valid:" not in box


def test_pagination_is_bounded(client, directory, settings):
    settings.DIRECTORY_PAGE_SIZE = 3
    _r, first = listed(client, directory, "?page=-5")
    _r, last = listed(client, directory, "?page=99")
    assert len(first) == 3 and len(last) == 1
    assert not set(first) & set(last)


def test_query_count_is_constant(client, site_tree, settings):
    """The directory runs the same number of queries for 5 and for 30 producers."""
    settings.DIRECTORY_PAGE_SIZE = 50
    products, producers = site_tree["products"], site_tree["producers"]
    place = locality("Huyện Đếm", successor=locality("Tỉnh Mới", Locality.Level.PROVINCE))

    def add(n):
        for _ in range(n):
            producer = ProducerPageFactory(parent=producers, locality=place)
            make_product(products, stars=4, producer=producer, group=group("thuc-pham-2023"))

    def count():
        client.get(producers.url)  # warm caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(producers.url + "?sort=stars&valid=1")
        assert response.status_code == 200
        return len(queries), len(response.context["producers"])

    add(5)
    few, shown_few = count()
    add(25)
    many, shown_many = count()
    assert (shown_few, shown_many) == (5, 30)
    assert few == many


def test_profile_shows_pictures_places_map_and_contact_rules(client, directory):
    from core.placeholders import create_placeholder_image
    from products_catalog.models import ProducerGalleryImage

    honey = directory["honey"]
    image = create_placeholder_image("Xưởng mật ong", "#aa8800")
    ProducerGalleryImage.objects.create(page=honey, image=image, caption="Xưởng")
    honey.latitude, honey.longitude = Decimal("13.2345"), Decimal("109.123")
    honey.phone, honey.email, honey.publish_contact = "0257 123 456", "mat-ong@example.org", False
    honey.save_revision().publish()
    html = client.get(honey.url).content.decode()
    assert "openstreetmap.org/?mlat=13.234500&amp;mlon=109.123000" in html
    assert "<iframe" not in html and "tile" not in html.lower()
    assert "Huyện Tuy An" in html and "Đắk Lắk" in html  # at certification and now
    assert "mat-ong@example.org" not in html and "0257 123 456" not in html
    assert 'class="gallery"' in html
    assert "Mật ong hoa cà phê" in html  # its products

    honey.publish_contact = True
    honey.save_revision().publish()
    html = client.get(honey.url).content.decode()
    assert "mat-ong@example.org" in html and "0257 123 456" in html


def test_profile_without_coordinates_has_no_map_link(client, directory):
    html = client.get(directory["fish"].url).content.decode()
    assert "openstreetmap" not in html


def test_card_badge_is_the_best_status_of_the_products(client, site_tree, directory):
    """A producer whose products' validity is unknown is not called "expired"; one whose best
    certificate is expiring says so (rules.status_of_rank over its listed products)."""
    unknown = ProducerPageFactory(parent=directory["index"], title="HTX Chưa rõ hạn")
    make_product(
        site_tree["products"],
        "Sản phẩm không rõ năm",
        producer=unknown,
        decisions=[{"stars": 3, "decision_date": None, "decision_year": None}],
    )
    soon = ProducerPageFactory(parent=directory["index"], title="HTX Sắp hết hạn")
    make_product(
        site_tree["products"],
        "Sắp hết hạn",
        producer=soon,
        decision_date=TODAY - relativedelta(months=36) + datetime.timedelta(days=10),
    )
    response, _ = listed(client, directory)
    cards = {p.title: p for p in response.context["producers"]}
    assert cards["HTX Chưa rõ hạn"].best_status == "unknown"
    assert cards["HTX Sắp hết hạn"].best_status == "expiring"
    assert cards["Hộ kinh doanh Bánh tráng"].best_status == "expired"
    assert cards["HTX Mật ong Tuy An"].best_status == "valid"
    assert cards["Tổ hợp tác Chưa có sản phẩm"].best_status is None
    html = response.content.decode()
    card = html[html.index("HTX Chưa rõ hạn") :][:1500]
    card = card[: card.index("</li>")]
    assert "status-unknown" in card and "status-expired" not in card
    assert "status-expiring" in html[html.index("HTX Sắp hết hạn") :][:1500]


def test_group_filter_counts_what_the_card_counts(client, site_tree, directory):
    """A producer whose only product of a group was revoked is not found under that group:
    its card counts no product there (OCOP, not revoked)."""
    revoked = ProducerPageFactory(parent=directory["index"], title="HTX Bị thu hồi")
    product = make_product(
        site_tree["products"], "Nước mắm bị thu hồi", producer=revoked, group=group("do-uong-2023")
    )
    revoke(product, TODAY - datetime.timedelta(days=3))
    _response, titles = listed(client, directory, "?group=do-uong")
    assert set(titles) == {"Công ty Nước mắm Đông Hòa"}
