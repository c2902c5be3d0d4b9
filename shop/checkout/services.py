"""Writes to checkouts.  Every function runs inside the caller's ``transaction.atomic``
and raises ``ValidationError({field: ValidationError(msg, code=CheckoutErrorCode...)})``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from shop.account.models import Address
from shop.catalog.models import ProductVariant
from shop.warehouse import services as stock

from . import selectors
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


def check_lines_for_sale(
    *, channel, lines: Iterable[LineInput], field: str = "lines", variants: dict[int, ProductVariant] | None = None
) -> dict[int, ProductVariant]:
    """Each variant must exist, be priced in the channel and its product published and
    purchasable; quantities must be 1..the per-line limit.  Returns the variants by id.

    ``variants`` are variants already loaded with their listings in the channel
    (``selectors.variants_with_listings`` or ``checkout_lines_get``); the others
    are loaded in one query.
    """
    lines = list(lines)
    now = timezone.now()
    variants = dict(variants or {})
    missing = {
        line.variant_id for line in lines
        if line.variant_id not in variants or selectors.loaded_listings(variants[line.variant_id], channel.pk) is None
    }
    if missing:
        variants.update(selectors.variants_with_listings(channel=channel, variant_ids=missing))
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
        variant_listing, listing = selectors.loaded_listings(variant, channel.pk)
        if variant_listing is None or listing is None:
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
    """(Re)reserve every line of the checkout, or clear reservations when the channel has none.

    What it locked and wrote stays on the checkout for the answer (``selectors.remember_stock``).
    """
    lines = selectors.checkout_lines_get(checkout)
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
        reserved = stock.reserve_stocks(
            channel=checkout.channel, checkout_token=checkout.pk, requests=requests, minutes=minutes,
            # Nothing to replace when the checkout is known to hold none (a new one).
            replace=not selectors.holds_no_reservations(checkout),
        )
    except stock.InsufficientStock as error:
        raise stock.validation_error_for(error, code=CheckoutErrorCode.INSUFFICIENT_STOCK.value)
    selectors.remember_stock(
        checkout, variant_ids=[line.variant_id for line in lines], stocks=reserved.stocks,
        reservations=reserved.reservations,
    )


def check_stock_available(*, checkout: Checkout, requests) -> None:
    """Without reservations: refuse quantities above what is available right now."""
    from shop.catalog.selectors import variants_quantity_available

    available = variants_quantity_available(variant_ids=[r.variant_id for r in requests], channel=checkout.channel)
    short = [r.variant_id for r in requests if r.track_inventory and available.get(r.variant_id, 0) < r.quantity]
    if short:
        raise stock.validation_error_for(stock.InsufficientStock(short), code=CheckoutErrorCode.INSUFFICIENT_STOCK.value)


def checkout_lines_add(*, checkout: Checkout, lines: list[LineInput]) -> Checkout:
    """Add quantities (merging into existing lines of the same variant unless forced apart)
    and reserve stock.  Expects the checkout locked (``checkout_lock``).

    The same number of queries for any number of lines; the lines, their variants
    and listings stay loaded on the checkout (``selectors.checkout_lines_get``).
    """
    _lines_add(checkout, lines)
    _touch(checkout)
    return checkout


def _lines_add(checkout: Checkout, lines: list[LineInput]) -> None:
    for line in lines:
        if line.quantity <= 0:
            raise _error("quantity", "The quantity should be higher than zero.", CheckoutErrorCode.ZERO_QUANTITY,
                         variants=[line.variant_id])
    current_lines, known = selectors.checkout_lines_and_variants(checkout, [line.variant_id for line in lines])
    existing = {line.variant_id: line for line in current_lines}
    merged = [
        LineInput(
            line.variant_id,
            line.quantity + (existing[line.variant_id].quantity if line.variant_id in existing and not line.force_new_line else 0),
        )
        for line in lines
    ]
    variants = check_lines_for_sale(channel=checkout.channel, lines=merged, variants=known)
    new_lines, changed = [], {}
    for line in lines:
        current = existing.get(line.variant_id)
        if current is not None and not line.force_new_line:
            current.quantity += line.quantity
            changed[current.pk] = current
        else:
            existing[line.variant_id] = CheckoutLine(
                checkout=checkout, variant=variants[line.variant_id], quantity=line.quantity
            )
            new_lines.append(existing[line.variant_id])
    # Bulk writes: the number of queries does not grow with the number of lines.
    CheckoutLine.objects.bulk_create(new_lines)
    CheckoutLine.objects.bulk_update(changed.values(), ["quantity"])
    checkout._lines = selectors.lines_in_order([*current_lines, *new_lines])
    _reserve_all(checkout)


def checkout_lines_update(*, checkout: Checkout, updates: list[tuple[CheckoutLine, int]]) -> Checkout:
    """Set line quantities; 0 removes the line.  Expects the checkout locked."""
    known = {line.variant_id: line.variant for line in selectors.checkout_lines_get(checkout)}
    check_lines_for_sale(
        channel=checkout.channel, lines=[LineInput(line.variant_id, quantity) for line, quantity in updates if quantity],
        variants=known,
    )
    CheckoutLine.objects.filter(pk__in=[line.pk for line, quantity in updates if quantity == 0]).delete()
    kept = []
    for line, quantity in updates:
        if quantity:
            line.quantity = quantity
            kept.append(line)
    CheckoutLine.objects.bulk_update(kept, ["quantity"])
    selectors.forget_lines(checkout)
    _reserve_all(checkout)
    _touch(checkout)
    return checkout


def checkout_lines_delete(*, checkout: Checkout, lines: list[CheckoutLine]) -> Checkout:
    CheckoutLine.objects.filter(pk__in=[line.pk for line in lines], checkout=checkout).delete()
    selectors.forget_lines(checkout)
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
    selectors.remember_created(checkout)
    if lines:
        _lines_add(checkout, lines)  # no touch: the checkout was created just now
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
    return selectors.reservation_expires(checkout)


def checkout_add_promo_code(*, checkout: Checkout, code: str) -> Checkout:
    """Apply a voucher code; unknown codes are INVALID, inapplicable ones VOUCHER_NOT_APPLICABLE.
    Expects the checkout locked."""
    from .calculations import checkout_totals

    if not code or not code.strip():
        raise _error("promo_code", "Enter a promo code.", CheckoutErrorCode.REQUIRED)
    lines = selectors.checkout_lines_get(checkout)
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
