"""Synthetic placeholder pictures (Pillow), used where no real photo exists.

Each picture is a flat colour field with the subject's name and a visible
"Ảnh minh họa" (illustration) label, so nobody mistakes it for a photo.
"""

import io
import textwrap
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont

from core.models import CustomImage
from core.text import slugify_vi

FONT_CANDIDATES = (
    str(Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"),  # shipped, Bitstream Vera licence
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
LABEL = "Ảnh minh họa"


def _font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size=size)


def _rgb(hex_colour):
    value = hex_colour.lstrip("#")
    try:
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return (46, 125, 50)


def placeholder_png(text, colour="#2e7d32", size=(800, 600)):
    """Return PNG bytes: ``text`` centred on a ``colour`` ("#rrggbb") field.

    Shape: ``bytes`` of a ``size`` (width, height) pixel PNG.
    """
    width, height = size
    background = _rgb(colour)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    # A lighter diagonal band keeps it recognisably synthetic.
    band = tuple(min(255, c + 40) for c in background)
    draw.polygon(
        [(0, height), (width * 0.55, 0), (width * 0.8, 0), (width * 0.25, height)], fill=band
    )
    title_font, label_font = _font(46), _font(24)
    lines = textwrap.wrap(text, width=22)[:4]
    line_height = 58
    top = (height - line_height * len(lines)) / 2 - 20
    for index, line in enumerate(lines):
        draw.text(
            (width / 2, top + index * line_height), line, font=title_font, fill="white", anchor="ma"
        )
    draw.rectangle([(0, height - 54), (width, height)], fill=(0, 0, 0))
    draw.text((width / 2, height - 27), LABEL, font=label_font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def create_placeholder_image(title, colour, collection=None):
    """Create and return a ``CustomImage`` flagged ``is_placeholder``.

    Its title is "[Ảnh minh họa] {title}" so editors see it in the library.
    """
    data = placeholder_png(title, colour)
    filename = f"placeholder-{slugify_vi(title, 60) or 'image'}.png"
    image = CustomImage(
        title=f"[Ảnh minh họa] {title}"[:255],
        is_placeholder=True,
        caption="Ảnh minh họa tổng hợp, không phải ảnh chụp sản phẩm",
    )
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image
