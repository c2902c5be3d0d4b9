"""Synthetic products for benchmarks (``populatedb --scale N``).

Each synthetic product copies a real demo product (type, category, attributes,
prices, makers) under a numbered name, with two variants, channel listings,
stock and one media row.  All media rows point at ONE shared image file, drawn
once.  Rows are written with ``bulk_create``; products already there (by slug
prefix) are counted and only the missing ones are added.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from shop.catalog import models as catalog
from shop.catalog.search import update_products_search_document
from shop.catalog.services import product_channel_listings_update_discounted_price
from shop.channel.models import Channel
from shop.warehouse.models import Stock, Warehouse

from . import editorjs
from .images import synthetic_image
from .products import PRODUCTS, ProductSpec

SYNTHETIC_SLUG_PREFIX = "synthetic-"
SYNTHETIC_IMAGE_NAME = "products/demo-synthetic-shared.jpg"
BATCH = 1000


def _shared_image_name() -> str:
    if default_storage.exists(SYNTHETIC_IMAGE_NAME):
        return SYNTHETIC_IMAGE_NAME
    return default_storage.save(SYNTHETIC_IMAGE_NAME, ContentFile(synthetic_image()))


def _lookups():
    values = {
        (value.attribute.slug, value.slug): value
        for value in catalog.AttributeValue.objects.select_related("attribute")
        .filter(attribute__type=catalog.AttributeType.PRODUCT_TYPE)
        .exclude(attribute__input_type=catalog.AttributeInputType.PLAIN_TEXT)
    }
    return {
        "types": {t.slug: t for t in catalog.ProductType.objects.all()},
        "categories": {c.slug: c for c in catalog.Category.objects.all()},
        "warehouses": {w.slug: w for w in Warehouse.objects.all()},
        "values": values,
        "channel": Channel.objects.get(slug="default-channel"),
    }


def synthetic_products_create(*, count: int) -> int:
    """Make sure ``count`` synthetic products exist; returns how many were created now."""
    existing = catalog.Product.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).count()
    numbers = range(existing + 1, count + 1)
    if not numbers:
        return 0
    lookups = _lookups()
    templates = [spec for spec in PRODUCTS if spec.status == "published"]
    now = timezone.now()
    pairs = [(number, templates[number % len(templates)]) for number in numbers]
    products = catalog.Product.objects.bulk_create(
        [_product(number, spec, lookups, now) for number, spec in pairs], batch_size=BATCH
    )
    catalog.ProductTranslation.objects.bulk_create(
        [
            catalog.ProductTranslation(
                product=product, language_code="th", name=f"{spec.name_th} (ล็อต {number:05d})"
            )
            for product, (number, spec) in zip(products, pairs, strict=True)
        ],
        batch_size=BATCH,
    )
    variants = _variants(products, pairs)
    _attributes(products, variants, pairs, lookups)
    _listings(products, variants, pairs, lookups, now)
    image_name = _shared_image_name()
    catalog.ProductMedia.objects.bulk_create(
        [
            catalog.ProductMedia(product=p, image=image_name, alt=p.name, sort_order=0)
            for p in products
        ],
        batch_size=BATCH,
    )
    ids = [product.pk for product in products]
    product_channel_listings_update_discounted_price(product_ids=ids)
    update_products_search_document(catalog.Product.objects.filter(pk__in=ids))
    return len(products)


def _product(number: int, spec: ProductSpec, lookups, now) -> catalog.Product:
    return catalog.Product(
        product_type=lookups["types"][spec.product_type],
        category=lookups["categories"][spec.category],
        name=f"{spec.name_en} (Lot {number:05d})",
        slug=f"{SYNTHETIC_SLUG_PREFIX}{number:06d}",
        description=editorjs.paragraphs(spec.description_en[:1], spec.slug),
        description_plaintext=spec.description_en[0],
        weight_grams=spec.grams,
        created_at=now - datetime.timedelta(minutes=number),
    )


def _variants(products, pairs) -> list[list[catalog.ProductVariant]]:
    per_product = []
    for product, (number, spec) in zip(products, pairs, strict=True):
        rows = []
        for k in range(2):
            template = spec.variants[k % len(spec.variants)]
            rows.append(
                catalog.ProductVariant(
                    product=product,
                    sku=f"HN-SYN-{number:06d}-{k + 1}",
                    name=template.name_en or f"Option {k + 1}",
                    weight_grams=template.grams,
                    sort_order=k,
                )
            )
        per_product.append(rows)
    catalog.ProductVariant.objects.bulk_create(
        [v for rows in per_product for v in rows], batch_size=BATCH
    )
    for product, rows in zip(products, per_product, strict=True):
        product.default_variant = rows[0]
    catalog.Product.objects.bulk_update(products, ["default_variant"], batch_size=BATCH)
    return per_product


def _attributes(products, variants, pairs, lookups) -> None:
    values = lookups["values"]
    catalog.AssignedProductAttributeValue.objects.bulk_create(
        [
            catalog.AssignedProductAttributeValue(value=values[pair], product=product, sort_order=i)
            for product, (_number, spec) in zip(products, pairs, strict=True)
            for i, pair in enumerate(spec.attrs)
        ],
        batch_size=BATCH,
    )
    catalog.AssignedVariantAttributeValue.objects.bulk_create(
        [
            catalog.AssignedVariantAttributeValue(value=values[pair], variant=variant, sort_order=i)
            for rows, (_number, spec) in zip(variants, pairs, strict=True)
            for k, variant in enumerate(rows)
            for i, pair in enumerate(spec.variants[k % len(spec.variants)].attrs)
        ],
        batch_size=BATCH,
    )


def _listings(products, variants, pairs, lookups, now) -> None:
    channel, warehouses = lookups["channel"], lookups["warehouses"]
    catalog.ProductChannelListing.objects.bulk_create(
        [
            catalog.ProductChannelListing(
                product=product,
                channel=channel,
                currency="THB",
                is_published=True,
                published_at=product.created_at,
                visible_in_listings=True,
                available_for_purchase_at=product.created_at,
            )
            for product in products
        ],
        batch_size=BATCH,
    )
    listings, stocks = [], []
    for rows, (number, spec) in zip(variants, pairs, strict=True):
        rng = random.Random(f"synthetic-{number}")
        for k, variant in enumerate(rows):
            template = spec.variants[k % len(spec.variants)]
            listings.append(
                catalog.ProductVariantChannelListing(
                    variant=variant,
                    channel=channel,
                    currency="THB",
                    price_amount=template.price,
                    discounted_price_amount=template.discounted,
                    cost_price_amount=template.cost,
                    prior_price_amount=template.price if spec.sale_percent else None,
                )
            )
            stocks.append(
                Stock(
                    warehouse=warehouses[spec.makers[0]],
                    product_variant=variant,
                    quantity=rng.randint(0, 40),
                )
            )
    catalog.ProductVariantChannelListing.objects.bulk_create(listings, batch_size=BATCH)
    Stock.objects.bulk_create(stocks, batch_size=BATCH)
