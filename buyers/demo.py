"""Demo content of the buyers app: the "check an OCOP product" page under the home page.

Idempotent: the page is found by its slug before it is created.
"""

from buyers.models import VerifyPage

VERIFY_SLUG = "tra-cuu-chung-nhan"


def ensure_verify_page(home):
    """Return the home page's :class:`VerifyPage`, creating and publishing it once."""
    existing = VerifyPage.objects.child_of(home).filter(slug=VERIFY_SLUG).first()
    if existing:
        return existing
    page = VerifyPage(
        title="Tra cứu chứng nhận OCOP",
        slug=VERIFY_SLUG,
        show_in_menus=True,
        intro=(
            "<p>Nhập tên sản phẩm, tên chủ thể hoặc số quyết định công nhận để kiểm tra "
            "sản phẩm có trong danh sách OCOP của tỉnh và chứng nhận còn hiệu lực hay không. "
            "Có thể gõ không dấu.</p>"
        ),
        not_found_help=(
            "<p>Nếu nghi ngờ một sản phẩm dùng nhãn OCOP không đúng, vui lòng báo cho Văn phòng "
            "Điều phối qua số điện thoại hoặc email ở cuối trang.</p>"
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
