"""Product pictures drawn with Pillow: cloth, baskets, bags, clothes, cushions, jars and pouches.

No downloads and no fonts beyond Pillow's bundled one.  ``product_images``
returns 800x800 JPEG bytes for a product's ``image`` spec (see
``products._image``); the same spec and seed always give the same bytes.
"""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from . import crafts, food
from .canvas import SIZE, STRAW, jpeg, palette_of, plait_palette
from .patterns import darken, pattern, rgb, with_weave

__all__ = ["background_image", "jpeg", "product_images", "synthetic_image"]

PLAITED_KINDS = ("basket", "placemat")
BAG_KINDS = ("tote", "clutch", "yaam")


def draw_detail(spec, rng) -> Image.Image:
    """A close-up of the cloth or the weave, with a soft fold shadow."""
    if spec["kind"] in PLAITED_KINDS:
        surface = pattern(spec.get("pattern", "lai-song"), plait_palette(spec), (SIZE, SIZE))
    elif spec["kind"] in BAG_KINDS:
        surface = crafts.bag_surface(spec)
    else:
        name, motif = spec.get("pattern", "plain"), spec.get("motif", "")
        surface = pattern(name, palette_of(spec), (SIZE, SIZE), motif)
    x, y = rng.randint(0, 300), rng.randint(0, 300)
    close_up = surface.crop((x, y, x + 400, y + 400)).resize((SIZE, SIZE), Image.Resampling.BICUBIC)
    image = with_weave(close_up, 8)
    fold = Image.linear_gradient("L").rotate(35).resize(image.size).point(lambda v: max(0, v - 150))
    image.paste((0, 0, 0), (0, 0), fold)
    return image


_DRAWERS = {
    "scarf": crafts.draw_scarf,
    "folded": crafts.draw_folded,
    "handkerchief": crafts.draw_handkerchief,
    "basket": crafts.draw_basket,
    "lamp": crafts.draw_lamp,
    "tote": crafts.draw_bag,
    "yaam": crafts.draw_bag,
    "clutch": crafts.draw_bag,
    "shirt": crafts.draw_garment,
    "skirt": crafts.draw_garment,
    "dress": crafts.draw_garment,
    "trousers": crafts.draw_garment,
    "cushion": crafts.draw_cushion,
    "triangle": crafts.draw_triangle,
    "runner": crafts.draw_runner,
    "placemat": crafts.draw_placemat,
    "jar": food.draw_jar,
    "honey": food.draw_jar,
    "pouch": food.draw_pouch,
}

FOOD_KINDS = ("jar", "honey", "pouch")


def product_images(spec: dict, seed: str, detail: bool) -> list[bytes]:
    """One main picture and, when asked, a detail: close-up for crafts, serving for food."""
    rng = random.Random(seed)
    spec = dict(spec)
    if spec["kind"] in ("yaam", "clutch"):
        spec.setdefault("shape", spec["kind"])
    images = [jpeg(_DRAWERS[spec["kind"]](spec, rng))]
    if detail:
        if spec["kind"] in FOOD_KINDS:
            images.append(jpeg(food.draw_serving(spec, rng)))
        else:
            images.append(jpeg(draw_detail(spec, rng)))
    return images


def background_image(style: str, palette: list[str], seed: str, size=(1200, 600)) -> bytes:
    """A wide banner for a category or collection."""
    rng = random.Random(seed)
    if style == "food":
        image = pattern("check", ("#B3202A", "#F4EFE6", "#F4EFE6"), size).copy()
        draw = ImageDraw.Draw(image)
        for k, colour in enumerate(palette * 2):
            cx, cy = 160 + k * 180, 300 + (80 if k % 2 else -80)
            draw.ellipse((cx - 110, cy - 110, cx + 110, cy + 110), fill=(244, 240, 232))
            draw.ellipse((cx - 80, cy - 80, cx + 80, cy + 80), fill=rgb(colour))
            for _ in range(30):
                x, y = cx + rng.randint(-60, 60), cy + rng.randint(-60, 60)
                draw.ellipse((x, y, x + 6, y + 4), fill=darken(rgb(colour), 0.3))
        return jpeg(image)
    name, motif = (style, "naga") if style == "mudmee" else (style, "")
    return jpeg(pattern(name, tuple(palette), size, motif, seed))


def synthetic_image() -> bytes:
    """The one picture shared by all benchmark products (drawn once)."""
    spec = {
        "kind": "basket",
        "pattern": "lai-song",
        "palette": [STRAW, "#7A4B2A", "#2A2626"],
        "colour_key": "natural-straw",
    }
    return jpeg(crafts.draw_basket(spec, random.Random("synthetic")))
