"""Reading transactions: a checkout's or an order's payments and what they cover."""

from __future__ import annotations

from decimal import Decimal

from shop.checkout.selectors import created_by_this_request

from .models import TransactionItem

ZERO = Decimal(0)


def checkout_transactions(checkout) -> list[TransactionItem]:
    """A checkout's transactions, loaded once per checkout object (none for a checkout this
    request created: no transaction can point at it yet)."""
    if not hasattr(checkout, "_payment_transactions"):
        if created_by_this_request(checkout):
            checkout._payment_transactions = []
        else:
            checkout._payment_transactions = list(
                TransactionItem.objects.filter(checkout_id=checkout.pk).order_by("created_at", "pk")
            )
    return checkout._payment_transactions


def order_transactions(order) -> list[TransactionItem]:
    """An order's transactions, loaded once per order object."""
    if not hasattr(order, "_payment_transactions"):
        order._payment_transactions = list(TransactionItem.objects.filter(order_id=order.pk).order_by("created_at", "pk"))
    return order._payment_transactions


def transactions_charged(transactions) -> Decimal:
    """Charged plus pending charges: what Saleor's checkout chargeStatus and totalBalance count."""
    return sum((t.charged_value + t.charge_pending_value for t in transactions), ZERO)


def transactions_covered(transactions) -> Decimal:
    """Authorized or charged, done or pending: what Saleor's checkout authorizeStatus counts."""
    return sum(
        (t.charged_value + t.charge_pending_value + t.authorized_value + t.authorize_pending_value for t in transactions),
        ZERO,
    )


def transactions_amount_due(*, total: Decimal, transactions) -> Decimal:
    """What is left to pay of ``total`` (Saleor's default amount of transactionInitialize).

    Each transaction covers the larger of what it holds authorized and what it
    has charged, plus whatever is pending; never below zero.
    """
    due = total
    for t in transactions:
        due -= max(t.authorized_value, t.charged_value) + t.authorize_pending_value + t.charge_pending_value
    return max(due, ZERO)


def checkout_charged_total(checkout) -> Decimal:
    return transactions_charged(checkout_transactions(checkout))


def checkout_covered_total(checkout) -> Decimal:
    return transactions_covered(checkout_transactions(checkout))
