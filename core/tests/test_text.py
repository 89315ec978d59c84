import re

import pytest
from django.utils import translation
from django.utils.text import slugify as django_slugify
from django.utils.translation import gettext_lazy

from core.text import fold, slug_input_formatters, slugify_vi, sort_key, words

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


def test_sort_key_dictionary_order_letters_before_tones():
    names = ["Cam", "Cà", "Ca", "Đồng Xuân", "Dừa", "Ăn", "An"]
    assert sorted(names, key=sort_key) == ["An", "Ăn", "Ca", "Cà", "Cam", "Dừa", "Đồng Xuân"]
    assert sort_key(None) == sort_key("")


def test_sort_key_of_a_lazy_text_follows_the_active_language():
    # Keys are memoised by text: a lazy translation must be read in the language active now,
    # not the one active when its key was first asked for.
    label = gettext_lazy("Name A–Z")
    with translation.override("en"):
        english = sort_key(label)
    with translation.override("vi"):
        vietnamese = sort_key(label)
    assert english == sort_key("Name A–Z")
    assert vietnamese == sort_key("Tên A–Z")
    assert vietnamese != english
