"""The site's icons and default link-preview picture, drawn with Pillow.

``manage.py draw_site_icons`` writes them into ``static/img`` (they are committed):
``favicon.ico`` (16, 32, 48 px), ``icon-192.png``, ``icon-512.png`` (web app manifest and the
organisation's logo in JSON-LD), ``apple-touch-icon.png`` (180 px) and ``og-default.png``
(1200×630, the Open Graph picture of pages that have none). The mark is a gold five-pointed
star on the programme's green: it reads at 16 px, where letters do not.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

from core.placeholders import _font

GREEN = (27, 94, 32)
GOLD = (242, 193, 78)
WHITE = (255, 255, 255)


def star_points(cx, cy, outer, inner, points=5):
    """Vertices of a star centred on (cx, cy), first point straight up."""
    result = []
    for index in range(points * 2):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / points
        result.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return result


def icon(size):
    """A ``size``×``size`` RGBA icon: rounded green square, gold star."""
    scale = 4  # draw large, then shrink: smooth edges without anti-aliasing support
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=big // 5, fill=GREEN)
    draw.polygon(star_points(big / 2, big * 0.53, big * 0.4, big * 0.17), fill=GOLD)
    return image.resize((size, size), Image.LANCZOS)


def preview(site_title, tagline, size=(1200, 630)):
    """The default link-preview picture: the mark, the site title and the tagline."""
    width, height = size
    image = Image.new("RGB", size, GREEN)
    draw = ImageDraw.Draw(image)
    mark = icon(260)
    image.paste(mark, (90, (height - 260) // 2), mark)
    draw.text((400, 250), site_title, font=_font(58), fill=WHITE)
    draw.text((400, 340), tagline, font=_font(30), fill=GOLD)
    return image


def write_all(folder, site_title="Chương trình OCOP", tagline="Mỗi xã một sản phẩm"):
    """Write every icon into ``folder`` (a :class:`pathlib.Path`); returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    ico = icon(48)
    path = folder / "favicon.ico"
    ico.save(path, sizes=[(16, 16), (32, 32), (48, 48)])
    written.append(path)
    for name, size in (("icon-192.png", 192), ("icon-512.png", 512), ("apple-touch-icon.png", 180)):
        path = folder / name
        picture = icon(size)
        if name.startswith("apple"):
            # iOS draws its own rounded corners over an opaque square.
            flat = Image.new("RGB", picture.size, GREEN)
            flat.paste(picture, (0, 0), picture)
            picture = flat
        picture.save(path, optimize=True)
        written.append(path)
    path = folder / "og-default.png"
    preview(site_title, tagline).save(path, optimize=True)
    written.append(path)
    return written
