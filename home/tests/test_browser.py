"""A visitor in headless Chromium: home → catalogue → 4★ filter → product page."""

import os

import pytest
from django.core.management import call_command

from core.testing import ARTIFACTS

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_filters_four_stars_and_opens_a_product(live_server, phone_page):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))
    page = phone_page
    page.goto(live_server.url + "/")
    assert "Phú Yên" in page.locator("header").inner_text()
    page.screenshot(path=ARTIFACTS / "1-home.png", full_page=True)

    page.get_by_role("link", name="Xem sản phẩm OCOP").first.click()
    page.wait_for_url("**/san-pham-ocop/")
    assert page.locator(".result-count").inner_text().startswith("52")
    # The "illustration" mark lies over the placeholder's own bottom strip, clear of the
    # initials drawn in a top corner.
    image = page.locator(".card-media img").first.bounding_box()
    flag = page.locator(".card-media .card-flag").first.bounding_box()
    assert abs((flag["y"] + flag["height"]) - (image["y"] + image["height"])) <= 1
    assert flag["height"] <= image["height"] * 0.1

    page.get_by_text("Lọc sản phẩm").click()  # folded on a phone
    page.locator("input[name=stars][value='4']").check()
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url("**stars=4**")
    # Filters left at "all" stay out of the address (static/js/site.js).
    assert page.url.split("?")[1] == "stars=4"
    assert page.locator(".result-count").inner_text().startswith("3")
    titles = page.locator(".card h3").all_inner_texts()
    assert set(titles) == {
        "Cà phê Superior",
        "Cá ngừ đại dương",
        "Du lịch trải nghiệm văn hóa bản địa kết nối cộng đồng tại Mộc Miên Rocky Garden",
    }
    page.screenshot(path=ARTIFACTS / "2-catalogue-4-stars.png", full_page=True)

    page.get_by_role("link", name="Cá ngừ đại dương").click()
    page.wait_for_url("**/ca-ngu-dai-duong/")
    assert page.locator("h1").inner_text() == "Cá ngừ đại dương"
    status_box = page.locator("#certificate-status")
    assert "★★★★" in status_box.inner_text()
    assert "Công ty TNHH Hải sản Bình Minh" in page.locator(".producer-card").inner_text()
    assert page.locator("table tbody tr").count() == 1
    page.screenshot(path=ARTIFACTS / "3-product.png", full_page=True)
