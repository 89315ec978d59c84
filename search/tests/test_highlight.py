"""Server-side highlighting from folded match positions."""

import unicodedata

from search.highlight import find_matches, highlight, snippet


def test_marks_the_original_letters_of_folded_matches():
    expected = "<mark>Nước</mark> <mark>mắm</mark> Tân Lập"
    assert highlight("Nước mắm Tân Lập", ["nuoc", "mam"]) == expected
    assert highlight("ĐỒNG DIN", ["dong", "din"]) == "<mark>ĐỒNG</mark> <mark>DIN</mark>"


def test_whole_words_only_except_a_prefix_last_term():
    assert highlight("Mắm mực, mâm", ["mam"]) == "<mark>Mắm</mark> mực, <mark>mâm</mark>"
    assert highlight("Mật ong", ["mat", "o"]) == "<mark>Mật</mark> ong"
    expected = "<mark>Mật</mark> <mark>o</mark>ng"
    assert highlight("Mật ong", ["mat", "o"], prefix_last=True) == expected
    assert highlight("namam", ["mam"]) == "namam"


def test_combining_marks_stay_inside_the_mark():
    text = unicodedata.normalize("NFD", "mắm ruốc")
    spans = find_matches(text, ["mam"])
    assert spans == [(0, 5)]
    assert highlight(text, ["mam"]).startswith("<mark>" + text[:5] + "</mark>")


def test_everything_is_escaped():
    html = highlight('<b>Mắm</b> & "x"', ["mam"])
    assert html == "&lt;b&gt;<mark>Mắm</mark>&lt;/b&gt; &amp; &quot;x&quot;"


def test_snippet_is_a_window_around_the_first_match():
    text = ("Lời mở đầu rất dài. " * 20) + "Bánh nướng trên bếp than củi nhãn. " + ("Kết. " * 80)
    html = snippet(text, ["cui", "nhan"])
    assert "<mark>củi</mark> <mark>nhãn</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 320


def test_snippet_without_match_is_the_start_and_empty_is_empty():
    assert snippet("Chương trình OCOP.\n\n  Sản phẩm", ["zzz"]) == "Chương trình OCOP. Sản phẩm"
    assert snippet("", ["x"]) == ""
    assert snippet(None, []) == ""
