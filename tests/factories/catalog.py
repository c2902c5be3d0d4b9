"""Small builders for catalog rows used across tests."""

from __future__ import annotations

import datetime
import io
import itertools
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from shop.account.models import Address
from shop.catalog import models
from shop.catalog.search import update_products_search_document
from shop.catalog.services import product_channel_listings_update_discounted_price
from shop.channel.models import Channel, TaxRate
from shop.warehouse.models import Stock, Warehouse

_seq = itertools.count(1)


def create_channel(slug="default-channel", *, active=True, vat=Decimal("7.0000")) -> Channel:
    channel, _ = Channel.objects.get_or_create(
        slug=slug, defaults={"name": slug.title(), "currency_code": "THB", "default_country": "TH", "is_active": active}
    )
    TaxRate.objects.get_or_create(
        country="TH", valid_from=datetime.date(1992, 1, 1), defaults={"rate": vat, "source": "Revenue Code s.80"}
    )
    return channel


def create_warehouse(channel, name=None) -> Warehouse:
    n = next(_seq)
    warehouse = Warehouse.objects.create(
        name=name or f"Group {n}", slug=f"group-{n}", address=Address.objects.create(company_name=f"Group {n}")
    )
    warehouse.channels.add(channel)
    return warehouse


def create_category(name="Textiles", parent=None) -> models.Category:
    n = next(_seq)
    return models.Category.objects.create(name=name, slug=f"{name.lower().replace(' ', '-')}-{n}", parent=parent)


def create_product_type(name="Textile") -> models.ProductType:
    n = next(_seq)
    return models.ProductType.objects.create(name=name, slug=f"{name.lower()}-{n}")


def jpeg_bytes(size=(400, 300), color=(180, 60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def create_product(
    channel,
    *,
    name=None,
    price=Decimal("390.00"),
    discounted=None,
    stock=10,
    warehouse=None,
    category=None,
    product_type=None,
    variants=1,
    published=True,
    visible_in_listings=True,
    available=True,
    image=False,
) -> models.Product:
    n = next(_seq)
    product = models.Product.objects.create(
        name=name or f"Hand-woven scarf {n}",
        slug=f"product-{n}",
        product_type=product_type or create_product_type(),
        category=category,
        weight_grams=Decimal("250"),
    )
    now = timezone.now()
    models.ProductChannelListing.objects.create(
        product=product, channel=channel, currency="THB", is_published=published,
        published_at=now - datetime.timedelta(days=1), visible_in_listings=visible_in_listings,
        available_for_purchase_at=now - datetime.timedelta(days=1) if available else None,
    )
    warehouse = warehouse or create_warehouse(channel)
    for i in range(variants):
        variant = models.ProductVariant.objects.create(product=product, sku=f"SKU-{n}-{i}", name=f"Size {i}")
        variant_price = price + i * 10
        models.ProductVariantChannelListing.objects.create(
            variant=variant, channel=channel, currency="THB", price_amount=variant_price,
            discounted_price_amount=discounted if discounted is not None else variant_price,
        )
        Stock.objects.create(warehouse=warehouse, product_variant=variant, quantity=stock)
        if i == 0:
            product.default_variant = variant
            product.save(update_fields=["default_variant"])
    if image:
        media = models.ProductMedia(product=product, alt=f"Photo of {product.name}")
        media.image.save(f"product-{n}.jpg", ContentFile(jpeg_bytes()), save=True)
    product_channel_listings_update_discounted_price(product_ids=[product.pk])
    update_products_search_document([product])
    return product


def assign_attribute(product, attr_slug, value_name, *, visible=True) -> models.AttributeValue:
    attribute, _ = models.Attribute.objects.get_or_create(
        slug=attr_slug, defaults={"name": attr_slug.title(), "visible_in_storefront": visible}
    )
    models.AttributeProduct.objects.get_or_create(attribute=attribute, product_type=product.product_type)
    value, _ = models.AttributeValue.objects.get_or_create(
        attribute=attribute, slug=value_name.lower().replace(" ", "-"), defaults={"name": value_name}
    )
    models.AssignedProductAttributeValue.objects.get_or_create(product=product, value=value)
    update_products_search_document([product])
    return value
