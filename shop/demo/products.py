"""Expand the product lines into concrete, deterministic product specifications.

Pure Python (no database): ``PRODUCTS`` is computed once at import, and
``PRODUCT_MAKERS`` maps each product slug to the producer groups that make it
(the first one leads), for cooperatives/ to use later.  Randomness comes from
``random.Random`` seeded with the product slug, so every run gives the same
catalog.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import slugify

from .catalog_data import (
    BASKET_PATTERNS,
    CARE,
    COLOURS,
    COTTON_PATTERNS,
    DYES,
    FAIR_TRADE_LINES,
    MUDMEE_MOTIFS,
    PRODUCT_TYPES,
    SIZES,
)
from .groups import GROUPS_BY_SLUG, PRODUCER_GROUPS
from .lines import PRODUCT_LINES

SEED = 2017
SALE_SHARE = 0.15
SALE_PERCENTS = (10, 15, 20, 25)
UNPUBLISHED_COUNT = 3
COMING_SOON_COUNT = 3
SOLD_OUT_COUNT = 4

TYPES_BY_SLUG = {product_type["slug"]: product_type for product_type in PRODUCT_TYPES}

# Colours woven or plaited next to a main colour in the pictures.
PAIRINGS = {
    "indigo": ("natural-white", "sky-indigo"),
    "sky-indigo": ("indigo", "natural-white"),
    "natural-white": ("indigo", "bark-brown"),
    "lac-red": ("turmeric-yellow", "ebony-black"),
    "lotus-pink": ("lac-red", "natural-white"),
    "ebony-black": ("lac-red", "turmeric-yellow"),
    "turmeric-yellow": ("lac-red", "leaf-green"),
    "leaf-green": ("turmeric-yellow", "natural-white"),
    "bark-brown": ("natural-white", "turmeric-yellow"),
    "mangosteen-purple": ("lotus-pink", "turmeric-yellow"),
    "charcoal-grey": ("natural-white", "sky-indigo"),
    "natural-straw": ("bark-brown", "ebony-black"),
}


@dataclass(frozen=True)
class VariantSpec:
    sku: str
    name_en: str
    name_th: str
    grams: int
    price: Decimal
    discounted: Decimal
    cost: Decimal
    attrs: tuple[tuple[str, str], ...]
    stock: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class ProductSpec:
    index: int
    slug: str
    name_en: str
    name_th: str
    line: str
    product_type: str
    category: str
    description_en: tuple[str, ...]
    description_th: tuple[str, ...]
    grams: int
    attrs: tuple[tuple[str, str], ...]
    plain_text: tuple[tuple[str, str, str], ...]
    variants: tuple[VariantSpec, ...]
    makers: tuple[str, ...]
    status: str  # "published", "unpublished" or "coming-soon"
    sale_percent: int | None
    created_days_ago: int
    image: dict
    detail_image: bool

    @property
    def min_price(self) -> Decimal:
        return min(variant.discounted for variant in self.variants)


# --- Axes ------------------------------------------------------------------------------


def _colour_option(key: str) -> dict:
    colour = COLOURS[key]
    return {
        "en": colour["en"],
        "th": "สี" + colour["th"],
        "attrs": {"colour": key, "dye": colour["dye"]},
        "ctx": {
            "colour_key": key,
            "colour_en": colour["en"].lower(),
            "colour_th": "สี" + colour["th"],
        },
    }


def _cotton_pattern_option(key: str) -> dict:
    pattern = COTTON_PATTERNS[key]
    return {
        "en": pattern["en"],
        "th": pattern["th"],
        "attrs": {"technique": pattern["technique"]},
        "draw": {"pattern": pattern["draw"]},
        "notes": [(pattern["note_en"], pattern["note_th"])],
        "ctx": {"pattern_phrase_en": pattern["phrase_en"], "pattern_th": pattern["th"]},
    }


def _motif_option(key: str) -> dict:
    motif = MUDMEE_MOTIFS[key]
    return {
        "en": motif["en"],
        "th": motif["th"],
        "draw": {"pattern": "mudmee", "motif": key},
        "notes": [(motif["note_en"], motif["note_th"])],
        "ctx": {"motif_en": motif["en"].removesuffix(" Pattern").lower(), "motif_th": motif["th"]},
    }


def _basket_pattern_option(key: str) -> dict:
    pattern = BASKET_PATTERNS[key]
    return {
        "en": pattern["en"],
        "th": pattern["th"],
        "attrs": {"technique": pattern["technique"]},
        "draw": {"pattern": key},
        "ctx": {"pattern_en": pattern["en"], "pattern_th": pattern["th"]},
    }


def _inline_option(option: dict) -> dict:
    resolved = dict(option)
    ctx = {
        key: option[key] for key in ("item_en", "item_th", "note_en", "note_th") if key in option
    }
    resolved["ctx"] = ctx
    return resolved


_AXIS_KINDS = {
    "colour": _colour_option,
    "cotton-pattern": _cotton_pattern_option,
    "motif": _motif_option,
    "basket-pattern": _basket_pattern_option,
    "options": _inline_option,
}


def _combinations(line: dict) -> list[tuple[dict, ...]]:
    axes = [[_AXIS_KINDS[kind](key) for key in keys] for kind, keys in line["axes"]]
    combos = list(itertools.product(*axes))
    limit = min(line["limit"], len(combos))
    # Spread the picks over the whole grid so every pattern and colour shows up.
    step = len(combos) / limit
    return [combos[int(i * step)] for i in range(limit)]


# --- Names, prices, makers ----------------------------------------------------------------


def _names(line: dict, combo: tuple[dict, ...]) -> tuple[str, str]:
    name_en = line["name_en"]
    for option in combo:
        if not name_en:
            name_en = option["en"]
        elif option["en"].startswith("with "):
            name_en = f"{name_en} {option['en']}"
        else:
            name_en = f"{name_en}, {option['en']}"
    name_th = " ".join(
        part for part in [line["name_th"], *(option["th"] for option in combo)] if part
    )
    return name_en, name_th


def nice_price(amount: float) -> Decimal:
    """Round to a price a Thai shop would print: 65, 390, 1,290 (never a bare hundred)."""
    if amount < 100:
        value = int(round(amount / 5) * 5)
    elif amount < 1000:
        value = int(round(amount / 10) * 10)
    else:
        value = int(round(amount / 50) * 50)
    if value >= 300 and value % 100 == 0:
        value -= 10
    return Decimal(value)


def _makers(line: dict, combo: tuple[dict, ...], rng: random.Random) -> tuple[str, ...]:
    crafts = set(line["crafts"])
    eligible = [group["slug"] for group in PRODUCER_GROUPS if crafts & set(group["crafts"])]
    regions = line.get("regions") or next(
        (option["regions"] for option in combo if option.get("regions")), None
    )
    if regions:
        eligible = [
            slug for slug in eligible if GROUPS_BY_SLUG[slug]["region"] in regions
        ] or eligible
    count = min(rng.choice((1, 1, 2, 2, 3)), len(eligible))
    return tuple(rng.sample(eligible, count))


def _makers_text(makers: tuple[str, ...]) -> tuple[str, str]:
    parts_en, parts_th = [], []
    for slug in makers:
        group = GROUPS_BY_SLUG[slug]
        parts_en.append(f"the {group['name_en']} in {group['province_en']}")
        where = (
            group["province_th"] if group["region"] == "bangkok" else "จังหวัด" + group["province_th"]
        )
        parts_th.append(f"{group['name_th']} {where}")
    if len(parts_en) == 1:
        return parts_en[0], parts_th[0]
    text_en = ", ".join(parts_en[:-1]) + " and " + parts_en[-1]
    text_th = " ".join(parts_th[:-1]) + " และ" + parts_th[-1]
    return text_en, text_th


# --- FDA numbers -------------------------------------------------------------------------


def fda_number(group_slug: str, serials: dict[str, int]) -> str:
    """A fictional number in the real 13-digit layout PP-T-EEEEE-A-SSSS.

    PP province code, T 2 = production site that is not a factory, EEEEE the
    site, A the registering agency (1 = FDA for Bangkok, 2 = provincial health
    office), SSSS the product's serial at that site.
    """
    group = GROUPS_BY_SLUG[group_slug]
    site = random.Random(f"fda-{group_slug}").randint(101, 99_899)
    serial = serials.get(group_slug, random.Random(f"serial-{group_slug}").randint(3, 60)) + 1
    serials[group_slug] = serial
    agency = "1" if group["region"] == "bangkok" else "2"
    return f"{group['province_code']}-2-{site:05d}-{agency}-{serial:04d}"


# --- One product -------------------------------------------------------------------------


def _context(line, combo, name_en, name_th, makers) -> dict:
    makers_en, makers_th = _makers_text(makers)
    ctx = {"name_en": name_en, "name_th": name_th, "makers_en": makers_en, "makers_th": makers_th}
    for option in combo:
        ctx.update(option.get("ctx", {}))
        if "kind_en" not in ctx and option.get("ingredients_en"):
            ctx.update(kind_en=option["en"], kind_th=option["th"])
    return ctx


def _description(line, combo, ctx, attrs, rng) -> tuple[tuple[str, ...], tuple[str, ...]]:
    paragraphs = [(line["intro_en"].format(**ctx), line["intro_th"].format(**ctx))]
    for option in combo:
        paragraphs += option.get("notes", [])
        if option.get("ingredients_en"):
            paragraphs.append(
                (
                    f"Ingredients: {option['ingredients_en']}.",
                    f"ส่วนประกอบ: {option['ingredients_th']}",
                )
            )
    if attrs.get("material") in ("cotton", "silk") and "colour_key" in ctx:
        dye = DYES[attrs["dye"]]
        paragraphs.append((dye["sentence_en"], dye["sentence_th"]))
    if line.get("extra_en"):
        paragraphs.append((line["extra_en"], line["extra_th"]))
    paragraphs.append(CARE[line["care"]])
    paragraphs.append(rng.choice(FAIR_TRADE_LINES))
    return tuple(p[0] for p in paragraphs), tuple(p[1] for p in paragraphs)


def _variant_rows(line, combo, index_in_line):
    sizes = next(
        (option["variants"] for option in combo if option.get("variants")), line["variants"]
    )
    colour_sets = line.get("variant_colours")
    colours = colour_sets[index_in_line % len(colour_sets)] if colour_sets else ()
    rows = []
    for size, factor, grams in sizes:
        for colour in colours or (None,):
            rows.append((size, colour, factor, grams, len(sizes), len(colours)))
    return rows


def _variant_labels(row, is_food) -> tuple[str, str, str, list[tuple[str, str]]]:
    """SKU suffix, English and Thai names, and attribute values of one variant."""
    size, colour, _factor, _grams, size_count, colour_count = row
    if is_food:
        return f"{size}G", f"{size} g", f"{size} กรัม", [("net-weight", str(size))]
    size_en, size_th, suffix = SIZES[size]
    names = [(size_en, size_th)] if size_count > 1 or colour_count <= 1 else []
    attrs = [("size", size)]
    if colour:
        attrs.append(("colour", colour))
        if colour_count > 1:
            suffix = f"{suffix}-{COLOURS[colour]['code']}"
            names.append((COLOURS[colour]["en"], "สี" + COLOURS[colour]["th"]))
    return suffix, " / ".join(n[0] for n in names), " / ".join(n[1] for n in names), attrs


def _variant(row, *, sku_stem, base_price, sale_percent, makers, rng, is_food) -> VariantSpec:
    suffix, name_en, name_th, attrs = _variant_labels(row, is_food)
    price = nice_price(base_price * row[2])
    discounted = price
    if sale_percent:
        discounted = (price * (100 - sale_percent) / 100).quantize(Decimal(1), ROUND_HALF_UP)
    cost = (price * Decimal(str(round(rng.uniform(0.55, 0.65), 3)))).quantize(Decimal("0.01"))
    return VariantSpec(
        sku=f"{sku_stem}-{suffix}",
        name_en=name_en,
        name_th=name_th,
        grams=row[3],
        price=price,
        discounted=discounted,
        cost=cost,
        attrs=tuple(attrs),
        stock=tuple((maker, rng.randint(0, 40)) for maker in makers),
    )


def _image(line, combo, attrs, variant_colours, first_grams) -> dict:
    image = {"kind": line["image"], "line": line["key"], **line.get("draw", {})}
    if line["type"] == "packaged-food":
        image["weight"] = f"Net wt. {first_grams} g"
    for option in combo:
        image.update(option.get("draw", {}))
    colour_key = attrs.get("colour") or (variant_colours[0] if variant_colours else "natural-straw")
    image["colour_key"] = colour_key
    image["palette"] = [COLOURS[colour_key]["hex"]] + [
        COLOURS[k]["hex"] for k in PAIRINGS[colour_key]
    ]
    if variant_colours:
        image["palette"] = [COLOURS[k]["hex"] for k in variant_colours] + image["palette"][1:]
    return image


def _product_attrs(
    line, combo, product_type, variant_colours, makers, fda_serials
) -> tuple[dict, list]:
    attrs: dict = dict(line["attrs"])
    for option in combo:
        attrs.update(option.get("attrs", {}))
    if "dye" in product_type["product_attributes"] and "dye" not in attrs and variant_colours:
        attrs["dye"] = COLOURS[variant_colours[0]]["dye"]
    plain_text = []
    if product_type["slug"] == "packaged-food":
        option = next(option for option in combo if option.get("ingredients_en"))
        number = fda_number(makers[0], fda_serials)
        plain_text.append(("fda-number", number, number))
        plain_text.append(("ingredients", option["ingredients_en"], option["ingredients_th"]))
    allowed = set(product_type["product_attributes"])
    return {key: value for key, value in attrs.items() if key in allowed}, plain_text


def _flatten_attrs(attrs: dict) -> tuple[tuple[str, str], ...]:
    pairs = []
    for attribute, value in attrs.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((attribute, one))
    return tuple(pairs)


def _base_price(line, combo, rng) -> float:
    low, high = next((option["price"] for option in combo if option.get("price")), line["price"])
    price = rng.uniform(low, high)
    for option in combo:
        price *= option.get("price_factor", 1.0)
    return price


class _CatalogBuilder:
    """Turns (line, combination) pairs into specs, numbering SKUs and FDA serials as it goes."""

    def __init__(self):
        self.specs: list[ProductSpec] = []
        self.numbers: dict[str, int] = {}
        self.fda_serials: dict[str, int] = {}

    def add(self, line: dict, index_in_line: int, combo: tuple[dict, ...]) -> None:
        product_type = TYPES_BY_SLUG[line["type"]]
        name_en, name_th = _names(line, combo)
        slug = slugify(name_en)
        assert all(spec.slug != slug for spec in self.specs), f"duplicate demo product {slug}"
        rng = random.Random(f"{SEED}-{slug}")
        makers = _makers(line, combo, rng)
        rows = _variant_rows(line, combo, index_in_line)
        variant_colours = list(dict.fromkeys(row[1] for row in rows if row[1]))
        attrs, plain_text = _product_attrs(
            line, combo, product_type, variant_colours, makers, self.fda_serials
        )
        ctx = _context(line, combo, name_en, name_th, makers)
        if "colour_key" not in ctx and "colour" in attrs:
            colour = COLOURS[attrs["colour"]]
            ctx.update(colour_en=colour["en"].lower(), colour_th="สี" + colour["th"])
        description_en, description_th = _description(line, combo, ctx, attrs, rng)
        base_price = _base_price(line, combo, rng)
        sale_percent = rng.choice(SALE_PERCENTS) if rng.random() < SALE_SHARE else None
        code = product_type["sku"]
        self.numbers[code] = self.numbers.get(code, 0) + 1
        variants = tuple(
            _variant(
                row,
                sku_stem=f"HN-{code}-{self.numbers[code]:04d}",
                base_price=base_price,
                sale_percent=sale_percent,
                makers=makers,
                rng=rng,
                is_food=product_type["slug"] == "packaged-food",
            )
            for row in rows
        )
        self.specs.append(
            ProductSpec(
                index=len(self.specs),
                slug=slug,
                name_en=name_en,
                name_th=name_th,
                line=line["key"],
                product_type=product_type["slug"],
                category=line["category"],
                description_en=description_en,
                description_th=description_th,
                grams=variants[0].grams,
                attrs=_flatten_attrs(attrs),
                plain_text=tuple(plain_text),
                variants=variants,
                makers=makers,
                status="published",
                sale_percent=sale_percent,
                created_days_ago=rng.randint(1, 400),
                image=_image(line, combo, attrs, variant_colours, rows[0][0]),
                detail_image=line["detail"],
            )
        )


def _build_products() -> list[ProductSpec]:
    builder = _CatalogBuilder()
    for line in PRODUCT_LINES:
        for index_in_line, combo in enumerate(_combinations(line)):
            builder.add(line, index_in_line, combo)
    return _with_status_and_sold_out(builder.specs)


def _with_status_and_sold_out(specs: list[ProductSpec]) -> list[ProductSpec]:
    """Make a few products unpublished, not yet purchasable, or sold out, so filters matter."""
    rng = random.Random(SEED)
    picks = rng.sample(range(len(specs)), UNPUBLISHED_COUNT + COMING_SOON_COUNT + SOLD_OUT_COUNT)
    unpublished = set(picks[:UNPUBLISHED_COUNT])
    coming_soon = set(picks[UNPUBLISHED_COUNT : UNPUBLISHED_COUNT + COMING_SOON_COUNT])
    sold_out = set(picks[UNPUBLISHED_COUNT + COMING_SOON_COUNT :])
    result = []
    for spec in specs:
        if spec.index in unpublished:
            spec = replace(spec, status="unpublished")
        elif spec.index in coming_soon:
            spec = replace(spec, status="coming-soon")
        elif spec.index in sold_out:
            empty = tuple(
                replace(v, stock=tuple((g, 0) for g, _q in v.stock)) for v in spec.variants
            )
            spec = replace(spec, variants=empty)
        result.append(spec)
    return result


PRODUCTS: list[ProductSpec] = _build_products()
PRODUCTS_BY_SLUG = {spec.slug: spec for spec in PRODUCTS}
PRODUCT_MAKERS: dict[str, tuple[str, ...]] = {spec.slug: spec.makers for spec in PRODUCTS}
