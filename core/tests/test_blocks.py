"""Every body block has a preview in the admin's block picker, styled by the site CSS."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from core.placeholders import create_placeholder_image
from products_catalog.models import ProductPage

EXPECTED_TEXT = {
    "heading": "Đặc sản vùng biển Phú Yên",
    "paragraph": "12 tháng",
    "quote": "Sản phẩm OCOP giúp hợp tác xã",
    "facts": "Chai thủy tinh 500 ml",
    "call_to_action": "Xem sản phẩm OCOP",
    "figure": "Nước mắm mẫu",
    "document": "Quyết định mẫu",
}


@pytest.mark.django_db
def test_each_block_has_a_preview(admin_client):
    create_placeholder_image("Nước mắm mẫu", "#c62828")
    document = get_document_model()(title="Quyết định mẫu")
    document.file.save("quyet-dinh.txt", ContentFile(b"QD"), save=True)
    stream_block = ProductPage._meta.get_field("body").stream_block
    assert set(stream_block.child_blocks) == set(EXPECTED_TEXT)
    for name, block in stream_block.child_blocks.items():
        assert block.meta.description, name
        response = admin_client.get("/admin/block-preview/", {"id": block.definition_prefix})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert EXPECTED_TEXT[name] in html, name
        assert "css/site.css" in html, name
