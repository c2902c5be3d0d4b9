"""Checkout prices: VAT-inclusive channel prices, line by line, summed exactly.

Each line's VAT is computed on its total (gross x rate / (100 + rate), rounded
to the satang); totals are sums of lines plus shipping, so for every amount
gross = net + VAT to the satang, on the checkout and on the order made from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from prices import Money, TaxedMoney

from shop.catalog.models import ProductVariantChannelListing
from shop.core.taxes import taxed_from_gross, vat_rate

from .models import Checkout, CheckoutLine


@dataclass(frozen=True)
class LinePrice:
    line: CheckoutLine
    unit: TaxedMoney
    undiscounted_unit: Money
    prior_unit: Money | None
    total: TaxedMoney
    undiscounted_total: Money


@dataclass(frozen=True)
class CheckoutTotals:
    lines: list[LinePrice]
    subtotal: TaxedMoney
    shipping: TaxedMoney
    total: TaxedMoney
    undiscounted_subtotal: Money
    vat_rate: Decimal

    @property
    def quantity(self) -> int:
        return sum(p.line.quantity for p in self.lines)


def zero_taxed(currency: str) -> TaxedMoney:
    return TaxedMoney(net=Money(0, currency), gross=Money(0, currency))


def listings_for(lines: list[CheckoutLine], channel) -> dict[int, ProductVariantChannelListing]:
    rows = ProductVariantChannelListing.objects.filter(
        variant_id__in=[line.variant_id for line in lines], channel=channel
    )
    return {row.variant_id: row for row in rows}


def checkout_totals(
    checkout: Checkout, lines: list[CheckoutLine], *, shipping_gross: Money | None = None, listings=None
) -> CheckoutTotals:
    """Prices of every line and the totals.  Lines without a price in the channel count as 0
    (they are reported as problems and refused at completion)."""
    currency = checkout.currency
    rate = vat_rate(checkout.channel.default_country)
    listings = listings if listings is not None else listings_for(lines, checkout.channel)
    prices, subtotal, undiscounted = [], zero_taxed(currency), Money(0, currency)
    for line in lines:
        listing = listings.get(line.variant_id)
        unit_gross = Money(listing.discounted_price_amount if listing else 0, currency)
        regular = Money(listing.price_amount if listing else 0, currency)
        prior = Money(listing.prior_price_amount, currency) if listing and listing.prior_price_amount else None
        total = taxed_from_gross(unit_gross * line.quantity, rate)
        prices.append(
            LinePrice(
                line=line, unit=taxed_from_gross(unit_gross, rate), undiscounted_unit=regular, prior_unit=prior,
                total=total, undiscounted_total=regular * line.quantity,
            )
        )
        subtotal += total
        undiscounted += regular * line.quantity
    shipping = taxed_from_gross(shipping_gross, rate) if shipping_gross is not None else zero_taxed(currency)
    return CheckoutTotals(
        lines=prices, subtotal=subtotal, shipping=shipping, total=subtotal + shipping,
        undiscounted_subtotal=undiscounted, vat_rate=rate,
    )


def checkout_charged_amount(checkout: Checkout) -> Decimal:
    """What the checkout's payment transactions have captured.

    Transactions (Stripe, the dummy gateway) arrive with the payments part of the
    checkout issue; until a checkout can have transactions, nothing is charged.
    """
    return Decimal(0)


def payment_status(total: Decimal, charged: Decimal, *, authorize: bool = False) -> str:
    """Saleor's charge / authorize status of an amount against a total."""
    if total <= 0 and charged <= 0:
        return "full"
    if charged <= 0:
        return "none"
    if charged < total:
        return "partial"
    if charged > total and not authorize:
        return "overcharged"
    return "full"
