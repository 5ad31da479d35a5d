"""The visible stamp BSrE puts in a signature's box: a PNG we draw (`imageBase64`)."""

from __future__ import annotations

import io
from functools import lru_cache

from accounts.signatures.pdf import Box

STAMP_TEXT = "Ditandatangani secara elektronik oleh\n{name}"
SEAL_STAMP_TEXT = "Disegel secara elektronik"
# The stamp image is drawn at 3 pixels per PDF point (216 dpi): sharp in print, a few kilobytes.
PIXELS_PER_POINT = 3


def stamp_png(text: str, box: Box) -> bytes:
    """The visible stamp: `text` in black on white, in the largest font that fits the box (BSrE
    scales the image into the box, so it is drawn at the box's proportions)."""
    width = max(1, round(box.width * PIXELS_PER_POINT))
    height = max(1, round(box.height * PIXELS_PER_POINT))
    return _drawn(text, width, height)


@lru_cache(maxsize=32)  # a batch stamps the same name into boxes of the same size
def _drawn(text: str, width: int, height: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    margin = 3 * PIXELS_PER_POINT
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for size in range(max(8, height // 3), 7, -1):
        font = ImageFont.load_default(size=size)
        left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
        if right - left <= width - 2 * margin and bottom - top <= height - 2 * margin:
            break
    draw.multiline_text(
        (margin - left, (height - (bottom - top)) / 2 - top), text, font=font, fill="black"
    )
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
