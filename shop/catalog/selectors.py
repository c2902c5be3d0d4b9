"""Reads of the catalog: what a shopper or staff member may see in a channel."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from shop.warehouse.models import Stock

from .models import Category, Collection, CollectionChannelListing, Product, ProductChannelListing

# Saleor caps what it reports as available for a variant without inventory tracking.
MAX_QUANTITY_UNTRACKED = 50


def _published_listing(channel, now) -> Q:
    return Q(channel=channel, is_published=True) & (Q(published_at__lte=now) | Q(published_at__isnull=True))


def products_visible(*, channel, staff: bool) -> QuerySet[Product]:
    """Products a user may open in a channel: staff see every product listed in it
    (or every product when no channel is given); shoppers only published ones."""
    products = Product.objects.all()
    if channel is None:
        return products if staff else products.none()
    listings = ProductChannelListing.objects.filter(product_id=OuterRef("pk"))
    if staff:
        return products.filter(Exists(listings.filter(channel=channel)))
    return products.filter(Exists(listings.filter(_published_listing(channel, timezone.now()))))


def products_in_listings(*, channel, staff: bool) -> QuerySet[Product]:
    """Products that appear in lists (``visible_in_listings``) for shoppers."""
    products = products_visible(channel=channel, staff=staff)
    if staff or channel is None:
        return products
    hidden = ProductChannelListing.objects.filter(
        product_id=OuterRef("pk"), channel=channel, visible_in_listings=False
    )
    return products.exclude(Exists(hidden))


def collections_visible(*, channel, staff: bool) -> QuerySet[Collection]:
    collections = Collection.objects.all()
    if channel is None:
        return collections if staff else collections.none()
    listings = CollectionChannelListing.objects.filter(collection_id=OuterRef("pk"), channel=channel)
    if staff:
        return collections.filter(Exists(listings))
    return collections.filter(Exists(listings.filter(_published_listing(channel, timezone.now()))))


def category_descendant_ids(category_ids: Iterable[int]) -> set[int]:
    """The categories and all their descendants (the tree is small: one query)."""
    children = defaultdict(list)
    for pk, parent_id in Category.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    result, stack = set(), list(category_ids)
    while stack:
        pk = stack.pop()
        if pk not in result:
            result.add(pk)
            stack.extend(children[pk])
    return result


def channel_stocks(channel) -> QuerySet[Stock]:
    """Stock in the warehouses that ship for the channel."""
    return Stock.objects.filter(warehouse__channels=channel)


def variants_quantity_available(*, variant_ids: Iterable[int], channel) -> dict[int, int]:
    """Units each variant can still be sold in the channel (quantity - allocated, summed)."""
    rows = (
        channel_stocks(channel)
        .filter(product_variant_id__in=list(variant_ids))
        .values("product_variant_id")
        .annotate(available=Sum(F("quantity") - F("quantity_allocated")))
    )
    return {row["product_variant_id"]: max(row["available"] or 0, 0) for row in rows}


def variant_quantity_limit(available: int, *, track_inventory: bool) -> int:
    if not track_inventory:
        return MAX_QUANTITY_UNTRACKED
    return min(available, getattr(settings, "MAX_CHECKOUT_LINE_QUANTITY", 10_000))


def stock_available_q(channel) -> Q:
    """Products with at least one unit available (or an untracked variant) in the channel."""
    in_stock = channel_stocks(channel).filter(
        product_variant__product_id=OuterRef("pk"), quantity__gt=F("quantity_allocated")
    )
    untracked = Product.variants.rel.related_model.objects.filter(
        product_id=OuterRef("pk"), track_inventory=False
    )
    return Q(Exists(in_stock)) | Q(Exists(untracked))
