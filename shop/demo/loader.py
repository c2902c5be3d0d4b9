"""Write the demo data through the ORM.

``demo_data_load`` is the one entry point (used by ``manage.py populatedb``).
It is idempotent: the default channel doubles as the "already loaded" marker,
so a second run writes nothing (except missing synthetic products when asked
for more with ``scale``).  Everything happens in one transaction; image files
go to the default storage as they are drawn.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shop.account.models import Address
from shop.catalog import models as catalog
from shop.catalog.search import update_products_search_document
from shop.catalog.services import product_channel_listings_update_discounted_price
from shop.channel.models import Channel, TaxRate
from shop.site.models import SiteSettings, SiteSettingsTranslation
from shop.warehouse.models import Warehouse

from .common import THAI
from .content import ADMIN, CHANNEL, SITE, TAX_RATE
from .groups import GROUPS_BY_SLUG, PRODUCER_GROUPS
from .load_catalog import (
    attributes_create,
    categories_create,
    product_types_create,
    products_create,
)
from .load_content import collections_create, menus_create, pages_create
from .load_shipping import shipping_demo_load
from .products import PRODUCTS
from .synthetic import SYNTHETIC_SLUG_PREFIX, synthetic_products_create


@dataclass
class LoadReport:
    loaded: bool
    synthetic_created: int
    products: int
    variants: int
    groups: int
    images: int
    seconds: float

    def summary(self) -> str:
        head = "Demo data loaded" if self.loaded else "Demo data is already loaded"
        if self.synthetic_created:
            head += f"; added {self.synthetic_created} synthetic products"
        elif not self.loaded:
            head += "; nothing changed"
        return (
            f"{head}. Products: {self.products}, variants: {self.variants}, producer groups: "
            f"{self.groups}, images: {self.images}. Elapsed: {self.seconds:.1f} s."
        )


def demo_data_is_loaded() -> bool:
    return Channel.objects.filter(slug=CHANNEL["slug"]).exists()


def demo_data_load(*, scale: int = 0) -> LoadReport:
    """Load the demo shop unless it is there already; then top up ``scale`` synthetic products."""
    started = time.monotonic()
    with transaction.atomic():
        loaded = False
        if not demo_data_is_loaded():
            _load_everything()
            loaded = True
        # Idempotent on its own: also tops up demo databases loaded before shipping existed.
        shipping_demo_load()
        created = synthetic_products_create(count=scale) if scale else 0
    return LoadReport(
        loaded=loaded,
        synthetic_created=created,
        products=catalog.Product.objects.count(),
        variants=catalog.ProductVariant.objects.count(),
        groups=Warehouse.objects.filter(slug__in=GROUPS_BY_SLUG).count(),
        images=catalog.ProductMedia.objects.exclude(image="").count(),
        seconds=time.monotonic() - started,
    )


def _load_everything() -> None:
    now = timezone.now()
    channel = _channel_create()
    _site_create()
    _admin_create()
    warehouses = _warehouses_create(channel)
    values = attributes_create()
    product_types = product_types_create(values)
    categories = categories_create()
    products = products_create(
        PRODUCTS, product_types, categories, values, warehouses, channel, now
    )
    collections = collections_create(products, channel, now)
    pages = pages_create(now)
    menus_create(categories, collections, pages)
    product_channel_listings_update_discounted_price(product_ids=[p.pk for p in products.values()])
    update_products_search_document(
        catalog.Product.objects.exclude(slug__startswith=SYNTHETIC_SLUG_PREFIX)
    )


# --- Shop -----------------------------------------------------------------------------------


def _channel_create() -> Channel:
    channel = Channel.objects.create(is_active=True, **CHANNEL)
    TaxRate.objects.get_or_create(
        country=TAX_RATE["country"],
        valid_from=TAX_RATE["valid_from"],
        defaults={"rate": Decimal(TAX_RATE["rate"]), "source": TAX_RATE["source"]},
    )
    return channel


def _site_create() -> None:
    site = SiteSettings.load()
    for field, value in SITE.items():
        if not field.endswith("_th"):
            setattr(site, field, value)
    site.save()
    SiteSettingsTranslation.objects.update_or_create(
        site_settings=site,
        language_code=THAI,
        defaults={"description": SITE["description_th"], "header_text": SITE["header_text_th"]},
    )


def _admin_create() -> None:
    user_model = get_user_model()
    if not user_model.objects.filter(email=ADMIN["email"]).exists():
        user_model.objects.create_superuser(
            ADMIN["email"],
            ADMIN["password"],
            first_name="Demo",
            last_name="Admin",
            language_code="en",
        )


def _warehouses_create(channel: Channel) -> dict[str, Warehouse]:
    addresses = Address.objects.bulk_create(
        Address(
            company_name=group["name_en"],
            street_address_1=group["street"],
            city_area=group["subdistrict_en"],
            city=group["district_en"],
            country_area=group["province_en"],
            postal_code=group["postal_code"],
            country="TH",
        )
        for group in PRODUCER_GROUPS
    )
    warehouses = Warehouse.objects.bulk_create(
        Warehouse(
            name=group["name_en"],
            slug=group["slug"],
            email=f"{group['slug']}@example.com",
            address=address,
            is_private=True,
            metadata={"region": group["region"]},
        )
        for group, address in zip(PRODUCER_GROUPS, addresses, strict=True)
    )
    channel.warehouses.add(*warehouses)
    return {warehouse.slug: warehouse for warehouse in warehouses}
