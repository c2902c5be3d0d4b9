"""Reads: which shipping methods a cart can use, and at what price.

``shipping_methods_for`` is what the checkout calls (``shippingMethods``,
``deliveryOptionsCalculate``, ``checkoutDeliveryMethodUpdate``,
``checkoutComplete``); it costs two SQL queries whatever the number of methods.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, Q
from prices import Money

from shop.core.money import quantize

from .models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodTranslation,
    ShippingMethodType,
    ShippingWeightRate,
)


@dataclass(frozen=True)
class ApplicableMethod:
    """A shipping method a given cart can use, with its price for that cart (VAT included).

    ``undiscounted_price`` is the price before the free-shipping threshold;
    ``price`` is 0 when the subtotal reached the listing's ``free_above_amount``.
    """

    method: ShippingMethod
    listing: ShippingMethodChannelListing
    price: Money
    undiscounted_price: Money

    @property
    def id(self) -> int:
        return self.method.pk

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def metadata(self) -> dict:
        return self.method.metadata

    @property
    def private_metadata(self) -> dict:
        return self.method.private_metadata

    @property
    def is_free(self) -> bool:
        return self.price.amount == 0

    @property
    def free_above(self) -> Money | None:
        amount = self.listing.free_above_amount
        return None if amount is None else Money(amount, self.listing.currency)


def shipping_listings_for(*, channel, country: str, currency: str) -> list[ShippingMethodChannelListing]:
    """The channel's listings of methods whose zone serves ``country`` (or is a default zone),
    with their methods, zones and weight brackets: what ``shipping_methods_for`` prices.

    Kept per process while the shipping configuration's version stands (one
    small query; the migration ``shipping.0002`` has PostgreSQL bump it on
    every write to zones, their channels, methods, listings and brackets);
    read again (two queries) when it changed.  The objects are shared by the
    requests of the process: read them, never change them.
    """
    country = (country or "").upper()
    version = _config_version()
    key = (channel.pk, country, currency)
    cached = _listings_cache.get(key)
    if cached is not None and version is not None and cached[0] == version:
        return list(cached[1])
    listings = _listings(channel=channel, country=country, currency=currency)
    if version is not None:
        if len(_listings_cache) >= _LISTINGS_CACHE_SIZE:
            _listings_cache.clear()
        _listings_cache[key] = (version, tuple(listings))
    return listings


# (channel id, country, currency) -> (configuration version, listings)
_listings_cache: dict[tuple, tuple[int, tuple]] = {}
_LISTINGS_CACHE_SIZE = 1000


def _config_version() -> int | None:
    """The shipping configuration's version (``shipping.0002``), or None when it is unknown."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM shipping_config_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _listings(*, channel, country: str, currency: str) -> list[ShippingMethodChannelListing]:
    """The channel's listings of methods whose zone serves ``country`` (or is a default zone)."""
    rates = Prefetch("weight_rates", queryset=ShippingWeightRate.objects.order_by("up_to_grams"))
    listings = list(
        ShippingMethodChannelListing.objects.filter(
            Q(shipping_method__shipping_zone__countries__contains=[country])
            | Q(shipping_method__shipping_zone__default=True),
            channel=channel,
            currency=currency,
            shipping_method__shipping_zone__channels=channel,
        )
        .select_related("shipping_method__shipping_zone")
        .prefetch_related(rates)
        .distinct()
    )
    return _named_zones_first(listings, country)


def _named_zones_first(listings: list, country: str) -> list:
    # A default zone serves only the countries that no listed zone names (Saleor's rule).
    named = [lst for lst in listings if country in lst.shipping_method.shipping_zone.countries]
    return named or listings


def _weight_price(listing: ShippingMethodChannelListing, weight: Decimal) -> Decimal | None:
    """The price of the lightest bracket that holds ``weight``; flat price without brackets;
    ``None`` when the parcel is heavier than every bracket."""
    rates = list(listing.weight_rates.all())
    if not rates:
        return listing.price_amount
    for rate in rates:
        if weight <= rate.up_to_grams:
            return rate.price_amount
    return None


def _price_for(listing, *, weight: Decimal, subtotal: Decimal) -> Decimal | None:
    method = listing.shipping_method
    if method.type == ShippingMethodType.WEIGHT:
        if method.minimum_order_weight_grams is not None and weight < method.minimum_order_weight_grams:
            return None
        if method.maximum_order_weight_grams is not None and weight > method.maximum_order_weight_grams:
            return None
        return _weight_price(listing, weight)
    if listing.minimum_order_price_amount is not None and subtotal < listing.minimum_order_price_amount:
        return None
    if listing.maximum_order_price_amount is not None and subtotal > listing.maximum_order_price_amount:
        return None
    return listing.price_amount


def shipping_methods_for(
    *, channel, country: str, weight_grams, subtotal_gross: Money, listings: list | None = None
) -> list[ApplicableMethod]:
    """The methods a cart can ship with, each priced for it; cheapest first, then by name.

    * ``country``: the shipping address's country code; a zone must list it (or be
      a default zone when none does) and be assigned to ``channel``.
    * ``weight_grams``: the cart's total weight (``None`` counts as 0); weight-based
      methods need it inside their limits and their brackets.
    * ``subtotal_gross``: the lines' total with VAT, after line discounts, before
      shipping, in the channel's currency; price-based methods need it inside
      their listing's limits, and from ``free_above_amount`` on the price is 0.

    Two queries (listings with methods and zones, then weight brackets), none when
    ``listings`` gives what ``shipping_listings_for`` answered for this channel,
    country and currency.
    """
    weight = Decimal(weight_grams or 0)
    currency = subtotal_gross.currency
    subtotal = subtotal_gross.amount
    applicable = []
    if listings is None:
        listings = _listings(channel=channel, country=(country or "").upper(), currency=currency)
    for listing in listings:
        amount = _price_for(listing, weight=weight, subtotal=subtotal)
        if amount is None:
            continue
        undiscounted = Money(quantize(amount, currency), currency)
        free = listing.free_above_amount is not None and subtotal >= listing.free_above_amount
        price = Money(quantize(Decimal(0), currency), currency) if free else undiscounted
        applicable.append(ApplicableMethod(listing.shipping_method, listing, price, undiscounted))
    return sorted(applicable, key=lambda a: (a.price.amount, a.name.lower(), a.id))


def shipping_methods_in_channel(*, channel, country: str | None = None) -> list[ApplicableMethod]:
    """Every method a channel offers (to ``country`` when given), at its listed price.

    No cart: weight and subtotal limits are not applied and the price is the
    listing's (the lightest bracket).  Saleor's ``Shop.availableShippingMethods``.
    """
    rates = Prefetch("weight_rates", queryset=ShippingWeightRate.objects.none())
    listings = ShippingMethodChannelListing.objects.filter(
        channel=channel, shipping_method__shipping_zone__channels=channel
    )
    if country:
        listings = listings.filter(
            Q(shipping_method__shipping_zone__countries__contains=[country.upper()])
            | Q(shipping_method__shipping_zone__default=True)
        )
    listings = list(listings.select_related("shipping_method__shipping_zone").prefetch_related(rates).distinct())
    if country:
        listings = _named_zones_first(listings, country.upper())
    methods = []
    for listing in listings:
        price = Money(quantize(listing.price_amount, listing.currency), listing.currency)
        methods.append(ApplicableMethod(listing.shipping_method, listing, price, price))
    return sorted(methods, key=lambda a: (a.price.amount, a.name.lower(), a.id))


def shipping_method_applicable_get(
    *, method_id: int, channel, country: str, weight_grams, subtotal_gross: Money
) -> ApplicableMethod | None:
    """The chosen method priced for this cart, or ``None`` if the cart cannot use it
    (any more: the address, weight or subtotal changed since it was chosen)."""
    for applicable in shipping_methods_for(
        channel=channel, country=country, weight_grams=weight_grams, subtotal_gross=subtotal_gross
    ):
        if applicable.id == int(method_id):
            return applicable
    return None


def shipping_method_translations(*, language_code: str) -> dict[int, ShippingMethodTranslation]:
    """Every method's translation in one language, by method id (the shop has a handful of methods)."""
    rows = ShippingMethodTranslation.objects.filter(language_code=language_code)
    return {row.shipping_method_id: row for row in rows}
