"""checkoutComplete: turn a checkout into an order, exactly once."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import connection

from shop.account.addresses import address_as_data
from shop.account.services import user_address_create, user_default_address_set
from shop.discount.services import voucher_use
from shop.order import services as orders
from shop.order.models import Order, OrderLine
from shop.payment.selectors import transactions_charged, transactions_covered
from shop.payment.services import (
    checkout_transactions_lock,
    new_order_payments_set,
    transactions_attach_to_order,
)
from shop.warehouse import services as stock

from .delivery import checkout_pricing, is_shipping_required
from .error_codes import CheckoutErrorCode
from .models import Checkout, CheckoutLine
from .selectors import checkout_lines_get
from .services import LineInput, check_lines_for_sale, checkout_lock

TAX_RATE_STEP = Decimal(1).scaleb(-OrderLine._meta.get_field("tax_rate").decimal_places)


def _error(field, message, code: CheckoutErrorCode):
    return ValidationError({field: ValidationError(message, code=code.value)})


def _check_ready(checkout: Checkout, lines) -> None:
    if not lines:
        raise _error("lines", "Cannot complete checkout without lines.", CheckoutErrorCode.NO_LINES)
    if not checkout.email:
        raise _error("email", "Email is not set.", CheckoutErrorCode.EMAIL_NOT_SET)
    if is_shipping_required(lines) and checkout.shipping_address_id is None:
        raise _error("shippingAddress", "Shipping address is not set.", CheckoutErrorCode.SHIPPING_ADDRESS_NOT_SET)
    if checkout.billing_address_id is None:
        raise _error("billingAddress", "Billing address is not set.", CheckoutErrorCode.BILLING_ADDRESS_NOT_SET)
    check_lines_for_sale(
        channel=checkout.channel, lines=[LineInput(line.variant_id, line.quantity) for line in lines],
        variants={line.variant_id: line.variant for line in lines},
    )


def checkout_complete(
    *, token=None, checkout: Checkout | None = None, user=None, charged_amount=None, covered_amount=None,
    amounts_from_transactions: bool = False, redirect_url="", placed_automatically=False,
) -> Order:
    """Place the order for a checkout; a repeat returns the order already placed.

    Locks the checkout row (or takes ``checkout``, already locked by the caller
    with ``checkout_lock``), then its payment transactions (pk order), then the
    voucher and stock rows (stocks in pk order); raises ValidationError (and
    writes nothing) when the checkout is not ready, its delivery method is not
    offered any more, its voucher no longer applies or stock is short.
    ``charged_amount`` is what its payments have captured, ``covered_amount``
    what they captured or authorized (Saleor completes a checkout whose
    authorizations cover it); with ``amounts_from_transactions`` both are read
    from the transactions locked here (checkoutComplete).  ``placed_automatically``
    marks an order placed by the payment side for a paid checkout nobody completed.
    """
    if checkout is None:
        existing = Order.objects.filter(checkout_token=token).first()
        if existing is not None:
            return existing
        try:
            checkout = checkout_lock(token=token)
        except Checkout.DoesNotExist:
            existing = Order.objects.filter(checkout_token=token).first()
            if existing is not None:  # completed by a concurrent request that held the lock first
                return existing
            raise _error("id", "Couldn't resolve to a node.", CheckoutErrorCode.NOT_FOUND)
    transactions = checkout_transactions_lock(checkout=checkout)
    if amounts_from_transactions:
        charged_amount, covered_amount = transactions_charged(transactions), transactions_covered(transactions)
    lines = checkout_lines_get(checkout)
    _check_ready(checkout, lines)
    pricing = checkout_pricing(checkout, lines, strict_voucher=True)
    if is_shipping_required(lines):
        if checkout.shipping_method_id is None:
            raise _error("shippingMethod", "Shipping method is not set.", CheckoutErrorCode.SHIPPING_METHOD_NOT_SET)
        if pricing.chosen is None:
            raise _error("shippingMethod", "Shipping method is not valid for your shipping address.",
                         CheckoutErrorCode.INVALID_SHIPPING_METHOD)
    totals, shipping = pricing.totals, pricing.delivery
    charged = charged_amount if charged_amount is not None else 0
    covered = max(charged, covered_amount or 0)
    paid = covered >= totals.total.gross.amount
    if not paid and not checkout.channel.allow_unpaid_orders:
        raise _error("id", "Provided payment methods cannot cover the checkout's total amount.",
                     CheckoutErrorCode.CHECKOUT_NOT_FULLY_PAID)
    order = _order_from(checkout, totals, lines, user=user, shipping=shipping, transactions=transactions,
                        redirect_url=redirect_url)
    requests = [
        stock.StockRequest(line_id=order_line.pk, variant_id=order_line.variant_id, quantity=order_line.quantity,
                           track_inventory=line.variant.track_inventory)
        for order_line, line in zip(order._lines, lines, strict=True)
    ]
    try:
        stock.allocate_stocks(channel=checkout.channel, checkout_token=checkout.pk, requests=requests)
        stock.claim_made_to_order(requests, at=order.created_at)
    except stock.InsufficientStock as error:
        raise stock.validation_error_for(error, field="lines", code=CheckoutErrorCode.INSUFFICIENT_STOCK.value)
    if totals.voucher is not None:
        voucher_use(voucher=totals.voucher, email=checkout.email)
    if order.user is not None:
        _save_addresses(checkout, order.user)
    transactions_attach_to_order(order=order, transactions=transactions)
    orders.order_placed(order=order, user=user, automatically=placed_automatically)
    _delete_completed(checkout)
    return order


def _delete_completed(checkout: Checkout) -> None:
    """Delete the checkout that became an order, and its lines: one statement.

    Nothing else refers to them by now: ``allocate_stocks`` deleted the lines'
    reservations and ``transactions_attach_to_order`` moved the transactions
    (tests/shop/checkout/test_complete_deletes.py lists every relation to them).
    The foreign keys are checked at commit, so a row left pointing at them
    fails the completion instead of dangling.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH lines AS (DELETE FROM {CheckoutLine._meta.db_table} WHERE checkout_id = %s) "
            f"DELETE FROM {Checkout._meta.db_table} WHERE token = %s",
            [checkout.pk, checkout.pk],
        )


def _save_addresses(checkout: Checkout, user) -> None:
    """saveAddress: the customer's book gets the addresses it lacks; an empty default is filled."""
    book = [(address_as_data(a), a) for a in user.addresses.all()]
    for kind in ("shipping", "billing"):
        address = getattr(checkout, f"{kind}_address")
        if address is None or not getattr(checkout, f"save_{kind}_address"):
            continue
        data = address_as_data(address)
        default_missing = getattr(user, f"default_{kind}_address_id") is None
        same = next((saved for known, saved in book if known == data), None)
        if same is None:
            saved = user_address_create(user=user, data=data, address_type=kind if default_missing else None)
            book.append((data, saved))
        elif default_missing:
            user_default_address_set(user=user, address=same, address_type=kind)


def _order_from(checkout, totals, lines, *, user, shipping, transactions, redirect_url) -> Order:
    total = totals.total
    order = Order(
        number=orders.next_order_number(),
        status=orders.order_status_for_new(checkout.channel),
        user=user if user and user.pk else checkout.user,
        user_email=checkout.email or "",
        channel=checkout.channel,
        language_code=checkout.language_code,
        # The checkout is deleted below: the order takes over its address rows.
        billing_address=checkout.billing_address,
        shipping_address=checkout.shipping_address,
        shipping_method_name=shipping.name if shipping else "",
        shipping_method_ref=shipping.ref if shipping else "",
        currency=checkout.currency,
        subtotal_gross_amount=totals.subtotal.gross.amount,
        subtotal_net_amount=totals.subtotal.net.amount,
        shipping_price_gross_amount=totals.shipping.gross.amount,
        shipping_price_net_amount=totals.shipping.net.amount,
        undiscounted_total_gross_amount=totals.undiscounted_subtotal.amount + (totals.undiscounted_shipping or totals.shipping.gross).amount,
        total_gross_amount=total.gross.amount,
        total_net_amount=total.net.amount,
        voucher_code=totals.voucher.code if totals.voucher else None,
        discount_amount=totals.discount.amount,
        weight_grams=sum((line.variant.weight_grams or line.variant.product.weight_grams or 0) * line.quantity for line in lines),
        customer_note=checkout.customer_note,
        checkout_token=checkout.pk,
        redirect_url=redirect_url or "",
        metadata=checkout.metadata,
    )
    new_order_payments_set(order=order, transactions=transactions)  # the transactions it takes over
    order.save(force_insert=True)
    # As the column keeps it (PostgreSQL rounds half away from zero): the lines stay on the
    # order for the answer (``order_lines_get``), and must equal what a read would give.
    tax_rate = (totals.vat_rate / 100).quantize(TAX_RATE_STEP, rounding=ROUND_HALF_UP)
    order._lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order, variant=price.line.variant, product_name=price.line.variant.product.name,
            variant_name=price.line.variant.name, product_sku=price.line.variant.sku,
            is_shipping_required=price.line.variant.product.product_type.is_shipping_required,
            quantity=price.line.quantity, currency=checkout.currency,
            unit_price_gross_amount=price.unit.gross.amount, unit_price_net_amount=price.unit.net.amount,
            undiscounted_unit_price_gross_amount=price.undiscounted_unit.amount,
            total_price_gross_amount=price.total.gross.amount, total_price_net_amount=price.total.net.amount,
            undiscounted_total_price_gross_amount=price.undiscounted_total.amount, tax_rate=tax_rate,
        )
        for price in totals.lines
    )
    return order


