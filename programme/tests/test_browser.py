"""In headless Chromium: a moderator imports a council list, a visitor reads the numbers."""

import os

import pytest
from django.core.management import call_command

from core.testing import ARTIFACTS
from programme.tests.conftest import COUNCIL_CSV, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_moderator_imports_and_visitor_sees_the_numbers(live_server, chromium, django_user_model):
    call_command("load_demo_content", stdout=open(os.devnull, "w"))
    make_user(django_user_model, "kiemduyet", "Moderators")

    admin = chromium.new_page(viewport={"width": 1280, "height": 900})
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("#id_username", "kiemduyet")
    admin.fill("#id_password", "pw-kiemduyet")
    admin.locator("form button[type=submit]").last.click()
    admin.wait_for_url("**/admin/")
    assert admin.locator("[id^=ocop-expiry]").count() >= 1  # dashboard panel

    admin.goto(live_server.url + "/admin/ocop-import/")
    upload_form = admin.locator("form[enctype='multipart/form-data']")
    upload_form.locator("input[type=file]").set_input_files(str(COUNCIL_CSV))
    upload_form.locator("input[name=publish][value=publish]").check()
    upload_form.locator("button[type=submit]").click()
    admin.wait_for_url("**/admin/ocop-import/*/")
    counts = admin.locator("#import-counts").inner_text()
    assert "3 created" in counts and "2 updated" in counts
    admin.screenshot(path=ARTIFACTS / "programme-1-import-preview.png", full_page=True)
    admin.get_by_role("button", name="Apply this import").click()
    admin.wait_for_load_state()
    assert admin.locator("[data-status=applied]").count() == 1
    admin.screenshot(path=ARTIFACTS / "programme-2-import-applied.png", full_page=True)

    visitor = chromium.new_page(viewport={"width": 390, "height": 844})  # a phone
    visitor.goto(live_server.url + "/ocop-qua-cac-con-so/")
    assert visitor.locator("#total-products").inner_text() == "55"  # 52 demo + 3 imported
    chart = visitor.locator("svg#chart-stars")
    assert chart.get_attribute("role") == "img"
    assert chart.bounding_box()["width"] <= 390
    # 5★, 4★, of which potential 5★, 3★, 3★ level not published.
    assert visitor.locator("#table-stars tbody tr").count() == 5
    with visitor.expect_download() as download:
        visitor.locator("#stars a[download]").click()
    assert download.value.suggested_filename.startswith("ocop-stars-")
    visitor.screenshot(path=ARTIFACTS / "programme-3-numbers-phone.png", full_page=True)
