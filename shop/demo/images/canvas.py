"""Shared drawing helpers: backdrop, shadows, masks, shading, fringes and label text."""

from __future__ import annotations

import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

from .patterns import darken, mix, rgb, soften

SIZE = 800
JPEG_QUALITY = 85
CREAM = (246, 241, 232)
STRAW = "#CDAE74"
WOOD = (150, 104, 66)
INK = (62, 44, 32)


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


@lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


# --- Canvas and helpers -------------------------------------------------------------------


@lru_cache(maxsize=32)
def _backdrop(tint: tuple[int, int, int], size: tuple[int, int], table: bool) -> Image.Image:
    width, height = size
    top = Image.new("RGB", size, mix(CREAM, tint, 0.10))
    bottom = Image.new("RGB", size, mix(CREAM, tint, 0.22))
    image = Image.composite(bottom, top, Image.linear_gradient("L").resize(size))
    if table:  # a wooden table top in the lower part of the picture
        draw = ImageDraw.Draw(image)
        horizon = int(height * 0.62)
        draw.rectangle((0, horizon, width, height), fill=WOOD)
        rng = random.Random(f"wood-{size}")
        for _ in range(40):
            y = rng.randint(horizon, height)
            draw.line(
                [(0, y), (width, y + rng.randint(-6, 6))],
                fill=darken(WOOD, rng.uniform(0.05, 0.2)),
                width=2,
            )
    return image


def canvas(tint, table=False, size=(SIZE, SIZE)) -> Image.Image:
    return _backdrop(rgb(tint), size, table).copy()


def shadow(image: Image.Image, box, strength: int = 90) -> None:
    width, height = image.size
    small = Image.new("L", (width // 4, height // 4), 0)
    ImageDraw.Draw(small).ellipse([v / 4 for v in box], fill=strength)
    small = soften(small, 3)
    image.paste((30, 20, 10), (0, 0), small.resize(image.size, Image.Resampling.BILINEAR))


def mask_polygon(points, size=(SIZE, SIZE)) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(points, fill=255)
    return mask


def fill(image: Image.Image, surface: Image.Image, mask: Image.Image, offset=(0, 0)) -> None:
    if offset != (0, 0):
        surface = ImageChops.offset(surface, *offset)
    image.paste(surface, (0, 0), mask)


def shade(image, mask, strength=0.45, direction="horizontal", colour=(0, 0, 0)) -> None:
    """Darken a shape towards its edges (horizontal: like a cylinder; vertical: top to bottom)."""
    bbox = mask.getbbox()
    if not bbox:
        return
    x0, y0, x1, y1 = bbox
    if direction == "horizontal":
        span = max(x1 - x0, 1)
        row = Image.new("L", (image.width, 1))
        row.putdata(
            [
                int(255 * strength * min(1.0, ((x - x0) / span * 2 - 1) ** 2))
                if x0 <= x <= x1
                else 0
                for x in range(image.width)
            ]
        )
        gradient = row.resize(image.size, Image.Resampling.NEAREST)
    else:
        span = max(y1 - y0, 1)
        column = Image.new("L", (1, image.height))
        column.putdata(
            [int(255 * strength * max(0.0, min(1.0, (y - y0) / span))) for y in range(image.height)]
        )
        gradient = column.resize(image.size, Image.Resampling.NEAREST)
    image.paste(colour, (0, 0), ImageChops.multiply(mask, gradient))


def fringe(draw, start, end, colours, length=34, step=9) -> None:
    (x0, y0), (x1, y1) = start, end
    count = max(int(math.dist(start, end) / step), 1)
    for i in range(count + 1):
        t = i / count
        x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
        draw.line([(x, y), (x + 2, y + length)], fill=colours[i % len(colours)], width=4)


def text_centered(draw, centre_x, y, text, size, colour=INK) -> int:
    face = font(size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=face)
    draw.text((centre_x - (right - left) / 2, y), text, font=face, fill=colour)
    return y + (bottom - top) + size // 3


def wrap(text: str, limit: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def palette_of(spec: dict) -> tuple[str, ...]:
    return tuple(spec["palette"])


def plait_palette(spec: dict) -> tuple[str, ...]:
    main = spec["palette"][0]
    dark = spec["palette"][1] if spec.get("colour_key") == "natural-straw" else main
    return (STRAW, dark)
