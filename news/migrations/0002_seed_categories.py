"""Seed the four news categories named in the issue (Vietnamese names, ASCII slugs)."""

import uuid

from django.db import migrations

CATEGORIES = [
    ("Tin chương trình", "tin-chuong-trinh", "Hoạt động của Chương trình OCOP"),
    ("Chính sách", "chinh-sach", "Quyết định, nghị quyết, kế hoạch và mức hỗ trợ"),
    ("Câu chuyện chủ thể", "cau-chuyen-chu-the", "Doanh nghiệp, hợp tác xã, hộ sản xuất"),
    ("Thông tin thị trường", "thong-tin-thi-truong", "Giá cả, kênh phân phối, kết nối tiêu thụ"),
]


def seed(apps, schema_editor):
    NewsCategory = apps.get_model("news", "NewsCategory")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(language_code="vi")
    for order, (name, slug, description) in enumerate(CATEGORIES):
        NewsCategory.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={
                "name": name,
                "description": description,
                "sort_order": order,
                "translation_key": uuid.uuid4(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
