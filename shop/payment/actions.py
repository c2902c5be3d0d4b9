"""Staff actions on a transaction: refund what was charged, charge or cancel what was authorized."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError

from shop.core.money import quantize

from .error_codes import TransactionRequestActionErrorCode as Code
from .gateways import GatewayError, GatewayEvent, gateway_get
from .models import TransactionAction, TransactionItem
from .models import TransactionEventType as T
from .services import (
    transaction_amounts_recalculate,
    transaction_event_record,
    transaction_events_report,
    transaction_lock,
)

REQUEST_FOR = {
    TransactionAction.REFUND: T.REFUND_REQUEST,
    TransactionAction.CHARGE: T.CHARGE_REQUEST,
    TransactionAction.CANCEL: T.CANCEL_REQUEST,
}
FAILURE_FOR = {
    TransactionAction.REFUND: T.REFUND_FAILURE,
    TransactionAction.CHARGE: T.CHARGE_FAILURE,
    TransactionAction.CANCEL: T.CANCEL_FAILURE,
}


def _limit(transaction: TransactionItem, action: TransactionAction) -> Decimal:
    return transaction.charged_value if action == TransactionAction.REFUND else transaction.authorized_value


def transaction_action_request(
    *, transaction_id, action: str, amount: Decimal | None = None, user=None, reason: str = "", reason_reference=None,
) -> TransactionItem:
    """Ask the transaction's gateway to refund, charge or cancel, and record what it answers.

    Locks the transaction row, then its order's.  Without an amount the most
    possible is asked (everything charged for a refund, everything authorized
    for a charge or cancel); a larger amount is cut down to it, as Saleor does.
    Writes a ``*_REQUEST`` event (by ``user``), then the gateway's answer
    (``*_SUCCESS``, or ``*_FAILURE`` with the provider's message); a refund of
    an order's payment publishes ``OrderRefunded``.  Raises ValidationError
    (nothing written) when the gateway is gone or there is nothing to act on.
    """
    transaction = transaction_lock(transaction_id=transaction_id)
    action = TransactionAction(action)
    gateway = gateway_get(transaction.gateway)
    if gateway is None:
        raise ValidationError(f"Payment gateway {transaction.gateway} is not available for this action.",
                              code=Code.MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK.value)
    limit = _limit(transaction, action)
    value = min(quantize(amount, transaction.currency), limit) if amount is not None else limit
    if value <= 0:
        raise ValidationError({"action_type" if amount is None else "amount": ValidationError(
            f"There is nothing to {action.value} on this transaction.", code=Code.INVALID.value)})
    request, _ = transaction_event_record(
        transaction=transaction, type=REQUEST_FOR[action], amount=value, psp_reference=f"request-{uuid.uuid4()}",
        message=reason, user=user, reason_reference=reason_reference,
    )
    transaction_amounts_recalculate(transaction=transaction)
    try:
        result = gateway.request_action(transaction=transaction, action=action, amount=value, request_event=request)
    except GatewayError as error:
        events = [GatewayEvent(type=FAILURE_FOR[action], amount=value, psp_reference=request.psp_reference,
                               key=f"{request.pk}:failure", message=error.message)]
    else:
        request.psp_reference = result.request_psp_reference
        request.save(update_fields=["psp_reference"])
        events = result.events
    transaction_events_report(transaction=transaction, events=events, user=user, extra_new_events=[request])
    transaction.refresh_from_db()
    return transaction


def order_refund(*, order_id, amount: Decimal, user=None, reason: str = "", reason_reference=None) -> Decimal:
    """Refund ``amount`` of what an order's transactions charged, oldest transaction first;
    returns the amount the gateways accepted to refund (a Stripe refund then
    completes through its webhook).

    Unpaid orders (cash on delivery, bank transfer not yet received) have nothing
    to refund: 0 comes back and the caller decides what to tell the shopper.
    """
    left = quantize(amount, "THB")
    refunded = Decimal(0)
    ids = list(TransactionItem.objects.filter(order_id=order_id).order_by("created_at", "pk").values_list("pk", flat=True))
    for transaction_id in ids:
        if left <= 0:
            break
        transaction = TransactionItem.objects.get(pk=transaction_id)
        take = min(left, transaction.charged_value)
        if take <= 0:
            continue
        failures = transaction.events.filter(type=T.REFUND_FAILURE).count()
        after = transaction_action_request(
            transaction_id=transaction_id, action=TransactionAction.REFUND, amount=take, user=user, reason=reason,
            reason_reference=reason_reference,
        )
        if after.events.filter(type=T.REFUND_FAILURE).count() > failures:
            continue  # the gateway refused; the next transaction may still cover it
        refunded += take
        left -= take
    return refunded
