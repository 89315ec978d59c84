"""Vietnamese text helpers: diacritic folding and ASCII slugs.

Vietnamese writes tones and vowel marks as combining diacritics, which Unicode
NFD decomposition separates from the base letter, except for đ/Đ, a letter of
its own (U+0111/U+0110) with no decomposition. Django's ``slugify`` therefore
drops it ("Đồng Din" → "ong-din"); these helpers map it to "d" first.

The same :func:`fold` is applied to indexed text and to search queries so that
"nuoc mam", "NƯỚC MẮM" and "Nước mắm" compare equal on every search backend.
"""

import functools
import re
import unicodedata

from django.utils.text import slugify as django_slugify

# Letters that NFD does not decompose into an ASCII base + marks.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})

# Base letter → every precomposed Vietnamese form of it (lower and upper case).
VIETNAMESE_LETTERS = {
    "a": "àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴ",
    "e": "èéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄ",
    "i": "ìíịỉĩÌÍỊỈĨ",
    "o": "òóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠ",
    "u": "ùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮ",
    "y": "ỳýỵỷỹỲÝỴỶỸ",
    "d": "đĐ",
}


def fold(text):
    """Return ``text`` lower-cased with every diacritic removed.

    Shape: ``str`` → ``str`` of the same words ("Đặc sản Nước mắm" →
    "dac san nuoc mam"). Non-Latin characters other than marks are kept.
    ``None`` gives "". Used for search indexing and queries alike.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def slugify_vi(text, max_length=255):
    """Return an ASCII slug for Vietnamese (or any Latin) text.

    "Đặc sản Đồng Din" → "dac-san-dong-din". At most ``max_length`` characters,
    never ending in "-". Empty input gives "".
    """
    slug = django_slugify(fold(text))[:max_length]
    return slug.rstrip("-")


def slug_input_formatters():
    """Regex formatters for Wagtail's ``SlugInput`` that fold Vietnamese letters.

    Shape: list of ``(pattern, replacement)`` pairs. The admin's JavaScript
    runs them before its own slugify, so the slug it proposes while an editor
    types a title equals :func:`slugify_vi` of that title (tested in
    ``core/tests/test_text.py``).
    """
    return [(f"[{chars}]", base) for base, chars in VIETNAMESE_LETTERS.items()]


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def words(text):
    """Split ``text`` into folded words: "Nước-mắm, Tân Lập" → ["nuoc", "mam", "tan", "lap"]."""
    return _WORD_RE.findall(fold(text))


def fold_with_offsets(text):
    """Fold ``text`` like :func:`fold` and map each folded character back.

    Returns ``(folded, offsets)`` where ``offsets[j]`` is the index in
    ``text`` of the character that produced ``folded[j]``. Folding is done
    character by character, so marks typed as separate combining characters
    ("e" + U+0301) vanish and "İ" stays one letter: the folded string may be
    shorter than ``text``. Used to highlight, in the original text, the words
    a folded query matched.
    """
    if not text:
        return "", []
    folded, offsets = [], []
    for index, char in enumerate(str(text)):
        out = _fold_char(char)
        if len(out) == 1:
            folded.append(out)
            offsets.append(index)
        else:  # "" (a lone mark) or several characters
            folded.extend(out)
            offsets.extend([index] * len(out))
    return "".join(folded), offsets


@functools.lru_cache(maxsize=8192)
def _fold_char(char):
    # Highlighting folds every character of every snippet: memoise.
    return fold(char)


# Vietnamese alphabetical order: đ after d, ă and â after a, ê after e, ô and ơ
# after o, ư after u; f, j, w and z (loan words) in their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# The five tone marks in dictionary order (no tone first): huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_SEPARATOR, _SPACE, _OTHER = 0, 1, 675
_DIGITS_FROM, _LETTERS_FROM = 2, 12
_LETTER_RANK = {letter: _LETTERS_FROM + i for i, letter in enumerate(_ALPHABET)}


def _code(rank):
    # Two lower-case ASCII letters per rank: every database collation (C,
    # en_US, ICU) orders such strings alike, which mixed symbols would not.
    return chr(97 + rank // 26) + chr(97 + rank % 26)


def _letter_and_tone(char):
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = decomposed[0]
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            kept += mark
    return unicodedata.normalize("NFC", kept), tone


def sort_key(text):
    """A key that sorts Vietnamese text in dictionary order, as ASCII letters.

    Letters compare first in the Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ
    … u ư …), case ignored, runs of spaces and punctuation as one space; only
    when the letters are equal do tones decide (none, huyền, sắc, hỏi, ngã,
    nặng), so "Cà" sorts after "Ca" and before "Cam". Shape: ``str`` of
    lower-case ASCII letters, comparable with ``<`` in Python and in any
    database collation. ``None`` gives "".
    """
    # The text, not a lazy translation object: its key depends on the active language.
    return _sort_key(str(text or ""))


#: Facets and menus sort the same few thousand names on every request (a search's locality
#: facet: ~80 names, 60 µs each).
@functools.lru_cache(maxsize=8192)
def _sort_key(text):
    primary, tones = [], []
    for char in text.lower():
        letter, tone = _letter_and_tone(char)
        if letter in _LETTER_RANK:
            rank = _LETTER_RANK[letter]
        elif letter.isdigit() and letter.isascii():
            rank = _DIGITS_FROM + int(letter)
        elif letter.isalnum():
            rank = _OTHER
        else:
            if primary and primary[-1] != _code(_SPACE):
                primary.append(_code(_SPACE))
            continue
        primary.append(_code(rank))
        tones.append(chr(97 + tone))
    while primary and primary[-1] == _code(_SPACE):
        primary.pop()
    return "".join(primary) + _code(_SEPARATOR) + "".join(tones)
