"""Stripe's events, applied to our transactions: at most once, never backwards.

Handled: ``payment_intent.succeeded | processing | payment_failed | canceled |
amount_capturable_updated`` and ``charge.refunded`` / ``charge.refund.updated``.
Rules that make duplicate, replayed and out-of-order deliveries harmless:

1. Each Stripe event id is stored once (``StripeWebhookEvent``); a replay finds
   it and does nothing.
2. Each fact has an idempotency key from Stripe's ids (``pi_...:succeeded``,
   ``re_...:succeeded``), so the same fact from a webhook and from a
   synchronous answer is one event row.
3. A PaymentIntent that succeeded or was canceled is final: later news about
   its state is stale.  News older (Stripe's clock) than the newest applied
   for the same intent is stale too.  Stale events are stored, not applied.
4. ``charge.refunded`` reconciles every refund of the charge (from the event, or
   listed from Stripe) and the charge itself, so a refund that arrives before
   its payment leaves the amounts right.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError
from django.db import transaction as db_transaction
from django.db.models import Max

from shop.core.events import publish

from .events import ExternalPaymentSucceeded
from .gateways import STRIPE_GATEWAY_ID, GatewayEvent
from .gateways.stripe_gateway import (
    intent_events,
    intent_payment_method,
    refund_events,
    stripe_amount,
    stripe_client,
)
from .models import StripeWebhookEvent, TransactionItem
from .models import StripeWebhookOutcome as Outcome
from .models import TransactionEventType as T
from .services import transaction_events_report, transaction_lock

logger = logging.getLogger(__name__)

INTENT_EVENTS = {
    "payment_intent.succeeded", "payment_intent.processing", "payment_intent.payment_failed",
    "payment_intent.canceled", "payment_intent.amount_capturable_updated",
}
REFUND_EVENTS = {"charge.refunded", "charge.refund.updated"}
HANDLED_EVENTS = INTENT_EVENTS | REFUND_EVENTS
TERMINAL_TYPES = (T.CHARGE_SUCCESS, T.CANCEL_SUCCESS)
STATE_TYPES = (
    T.AUTHORIZATION_REQUEST, T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_FAILURE,
    T.CHARGE_REQUEST, T.CHARGE_SUCCESS, T.CHARGE_FAILURE, T.CANCEL_SUCCESS,
)


def _time(unix) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(unix), tz=datetime.UTC)


def _find_transaction(*, intent_id: str | None) -> TransactionItem | None:
    """The transaction of a PaymentIntent: its PSP reference is saved with it, in one database transaction."""
    if not intent_id:
        return None
    return TransactionItem.objects.filter(gateway=STRIPE_GATEWAY_ID, psp_reference=intent_id).first()


def stripe_event_apply(*, event: dict) -> str:
    """Apply one verified Stripe event; returns its outcome (``duplicate`` for a replay).

    Runs in its own database transaction: stores the event id first (a
    concurrent second delivery waits on it, then finds it), then locks the
    transaction row and records what the event means.
    """
    with db_transaction.atomic():
        try:
            with db_transaction.atomic():
                receipt = StripeWebhookEvent.objects.create(
                    event_id=event["id"], type=event.get("type", ""), created=_time(event.get("created", 0)),
                    livemode=bool(event.get("livemode")), outcome=Outcome.IGNORED,
                )
        except IntegrityError:
            return "duplicate"
        outcome, transaction = _apply(event, receipt)
        receipt.outcome, receipt.transaction = outcome, transaction
        receipt.save(update_fields=["outcome", "transaction"])
        return outcome


def _apply(event: dict, receipt: StripeWebhookEvent) -> tuple[str, TransactionItem | None]:
    kind = event.get("type")
    obj = (event.get("data") or {}).get("object") or {}
    if kind in INTENT_EVENTS:
        found = _find_transaction(intent_id=obj.get("id"))
        if found is None:
            return _apply_external(kind, obj), None
        return _apply_intent(transaction_lock(transaction_id=found.pk), obj, event, receipt), found
    if kind in REFUND_EVENTS:
        found = _find_transaction(intent_id=obj.get("payment_intent"))
        if found is None:
            return Outcome.UNKNOWN_TRANSACTION, None
        return _apply_refunds(transaction_lock(transaction_id=found.pk), obj, event), found
    return Outcome.IGNORED, None


def _apply_external(kind: str, intent: dict) -> str:
    """An intent that is no shop transaction: if it names a ``homenet_reference``, its success is
    published (``ExternalPaymentSucceeded``) for the app that started it."""
    reference = (intent.get("metadata") or {}).get("homenet_reference")
    if not reference:
        return Outcome.UNKNOWN_TRANSACTION
    if kind != "payment_intent.succeeded":
        return Outcome.IGNORED
    currency = (intent.get("currency") or "").upper()
    publish(ExternalPaymentSucceeded(
        reference=str(reference), intent_id=intent["id"], currency=currency,
        amount=str(stripe_amount(intent.get("amount_received") or intent.get("amount"), currency)),
    ))
    return Outcome.APPLIED


def _is_stale(transaction: TransactionItem, intent_id: str, when: datetime.datetime, receipt) -> bool:
    if transaction.events.filter(psp_reference=intent_id, type__in=TERMINAL_TYPES, include_in_calculations=True).exists():
        return True
    newest = (
        StripeWebhookEvent.objects.filter(transaction=transaction, outcome=Outcome.APPLIED, type__in=INTENT_EVENTS)
        .exclude(pk=receipt.pk).aggregate(newest=Max("created"))["newest"]
    )
    return newest is not None and when < newest


def _in_order(transaction: TransactionItem, psp_reference: str, when: datetime.datetime) -> datetime.datetime:
    """The event's time, moved just after what the transaction already knows of this reference.

    Stale news is refused before this point, so what is applied is the newest
    known state; this keeps it newest when our clock (synchronous answers) and
    Stripe's (webhooks) disagree by a little.
    """
    latest = transaction.events.filter(psp_reference=psp_reference).aggregate(latest=Max("created_at"))["latest"]
    if latest is not None and latest >= when:
        return latest + datetime.timedelta(microseconds=1)
    return when


def _apply_intent(transaction: TransactionItem, intent: dict, event: dict, receipt) -> str:
    when = _time(event["created"])
    if _is_stale(transaction, intent["id"], when, receipt):
        return Outcome.STALE
    facts = intent_events(intent, authorized=transaction.authorized_value, event_id=event["id"],
                          time=_in_order(transaction, intent["id"], when))
    if facts[0].type in (T.CHARGE_ACTION_REQUIRED, T.AUTHORIZATION_ACTION_REQUIRED):
        return Outcome.IGNORED
    transaction_events_report(transaction=transaction, events=facts, psp_reference=intent["id"],
                              payment_method=intent_payment_method(intent))
    return Outcome.APPLIED


def _refunds_of(charge_or_refund: dict, event_type: str) -> list[dict]:
    if event_type == "charge.refund.updated":
        return [charge_or_refund]
    embedded = charge_or_refund.get("refunds")
    if isinstance(embedded, dict) and not embedded.get("has_more") and embedded.get("data") is not None:
        return embedded["data"]
    listed = stripe_client().v1.refunds.list(params={"charge": charge_or_refund["id"], "limit": 100})
    return [refund.to_dict() for refund in listed.auto_paging_iter()]


def _apply_refunds(transaction: TransactionItem, obj: dict, event: dict) -> str:
    when = _time(event["created"])
    facts: list[GatewayEvent] = []
    if event["type"] == "charge.refunded":
        if obj.get("captured") is False:  # a released authorization: payment_intent.canceled tells it
            return Outcome.IGNORED
        # A refunded charge succeeded: record it if its own webhook has not come yet.
        pi = obj["payment_intent"]
        facts.append(GatewayEvent(T.CHARGE_SUCCESS, stripe_amount(obj["amount_captured"], obj["currency"]), psp_reference=pi,
                                  key=f"{pi}:succeeded", message="Payment succeeded",
                                  time=min(when, _time(obj.get("created") or event["created"]))))
    elif not transaction.events.filter(type=T.CHARGE_SUCCESS).exists():
        return Outcome.IGNORED  # a refund of an authorization never charged
    for refund in _refunds_of(obj, event["type"]):
        facts += refund_events(refund, time=_in_order(transaction, refund["id"], when))
    transaction_events_report(transaction=transaction, events=facts)
    return Outcome.APPLIED


def stripe_transaction_sync(*, transaction_id) -> bool:
    """Ask Stripe for the intent's state now and record it, as a webhook would (for lost webhooks).

    Locks the transaction row after the call to Stripe (no lock is held over the
    network).  Returns whether anything new was recorded.
    """
    found = TransactionItem.objects.filter(pk=transaction_id, gateway=STRIPE_GATEWAY_ID).exclude(psp_reference="").first()
    if found is None:
        return False
    intent = stripe_client().v1.payment_intents.retrieve(found.psp_reference, params={"expand": ["latest_charge"]}).to_dict()
    with db_transaction.atomic():
        transaction = transaction_lock(transaction_id=found.pk)
        if transaction.events.filter(psp_reference=intent["id"], type__in=TERMINAL_TYPES).exists():
            return False
        facts = intent_events(intent, authorized=transaction.authorized_value)
        if facts[0].type in (T.CHARGE_ACTION_REQUIRED, T.AUTHORIZATION_ACTION_REQUIRED):
            return False
        recorded = transaction_events_report(transaction=transaction, events=facts, psp_reference=intent["id"],
                                             payment_method=intent_payment_method(intent))
        return any(created for _, created in recorded)


def stripe_transactions_to_sync(*, older_than: datetime.timedelta, newer_than: datetime.timedelta) -> list[int]:
    """Stripe transactions still waiting (no success, failure or cancel) within a time window."""
    from django.utils import timezone

    now = timezone.now()
    settled = (T.CHARGE_SUCCESS, T.CHARGE_FAILURE, T.CANCEL_SUCCESS, T.AUTHORIZATION_FAILURE)
    return list(
        TransactionItem.objects.filter(
            gateway=STRIPE_GATEWAY_ID, created_at__lt=now - older_than, created_at__gt=now - newer_than,
        ).exclude(psp_reference="").exclude(events__type__in=settled, events__include_in_calculations=True)
        .order_by("pk").values_list("pk", flat=True)[:200]
    )
