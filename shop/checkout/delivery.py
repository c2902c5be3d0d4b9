"""Delivery for a checkout: which shipping methods it can use and what the chosen one costs.

Prices come from ``shop.shipping.selectors.shipping_methods_for`` for the cart's
weight, the shipping address's country and the subtotal after line discounts
(the free-shipping threshold looks at what the shopper pays for the goods).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from prices import Money

from shop.shipping.selectors import ApplicableMethod, shipping_listings_for, shipping_methods_for

from .calculations import CheckoutTotals, checkout_totals, listings_for
from .error_codes import CheckoutErrorCode
from .models import Checkout, CheckoutLine
from .selectors import checkout_lines_get


@dataclass(frozen=True)
class Delivery:
    """What ``checkout_complete`` freezes on the order."""

    name: str
    ref: str
    price: Money


@dataclass(frozen=True)
class CheckoutPricing:
    totals: CheckoutTotals
    options: list[ApplicableMethod]
    chosen: ApplicableMethod | None

    @property
    def delivery(self) -> Delivery | None:
        if self.chosen is None:
            return None
        return Delivery(name=self.chosen.name, ref=str(self.chosen.id), price=self.chosen.price)


def is_shipping_required(lines: list[CheckoutLine]) -> bool:
    return any(line.variant.product.product_type.is_shipping_required for line in lines)


def checkout_weight_grams(lines: list[CheckoutLine]) -> Decimal:
    """Variant weight, else product weight, else product type weight, times quantity."""
    total = Decimal(0)
    for line in lines:
        variant, product = line.variant, line.variant.product
        grams = variant.weight_grams or product.weight_grams or product.product_type.weight_grams or 0
        total += Decimal(grams) * line.quantity
    return total


def delivery_options(checkout: Checkout, lines: list[CheckoutLine], totals: CheckoutTotals) -> list[ApplicableMethod]:
    """Methods for this cart; none before a shipping address is known or when nothing ships.

    The channel's shipping listings for the address's country are read once per
    checkout object (the mutation and its answer price the same cart).
    """
    if checkout.shipping_address is None or not lines or not is_shipping_required(lines):
        return []
    country, currency = checkout.shipping_address.country, totals.subtotal.gross.currency
    cache = checkout.__dict__.setdefault("_shipping_listings", {})
    if (country, currency) not in cache:
        cache[country, currency] = shipping_listings_for(channel=checkout.channel, country=country, currency=currency)
    return shipping_methods_for(
        channel=checkout.channel, country=country, weight_grams=checkout_weight_grams(lines),
        subtotal_gross=totals.subtotal.gross, listings=cache[country, currency],
    )


def checkout_pricing(checkout: Checkout, lines: list[CheckoutLine], *, strict_voucher: bool = False) -> CheckoutPricing:
    """Totals with the chosen delivery priced in; the chosen method counts only while it is offered."""
    listings = listings_for(lines, checkout.channel)
    goods = checkout_totals(checkout, lines, listings=listings, strict_voucher=strict_voucher)
    options = delivery_options(checkout, lines, goods)
    chosen = next((o for o in options if o.id == checkout.shipping_method_id), None)
    if chosen is None:
        return CheckoutPricing(totals=goods, options=options, chosen=None)
    totals = checkout_totals(
        checkout, lines, shipping_gross=chosen.price, listings=listings, strict_voucher=strict_voucher
    )
    return CheckoutPricing(totals=totals, options=options, chosen=chosen)


def checkout_delivery_method_update(*, checkout: Checkout, method_id: int | None) -> Checkout:
    """Choose a shipping method among those offered (None clears it).  Expects the checkout locked."""
    lines = checkout_lines_get(checkout)
    if method_id is not None:
        if not is_shipping_required(lines):
            raise ValidationError({"delivery_method_id": ValidationError(
                "This checkout doesn't need shipping.", code=CheckoutErrorCode.SHIPPING_NOT_REQUIRED.value)})
        if checkout.shipping_address is None:
            raise ValidationError({"delivery_method_id": ValidationError(
                "Set the shipping address first.", code=CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET.value)})
        options = delivery_options(checkout, lines, checkout_totals(checkout, lines))
        if method_id not in {o.id for o in options}:
            raise ValidationError({"delivery_method_id": ValidationError(
                "This shipping method is not applicable for the checkout.",
                code=CheckoutErrorCode.DELIVERY_METHOD_NOT_APPLICABLE.value)})
    checkout.shipping_method_id = method_id
    checkout.save(update_fields=["shipping_method", "updated_at"])
    return checkout
