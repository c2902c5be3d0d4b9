"""Woven and plaited surface patterns drawn with Pillow, used to fill the demo pictures.

Every function returns an RGB image of the requested size and is deterministic
for the same arguments; ``pattern()`` caches results because many products
share a pattern and colourway.
"""

from __future__ import annotations

import math
import random
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw

Colour = tuple[int, int, int]


def rgb(value: str | Colour) -> Colour:
    if isinstance(value, tuple):
        return value
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def lighten(colour: Colour, t: float) -> Colour:
    return mix(colour, (255, 255, 255), t)


def darken(colour: Colour, t: float) -> Colour:
    return mix(colour, (0, 0, 0), t)


@lru_cache(maxsize=8)
def weave_texture(width: int, height: int, pitch: int = 4) -> Image.Image:
    """Fine warp and weft lines to multiply over a flat colour so it reads as cloth."""
    rng = random.Random(f"weave-{width}-{height}-{pitch}")
    row = Image.new("L", (width, 1))
    row.putdata([236 + rng.randint(-6, 6) if x % pitch == 0 else 252 for x in range(width)])
    column = Image.new("L", (1, height))
    column.putdata([232 + rng.randint(-6, 6) if y % pitch == 0 else 255 for y in range(height)])
    warp = row.resize((width, height), Image.Resampling.NEAREST)
    weft = column.resize((width, height), Image.Resampling.NEAREST)
    return ImageChops.multiply(warp, weft).convert("RGB")


def with_weave(image: Image.Image, pitch: int = 4) -> Image.Image:
    return ImageChops.multiply(image, weave_texture(*image.size, pitch))


def smear(image: Image.Image, factor: int = 4) -> Image.Image:
    """Blur along the weft only: the feathered edge of hand-tied ikat."""
    width, height = image.size
    small = image.resize((max(width // factor, 1), height), Image.Resampling.BILINEAR)
    return small.resize((width, height), Image.Resampling.BILINEAR)


def soften(image: Image.Image, factor: int = 6) -> Image.Image:
    width, height = image.size
    small = image.resize(
        (max(width // factor, 1), max(height // factor, 1)), Image.Resampling.BILINEAR
    )
    return small.resize((width, height), Image.Resampling.BICUBIC)


# --- Cotton -------------------------------------------------------------------------------


def _stripe_bands(palette, length, rng):
    bands, position = [], 0
    while position < length:
        colour = palette[0] if rng.random() < 0.5 else rng.choice(palette)
        width = rng.choice((6, 10, 14, 24, 40, 60)) if colour != palette[0] else rng.randint(30, 90)
        bands.append((position, position + width, colour))
        position += width
    return bands


def stripe(size, palette, rng, vertical=False) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, palette[0])
    draw = ImageDraw.Draw(image)
    for start, end, colour in _stripe_bands(palette, width if vertical else height, rng):
        box = (start, 0, end, height) if vertical else (0, start, width, end)
        draw.rectangle(box, fill=colour)
    return image


def check(size, palette, rng) -> Image.Image:
    across = stripe(size, palette, random.Random(rng.random()), vertical=False)
    down = stripe(size, palette, random.Random(rng.random()), vertical=True)
    return Image.blend(across, down, 0.5)


def plain(size, palette, rng) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, palette[0])
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 3):
        if rng.random() < 0.35:
            shade = rng.uniform(-0.08, 0.08)
            colour = lighten(palette[0], shade) if shade > 0 else darken(palette[0], -shade)
            draw.rectangle((0, y, width, y + rng.randint(1, 3)), fill=colour)
    return image


def ombre(size, palette, rng) -> Image.Image:
    light = Image.new("RGB", size, lighten(palette[0], 0.55))
    gradient = Image.linear_gradient("L").resize(size)
    return Image.composite(plain(size, palette, rng), light, gradient)


def flowing_water(size, palette, rng) -> Image.Image:
    width, height = size
    image = plain(size, palette, rng)
    draw = ImageDraw.Draw(image)
    period, amplitude = rng.choice((70, 90, 110)), rng.choice((22, 30, 38))
    y = rng.randint(20, 60)
    while y < height + amplitude:
        for offset, colour, thickness in (
            (0, palette[1], 12),
            (16, palette[2], 6),
            (28, palette[1], 4),
        ):
            points = []
            for i, x in enumerate(range(-period, width + period, period // 2)):
                points.append((x, y + offset + (amplitude if i % 2 else -amplitude)))
            draw.line(points, fill=colour, width=thickness, joint="curve")
        y += rng.choice((120, 150, 180))
    return image


def _diamond(draw, cx, cy, r, colour, outline=None, width=3):
    points = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    draw.polygon(points, fill=colour, outline=outline, width=width)


def khit(size, palette, rng) -> Image.Image:
    width, height = size
    image = plain(size, palette, rng)
    draw = ImageDraw.Draw(image)
    r = rng.choice((14, 18, 22))
    band = r * 6
    for row, y in enumerate(range(band // 2, height + band, band)):
        draw.rectangle((0, y - band // 2 + 4, width, y - band // 2 + 8), fill=palette[2])
        shift = (row % 2) * r * 2
        for x in range(-r * 4 + shift, width + r * 4, r * 4):
            _diamond(draw, x, y, r * 1.6, palette[1])
            _diamond(draw, x, y, r * 0.9, palette[0])
            _diamond(draw, x, y, r * 0.4, palette[2])
            for dx in (-r * 2, r * 2):
                draw.rectangle((x + dx - 3, y - 3, x + dx + 3, y + 3), fill=palette[1])
    return image


def jok(size, palette, rng) -> Image.Image:
    width, height = size
    image = plain(size, palette, rng)
    draw = ImageDraw.Draw(image)
    top = int(height * 0.55)
    draw.rectangle((0, top, width, height), fill=darken(palette[0], 0.25))
    y, row = top + 16, 0
    while y < height:
        colour = (palette[1], palette[2], lighten(palette[1], 0.3))[row % 3]
        if row % 2 == 0:
            for x in range(0, width + 40, 40):
                draw.polygon([(x, y + 28), (x + 20, y), (x + 40, y + 28)], fill=colour)
            y += 38
        else:
            for x in range(24, width + 48, 48):
                _diamond(draw, x, y + 22, 20, colour)
                _diamond(draw, x, y + 22, 8, palette[0])
            y += 52
        draw.rectangle((0, y, width, y + 4), fill=palette[2])
        y += 12
        row += 1
    return image


def tie_dye(size, palette, rng) -> Image.Image:
    width, height = size
    base = palette[0]
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    step = rng.choice((200, 240, 280))
    for cy in range(step // 2, height + step, step):
        for cx in range(step // 2 + (cy // step % 2) * step // 2 - step, width + step, step):
            for i, radius in enumerate(range(step // 2, 0, -14)):
                colour = lighten(base, 0.75) if i % 2 else lighten(base, 0.15 + 0.02 * i)
                draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)
    return soften(image, 5)


def batik(size, palette, rng) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, palette[0])
    draw = ImageDraw.Draw(image)
    wax = lighten(palette[0], 0.7)
    for y0 in range(0, height + 80, 80):
        points = [(x, y0 + 18 * math.sin(x / 55 + y0)) for x in range(0, width + 20, 20)]
        draw.line(points, fill=wax, width=5, joint="curve")
    for _ in range(width * height // 26000):
        cx, cy, r = rng.randint(0, width), rng.randint(0, height), rng.randint(18, 34)
        for k in range(5):
            angle = k * 2 * math.pi / 5
            px, py = cx + r * math.cos(angle), cy + r * math.sin(angle)
            draw.ellipse(
                (px - r * 0.6, py - r * 0.6, px + r * 0.6, py + r * 0.6),
                fill=palette[2],
                outline=wax,
                width=3,
            )
        draw.ellipse((cx - r * 0.4, cy - r * 0.4, cx + r * 0.4, cy + r * 0.4), fill=wax)
    for _ in range(25):
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.line(
            [(x, y), (x + rng.randint(-60, 60), y + rng.randint(-60, 60))],
            fill=darken(palette[0], 0.3),
            width=1,
        )
    return image


# --- Mudmee (weft ikat) ------------------------------------------------------------------


def _ikat_diamond(draw, cx, cy, r, colour, rng, hollow=0):
    """A diamond built from weft bundles: each 3-pixel row ends a little early or late."""
    for y in range(int(cy - r), int(cy + r), 3):
        half = r - abs(y - cy)
        if half <= 0:
            continue
        left = cx - half - rng.randint(0, 4)
        right = cx + half + rng.randint(0, 4)
        if hollow and half > hollow:
            inner = half - hollow
            draw.rectangle((left, y, max(left, cx - inner), y + 2), fill=colour)
            draw.rectangle((min(right, cx + inner), y, right, y + 2), fill=colour)
        else:
            draw.rectangle((left, y, right, y + 2), fill=colour)


def mudmee(size, palette, rng, motif="naga") -> Image.Image:
    width, height = size
    base, first, second = palette[0], palette[1], palette[2]
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    cell = {"soi-dok-mak": 90, "dok-kaeo": 120}.get(motif, 150)
    r = cell * 0.4
    for row, cy in enumerate(range(0, height + cell, cell // 2 if motif != "dok-kaeo" else cell)):
        shift = (row % 2) * cell // 2
        for cx in range(-cell + shift, width + cell, cell):
            if motif == "lantern":
                for k, colour in enumerate((first, base, second, base, first)):
                    _ikat_diamond(draw, cx, cy, r * (1 - k * 0.19), colour, rng)
            elif motif == "dok-kaeo":
                for dx, dy in ((0, -r * 0.5), (r * 0.5, 0), (0, r * 0.5), (-r * 0.5, 0)):
                    _ikat_diamond(draw, cx + dx, cy + dy, r * 0.38, first, rng)
                _ikat_diamond(draw, cx, cy, r * 0.18, second, rng)
            elif motif == "soi-dok-mak":
                _ikat_diamond(draw, cx, cy, r, first, rng, hollow=int(r * 0.55))
                _ikat_diamond(draw, cx, cy, r * 0.25, second, rng)
            elif motif == "hook":
                _ikat_diamond(draw, cx, cy, r, first, rng, hollow=int(r * 0.6))
                _ikat_diamond(draw, cx, cy, r * 0.35, second, rng)
                for sign in (-1, 1):
                    draw.rectangle(
                        (cx + sign * r * 0.55 - 6, cy - r * 0.2, cx + sign * r * 0.55 + 6, cy),
                        fill=second,
                    )
            else:  # naga
                _ikat_diamond(draw, cx, cy, r, first, rng)
                _ikat_diamond(draw, cx, cy, r * 0.66, base, rng)
                _ikat_diamond(draw, cx, cy, r * 0.4, second, rng)
                for sign in (-1, 1):
                    _ikat_diamond(draw, cx + sign * r * 1.0, cy, r * 0.22, second, rng)
    return smear(image, 3)


# --- Basketry -----------------------------------------------------------------------------

_FLOWER = {(2, 1), (1, 2), (2, 2), (3, 2), (2, 3)}


def _plait_is_dark(pattern: str, i: int, j: int) -> bool:
    if pattern == "lai-khat":
        return (i + j) % 2 == 1
    if pattern == "lai-song":
        return ((i + j) // 2) % 2 == 1
    if pattern == "lai-sam":
        return ((i + j) // 3) % 2 == 1
    # dok-phikun: small flowers on a checker ground
    return (i % 6, j % 6) in _FLOWER


def plait(size, palette, rng, pattern="lai-song", cell=26) -> Image.Image:
    width, height = size
    light, dark = palette[0], palette[1]
    image = Image.new("RGB", size, darken(light, 0.35))
    draw = ImageDraw.Draw(image)
    for j in range(height // cell + 1):
        for i in range(width // cell + 1):
            x, y = i * cell, j * cell
            is_dark = _plait_is_dark(pattern, i, j)
            colour = dark if is_dark else light
            tone = rng.uniform(-0.06, 0.06)
            colour = lighten(colour, tone) if tone > 0 else darken(colour, -tone)
            draw.rectangle((x + 1, y + 1, x + cell - 2, y + cell - 2), fill=colour)
            if is_dark:  # vertical strand on top: shade its left edge
                draw.rectangle((x + 1, y + 1, x + 4, y + cell - 2), fill=darken(colour, 0.25))
            else:  # horizontal strand on top: catch the light on its upper edge
                draw.rectangle((x + 1, y + 1, x + cell - 2, y + 3), fill=lighten(colour, 0.25))
    return image


# --- Entry point --------------------------------------------------------------------------

_PATTERNS = {
    "stripe": stripe,
    "check": check,
    "plain": plain,
    "ombre": ombre,
    "flowing-water": flowing_water,
    "khit": khit,
    "jok": jok,
    "tie-dye": tie_dye,
    "batik": batik,
}

BASKET_PATTERN_KEYS = ("lai-khat", "lai-song", "lai-sam", "dok-phikun")


@lru_cache(maxsize=64)
def pattern(
    name: str, palette: tuple[str, ...], size: tuple[int, int], motif: str = "", seed: str = ""
) -> Image.Image:
    """A patterned RGB surface; treat the result as read-only (it is cached)."""
    colours = [rgb(c) for c in palette]
    while len(colours) < 3:
        colours.append(lighten(colours[0], 0.6))
    rng = random.Random(f"{name}-{palette}-{size}-{motif}-{seed}")
    if name == "mudmee":
        return with_weave(mudmee(size, colours, rng, motif or "naga"), pitch=3)
    if name in BASKET_PATTERN_KEYS:
        return plait(size, colours, rng, name)
    return with_weave(_PATTERNS[name](size, colours, rng))
