"""Server-side highlighting: mark, in the original text, the words a folded query matched.

Backends index folded text and some (SQLite FTS5, PostgreSQL) have their own
highlighters, Elasticsearch another: each would mark differently, and none
knows that "nuoc" matched "Nước". Here the text is folded with
:func:`core.text.fold_with_offsets`, the folded query words are found in it,
and the matches are mapped back to the original characters, so the snippet
looks the same on every backend. Output is escaped HTML with ``<mark>``.
"""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.text import fold_with_offsets

SNIPPET_LENGTH = 220
CONTEXT_BEFORE = 60
#: Snippets are looked for in the first this many characters of a text.
SNIPPET_SOURCE_LIMIT = 5000
_SPACE_RE = re.compile(r"\s+")


@functools.lru_cache(maxsize=256)
def _pattern(terms, prefix_last):
    """Regex over folded text matching any term as a whole word (last term: prefix)."""
    if not terms:
        return None
    alternatives = []
    for position, term in enumerate(terms):
        is_last = position == len(terms) - 1
        ending = "" if prefix_last and is_last else r"(?![^\W_])"
        alternatives.append(re.escape(term) + ending)
    # Longer terms first so "mam" does not hide "mamruoc"; word start required.
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + ")")


def find_matches(text, terms, *, prefix_last=False):
    """Spans ``[(start, end), ...]`` of ``text`` (original indices) matching ``terms``.

    ``terms`` are folded words (see :func:`core.search.query_terms`); a match
    must start a word and, except for the last term when ``prefix_last``, end
    one. Combining marks that follow a matched letter are included.
    """
    pattern = _pattern(tuple(terms), prefix_last)
    if not text or pattern is None:
        return []
    folded, offsets = fold_with_offsets(text)
    spans = []
    for match in pattern.finditer(folded):
        start = offsets[match.start()]
        end = offsets[match.end() - 1] + 1
        # Absorb marks typed as separate characters (they fold to nothing).
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        spans.append((start, end))
    return spans


def _render(text, spans):
    parts, cursor = [], 0
    for start, end in spans:
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts)


def highlight(text, terms, *, prefix_last=False):
    """All of ``text``, escaped, with matched words wrapped in ``<mark>`` (safe HTML)."""
    text = text or ""
    return mark_safe(_render(text, find_matches(text, terms, prefix_last=prefix_last)))


def snippet(text, terms, *, prefix_last=False, length=SNIPPET_LENGTH):
    """A window of about ``length`` characters of ``text`` around the first match.

    Whitespace is collapsed; "…" marks cut ends; matches are wrapped in
    ``<mark>``; everything else is escaped. Without a match, the start of the
    text. Empty text gives "". Shape: safe HTML string.
    """
    text = _SPACE_RE.sub(" ", (text or "")[:SNIPPET_SOURCE_LIMIT]).strip()
    if not text:
        return mark_safe("")
    spans = find_matches(text, terms, prefix_last=prefix_last)
    start = 0
    if spans and spans[0][0] > CONTEXT_BEFORE:
        start = spans[0][0] - CONTEXT_BEFORE
        space = text.find(" ", start)
        start = space + 1 if -1 < space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start and (not spans or space >= spans[0][1]) else end
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    html = _render(text[start:end], window)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{html}{suffix}")
