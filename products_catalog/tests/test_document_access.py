"""Documents of private pages (issue 12): a decision naming a private product is not public."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from products_catalog.tests.factories import certify, make_product

pytestmark = pytest.mark.django_db


def document(title="Quyết định 123/QĐ-UBND"):
    doc = get_document_model()(title=title)
    doc.file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.4 QD"), save=True)
    return doc


def restrict(page, kind=PageViewRestriction.LOGIN, **extra):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **extra)
    return restriction


def test_decision_document_of_a_public_product_is_served(client, site_tree):
    doc = document()
    product = make_product(site_tree["products"], "Nước mắm Gành Đỏ")
    certify(product, document=doc, stars=3, score=60)
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 QD"


def test_decision_document_of_a_private_product_needs_the_page_access(
    client, site_tree, django_user_model
):
    doc = document()
    public = make_product(site_tree["products"], "Muối Tuyết Diêm")
    private = make_product(site_tree["products"], "Sản phẩm nội bộ")
    decision = certify(public, document=doc, stars=3, score=60).decision
    certify(private, decision=decision, stars=4, score=75)
    group = Group.objects.create(name="Hội đồng")
    restrict(private, PageViewRestriction.GROUPS).groups.add(group)

    assert client.get(doc.url).status_code == 403  # anonymous
    member = django_user_model.objects.create_user("thanh-vien", password="x")
    client.force_login(member)
    assert client.get(doc.url).status_code == 403  # logged in, not in the group
    member.groups.add(group)
    assert client.get(doc.url).status_code == 200


def test_document_of_a_page_under_a_private_section(client, site_tree):
    doc = document("Biên bản")
    product = make_product(site_tree["products"], "Khóm Đồng Din")
    certify(product, document=doc, stars=3, score=60)
    restrict(site_tree["products"])  # the whole catalogue section needs a login
    assert client.get(doc.url).status_code == 403


def test_media_files_of_documents_are_not_served_raw(client, site_tree):
    doc = document()
    assert client.get(f"/media/{doc.file.name}").status_code == 404
