"""Every body block has a preview in the admin's block picker, styled by the site CSS."""

import pytest
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from core.blocks import HeadingBlock
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


def test_a_heading_is_indexed_by_its_text_not_its_level():
    """Wagtail indexes a choice's label: "Tiêu đề cấp 2" matched searches and showed in
    result snippets."""
    block = HeadingBlock()
    value = block.to_python({"text": "Chương trình OCOP là gì?", "level": "h2"})
    with translation.override("vi"):
        assert block.get_searchable_content(value) == ["Chương trình OCOP là gì?"]
