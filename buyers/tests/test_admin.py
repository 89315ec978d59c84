"""Inquiries in the Wagtail admin: listing, filters, search, editing with history, CSV export."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from buyers.delivery import store_inquiry
from buyers.forms import InquiryForm
from buyers.models import Inquiry
from buyers.tests.conftest import inquiry_data
from core.exports import format_datetime
from products_catalog.tests.factories import ProducerPageFactory, make_product

INDEX = "inquiries:index"


def add_inquiry(product=None, producer=None, **overrides):
    form = InquiryForm(inquiry_data(**overrides))
    assert form.is_valid(), form.errors
    return store_inquiry(form, product=product, producer=producer)


@pytest.fixture
def inquiries(shop, tasks_not_run):
    other_producer = ProducerPageFactory(parent=shop["producers"], title="Cơ sở Nước mắm Gành Đỏ")
    other_product = make_product(shop["products"], "Nước mắm Gành Đỏ", producer=other_producer)
    honey = add_inquiry(product=shop["product"], buyer_name="Nguyễn Thị Hoa")
    fish = add_inquiry(
        product=other_product,
        buyer_name="Tanaka Hiroshi",
        organisation="Tokyo Foods 株式会社",
        message='=HYPERLINK("http://evil.example")',
    )
    fish.change_status("answered")
    return {"honey": honey, "fish": fish, "other_producer": other_producer, **shop}


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    client.user = user
    return client


def listed(client, query=""):
    response = client.get(reverse(INDEX) + query)
    assert response.status_code == 200
    return response, {obj.buyer_name for obj in response.context["object_list"]}


def test_listing_shows_inquiries(admin_client, inquiries):
    response, names = listed(admin_client)
    assert names == {"Nguyễn Thị Hoa", "Tanaka Hiroshi"}
    html = response.content.decode()
    assert "Mật ong hoa cà phê" in html and "HTX Mật ong Đồng Xuân" in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?status=answered", {"Tanaka Hiroshi"}),
        ("?status=new", {"Nguyễn Thị Hoa"}),
        ("?q=Tokyo", {"Tanaka Hiroshi"}),
        ("?q=hoa@example", {"Nguyễn Thị Hoa", "Tanaka Hiroshi"}),
        ("?q=Nguyễn", {"Nguyễn Thị Hoa"}),
    ],
)
def test_listing_filters_and_search(admin_client, inquiries, query, expected):
    _response, names = listed(admin_client, query)
    assert names == expected


def test_filter_by_producer_product_and_date(admin_client, inquiries):
    _r, names = listed(admin_client, f"?producer={inquiries['other_producer'].pk}")
    assert names == {"Tanaka Hiroshi"}
    _r, names = listed(admin_client, f"?product={inquiries['product'].pk}")
    assert names == {"Nguyễn Thị Hoa"}
    Inquiry.objects.filter(pk=inquiries["fish"].pk).update(created_at="2024-01-15T03:00:00+00:00")
    _r, names = listed(admin_client, "?created_at_from=2024-01-01&created_at_to=2024-01-31")
    assert names == {"Tanaka Hiroshi"}


def test_edit_changes_status_with_note_in_history(admin_client, inquiries):
    inquiry = inquiries["honey"]
    url = reverse("inquiries:edit", args=[inquiry.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Nhận từ trang web." in page.content.decode()  # history panel
    response = admin_client.post(
        url,
        {"status": "answered", "status_note": "Đã gửi báo giá qua Zalo", "internal_note": ""},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "answered"
    last = inquiry.status_changes.last()
    assert (last.old_status, last.new_status, last.note) == (
        "new",
        "answered",
        "Đã gửi báo giá qua Zalo",
    )
    assert last.user == admin_client.user
    # The buyer's details are read-only in the admin.
    assert inquiry.buyer_name == "Nguyễn Thị Hoa"


def test_inspect_view(admin_client, inquiries):
    response = admin_client.get(reverse("inquiries:inspect", args=[inquiries["fish"].pk]))
    assert response.status_code == 200
    assert "Tokyo Foods 株式会社" in response.content.decode()


def test_csv_export_opens_in_excel_with_vietnamese(admin_client, inquiries):
    response = admin_client.get(reverse(INDEX) + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert "Mã yêu cầu" in header
    by_name = {row[header.index("Tên người mua")]: row for row in body}
    assert set(by_name) == {"Nguyễn Thị Hoa", "Tanaka Hiroshi"}
    assert "Cửa hàng Đặc sản Sài Gòn" in by_name["Nguyễn Thị Hoa"]
    assert by_name["Nguyễn Thị Hoa"][header.index("Trạng thái")] == "Mới"  # a label, not "new"
    message = by_name["Tanaka Hiroshi"][header.index("Lời nhắn")]
    assert message.startswith("'=")  # cannot run as a formula


def test_editors_group_can_work_inquiries(client, inquiries, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="pw")
    editors = Group.objects.get(name="Editors")
    editor.groups.add(editors)
    assert editors.permissions.filter(codename="change_inquiry").exists()
    client.force_login(editor)
    assert client.get(reverse(INDEX)).status_code == 200
    assert not editor.has_perm("buyers.delete_inquiry")


def test_anonymous_cannot_see_inquiries(client, inquiries):
    response = client.get(reverse(INDEX))
    assert response.status_code == 302 and "/login/" in response.url


def test_user_without_permission_is_refused(client, inquiries, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code in (302, 403)


def test_inquiries_cannot_be_created_in_the_admin(admin_client, inquiries):
    listing = admin_client.get(reverse(INDEX)).content.decode()
    assert reverse("inquiries:add") not in listing
    response = admin_client.get(reverse("inquiries:add"))
    assert response.status_code in (302, 403)
    assert Inquiry.objects.count() == 2


def test_xlsx_export_cannot_run_formulas_and_shows_local_times(admin_client, inquiries):

    response = admin_client.get(reverse(INDEX) + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[header.index("Tên người mua")].value: row for row in sheet.iter_rows(min_row=2)}
    message = rows["Tanaka Hiroshi"][header.index("Lời nhắn")]
    assert message.data_type == "s" and message.quotePrefix  # text, never a formula
    received = rows["Tanaka Hiroshi"][header.index("Ngày nhận")].value
    fish = inquiries["fish"]
    local = timezone.localtime(fish.created_at, timezone.get_default_timezone())
    assert received.replace(second=0, microsecond=0) == local.replace(
        tzinfo=None, second=0, microsecond=0
    )


def test_csv_export_shows_local_times(admin_client, inquiries):

    raw = b"".join(admin_client.get(reverse(INDEX) + "?export=csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    fish = next(row for row in rows if row["Tên người mua"] == "Tanaka Hiroshi")
    assert fish["Ngày nhận"] == format_datetime(inquiries["fish"].created_at)


def test_consent_reads_yes_with_its_time_not_true(admin_client, inquiries):
    inquiry = inquiries["honey"]
    when = timezone.localtime(inquiry.consent_at).strftime("%d/%m/%Y %H:%M")
    for view in ("inquiries:edit", "inquiries:inspect"):
        html = admin_client.get(reverse(view, args=[inquiry.pk])).content.decode()
        assert f"Có, {when}" in html, view
        assert ">True<" not in html.replace(" ", "").replace("\n", "")


def test_consent_display_without_consent():
    from django.utils import translation

    with translation.override("en"):
        assert str(Inquiry(consent=False).get_consent_display()) == "No"
        assert str(Inquiry(consent=True).get_consent_display()) == "Yes"
