"""Batch loads for catalog types: each runs one query for a whole batch (see core/batching.py)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Prefetch
from django.utils import timezone

from shop.catalog import models
from shop.catalog.selectors import collections_visible, variants_quantity_available
from shop.thumbnail.utils import get_thumbnail_format, get_thumbnail_size, thumbnail_urls

from ..core.batching import batch_of
from ..core.context import is_staff
from ..core.types import absolute_url


def _channel_id(obj):
    channel = batch_of(obj).channel
    return channel.pk if channel else None


def product_variants(product, info) -> list[models.ProductVariant]:
    """Variants a user sees: shoppers only those priced in the channel."""
    batch = batch_of(product)
    variants = models.ProductVariant.objects.order_by("sort_order", "pk")
    if batch.channel is not None:
        variants = variants.filter(channel_listings__channel=batch.channel)
    elif not is_staff(info):
        variants = variants.none()
    batch.related_list("variants", Prefetch("variants", queryset=variants, to_attr="_variants"), "_variants")
    return product._variants


def product_media(product) -> list[models.ProductMedia]:
    batch = batch_of(product)
    media = models.ProductMedia.objects.order_by("sort_order", "pk")
    batch.related_list("media", Prefetch("media", queryset=media, to_attr="_media"), "_media")
    return product._media


def product_listing(product) -> models.ProductChannelListing | None:
    def load(items):
        rows = models.ProductChannelListing.objects.filter(
            product_id__in=[i.pk for i in items], channel_id=_channel_id(product)
        )
        return {row.product_id: row for row in rows}

    return batch_of(product).load("listing", load).get(product.pk)


def product_variant_listings(product) -> list[models.ProductVariantChannelListing]:
    def load(items):
        rows = models.ProductVariantChannelListing.objects.filter(
            variant__product_id__in=[i.pk for i in items], channel_id=_channel_id(product)
        ).annotate(owner_id=F("variant__product_id"))
        grouped = defaultdict(list)
        for row in rows:
            grouped[row.owner_id].append(row)
        return grouped

    return batch_of(product).load("variant_listings", load).get(product.pk, [])


def product_quantity_available(product) -> int:
    """Units for sale over all variants (untracked variants count as plenty)."""

    def load(items):
        channel = batch_of(product).channel
        variants = list(
            models.ProductVariant.objects.filter(product_id__in=[i.pk for i in items], channel_listings__channel=channel)
            .values_list("pk", "product_id", "track_inventory")
        )
        quantities = variants_quantity_available(variant_ids=[v[0] for v in variants], channel=channel)
        totals = defaultdict(int)
        for pk, product_id, tracked in variants:
            totals[product_id] += quantities.get(pk, 0) if tracked else 1
        return totals

    if batch_of(product).channel is None:
        return 0
    return batch_of(product).load("quantity", load).get(product.pk, 0)


def listing_available_for_purchase(listing) -> bool:
    return bool(listing and listing.available_for_purchase_at and listing.available_for_purchase_at <= timezone.now())


def product_collections(product, info) -> list[models.Collection]:
    def load(items):
        visible = collections_visible(channel=batch_of(product).channel, staff=is_staff(info))
        rows = models.CollectionProduct.objects.filter(
            product_id__in=[i.pk for i in items], collection__in=visible
        ).select_related("collection")
        grouped = defaultdict(list)
        collections = {}
        for row in rows:
            collection = collections.setdefault(row.collection_id, row.collection)
            grouped[row.product_id].append(collection)
        batch_of(product).child(collections.values())
        return grouped

    return batch_of(product).load("collections", load).get(product.pk, [])


def _attribute_values(owner, assignment_model, owner_fk: str, key: str) -> dict[int, list]:
    def load(items):
        rows = assignment_model.objects.filter(**{f"{owner_fk}__in": [i.pk for i in items]}).select_related(
            "value__attribute"
        ).order_by("sort_order", "pk")
        grouped = defaultdict(lambda: defaultdict(list))
        values = []
        for row in rows:
            grouped[getattr(row, owner_fk)][row.value.attribute_id].append(row.value)
            values.append(row.value)
        batch_of(owner).child(values)
        return grouped

    return batch_of(owner).load(key, load).get(owner.pk, {})


def _type_attributes(owner, through_model, type_fk_value, key, **filters):
    """Attributes of the owners' product types, in the type's order: {type_id: [Attribute]}."""

    def load(items):
        type_ids = {type_fk_value(i) for i in items}
        rows = through_model.objects.filter(product_type_id__in=type_ids, **filters).select_related("attribute")
        grouped = defaultdict(list)
        attributes = []
        for row in rows.order_by("sort_order", "pk"):
            grouped[row.product_type_id].append(row.attribute)
            attributes.append(row.attribute)
        batch_of(owner).child(attributes)
        return grouped

    return batch_of(owner).load(key, load).get(type_fk_value(owner), [])


def product_attributes(product):
    attributes = _type_attributes(product, models.AttributeProduct, lambda p: p.product_type_id, "type_attributes")
    values = _attribute_values(product, models.AssignedProductAttributeValue, "product_id", "attribute_values")
    return attributes, values


def variant_attributes(variant, variant_selection: str | None):
    filters = {}
    if variant_selection == "variant_selection":
        filters["variant_selection"] = True
    elif variant_selection == "not_variant_selection":
        filters["variant_selection"] = False

    def type_id(v):
        return v.product.product_type_id

    attributes = _type_attributes(
        variant, models.AttributeVariant, type_id, ("variant_type_attributes", variant_selection), **filters
    )
    values = _attribute_values(variant, models.AssignedVariantAttributeValue, "variant_id", "attribute_values")
    return attributes, values


def variant_listing(variant) -> models.ProductVariantChannelListing | None:
    def load(items):
        rows = models.ProductVariantChannelListing.objects.filter(
            variant_id__in=[i.pk for i in items], channel_id=_channel_id(variant)
        )
        return {row.variant_id: row for row in rows}

    return batch_of(variant).load("listing", load).get(variant.pk)


def variant_quantity_available(variant) -> int:
    def load(items):
        return variants_quantity_available(variant_ids=[i.pk for i in items], channel=batch_of(variant).channel)

    if batch_of(variant).channel is None:
        return 0
    return batch_of(variant).load("quantity", load).get(variant.pk, 0)


def variant_made_to_order_available(variant) -> int | None:
    """Made-to-order units the makers can still take (the sourcing policy); None = no limit."""
    from shop.warehouse.sourcing import policy

    def load(items):
        untracked = [i.pk for i in items if not i.track_inventory]
        return policy().made_to_order_available(untracked) if untracked else {}

    available = batch_of(variant).load("made-to-order", load)
    return None if available is None else available.get(variant.pk, 0)


def variant_media(variant) -> list[models.ProductMedia]:
    batch = batch_of(variant)
    media = models.ProductMedia.objects.order_by("sort_order", "pk")
    batch.related_list("media", Prefetch("media", queryset=media, to_attr="_media"), "_media")
    return variant._media


def image_urls(obj, info, image_name_of, size, fmt, key) -> str | None:
    """URL of ``image_name_of(obj)`` as a thumbnail; thumbnails of the whole batch in one query."""
    size = get_thumbnail_size(size)
    fmt = get_thumbnail_format(fmt)

    def load(items):
        names = [n for i in items if (n := image_name_of(i))]
        return thumbnail_urls(names, size, fmt, build_absolute=lambda path: absolute_url(info, path))

    name = image_name_of(obj)
    if not name:
        return None
    return batch_of(obj).load(("image", key, size, fmt), load).get(name)
