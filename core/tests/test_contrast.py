"""Colour contrast of the site's CSS (WCAG 2.2, 1.4.3 and 1.4.11; issue 15).

Two checks: every rule of the site's stylesheets that sets both a text colour and a solid
background must reach 4.5:1; and the pairs that meet only in context (text on the page or a
card, the header's text and focus ring on green, stars, badges) are listed below with the
ratio they need: 4.5:1 for text, 3:1 for focus indicators and other interface parts.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STYLESHEETS = [
    ROOT / "static" / "css" / "site.css",
    ROOT / "search" / "static" / "search" / "search.css",
    ROOT / "buyers" / "static" / "buyers" / "buyers.css",
]
TEXT, UI = 4.5, 3.0

# (foreground, background, minimum, what): CSS variables or #hex.
CONTEXT_PAIRS = [
    ("--ink", "--bg", TEXT, "body text on the page"),
    ("--ink", "--card", TEXT, "text on a card"),
    ("--muted", "--bg", TEXT, "secondary text on the page"),
    ("--muted", "--card", TEXT, "secondary text on a card"),
    ("--muted", "--mint", TEXT, "secondary text on a tag"),
    ("--green", "--bg", TEXT, "links on the page"),
    ("--green", "--card", TEXT, "links on a card"),
    ("--green", "--mint", TEXT, "a tag's link, a chip"),
    ("#ffffff", "--green", TEXT, "header text and menu links"),
    ("#ffffff", "--green-dark", TEXT, "an open header button, footer links"),
    ("#ffffff", "--green-3", TEXT, "hero text where the gradient ends"),
    ("#e8efe5", "--green-dark", TEXT, "footer text"),
    ("--green", "--gold-bright", TEXT, "the brand mark"),
    ("--ink", "--gold-bright", TEXT, "the search button"),
    ("--gold-bright", "--green-dark", TEXT, "the hero's figures"),
    ("--gold", "--card", TEXT, "stars on a card"),
    ("--gold", "--bg", TEXT, "stars on the page"),
    ("--amber", "--card", TEXT, "the event-type label"),
    ("--amber", "--amber-bg", TEXT, "an expiring badge"),
    ("--red", "--red-bg", TEXT, "an expired badge"),
    ("#ffffff", "--green-2", TEXT, "a button"),
    ("--focus", "--bg", UI, "focus ring on the page"),
    ("--focus", "--card", UI, "focus ring on a card"),
    ("--focus-on-dark", "--green", UI, "focus ring in the header"),
    ("--focus-on-dark", "--green-dark", UI, "focus ring in the footer"),
    ("--focus-on-dark", "--green-3", UI, "focus ring in the hero"),
    ("--field", "--card", UI, "a form field's border"),
    ("--green-2", "--card", UI, "a checked box, a chip's border"),
]

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def css_rules():
    """``[(selector, {property: value})]`` of every stylesheet, @media blocks included."""
    rules = []
    for sheet in STYLESHEETS:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in RULE.findall(text):
            declarations = {
                name.strip(): value.strip() for name, value in DECLARATION.findall(body)
            }
            rules.append((selector.strip().split("\n")[-1].strip(), declarations))
    return rules


def variables():
    found = {}
    for selector, declarations in css_rules():
        if selector.endswith(":root"):
            found.update({k: v for k, v in declarations.items() if k.startswith("--")})
    return found


def resolve(value, names):
    """A CSS colour (``#abc``, ``#aabbcc``, ``#fff``, ``var(--x)``, ``--x``) → "#rrggbb",
    or ``None`` for anything else (gradients, transparency, keywords)."""
    value = value.strip().split(" !")[0]
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        value = match.group(1)
    if value.startswith("--"):
        return resolve(names[value], names) if value in names else None
    if value in ("#fff", "white"):
        return "#ffffff"
    if not HEX.match(value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.lower()


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(first, second):
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def declared_pairs():
    """``[(selector, text colour, background)]`` of rules that set both, resolved."""
    names = variables()
    pairs = []
    for selector, declarations in css_rules():
        colour = declarations.get("color")
        background = declarations.get("background-color", declarations.get("background"))
        if not (colour and background):
            continue
        fg, bg = resolve(colour, names), resolve(background, names)
        if fg and bg:
            pairs.append((selector, fg, bg))
    return pairs


def test_the_ratio_function_matches_wcag_examples():
    assert ratio("#ffffff", "#000000") == pytest.approx(21)
    assert ratio("#ffffff", "#b8860b") == pytest.approx(3.25, abs=0.01)  # the old gold button
    assert ratio("#b8860b", "#1b5e20") == pytest.approx(2.42, abs=0.01)  # the old focus ring


def test_rules_with_text_and_background_reach_4_5():
    pairs = declared_pairs()
    assert len(pairs) >= 15  # the parser finds the site's rules
    failing = [
        (selector, fg, bg, round(ratio(fg, bg), 2))
        for selector, fg, bg in pairs
        if ratio(fg, bg) < TEXT
    ]
    assert failing == []


@pytest.mark.parametrize(("fg", "bg", "minimum", "what"), CONTEXT_PAIRS)
def test_colour_pairs_in_context(fg, bg, minimum, what):
    names = variables()
    first, second = resolve(fg, names), resolve(bg, names)
    assert first and second, f"unknown colour in {what}"
    assert ratio(first, second) >= minimum, f"{what}: {ratio(first, second):.2f}:1"


def test_no_opacity_fades_text():
    # Fading a card with opacity lowers its text's contrast (it failed on past events).
    faded = [selector for selector, declarations in css_rules() if "opacity" in declarations]
    assert faded == []
