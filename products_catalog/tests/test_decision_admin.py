"""Certification decisions in the admin: snippets whose form applies the rules to every line."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from core.testing import TEST_TODAY
from products_catalog.models import CertificationDecision, DecisionLine, RevocationDecision
from products_catalog.tests.factories import ProductPageFactory, certify

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_products_catalog_certificationdecision:add"
EDIT_URL = "wagtailsnippets_products_catalog_certificationdecision:edit"
INDEX_URL = "wagtailsnippets_products_catalog_certificationdecision:list"


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def product(site_tree):
    return ProductPageFactory(parent=site_tree["products"], title="Nước mắm Thử")


def decision_post(product, *, level, stars, score, date="2024-05-10", ack=False, line_id=""):
    data = {
        "number": "21/QĐ-UBND",
        "batch": "",
        "decision_date": date,
        "decision_year": "",
        "issuing_body": "UBND tỉnh Phú Yên",
        "level": level,
        "criteria_version": "148-2023",
        "note": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1" if line_id else "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": line_id,
        "lines-0-ORDER": "1",
        "lines-0-product": str(product.pk),
        "lines-0-stars": str(stars),
        "lines-0-stars_published": "on",
        "lines-0-score": str(score),
        "lines-0-kind": "new",
        "lines-0-note": "",
    }
    if ack:
        data["acknowledge_warnings"] = "on"
    return data


def test_an_error_of_the_rules_blocks_saving_and_shows_on_the_line(admin_client, product):
    # 5★ is central only; a score of 65 is outside the 4★ band.
    for stars, score, expected in ((5, 95, "central council only"), (4, 65, "4★ band")):
        data = decision_post(product, level="provincial", stars=stars, score=score)
        response = admin_client.post(reverse(ADD_URL), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert expected in html
        formset = response.context["form"].formsets["lines"]
        assert formset.forms[0].errors  # on the line, not only at the top
        assert 'value="21/QĐ-UBND"' in html  # what was typed is kept
    assert not CertificationDecision.objects.exists()


def test_a_decision_level_error_is_attached_to_the_decision_field(admin_client, product):
    # From 01/07/2025 there is no district level.
    data = decision_post(product, level="district", stars=3, score=60, date="2025-08-01")
    response = admin_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "level" in response.context["form"].errors
    assert not CertificationDecision.objects.exists()


def test_a_warning_needs_the_tick_and_is_stored_as_acknowledged(admin_client, product):
    # A provincial 3★ between 24/02/2023 and 30/06/2025 is unusual (148/QĐ-TTg): a warning.
    data = decision_post(product, level="provincial", stars=3, score=60)
    response = admin_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "acknowledge_warnings" in form.errors
    assert "Nước mắm Thử" in str(form.errors["acknowledge_warnings"])
    assert not CertificationDecision.objects.exists()

    response = admin_client.post(reverse(ADD_URL), decision_post(product, ack=True, **LEVEL3))
    assert response.status_code == 302
    decision = CertificationDecision.objects.get()
    (entry,) = decision.acknowledged
    assert entry["code"] == "level-provincial-3-warned"
    assert (entry["by"], entry["product"]) == ("chief", product.pk)
    assert datetime.datetime.fromisoformat(entry["at"])
    assert decision.lines.get().product_id == product.pk
    product.refresh_from_db()
    assert product.certification.stars == 3  # the summary follows the saved line

    # Editing again does not ask for the same acknowledgement twice.
    line = decision.lines.get()
    data = decision_post(product, line_id=str(line.pk), **LEVEL3)
    data["note"] = "Đã kiểm tra"
    response = admin_client.post(reverse(EDIT_URL, args=[decision.pk]), data)
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.note == "Đã kiểm tra" and len(decision.acknowledged) == 1


LEVEL3 = {"level": "provincial", "stars": 3, "score": 60}


def test_a_clean_decision_saves_without_the_tick(admin_client, product):
    data = decision_post(product, level="provincial", stars=4, score=75)
    response = admin_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302
    decision = CertificationDecision.objects.get()
    assert decision.acknowledged == []
    assert DecisionLine.objects.get().stars == 4


def test_decision_listing_counts_products_filters_and_searches(admin_client, site_tree):
    first = ProductPageFactory(parent=site_tree["products"], title="Sản phẩm Một")
    second = ProductPageFactory(parent=site_tree["products"], title="Sản phẩm Hai")
    line = certify(first, decision_number="33/QĐ-UBND", decision_year=2022, stars=4, score=75)
    certify(second, decision=line.decision, stars=4, score=72)
    certify(first, decision_number="44/QĐ-UBND", level="district", decision_year=2024, stars=3)
    html = admin_client.get(reverse(INDEX_URL)).content.decode()
    assert "33/QĐ-UBND" in html and "44/QĐ-UBND" in html
    listed = admin_client.get(reverse(INDEX_URL), {"level": "district"}).content.decode()
    assert "44/QĐ-UBND" in listed and "33/QĐ-UBND" not in listed
    found = admin_client.get(reverse(INDEX_URL), {"q": "33"}).content.decode()
    assert "33/QĐ-UBND" in found and "44/QĐ-UBND" not in found
    rows = admin_client.get(reverse(INDEX_URL)).context["object_list"]
    assert {d.number: d.line_count for d in rows} == {"33/QĐ-UBND": 2, "44/QĐ-UBND": 1}
    revocations = reverse("wagtailsnippets_products_catalog_revocationdecision:list")
    assert admin_client.get(revocations).status_code == 200


def test_each_listed_decision_opens_from_its_row(admin_client, site_tree):
    """The first column is the title column: a link to the edit view, also for a decision
    published without a number (shown by its year)."""
    product = ProductPageFactory(parent=site_tree["products"], title="Sản phẩm Ba")
    numbered = certify(product, decision_number="55/QĐ-UBND", decision_year=2023, stars=4).decision
    other = ProductPageFactory(parent=site_tree["products"], title="Sản phẩm Bốn")
    unnumbered = certify(other, decision_number="", decision_year=2021, stars=3).decision
    html = admin_client.get(reverse(INDEX_URL)).content.decode()
    for decision in (numbered, unnumbered):
        assert f'href="{reverse(EDIT_URL, args=[decision.pk])}"' in html
    assert "(2021)" in html  # the unnumbered one is named by its year
    revocation = RevocationDecision.objects.create(
        number="9/QĐ-UBND", decision_date=datetime.date(2025, 3, 1), reason="Vi phạm"
    )
    revocations = reverse("wagtailsnippets_products_catalog_revocationdecision:list")
    edit = reverse("wagtailsnippets_products_catalog_revocationdecision:edit", args=[revocation.pk])
    assert f'href="{edit}"' in admin_client.get(revocations).content.decode()


def revocation_post(product, date):
    return {
        "number": "TH-1/QĐ-UBND",
        "decision_date": date,
        "issuing_body": "UBND tỉnh",
        "reason": "Vi phạm tiêu chí",
        "note": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": "",
        "lines-0-ORDER": "1",
        "lines-0-product": str(product.pk),
    }


@pytest.mark.parametrize("date", ["", (TEST_TODAY + datetime.timedelta(days=30)).isoformat()])
def test_a_revocation_needs_its_date_and_not_a_future_one(admin_client, product, date):
    """Without a date a revocation was saved and then ignored; a future one was saved while
    the product page said "valid"."""
    add = reverse("wagtailsnippets_products_catalog_revocationdecision:add")
    response = admin_client.post(add, revocation_post(product, date))
    assert response.status_code == 200  # the form again, with what was typed
    assert "decision_date" in response.context["form"].errors
    assert not RevocationDecision.objects.exists()
    response = admin_client.post(add, revocation_post(product, TEST_TODAY.isoformat()))
    assert response.status_code == 302
    assert RevocationDecision.objects.get().lines.get().product_id == product.pk


def test_a_decision_line_names_the_product_not_a_translation(admin_client, product):
    english = product.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.save_revision().publish()
    data = decision_post(english, level="provincial", stars=4, score=75)
    response = admin_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert not CertificationDecision.objects.exists()
    html = response.content.decode()
    assert "not a translation" in html
    response = admin_client.post(
        reverse(ADD_URL), decision_post(product, level="provincial", stars=4, score=75)
    )
    assert response.status_code == 302
