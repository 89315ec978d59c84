"""The certification summary: one per product identity, refreshed from decisions and revocations."""

import datetime

import pytest
from wagtail.models import Locale

from products_catalog.models import CertificationDecision, DecisionLine, ProductPage
from products_catalog.rules import Status
from products_catalog.tests.factories import certify, make_product, revoke

D = datetime.date
pytestmark = pytest.mark.django_db


def summary_of(product):
    return ProductPage.objects.get(pk=product.pk).certification


def test_latest_decision_rules(site_tree):
    product = make_product(
        site_tree["products"],
        decisions=[
            {"stars": 3, "decision_date": D(2019, 6, 1)},
            {"stars": 4, "decision_date": D(2024, 6, 1), "kind": "renewal"},
        ],
    )
    summary = summary_of(product)
    assert (summary.stars, summary.valid_until, summary.decisions_count) == (4, D(2027, 6, 1), 2)
    assert summary.first_year == 2019
    assert product.latest_certification.decision.decision_date == D(2024, 6, 1)


def test_editing_a_decision_refreshes_every_product_it_lists(site_tree):
    first = make_product(site_tree["products"], "Một", decision_date=D(2022, 1, 10))
    decision = first.latest_certification.decision
    second = make_product(site_tree["products"], "Hai", decisions=[])
    certify(second, decision=decision, stars=4)
    assert summary_of(second).valid_until == D(2025, 1, 10)
    decision.decision_date = D(2024, 3, 1)
    decision.save()
    assert summary_of(first).valid_until == summary_of(second).valid_until == D(2027, 3, 1)


def test_deleting_a_line_or_decision_refreshes(site_tree):
    product = make_product(
        site_tree["products"],
        decisions=[
            {"stars": 3, "decision_date": D(2021, 6, 1)},
            {"stars": 4, "decision_date": D(2024, 6, 1)},
        ],
    )
    product.latest_certification.decision.delete()
    assert summary_of(product).stars == 3
    DecisionLine.objects.filter(product=product).delete()
    summary = summary_of(product)
    assert summary.stars is None and summary.valid_until is None


def test_moving_a_line_to_another_product_refreshes_both(site_tree):
    one = make_product(site_tree["products"], "Một", stars=4)
    other = make_product(site_tree["products"], "Khác", decisions=[])
    line = one.latest_certification
    line.product = other
    line.save()
    assert summary_of(one).stars is None
    assert summary_of(other).stars == 4


def test_revocation_ends_the_certificate_and_recertification_restores_it(site_tree, today):
    product = make_product(
        site_tree["products"], decision_date=today - datetime.timedelta(days=200)
    )
    revoke(product, today - datetime.timedelta(days=10), reason="Không duy trì tiêu chí")
    summary = summary_of(product)
    assert summary.revoked_on == today - datetime.timedelta(days=10)
    assert summary.revocation_reason == "Không duy trì tiêu chí"
    assert ProductPage.objects.get(pk=product.pk).status == Status.REVOKED
    assert not ProductPage.objects.for_cards().filter(pk=product.pk).exists()
    assert ProductPage.objects.for_check().filter(pk=product.pk).exists()
    certify(product, stars=3, decision_date=today - datetime.timedelta(days=1), kind="renewal")
    assert summary_of(product).revoked_on is None
    assert ProductPage.objects.in_force().filter(pk=product.pk).exists()


def test_publishing_an_old_revision_keeps_the_summary(site_tree):
    product = make_product(site_tree["products"], "Sản phẩm", decisions=[])
    old_revision = product.save_revision()
    certify(product, stars=4, decision_date=D(2024, 1, 5))
    summary = summary_of(product)
    old_revision.publish()
    assert summary_of(product).pk == summary.pk
    assert summary_of(product).stars == 4


def test_a_copied_page_gets_its_own_summary(site_tree):
    product = make_product(site_tree["products"], "Gốc", stars=4)
    copy = product.copy(update_attrs={"title": "Bản sao", "slug": "ban-sao"})
    copy = ProductPage.objects.get(pk=copy.pk)
    assert copy.certification_id != product.certification_id
    assert copy.stars is None


def test_translations_share_the_summary(site_tree, today):
    english = Locale.objects.get_or_create(language_code="en")[0]
    product = make_product(site_tree["products"], "Nước mắm", stars=4)
    site_tree["home"].copy_for_translation(english)
    site_tree["products"].copy_for_translation(english)
    translation = product.copy_for_translation(english)
    translation = ProductPage.objects.get(pk=translation.pk)
    assert translation.certification_id == product.certification_id
    assert translation.stars == 4
    certify(product, stars=5, level="central", decision_date=today)
    assert ProductPage.objects.get(pk=translation.pk).stars == 5


def test_decision_numbers_are_normalised_on_save():
    decision = CertificationDecision.objects.create(number="12/QĐ-UBND", decision_year=2024)
    assert decision.number_key == "12/qd-ubnd"
