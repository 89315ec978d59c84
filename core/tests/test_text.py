import re

import pytest
from django.utils.text import slugify as django_slugify

from core.text import fold, slug_input_formatters, slugify_vi, words

TITLES = [
    "Đặc sản Đồng Din",
    "Nước mắm Tân Lập",
    "Dầu phộng Xuân Phước",
    "Rượu tằm Hòa Phong",
    "Khóm (trái dứa) Đồng Din",
    "Bò gác bếp - bò một nắng Mí Dung",
    "Yến hũ chưng sẵn Huy Hoàng",
    "NƯỚC MẮM NHỈ PHÚ KHANG",
]


def test_slug_keeps_d_with_stroke():
    assert slugify_vi("Đặc sản Đồng Din") == "dac-san-dong-din"
    assert django_slugify("Đặc sản Đồng Din") == "ac-san-ong-din"  # why we need our own


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Nước mắm", "nuoc mam"),
        ("NƯỚC MẮM", "nuoc mam"),
        ("Đặc sản", "dac san"),
        ("ĐỒNG DIN", "dong din"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_words_split_on_punctuation():
    assert words("Nước-mắm, Tân Lập") == ["nuoc", "mam", "tan", "lap"]


def test_slug_length_and_trailing_dash():
    slug = slugify_vi("Gạo thơm " * 40, max_length=20)
    assert len(slug) <= 20
    assert not slug.endswith("-")


@pytest.mark.parametrize("title", TITLES)
def test_admin_formatters_match_server_slug(title):
    """What the admin's JS proposes (formatters, then its unicode slugify) equals slugify_vi."""
    text = title
    for pattern, replacement in slug_input_formatters():
        text = re.sub(pattern, replacement, text)
    # Wagtail's JS with unicode allowed lower-cases and joins words like Django's slugify.
    assert django_slugify(text, allow_unicode=True) == slugify_vi(title)
