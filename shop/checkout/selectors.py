"""Reads of a checkout's lines and of what their prices, checks and problems need.

Each read is done once per checkout *object*: a mutation loads the checkout
(``services.checkout_lock``), its services read or write the lines, stock and
reservations, and the answer built from the same object reuses what they left
on it instead of reading it all again.  The rules that keep this exact:

* the caches live on the checkout instance only (one request, one object);
* every service that writes lines, reservations or addresses updates the
  cache it changed or drops it (``forget_lines``), never leaves it stale;
* a variant's channel listings are loaded with it, for one channel, and are
  used only for that channel.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from shop.catalog.models import ProductVariant
from shop.warehouse.models import Reservation, Stock

from .models import Checkout, CheckoutLine

# On a variant loaded here: the channel its listings below belong to.
_LISTINGS_CHANNEL = "_listings_channel_id"


def _remember_listings(variant: ProductVariant, channel_id: int, variant_listing, product_listing) -> None:
    variant._variant_listing = variant_listing
    variant._product_listing = product_listing
    setattr(variant, _LISTINGS_CHANNEL, channel_id)


def loaded_listings(variant: ProductVariant, channel_id: int):
    """``(variant listing, product listing)`` in the channel (each None when not listed), if
    they were loaded with the variant for that channel; ``None`` when they were not."""
    if getattr(variant, _LISTINGS_CHANNEL, None) != channel_id:
        return None
    return variant._variant_listing, variant._product_listing


def variants_with_listings(*, channel, variant_ids: Iterable[int]) -> dict[int, ProductVariant]:
    """The variants with product, product type and their listings in ``channel``: one query."""
    rows = (
        ProductVariant.objects.filter(pk__in=set(variant_ids))
        .annotate(
            channel_variant_listing=FilteredRelation(
                "channel_listings", condition=Q(channel_listings__channel_id=channel.pk)
            ),
            channel_product_listing=FilteredRelation(
                "product__channel_listings", condition=Q(product__channel_listings__channel_id=channel.pk)
            ),
        )
        .select_related("product__product_type", "channel_variant_listing", "channel_product_listing")
    )
    variants = {}
    for variant in rows:
        _remember_listings(
            variant, channel.pk, getattr(variant, "channel_variant_listing", None),
            getattr(variant, "channel_product_listing", None),
        )
        variants[variant.pk] = variant
    return variants


def checkout_lines_get(checkout: Checkout) -> list[CheckoutLine]:
    """The checkout's lines (in their order) with variant, product, product type and the
    variant's listings in the checkout's channel: one query, once per checkout object."""
    lines = getattr(checkout, "_lines", None)
    if lines is None:
        channel_id = checkout.channel_id
        lines = list(
            CheckoutLine.objects.filter(checkout_id=checkout.pk)
            .annotate(
                channel_variant_listing=FilteredRelation(
                    "variant__channel_listings", condition=Q(variant__channel_listings__channel_id=channel_id)
                ),
                channel_product_listing=FilteredRelation(
                    "variant__product__channel_listings",
                    condition=Q(variant__product__channel_listings__channel_id=channel_id),
                ),
            )
            .select_related("variant__product__product_type", "channel_variant_listing", "channel_product_listing")
        )
        for line in lines:
            line.checkout = checkout
            _remember_listings(
                line.variant, channel_id, getattr(line, "channel_variant_listing", None),
                getattr(line, "channel_product_listing", None),
            )
        checkout._lines = lines
    return lines


def checkout_lines_and_variants(
    checkout: Checkout, variant_ids: Iterable[int]
) -> tuple[list[CheckoutLine], dict[int, ProductVariant]]:
    """The checkout's lines as ``checkout_lines_get`` gives them, and the variants of
    ``variant_ids`` (those that exist) with their listings too, by id.

    For a cart about to get new variants: the lines are read without joins and
    their variants in the same query as the new ones (two queries in all).
    """
    variant_ids = set(variant_ids)
    lines = getattr(checkout, "_lines", None)
    if lines is None:
        lines = list(CheckoutLine.objects.filter(checkout_id=checkout.pk))
        variants = variants_with_listings(
            channel=checkout.channel, variant_ids=variant_ids | {line.variant_id for line in lines}
        )
        if all(line.variant_id in variants for line in lines):
            for line in lines:
                line.checkout, line.variant = checkout, variants[line.variant_id]
            checkout._lines = lines
            return lines, variants
        lines = checkout_lines_get(checkout)  # a variant went away between the two reads
    variants = {line.variant_id: line.variant for line in lines}
    missing = variant_ids - variants.keys()
    if missing:
        variants.update(variants_with_listings(channel=checkout.channel, variant_ids=missing))
    return lines, variants


def remember_created(checkout: Checkout) -> None:
    """The checkout was just inserted by this request: it has no lines, reservations or
    payment transactions yet (no other transaction sees it before this one commits, and
    nobody knows its token before this request answers)."""
    checkout._created_by_this_request = True
    checkout._lines = []
    checkout._reservations = []


def created_by_this_request(checkout: Checkout) -> bool:
    return getattr(checkout, "_created_by_this_request", False)


def holds_no_reservations(checkout: Checkout) -> bool:
    """Known (read or written in this request) to hold no reservation, expired ones included.

    Only the checkout's own mutations, under its lock, write its reservations."""
    return getattr(checkout, "_reservations", None) == []


def lines_in_order(lines: Iterable[CheckoutLine]) -> list[CheckoutLine]:
    """Lines in the database's order (``CheckoutLine.Meta.ordering``: created_at, then id)."""
    return sorted(lines, key=lambda line: (line.created_at, line.pk))


def forget_lines(checkout: Checkout) -> None:
    """Drop what was read about the checkout's lines, stock and reservations (after a write
    that does not keep them current itself)."""
    for name in ("_lines", "_reservations", "_available"):
        checkout.__dict__.pop(name, None)


# --- stock and reservations ----------------------------------------------------------------


def remember_stock(
    checkout: Checkout, *, variant_ids: Iterable[int], stocks: list[Stock], reservations: list[Reservation] | None
) -> None:
    """What ``reserve_stocks`` just locked and wrote for *every* line of the checkout: the
    current stock rows of the lines' variants (``variant_ids``) in the channel's warehouses
    and, when it reserved, the checkout's reservations (then all of them)."""
    available = dict.fromkeys(variant_ids, 0)
    for stock in stocks:
        available[stock.product_variant_id] += stock.quantity - stock.quantity_allocated
    checkout._available = {variant_id: max(units, 0) for variant_id, units in available.items()}
    if reservations is not None:
        checkout._reservations = [(r.checkout_line_id, r.quantity_reserved, r.reserved_until) for r in reservations]


def _reservations(checkout: Checkout) -> list[tuple]:
    if getattr(checkout, "_reservations", None) is None:
        checkout._reservations = list(
            Reservation.objects.filter(checkout_line__checkout_id=checkout.pk).values_list(
                "checkout_line_id", "quantity_reserved", "reserved_until"
            )
        )
    return checkout._reservations


def reservation_expires(checkout: Checkout):
    """When the checkout's first reservation runs out (expired ones included), or None."""
    return min((until for _line, _quantity, until in _reservations(checkout)), default=None)


def lines_reserved(checkout: Checkout) -> dict:
    """Units each line holds in unexpired reservations, by line id (lines without: absent)."""
    now = timezone.now()
    reserved: dict = {}
    for line_id, quantity, until in _reservations(checkout):
        if until > now:
            reserved[line_id] = reserved.get(line_id, 0) + quantity
    return reserved


def variants_available(checkout: Checkout, variant_ids: Iterable[int]) -> dict[int, int]:
    """Units of each variant still sellable in the checkout's channel (quantity - allocated,
    never below 0); a variant without stock there is absent or 0."""
    from shop.catalog.selectors import variants_quantity_available

    variant_ids = set(variant_ids)
    known = getattr(checkout, "_available", None)
    if known is not None and variant_ids <= known.keys():
        return {pk: known[pk] for pk in variant_ids}
    return variants_quantity_available(variant_ids=variant_ids, channel=checkout.channel)
