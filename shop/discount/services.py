"""Applying vouchers to a cart.

``voucher_discount`` works out what a voucher takes off a checkout's lines or
shipping: the discount is split over the eligible lines with the project's one
allocation function (``shop.core.money.allocate``), so the line discounts add
up to the voucher's discount exactly.  ``voucher_use`` records a use when an
order is placed, under a row lock on the voucher so the usage limit holds
under concurrency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from prices import Money

from shop.core.money import allocate, quantize

from .models import DiscountValueType, Voucher, VoucherChannelListing, VoucherCustomer, VoucherType

NOT_APPLICABLE = "VOUCHER_NOT_APPLICABLE"


@dataclass(frozen=True)
class LineAmount:
    """What the discount needs of a line: its id, product, categories and gross total."""

    line_id: object
    product_id: int
    category_id: int | None
    collection_ids: frozenset
    quantity: int
    total: Money


@dataclass
class VoucherDiscount:
    voucher: Voucher
    amount: Money
    line_discounts: dict = field(default_factory=dict)
    shipping_discount: Money | None = None


def _not_applicable(message: str) -> ValidationError:
    return ValidationError({"promo_code": ValidationError(message, code=NOT_APPLICABLE)})


def voucher_get(*, code: str, channel) -> tuple[Voucher, VoucherChannelListing]:
    voucher = Voucher.objects.filter(code__iexact=code.strip()).first()
    listing = voucher and VoucherChannelListing.objects.filter(voucher=voucher, channel=channel).first()
    if voucher is None or listing is None:
        raise ValidationError({"promo_code": ValidationError("Promo code is invalid.", code="INVALID")})
    return voucher, listing


def _eligible(voucher: Voucher, lines: list[LineAmount]) -> list[LineAmount]:
    if voucher.type != VoucherType.SPECIFIC_PRODUCT:
        return lines
    products = set(voucher.products.values_list("pk", flat=True))
    categories = set(voucher.categories.values_list("pk", flat=True))
    collections = set(voucher.collections.values_list("pk", flat=True))
    return [
        line for line in lines
        if line.product_id in products or line.category_id in categories or line.collection_ids & collections
    ]


def voucher_check(*, voucher: Voucher, listing: VoucherChannelListing, lines: list[LineAmount],
                  email: str | None, user=None) -> None:
    """Raise VOUCHER_NOT_APPLICABLE on ``promoCode`` when the voucher cannot be used for this cart."""
    now = timezone.now()
    if voucher.start_date > now or (voucher.end_date and voucher.end_date < now):
        raise _not_applicable("This promo code is not active.")
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        raise _not_applicable("This promo code has been used up.")
    if voucher.only_for_staff and not (user and user.is_staff):
        raise _not_applicable("This promo code is for staff only.")
    subtotal = sum((line.total.amount for line in lines), Decimal(0))
    if listing.min_spent_amount is not None and subtotal < listing.min_spent_amount:
        raise _not_applicable(f"Spend at least {listing.min_spent_amount:.2f} {listing.currency} to use this promo code.")
    if voucher.min_checkout_items_quantity and sum(line.quantity for line in lines) < voucher.min_checkout_items_quantity:
        raise _not_applicable(f"Add at least {voucher.min_checkout_items_quantity} items to use this promo code.")
    if voucher.apply_once_per_customer:
        if not email:
            raise _not_applicable("Enter your e-mail address to use this promo code.")
        if VoucherCustomer.objects.filter(voucher=voucher, customer_email=email.lower()).exists():
            raise _not_applicable("This promo code can be used once per customer.")
    if voucher.type == VoucherType.SPECIFIC_PRODUCT and not _eligible(voucher, lines):
        raise _not_applicable("This promo code does not apply to the products in your cart.")


def _amount_off(listing: VoucherChannelListing, voucher: Voucher, base: Money) -> Money:
    if voucher.discount_value_type == DiscountValueType.PERCENTAGE:
        off = quantize(base.amount * min(listing.discount_value, Decimal(100)) / 100, base.currency)
    else:
        off = min(listing.discount_value, base.amount)
    return Money(max(off, Decimal(0)), base.currency)


def voucher_discount(*, voucher: Voucher, listing: VoucherChannelListing, lines: list[LineAmount],
                     shipping: Money | None) -> VoucherDiscount:
    """What the voucher takes off; assumes ``voucher_check`` passed."""
    currency = listing.currency
    if voucher.type == VoucherType.SHIPPING:
        base = shipping or Money(0, currency)
        off = _amount_off(listing, voucher, base)
        return VoucherDiscount(voucher=voucher, amount=off, shipping_discount=off)
    eligible = [line for line in _eligible(voucher, lines) if line.total.amount > 0]
    base = Money(sum((line.total.amount for line in eligible), Decimal(0)), currency)
    off = _amount_off(listing, voucher, base) if eligible else Money(0, currency)
    parts = allocate(off, [line.total.amount for line in eligible]) if eligible and off.amount else []
    return VoucherDiscount(
        voucher=voucher, amount=off, line_discounts={line.line_id: part for line, part in zip(eligible, parts, strict=True)}
    )


def voucher_use(*, voucher: Voucher, email: str | None) -> None:
    """Count one use (an order was placed).  Locks the voucher row; raises VOUCHER_NOT_APPLICABLE
    when the limit is reached or the customer already used a once-per-customer code."""
    locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if locked.usage_limit is not None and locked.used >= locked.usage_limit:
        raise _not_applicable("This promo code has been used up.")
    if locked.apply_once_per_customer:
        _, created = VoucherCustomer.objects.get_or_create(voucher=locked, customer_email=(email or "").lower())
        if not created:
            raise _not_applicable("This promo code can be used once per customer.")
    Voucher.objects.filter(pk=locked.pk).update(used=F("used") + 1)
