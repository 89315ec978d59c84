"""The "check an OCOP product" page: valid, expiring, expired, unknown and not-found answers."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from buyers.demo import ensure_verify_page
from buyers.models import VerifyPage
from core.testing import TEST_TODAY as TODAY
from products_catalog.tests.factories import ProducerPageFactory, make_product

pytestmark = pytest.mark.dated


@pytest.fixture
def register(site_tree):
    products, producers = site_tree["products"], site_tree["producers"]
    htx = ProducerPageFactory(parent=producers, title="HTX Nông nghiệp Hòa Đồng")
    valid = make_product(
        products,
        "Nước mắm Tân Lập",
        producer=htx,
        decisions=[
            {
                "stars": 4,
                "decision_number": "1234/QĐ-UBND",
                "decision_date": datetime.date(2024, 12, 31),
            }
        ],
    )
    # The certificate's last valid day is 30 days from today: "expiring".
    expiring = make_product(
        products,
        "Bánh tráng Hòa Đa",
        decisions=[
            {
                "stars": 3,
                "decision_number": "77/QĐ-UBND",
                "decision_date": TODAY + datetime.timedelta(days=30) - relativedelta(months=36),
            }
        ],
    )
    expired = make_product(
        products,
        "Muối Tuyết Diêm",
        producer=htx,
        decisions=[
            {
                "stars": 3,
                "decision_number": "555/QĐ-UBND",
                "decision_date": datetime.date(2019, 5, 10),
            }
        ],
    )
    unknown = make_product(
        products, "Rượu cần Đồng Xuân", decisions=[{"stars": 3, "decision_number": "9/QĐ"}]
    )
    draft = make_product(products, "Nước mắm bản nháp", stars=5, live=False)
    page = ensure_verify_page(site_tree["home"])
    return {
        "page": page,
        "valid": valid,
        "expiring": expiring,
        "expired": expired,
        "unknown": unknown,
        "draft": draft,
    }


def ask(client, register, q):
    response = client.get(register["page"].url, {"q": q})
    assert response.status_code == 200
    return response, response.context["answers"]


def test_valid_answer_with_decision(client, register, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 6, 1))
    response, answers = ask(client, register, "nuoc mam tan lap")
    assert [a.product.title for a in answers] == ["Nước mắm Tân Lập"]
    answer = answers[0]
    assert answer.status == "valid"
    expected = (
        "Đạt 4★, còn hiệu lực đến ngày 31/12/2027 (quyết định số 1234/QĐ-UBND ngày 31/12/2024)."
    )
    assert answer.message == expected
    assert expected in response.content.decode()


@pytest.mark.parametrize("query", ["1234/QĐ-UBND", "1234/qd-ubnd", "1234 / QD - UBND", "1234"])
def test_decision_number_with_or_without_diacritics(client, register, query):
    _r, answers = ask(client, register, query)
    assert answers[0].product.title == "Nước mắm Tân Lập"


def test_expiring_answer(client, register):
    decision = register["expiring"].latest_certification.decision
    valid_until = decision.valid_until[0]
    days = (valid_until - TODAY).days
    assert 28 <= days <= 31  # 30, give or take a short month in the 36-month arithmetic
    _r, answers = ask(client, register, "BANH TRANG HOA DA")
    answer = answers[0]
    assert answer.status == "expiring"
    assert answer.message == (
        f"Đạt 3★, còn hiệu lực đến ngày {valid_until:%d/%m/%Y} (quyết định số 77/QĐ-UBND "
        f"ngày {decision.decision_date:%d/%m/%Y}). Còn {days} ngày là hết hạn."
    )


def test_expired_answer(client, register):
    response, answers = ask(client, register, "muoi tuyet diem")
    answer = answers[0]
    assert answer.status == "expired"
    assert answer.message == (
        "Giấy chứng nhận đã hết hạn ngày 10/05/2022 (quyết định số 555/QĐ-UBND ngày 10/05/2019)."
    )
    assert "không được dùng biểu trưng OCOP" in response.content.decode()


def test_unknown_validity_answer(client, register):
    _r, answers = ask(client, register, "ruou can")
    assert answers[0].status == "unknown"
    assert answers[0].message == "Đạt 3★; chưa rõ thời hạn hiệu lực (quyết định số 9/QĐ)."


def test_year_only_decision_is_approximate(client, register):
    decision = register["unknown"].latest_certification.decision
    decision.decision_year = TODAY.year - 1
    decision.number = ""
    decision.save()
    _r, answers = ask(client, register, "ruou can")
    answer = answers[0]
    assert answer.approximate
    assert f"còn hiệu lực đến ngày ~31/12/{TODAY.year + 2}" in answer.message
    assert "chưa công bố số" in answer.message
    assert "Ngày ước tính" in answer.note


def test_producer_search_lists_its_products_valid_first(client, register):
    _r, answers = ask(client, register, "hoa dong")
    assert [a.product.title for a in answers] == ["Nước mắm Tân Lập", "Muối Tuyết Diêm"]


def test_not_found_and_unpublished_are_not_in_the_register(client, register):
    for query in ("cà phê chồn", "bản nháp", "99999/QĐ-UBND"):
        response, answers = ask(client, register, query)
        assert answers == []
        assert "Không có trong danh sách" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", " ", "a", "%", "x" * 3000, "<script>alert(1)</script>", "🍯"]
)
def test_odd_queries_never_fail(client, register, query):
    response = client.get(register["page"].url, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("query", ["''", "!!", "--", "**", '""', "a-", "/ /"])
def test_punctuation_is_not_a_query(client, register, query):
    response, answers = ask(client, register, query)
    assert answers == []
    assert response.context["searched"] is False
    assert "Nhập ít nhất 2 chữ cái hoặc chữ số" in response.content.decode()


def test_verify_page_is_created_once(site_tree):
    first = ensure_verify_page(site_tree["home"])
    again = ensure_verify_page(site_tree["home"])
    assert first.pk == again.pk and first.live
    assert VerifyPage.objects.count() == 1
