"""Seed the six OCOP product groups of each criteria version, with subgroups.

Sources: annex of Decision 1048/QĐ-TTg (21/8/2019) and annex of Decision
148/QĐ-TTg (24/02/2023), "Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP".
"""

import uuid

from django.db import migrations

from core.text import slugify_vi

GROUPS = {
    "1048-2019": [
        ("1", "Thực phẩm", "#c62828", ["Nông sản tươi sống", "Nông sản sơ chế",
                                         "Thực phẩm chế biến", "Gia vị", "Chè",
                                         "Cà phê, ca cao"]),
        ("2", "Đồ uống", "#6a1b9a", ["Đồ uống có cồn", "Đồ uống không cồn"]),
        ("3", "Thảo dược", "#2e7d32", ["Thực phẩm chức năng, thuốc từ dược liệu",
                                        "Mỹ phẩm từ thảo dược",
                                        "Chế phẩm khác từ thảo dược"]),
        ("4", "Vải và may mặc", "#1565c0", ["Vải, sợi", "Sản phẩm may mặc"]),
        ("5", "Lưu niệm, nội thất, trang trí", "#ef6c00",
         ["Thủ công mỹ nghệ, trang trí", "Đồ gỗ, nội thất", "Đồ lưu niệm"]),
        ("6", "Dịch vụ du lịch nông thôn, bán hàng", "#00838f",
         ["Dịch vụ du lịch", "Điểm bán hàng"]),
    ],
    "148-2023": [
        ("1", "Thực phẩm", "#c62828", ["Thực phẩm tươi sống", "Thực phẩm thô, sơ chế",
                                         "Thực phẩm chế biến", "Gia vị",
                                         "Chè và sản phẩm từ chè",
                                         "Cà phê, ca cao"]),
        ("2", "Đồ uống", "#6a1b9a", ["Đồ uống có cồn", "Đồ uống không cồn"]),
        ("3", "Dược liệu và sản phẩm từ dược liệu", "#2e7d32",
         ["Dược liệu", "Thực phẩm chức năng, thuốc từ dược liệu",
          "Mỹ phẩm từ dược liệu", "Tinh dầu và chế phẩm khác"]),
        ("4", "Thủ công mỹ nghệ", "#ef6c00",
         ["Thủ công mỹ nghệ, gia dụng, trang trí", "Vải và may mặc"]),
        ("5", "Sinh vật cảnh", "#558b2f", ["Hoa", "Cây cảnh", "Động vật cảnh"]),
        ("6", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "#00838f",
         ["Du lịch cộng đồng", "Du lịch sinh thái", "Điểm du lịch"]),
    ],
}


def version_suffix(version):
    return version.split("-")[1]


def seed(apps, schema_editor):
    ProductGroup = apps.get_model("products_catalog", "ProductGroup")
    Locale = apps.get_model("wagtailcore", "Locale")
    locale = Locale.objects.order_by("pk").first()
    if locale is None:
        locale = Locale.objects.create(language_code="vi")
    for version, groups in GROUPS.items():
        suffix = version_suffix(version)
        for order, (code, name, colour, subgroups) in enumerate(groups):
            group, _ = ProductGroup.objects.get_or_create(
                slug=f"{slugify_vi(name, 60)}-{suffix}",
                locale=locale,
                defaults={
                    "name": name,
                    "criteria_version": version,
                    "code": code,
                    "colour": colour,
                    "sort_order": order,
                    "translation_key": uuid.uuid4(),
                },
            )
            for sub_order, sub_name in enumerate(subgroups):
                ProductGroup.objects.get_or_create(
                    slug=f"{slugify_vi(sub_name, 60)}-{suffix}-{code}",
                    locale=locale,
                    defaults={
                        "name": sub_name,
                        "criteria_version": version,
                        "code": f"{code}.{sub_order + 1}",
                        "colour": colour,
                        "sort_order": sub_order,
                        "parent": group,
                        "translation_key": uuid.uuid4(),
                    },
                )


class Migration(migrations.Migration):
    dependencies = [
        ("products_catalog", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
