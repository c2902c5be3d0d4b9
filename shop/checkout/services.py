"""Writes to checkouts.  Every function runs inside the caller's ``transaction.atomic``
and raises ``ValidationError({field: ValidationError(msg, code=CheckoutErrorCode...)})``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef
from django.utils import timezone

from shop.account.models import Address
from shop.catalog.models import ProductVariant, ProductVariantChannelListing
from shop.warehouse import services as stock
from shop.warehouse.models import Reservation

from .error_codes import CheckoutErrorCode
from .models import Checkout, CheckoutLine

MAX_CHECKOUT_LINE_QUANTITY = 50


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity: int
    force_new_line: bool = False


def _error(field: str, message: str, code: CheckoutErrorCode, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def checkout_lock(*, token) -> Checkout:
    """The checkout row, locked for the rest of the transaction (one writer at a time).

    Only the checkout row is locked (``FOR UPDATE OF``): its channel and addresses
    come in the same query but stay unlocked, so checkouts of one channel never
    wait for each other.
    """
    return (
        Checkout.objects.select_for_update(of=("self",))
        .select_related("channel", "shipping_address", "billing_address")
        .get(pk=token)
    )


def _touch(checkout: Checkout, *fields: str) -> None:
    """Save ``fields`` (if any) and mark the checkout changed, in one UPDATE."""
    checkout.last_change = timezone.now()
    checkout.save(update_fields=[*fields, "last_change", "updated_at"])


# --- lines -------------------------------------------------------------------------


def _variants(*, channel, variant_ids: set[int]) -> dict[int, ProductVariant]:
    """The variants, each annotated with ``priced`` (has a price in the channel)."""
    priced = ProductVariantChannelListing.objects.filter(variant_id=OuterRef("pk"), channel=channel)
    variants = (
        ProductVariant.objects.filter(pk__in=variant_ids)
        .annotate(priced=Exists(priced))
        .select_related("product")
        .prefetch_related("product__channel_listings")
    )
    return {v.pk: v for v in variants}


def check_lines_for_sale(*, channel, lines: Iterable[LineInput], field: str = "lines") -> dict[int, ProductVariant]:
    """Each variant must exist, be priced in the channel and its product published and
    purchasable; quantities must be 1..the per-line limit.  Returns the variants by id."""
    lines = list(lines)
    now = timezone.now()
    variants = _variants(channel=channel, variant_ids={line.variant_id for line in lines})
    for line in lines:
        variant = variants.get(line.variant_id)
        if variant is None:
            raise _error(field, "Product variant does not exist.", CheckoutErrorCode.NOT_FOUND, variants=[line.variant_id])
        if line.quantity < 0:
            raise _error("quantity", "The quantity should be higher than zero.", CheckoutErrorCode.ZERO_QUANTITY, variants=[variant.pk])
        limit = min(filter(None, [variant.quantity_limit_per_customer, MAX_CHECKOUT_LINE_QUANTITY]))
        if line.quantity > limit:
            raise _error(
                "quantity", f"Cannot add more than {limit} items of this variant.",
                CheckoutErrorCode.QUANTITY_GREATER_THAN_LIMIT, variants=[variant.pk],
            )
        listing = next((pl for pl in variant.product.channel_listings.all() if pl.channel_id == channel.pk), None)
        if not variant.priced or listing is None:
            raise _error(
                field, "Cannot add lines with unavailable variants.", CheckoutErrorCode.UNAVAILABLE_VARIANT_IN_CHANNEL,
                variants=[variant.pk],
            )
        if not listing.is_published or (listing.published_at and listing.published_at > now):
            raise _error(field, "Cannot add lines for unpublished variants.", CheckoutErrorCode.PRODUCT_NOT_PUBLISHED, variants=[variant.pk])
        if not listing.is_available_for_purchase():
            raise _error(
                field, "Cannot add lines for unavailable for purchase variants.",
                CheckoutErrorCode.PRODUCT_UNAVAILABLE_FOR_PURCHASE, variants=[variant.pk],
            )
    return variants


def _reserve_all(checkout: Checkout) -> None:
    """(Re)reserve every line of the checkout, or clear reservations when the channel has none."""
    lines = list(checkout.lines.select_related("variant"))
    minutes = checkout.channel.reserve_stock_duration_minutes
    requests = [
        stock.StockRequest(line_id=line.pk, variant_id=line.variant_id, quantity=line.quantity,
                           track_inventory=line.variant.track_inventory)
        for line in lines
    ]
    try:
        stock.check_made_to_order(requests)
        if not minutes:
            check_stock_available(checkout=checkout, requests=requests)
            return
        stock.reserve_stocks(channel=checkout.channel, checkout_token=checkout.pk, requests=requests, minutes=minutes)
    except stock.InsufficientStock as error:
        raise stock.validation_error_for(error, code=CheckoutErrorCode.INSUFFICIENT_STOCK.value)


def check_stock_available(*, checkout: Checkout, requests) -> None:
    """Without reservations: refuse quantities above what is available right now."""
    from shop.catalog.selectors import variants_quantity_available

    available = variants_quantity_available(variant_ids=[r.variant_id for r in requests], channel=checkout.channel)
    short = [r.variant_id for r in requests if r.track_inventory and available.get(r.variant_id, 0) < r.quantity]
    if short:
        raise stock.validation_error_for(stock.InsufficientStock(short), code=CheckoutErrorCode.INSUFFICIENT_STOCK.value)


def checkout_lines_add(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    """Add quantities (merging into existing lines of the same variant unless forced apart)
    and reserve stock.  Expects the checkout locked (``checkout_lock``)."""
    for line in lines:
        if line.quantity <= 0:
            raise _error("quantity", "The quantity should be higher than zero.", CheckoutErrorCode.ZERO_QUANTITY,
                         variants=[line.variant_id])
    existing = {line.variant_id: line for line in checkout.lines.all()}
    merged = [
        LineInput(
            line.variant_id,
            line.quantity + (existing[line.variant_id].quantity if line.variant_id in existing and not line.force_new_line else 0),
        )
        for line in lines
    ]
    check_lines_for_sale(channel=checkout.channel, lines=merged)
    new_lines, changed = [], {}
    for line in lines:
        current = existing.get(line.variant_id)
        if current is not None and not line.force_new_line:
            current.quantity += line.quantity
            changed[current.pk] = current
        else:
            existing[line.variant_id] = CheckoutLine(checkout=checkout, variant_id=line.variant_id, quantity=line.quantity)
            new_lines.append(existing[line.variant_id])
    # Bulk writes: the number of queries does not grow with the number of lines.
    CheckoutLine.objects.bulk_create(new_lines)
    CheckoutLine.objects.bulk_update(changed.values(), ["quantity"])
    _reserve_all(checkout)
    _touch(checkout)
    return checkout


def checkout_lines_update(*, checkout: Checkout, updates: list[tuple[CheckoutLine, int]]) -> Checkout:
    """Set line quantities; 0 removes the line.  Expects the checkout locked."""
    check_lines_for_sale(
        channel=checkout.channel, lines=[LineInput(line.variant_id, quantity) for line, quantity in updates if quantity]
    )
    CheckoutLine.objects.filter(pk__in=[line.pk for line, quantity in updates if quantity == 0]).delete()
    kept = []
    for line, quantity in updates:
        if quantity:
            line.quantity = quantity
            kept.append(line)
    CheckoutLine.objects.bulk_update(kept, ["quantity"])
    _reserve_all(checkout)
    _touch(checkout)
    return checkout


def checkout_lines_delete(*, checkout: Checkout, lines: list[CheckoutLine]) -> Checkout:
    CheckoutLine.objects.filter(pk__in=[line.pk for line in lines], checkout=checkout).delete()
    _touch(checkout)
    return checkout


def checkout_create(*, channel, user=None, email=None, lines: list[LineInput], language_code="th") -> Checkout:
    if not channel.is_active:
        raise _error("channel", "Channel is not active.", CheckoutErrorCode.CHANNEL_INACTIVE)
    if email is not None:
        email = clean_email(email)
    checkout = Checkout.objects.create(
        channel=channel, user=user, email=email or (user.email if user else None),
        currency=channel.currency_code, country=channel.default_country, language_code=language_code,
    )
    if lines:
        checkout_lines_add(checkout=checkout, lines=lines)
    return checkout


def clean_email(email: str) -> str:
    try:
        validate_email(email)
    except ValidationError:
        raise _error("email", "Enter a valid email address.", CheckoutErrorCode.INVALID)
    return email.strip().lower()


def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    checkout.email = clean_email(email)
    _touch(checkout, "email")
    return checkout


def checkout_customer_attach(*, checkout: Checkout, user) -> Checkout:
    checkout.user = user
    checkout.email = user.email
    checkout.save(update_fields=["user", "email", "updated_at"])
    return checkout


def checkout_customer_detach(*, checkout: Checkout) -> Checkout:
    checkout.user = None
    checkout.save(update_fields=["user", "updated_at"])
    return checkout


def checkout_address_update(*, checkout: Checkout, kind: str, data: dict, save: bool = True) -> Checkout:
    """Set the shipping or billing address from validated data (``shop.account.addresses``).

    The checkout owns its address rows: a new row replaces (and deletes) the old one.
    ``save`` (Saleor's saveAddress) copies it into the customer's book at completion.
    """
    field = f"{kind}_address"
    old = getattr(checkout, field)
    setattr(checkout, field, Address.objects.create(**data))
    setattr(checkout, f"save_{kind}_address", save)
    _touch(checkout, field, f"save_{kind}_address")
    if old is not None:
        old.delete()
    return checkout


def reservation_expires(checkout: Checkout):
    return (
        Reservation.objects.filter(checkout_line__checkout=checkout).order_by("reserved_until")
        .values_list("reserved_until", flat=True).first()
    )



def checkout_add_promo_code(*, checkout: Checkout, code: str) -> Checkout:
    """Apply a voucher code; unknown codes are INVALID, inapplicable ones VOUCHER_NOT_APPLICABLE.
    Expects the checkout locked."""
    from .calculations import checkout_totals

    if not code or not code.strip():
        raise _error("promo_code", "Enter a promo code.", CheckoutErrorCode.REQUIRED)
    lines = list(checkout.lines.select_related("variant__product"))
    previous = checkout.voucher_code
    checkout.voucher_code = code.strip()
    try:
        checkout_totals(checkout, lines, strict_voucher=True)
    except ValidationError:
        checkout.voucher_code = previous
        raise
    _touch(checkout, "voucher_code")
    return checkout


def checkout_remove_promo_code(*, checkout: Checkout, code: str | None) -> Checkout:
    if code is not None and (checkout.voucher_code or "").lower() != code.strip().lower():
        raise _error("promo_code", "This promo code is not applied to the checkout.", CheckoutErrorCode.INVALID)
    checkout.voucher_code = None
    _touch(checkout, "voucher_code")
    return checkout
