"""Checkout prices: VAT-inclusive channel prices, line by line, summed exactly.

Each line's VAT is computed on its total (gross x rate / (100 + rate), rounded
to the satang); totals are sums of lines plus shipping, so for every amount
gross = net + VAT to the satang, on the checkout and on the order made from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from prices import Money, TaxedMoney

from shop.catalog.models import ProductVariantChannelListing
from shop.core.money import quantize
from shop.core.taxes import taxed_from_gross, vat_rate

from . import selectors
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
    discount: Money
    voucher: object = None
    undiscounted_shipping: Money | None = None

    @property
    def quantity(self) -> int:
        return sum(p.line.quantity for p in self.lines)


def zero_taxed(currency: str) -> TaxedMoney:
    return TaxedMoney(net=Money(0, currency), gross=Money(0, currency))


def listings_for(lines: list[CheckoutLine], channel) -> dict[int, ProductVariantChannelListing]:
    """The lines' variant listings in the channel, by variant id (unlisted variants absent).

    No query when the lines were read with them (``selectors.checkout_lines_get``).
    """
    loaded = {}
    for line in lines:
        found = selectors.loaded_listings(line.variant, channel.pk) if CheckoutLine.variant.is_cached(line) else None
        if found is None:
            break
        if found[0] is not None:
            loaded[line.variant_id] = found[0]
    else:
        return loaded
    rows = ProductVariantChannelListing.objects.filter(
        variant_id__in=[line.variant_id for line in lines], channel=channel
    )
    return {row.variant_id: row for row in rows}


def checkout_totals(
    checkout: Checkout, lines: list[CheckoutLine], *, shipping_gross: Money | None = None, listings=None,
    strict_voucher: bool = False,
) -> CheckoutTotals:
    """Prices of every line and the totals, voucher discount included.

    Lines without a price in the channel count as 0 (they are reported as
    problems and refused at completion).  A voucher that no longer applies
    gives no discount, or raises VOUCHER_NOT_APPLICABLE with ``strict_voucher``.
    """
    currency = checkout.currency
    rate = vat_rate(checkout.channel.default_country)
    listings = listings if listings is not None else listings_for(lines, checkout.channel)
    regular, selling, prior = {}, {}, {}
    for line in lines:
        listing = listings.get(line.variant_id)
        selling[line.pk] = Money(listing.discounted_price_amount if listing else 0, currency)
        regular[line.pk] = Money(listing.price_amount if listing else 0, currency)
        prior[line.pk] = Money(listing.prior_price_amount, currency) if listing and listing.prior_price_amount else None
    discount = _voucher_discount(checkout, lines, selling, shipping_gross, strict=strict_voucher)
    prices, subtotal, undiscounted = [], zero_taxed(currency), Money(0, currency)
    for line in lines:
        before = selling[line.pk] * line.quantity
        off = discount.line_discounts.get(line.pk, Money(0, currency)) if discount else Money(0, currency)
        total = taxed_from_gross(before - off, rate)
        unit_gross = Money(quantize(total.gross.amount / line.quantity, currency), currency)
        prices.append(
            LinePrice(
                line=line, unit=taxed_from_gross(unit_gross, rate), undiscounted_unit=regular[line.pk],
                prior_unit=prior[line.pk], total=total, undiscounted_total=regular[line.pk] * line.quantity,
            )
        )
        subtotal += total
        undiscounted += regular[line.pk] * line.quantity
    shipping = zero_taxed(currency)
    if shipping_gross is not None:
        shipping_off = discount.shipping_discount if discount and discount.shipping_discount else Money(0, currency)
        shipping = taxed_from_gross(shipping_gross - shipping_off, rate)
    return CheckoutTotals(
        lines=prices, subtotal=subtotal, shipping=shipping, total=subtotal + shipping,
        undiscounted_subtotal=undiscounted, vat_rate=rate,
        discount=discount.amount if discount else Money(0, currency),
        voucher=discount.voucher if discount else None, undiscounted_shipping=shipping_gross,
    )


def _voucher_discount(checkout, lines, selling, shipping_gross, *, strict: bool):
    if not checkout.voucher_code:
        return None
    from shop.discount import services as vouchers
    from shop.discount.models import VoucherType

    try:
        voucher, listing = vouchers.voucher_get(code=checkout.voucher_code, channel=checkout.channel)
        collections = {}
        if voucher.type == VoucherType.SPECIFIC_PRODUCT:
            from shop.catalog.models import CollectionProduct

            for product_id, collection_id in CollectionProduct.objects.filter(
                product_id__in=[line.variant.product_id for line in lines]
            ).values_list("product_id", "collection_id"):
                collections.setdefault(product_id, set()).add(collection_id)
        amounts = [
            vouchers.LineAmount(
                line_id=line.pk, product_id=line.variant.product_id, category_id=line.variant.product.category_id,
                collection_ids=frozenset(collections.get(line.variant.product_id, ())), quantity=line.quantity,
                total=selling[line.pk] * line.quantity,
            )
            for line in lines
        ]
        vouchers.voucher_check(voucher=voucher, listing=listing, lines=amounts, email=checkout.email, user=checkout.user)
    except ValidationError:
        if strict:
            raise
        return None
    return vouchers.voucher_discount(voucher=voucher, listing=listing, lines=amounts, shipping=shipping_gross)


def checkout_charged_amount(checkout: Checkout) -> Decimal:
    """What the checkout's payment transactions have charged, pending charges included.

    Saleor's basis of a checkout's ``chargeStatus`` and ``totalBalance``; the
    transactions are loaded once per checkout object (shop.payment.selectors).
    """
    # Imported here: payments build on checkouts, not the reverse.
    from shop.payment.selectors import checkout_charged_total

    return checkout_charged_total(checkout)


def checkout_covered_amount(checkout: Checkout) -> Decimal:
    """What the checkout's transactions have charged or authorized: Saleor's basis of
    ``authorizeStatus``, and what ``checkoutComplete`` needs to cover the total."""
    from shop.payment.selectors import checkout_covered_total

    return checkout_covered_total(checkout)


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
