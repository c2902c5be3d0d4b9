"""Writes to the catalog."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min, OuterRef, Subquery

from .models import ProductChannelListing, ProductVariantChannelListing


def product_channel_listings_update_discounted_price(*, product_ids: Iterable[int]) -> None:
    """Store each product's cheapest selling price per channel (used to sort and filter by price)."""
    cheapest = (
        ProductVariantChannelListing.objects.filter(
            variant__product_id=OuterRef("product_id"), channel_id=OuterRef("channel_id")
        )
        .values("variant__product_id")
        .annotate(m=Min("discounted_price_amount"))
        .values("m")
    )
    ProductChannelListing.objects.filter(product_id__in=list(product_ids)).update(
        discounted_price_amount=Subquery(cheapest)
    )
