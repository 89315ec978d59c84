"""Synthetic placeholder pictures (Pillow), used where no real photo exists.

Each product gets its own picture (issue 15): a colour field from its
group's palette (the shade picked by its subgroup), the group's icon drawn
large and faint, the product's initials in a disc, its name, and a visible
"Ảnh minh họa" (illustration) strip, so nobody mistakes it for a photo.
Images are flagged ``is_placeholder`` and captioned as illustrations.
"""

import hashlib
import io
import math
import textwrap
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

from core.models import CustomImage
from core.text import fold, slugify_vi

FONT_CANDIDATES = (
    str(Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"),  # shipped, Bitstream Vera licence
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
LABEL = "Ảnh minh họa"
CAPTION = "Ảnh minh họa tổng hợp, không phải ảnh chụp sản phẩm"
TITLE_PREFIX = "[Ảnh minh họa] "
# In the file name of the pictures drawn by this version (per-product illustrations), so the
# demo loader can tell them from the older single-pattern ones and replace only those.
STYLE = "illus2"

# Dark enough for white text (≥ 4.5:1), one palette per product-group family
# (taxonomy.groups: the families of both criteria versions).
PALETTES = {
    "thuc-pham": ("#a4341f", "#8d3b12", "#9c2f4a", "#7f4a0f", "#a03a2c", "#8a2d2d"),
    "do-uong": ("#1f5f8b", "#195e6e", "#2d4f86", "#14606b", "#3a4f7a", "#1d5a78"),
    "duoc-lieu": ("#2e6b3a", "#3d6a26", "#2b6657", "#4a6324", "#256246", "#3b5f33"),
    "thu-cong-my-nghe": ("#6d4c2f", "#7a4a22", "#5f4b3b", "#80502a", "#6b4536", "#5d5230"),
    "sinh-vat-canh": ("#2f6d2f", "#5a5f16", "#2d6a4f", "#4d6b1d", "#356a3a", "#55601f"),
    "du-lich": ("#5b3f86", "#404f8f", "#6a3b73", "#3e5686", "#583f7a", "#4b4a8a"),
}
OTHER_PALETTE = ("#455a64", "#4e5b6e", "#53606b", "#3f5866")
ICONS = {
    "thuc-pham": "bowl",
    "do-uong": "bottle",
    "duoc-lieu": "leaf",
    "thu-cong-my-nghe": "vase",
    "sinh-vat-canh": "flower",
    "du-lich": "mountain",
}


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _rgb(hex_colour):
    value = str(hex_colour or "").lstrip("#")
    try:
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return (46, 125, 50)


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


def _stable_index(text, modulo):
    digest = hashlib.sha256(str(text or "").encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % modulo


def palette_colour(family, subgroup=""):
    """``"#rrggbb"`` for a family slug, the shade chosen by the subgroup (stable)."""
    palette = PALETTES.get(family, OTHER_PALETTE)
    return palette[_stable_index(subgroup or family, len(palette))]


def initials(text):
    """Up to two capital initials of a name: "Cá ngừ đại dương" → "CN"."""
    letters = [word[0] for word in str(text or "").split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def _draw_icon(draw, kind, box, colour):
    """A simple line icon of ``kind`` filling ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    line = max(6, int(w / 18))
    if kind == "bowl":
        draw.chord([x0, y0 + h * 0.2, x1, y1], 0, 180, outline=colour, width=line)
        draw.line([x0, y0 + h * 0.6, x1, y0 + h * 0.6], fill=colour, width=line)
        for dx in (0.35, 0.5, 0.65):
            draw.arc(
                [x0 + w * (dx - 0.05), y0, x0 + w * (dx + 0.05), y0 + h * 0.45],
                100,
                260,
                fill=colour,
                width=line // 2,
            )
    elif kind == "bottle":
        neck = [x0 + w * 0.42, y0, x0 + w * 0.58, y0 + h * 0.25]
        draw.rectangle(neck, outline=colour, width=line)
        draw.rounded_rectangle(
            [x0 + w * 0.28, y0 + h * 0.25, x0 + w * 0.72, y1],
            radius=w * 0.1,
            outline=colour,
            width=line,
        )
        draw.line(
            [x0 + w * 0.28, y0 + h * 0.55, x0 + w * 0.72, y0 + h * 0.55],
            fill=colour,
            width=line // 2,
        )
    elif kind == "leaf":
        # A lens along the diagonal with its midrib.
        ax, ay, bx, by = x0 + w * 0.12, y1 - h * 0.12, x1 - w * 0.1, y0 + h * 0.1
        length = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / length, (bx - ax) / length
        upper, lower = [], []
        for step in range(21):
            t = step / 20
            px, py = ax + (bx - ax) * t, ay + (by - ay) * t
            bulge = length * 0.22 * math.sin(math.pi * t)
            upper.append((px + nx * bulge, py + ny * bulge))
            lower.append((px - nx * bulge, py - ny * bulge))
        draw.line(upper + lower[::-1] + upper[:1], fill=colour, width=line, joint="curve")
        draw.line([(ax - w * 0.06, ay + h * 0.06), (bx, by)], fill=colour, width=line // 2)
    elif kind == "vase":
        draw.ellipse([x0 + w * 0.15, y0 + h * 0.3, x1 - w * 0.15, y1], outline=colour, width=line)
        draw.rectangle(
            [x0 + w * 0.38, y0 + h * 0.08, x0 + w * 0.62, y0 + h * 0.34], outline=colour, width=line
        )
        draw.line(
            [x0 + w * 0.3, y0 + h * 0.08, x0 + w * 0.7, y0 + h * 0.08], fill=colour, width=line
        )
    elif kind == "flower":
        cx, cy, r = x0 + w / 2, y0 + h * 0.4, w * 0.14
        for dx, dy in (
            (0, -1),
            (1, 0),
            (0, 1),
            (-1, 0),
            (0.7, 0.7),
            (-0.7, 0.7),
            (0.7, -0.7),
            (-0.7, -0.7),
        ):
            draw.ellipse(
                [
                    cx + dx * r * 1.6 - r,
                    cy + dy * r * 1.6 - r,
                    cx + dx * r * 1.6 + r,
                    cy + dy * r * 1.6 + r,
                ],
                outline=colour,
                width=line // 2,
            )
        draw.line([cx, cy + r * 2.6, cx, y1], fill=colour, width=line)
    elif kind == "mountain":
        draw.polygon(
            [
                (x0, y1),
                (x0 + w * 0.4, y0 + h * 0.25),
                (x0 + w * 0.65, y0 + h * 0.6),
                (x0 + w * 0.78, y0 + h * 0.45),
                (x1, y1),
            ],
            outline=colour,
            width=line,
        )
        draw.ellipse(
            [x0 + w * 0.7, y0, x0 + w * 0.9, y0 + h * 0.2], outline=colour, width=line // 2
        )
    else:
        draw.rounded_rectangle(
            [x0 + w * 0.1, y0 + h * 0.2, x1 - w * 0.1, y1 - h * 0.1],
            radius=w * 0.08,
            outline=colour,
            width=line,
        )
        draw.line(
            [x0 + w * 0.1, y0 + h * 0.45, x1 - w * 0.1, y0 + h * 0.45], fill=colour, width=line
        )


def placeholder_png(text, colour="#2e7d32", size=(800, 600), *, family="", subgroup=""):
    """Return PNG bytes of an illustration for ``text`` (a product or page name).

    ``family`` (a product-group family slug such as ``"thuc-pham"``) picks the
    icon and, with ``subgroup``, the colour; without a family ``colour``
    ("#rrggbb") is used. Shape: ``bytes`` of a ``size`` (width, height) PNG.
    """
    width, height = size
    background = _rgb(palette_colour(family, subgroup) if family else colour)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    # Light diagonal texture, its angle and the icon's side vary by name: no two alike.
    seed = _stable_index(fold(text), 1000)
    tint = _mix(background, (255, 255, 255), 0.12)
    step = 36 + seed % 5 * 6
    for offset in range(-height, width, step):
        draw.line([(offset, height), (offset + height, 0)], fill=tint, width=10)
    icon_colour = _mix(background, (255, 255, 255), 0.35)
    icon_size = int(height * 0.62)
    left = width - icon_size - 40 if seed % 2 else 40
    _draw_icon(
        draw, ICONS.get(family, ""), (left, 40, left + icon_size, 40 + icon_size), icon_colour
    )
    # The initials in a white disc.
    radius = 92
    cx, cy = (width - 40 - radius if not seed % 2 else 40 + radius), 60 + radius
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=(255, 255, 255))
    draw.text((cx, cy), initials(text), font=_font(86), fill=background, anchor="mm")
    title_font, label_font = _font(44), _font(26)
    lines = textwrap.wrap(str(text), width=26)[:3]
    line_height = 54
    top = height - 70 - line_height * len(lines)
    shade = _mix(background, (0, 0, 0), 0.35)
    draw.rectangle([(0, top - 18), (width, height - 54)], fill=shade)
    for index, line in enumerate(lines):
        draw.text((40, top + index * line_height), line, font=title_font, fill="white", anchor="la")
    draw.rectangle([(0, height - 54), (width, height)], fill=(20, 20, 20))
    draw.text((width / 2, height - 27), LABEL, font=label_font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def is_current_placeholder(image):
    """True for a placeholder drawn in the current :data:`STYLE` (not an older pattern)."""
    return bool(image.is_placeholder) and f"-{STYLE}-" in (image.file.name or "")


def create_placeholder_image(title, colour, collection=None, *, family="", subgroup=""):
    """Create and return a ``CustomImage`` flagged ``is_placeholder``.

    Its title is "[Ảnh minh họa] {title}" so editors see it in the library;
    ``family`` and ``subgroup`` as for :func:`placeholder_png`.
    """
    data = placeholder_png(title, colour, family=family, subgroup=subgroup)
    filename = f"placeholder-{STYLE}-{slugify_vi(title, 60) or 'image'}.png"
    image = CustomImage(
        title=f"{TITLE_PREFIX}{title}"[:255],
        is_placeholder=True,
        caption=CAPTION,
    )
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image
