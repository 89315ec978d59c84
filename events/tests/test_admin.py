"""Registrations in the Wagtail admin: listing, filters, CSV/XLSX export, permissions."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from core.models import User
from events.models import Registration
from events.tests.factories import make_event, vn

pytestmark = pytest.mark.django_db

INDEX = "registrations:index"


@pytest.fixture
def data(event_index):
    fair = make_event(event_index, "Hội chợ OCOP", start=vn(2030, 7, 14, 8))
    training = make_event(event_index, "Tập huấn", start=vn(2030, 8, 1, 8))
    rows = [
        Registration.objects.create(
            event=fair,
            name="Nguyễn Thị Hương",
            organisation="Hợp tác xã Đồng Din",
            role="producer",
            email="huong@example.vn",
            phone="+84 257 3822 123",
            message='=HYPERLINK("http://evil")',
        ),
        Registration.objects.create(
            event=fair, name="Trần Văn Bình", role="buyer", email="binh@example.vn"
        ),
        Registration.objects.create(
            event=training,
            name="Lê Đức Anh",
            role="other",
            email="anh@example.vn",
            status=Registration.Status.WAITING,
        ),
    ]
    # 18:30 local on 1 July 2030 = 11:30 UTC.
    Registration.objects.filter(pk=rows[0].pk).update(created_at=vn(2030, 7, 1, 18, 30))
    return {"fair": fair, "training": training, "rows": rows}


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.vn", "pw")
    # English admin, so the assertions do not depend on the Vietnamese catalogue.
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def listed_names(response):
    return {row.name for row in response.context["object_list"]}


def test_listing_shows_every_registration(admin_client, data):
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    assert listed_names(response) == {"Nguyễn Thị Hương", "Trần Văn Bình", "Lê Đức Anh"}


def test_filter_per_event_role_and_status(admin_client, data):
    url = reverse(INDEX)
    assert listed_names(admin_client.get(url, {"event": data["fair"].pk})) == {
        "Nguyễn Thị Hương",
        "Trần Văn Bình",
    }
    assert listed_names(admin_client.get(url, {"role": "buyer"})) == {"Trần Văn Bình"}
    assert listed_names(admin_client.get(url, {"status": "waiting"})) == {"Lê Đức Anh"}


def test_search_by_name_or_email(admin_client, data):
    response = admin_client.get(reverse(INDEX), {"q": "binh@"})
    assert listed_names(response) == {"Trần Văn Bình"}


def test_csv_export_has_bom_vietnamese_local_times_and_no_formulas(admin_client, data):
    response = admin_client.get(reverse(INDEX), {"export": "csv", "event": data["fair"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    huong = next(row for row in rows if row["Name"] == "Nguyễn Thị Hương")
    assert huong["Organisation"] == "Hợp tác xã Đồng Din"
    assert huong["Event"] == "Hội chợ OCOP"
    assert huong["Registered at"] == "18:30 01/07/2030"
    assert huong["Event starts"] == "08:00 14/07/2030"
    assert huong["Role"] == "Producer"
    assert huong["Message"].startswith("'=")
    assert huong["Phone"] == "'+84 257 3822 123"


def test_xlsx_export_keeps_local_times(admin_client, data):
    response = admin_client.get(reverse(INDEX), {"export": "xlsx", "event": data["fair"].pk})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    values = {
        row[header.index("Name")]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert values["Nguyễn Thị Hương"]["Registered at"] == datetime.datetime(2030, 7, 1, 18, 30)


def test_editors_group_can_see_registrations(client, data):
    editor = User.objects.create_user("bientap", "bt@example.vn", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(reverse(INDEX)).status_code == 200


def test_users_without_permission_are_refused(client, data):
    user = User.objects.create_user("khach", "k@example.vn", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse(INDEX))
    assert response.status_code in (302, 403)
    assert "Nguyễn Thị Hương" not in response.content.decode()


def test_event_edit_page_links_its_registrations(admin_client, data):
    fair = data["fair"]
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[fair.pk]))
    html = response.content.decode()
    assert f"{reverse(INDEX)}?event={fair.pk}" in html
    assert "Registrations (2)" in html


def test_registration_can_be_edited_in_the_admin(admin_client, data):
    registration = data["rows"][2]
    url = reverse("registrations:edit", args=[registration.pk])
    response = admin_client.post(
        url,
        {
            "event": data["training"].pk,
            "name": "Lê Đức Anh",
            "organisation": "",
            "role": "other",
            "status": "confirmed",
            "email": "anh@example.vn",
            "phone": "",
            "message": "",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_xlsx_export_cannot_run_formulas(admin_client, data):
    response = admin_client.get(reverse(INDEX), {"export": "xlsx", "event": data["fair"].pk})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    huong = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "Nguyễn Thị Hương")
    message = huong[header.index("Message")]
    assert message.value == '=HYPERLINK("http://evil")'
    assert message.data_type == "s" and message.quotePrefix
    assert huong[header.index("Event starts")].value == datetime.datetime(2030, 7, 14, 8)
