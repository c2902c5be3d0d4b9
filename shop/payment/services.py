"""Writing transactions: create them, record their events, derive their amounts, follow up on orders.

Locks are always taken in this order: checkout row (transactionInitialize,
checkoutComplete), transaction rows (pk order), order row.  Every function
that changes a transaction expects to run inside ``transaction.atomic`` and
says which lock it needs.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction as db_transaction
from django.db.models import Sum
from django.utils import timezone

from shop.checkout.calculations import payment_status
from shop.core.events import publish
from shop.core.money import quantize
from shop.order.events import OrderPaid, OrderRefunded
from shop.order.models import Order, OrderChargeStatus
from shop.order.services import order_event_create, order_lock

from .amounts import amounts_from_events
from .gateways import GatewayEvent, PaymentMethod
from .models import AMOUNT_FIELDS, TransactionEvent, TransactionItem
from .models import TransactionEventType as T

REQUEST_TYPES = {T.AUTHORIZATION_REQUEST, T.CHARGE_REQUEST, T.REFUND_REQUEST, T.CANCEL_REQUEST}
ORDER_EVENT_FOR_REQUEST = {
    T.CHARGE_REQUEST: "TRANSACTION_CHARGE_REQUESTED",
    T.REFUND_REQUEST: "TRANSACTION_REFUND_REQUESTED",
    T.CANCEL_REQUEST: "TRANSACTION_CANCEL_REQUESTED",
}


def transaction_lock(*, transaction_id) -> TransactionItem:
    """The transaction row, locked for the rest of the database transaction."""
    return TransactionItem.objects.select_for_update().get(pk=transaction_id)


def transaction_create(
    *, gateway: str, name: str, currency: str, checkout=None, order=None, idempotency_key: str | None = None,
    customer_ip_address: str | None = None,
) -> TransactionItem:
    """A new transaction for a checkout or an order (the caller holds that row's lock).

    The returned object keeps the events recorded on it from now on (none yet):
    nobody else can add events to a row this database transaction inserted, so
    ``transaction_event_record`` and ``transaction_amounts_recalculate`` need not
    read them back.
    """
    transaction = TransactionItem.objects.create(
        gateway=gateway, name=name, currency=currency, checkout=checkout, order=order,
        idempotency_key=idempotency_key, customer_ip_address=customer_ip_address or None,
    )
    transaction._recorded_events = []
    return transaction


def _known_events(transaction: TransactionItem) -> list[TransactionEvent] | None:
    """All of the transaction's events when it was created by this database transaction, else None."""
    return getattr(transaction, "_recorded_events", None)


def transaction_event_record(
    *, transaction: TransactionItem, type: str, amount: Decimal, psp_reference: str = "", key: str | None = None,
    message: str = "", external_url: str = "", time=None, include_in_calculations: bool = True, user=None,
    reason_reference=None,
) -> tuple[TransactionEvent, bool]:
    """Record one fact; returns ``(event, created)``.  Idempotent.

    Should be called while holding the transaction's lock (``transaction_lock``).
    A fact with a known ``key`` is recorded once; a request for a PSP reference
    that is already requested adds nothing.  Amounts are rounded to the currency.
    Does not recalculate: call ``transaction_amounts_recalculate`` after the last one.
    """
    known = _known_events(transaction)
    if key is not None:
        if known is not None:
            existing = next((e for e in known if e.idempotency_key == key), None)
        else:
            existing = transaction.events.filter(idempotency_key=key).first()
        if existing is not None:
            return existing, False
    if type in REQUEST_TYPES and include_in_calculations and psp_reference:
        if known is not None:
            existing = next((e for e in known if e.type == type and e.psp_reference == psp_reference
                             and e.include_in_calculations), None)
        else:
            existing = transaction.events.filter(type=type, psp_reference=psp_reference, include_in_calculations=True).first()
        if existing is not None:
            return existing, False
    event = TransactionEvent.objects.create(
        transaction=transaction, type=type, amount_value=quantize(amount, transaction.currency),
        currency=transaction.currency, psp_reference=psp_reference or "", idempotency_key=key,
        message=(message or "")[:512], external_url=external_url or "", created_at=time or timezone.now(),
        include_in_calculations=include_in_calculations, created_by=user if user and user.pk else None,
        reason_reference=reason_reference,
    )
    if known is not None:
        known.append(event)
    return event, True


def transaction_amounts_recalculate(*, transaction: TransactionItem, also_save: tuple[str, ...] = ()) -> TransactionItem:
    """Derive the amounts and available actions from the events and save them (with the
    fields ``also_save``, changed by the caller, in the same UPDATE).

    Should be called while holding the transaction's lock: this is the only
    writer of the amount fields.
    """
    known = _known_events(transaction)
    amounts = amounts_from_events(known if known is not None else transaction.events.all())
    for field, value in amounts.as_fields().items():
        setattr(transaction, field, value)
    transaction.available_actions = amounts.available_actions()
    fields = dict.fromkeys([*also_save, *AMOUNT_FIELDS, "available_actions", "modified_at"])
    transaction.save(update_fields=list(fields))
    return transaction


def _set_payment_method(transaction: TransactionItem, method: PaymentMethod | None) -> list[str]:
    if method is None:
        return []
    transaction.payment_method_type, transaction.payment_method_name = method.type, method.name
    transaction.cc_brand, transaction.cc_first_digits = method.brand, method.first_digits
    transaction.cc_last_digits = method.last_digits
    transaction.cc_exp_month, transaction.cc_exp_year = method.exp_month, method.exp_year
    return ["payment_method_type", "payment_method_name", "cc_brand", "cc_first_digits", "cc_last_digits",
            "cc_exp_month", "cc_exp_year"]


def transaction_events_report(
    *, transaction: TransactionItem, events: list[GatewayEvent], psp_reference: str | None = None,
    payment_method: PaymentMethod | None = None, external_url: str = "", user=None, extra_new_events=(),
) -> list[tuple[TransactionEvent, bool]]:
    """Record what a gateway reports, recalculate, and follow up on the order.

    Should be called while holding the transaction's lock; takes the order's
    lock when the transaction belongs to an order.  Returns ``(event, created)``
    for each reported fact.  ``extra_new_events`` are events the caller recorded
    itself (a staff request) that the order should hear about too.
    """
    recorded = [
        transaction_event_record(
            transaction=transaction, type=event.type, amount=event.amount, psp_reference=event.psp_reference,
            key=event.key, message=event.message, external_url=event.external_url, time=event.time, user=user,
        )
        for event in events
    ]
    fields = _set_payment_method(transaction, payment_method)
    if psp_reference and transaction.psp_reference != psp_reference:
        transaction.psp_reference = psp_reference
        fields.append("psp_reference")
    if external_url and not transaction.external_url:
        transaction.external_url = external_url
        fields.append("external_url")
    if recorded and recorded[-1][1] and recorded[-1][0].message:
        transaction.message = recorded[-1][0].message
        fields.append("message")
    transaction_amounts_recalculate(transaction=transaction, also_save=tuple(fields))
    new_events = [*extra_new_events, *(e for e, created in recorded if created)]
    transaction_source_update(transaction=transaction, new_events=new_events, user=user)
    return recorded


def transaction_source_update(*, transaction: TransactionItem, new_events=(), user=None) -> None:
    """After a transaction changed: its order's payment totals follow (checkouts compute theirs
    on read); a new charge on a checkout schedules its automatic completion."""
    if transaction.order_id is not None:
        order_payments_update(order_id=transaction.order_id, new_events=new_events, user=user)
    elif transaction.checkout_id is not None and any(e.type == T.CHARGE_SUCCESS for e in new_events):
        checkout_autocomplete_schedule(checkout_token=transaction.checkout_id)


def checkout_autocomplete_schedule(*, checkout_token) -> None:
    """After commit, queue the completion of the checkout if it is paid then (see ``autocomplete.py``).

    PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS gives the storefront that long to
    complete it itself; None switches automatic completion off.
    """
    delay = settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS
    if delay is None:
        return
    from .tasks import complete_paid_checkout_task

    token = str(checkout_token)
    db_transaction.on_commit(lambda: complete_paid_checkout_task.apply_async((token,), countdown=delay))


def _order_totals(order: Order) -> tuple[Decimal, Decimal]:
    sums = TransactionItem.objects.filter(order=order).aggregate(charged=Sum("charged_value"), authorized=Sum("authorized_value"))
    return sums["charged"] or Decimal(0), sums["authorized"] or Decimal(0)


def _apply_order_totals(order: Order, transactions: list[TransactionItem] | None = None) -> None:
    """Saleor's order statuses: charge from what is charged; authorize from charged + authorized.

    ``transactions``: all of the order's transactions, when the caller holds them
    (a new order); otherwise they are summed in the database.
    """
    if transactions is None:
        charged, authorized = _order_totals(order)
    else:
        charged = sum((t.charged_value for t in transactions), Decimal(0))
        authorized = sum((t.authorized_value for t in transactions), Decimal(0))
    total = order.total_gross_amount
    order.total_charged_amount, order.total_authorized_amount = charged, authorized
    order.charge_status = payment_status(total, charged)
    order.authorize_status = payment_status(total, charged + authorized, authorize=True)


def order_payments_update(*, order_id, new_events=(), user=None) -> Order:
    """An order's payment totals and statuses from its transactions, with their announcements.

    Locks the order row.  Writes ORDER_FULLY_PAID and publishes ``OrderPaid``
    the first time the order is fully charged (never twice); writes
    PAYMENT_REFUNDED and publishes ``OrderRefunded`` for each new refund, and
    an order event for each new staff request.
    """
    order = order_lock(order_id=order_id)
    _apply_order_totals(order)
    order.save(update_fields=["total_charged_amount", "total_authorized_amount", "charge_status",
                              "authorize_status", "updated_at"])
    for event in new_events:
        if event.type == T.REFUND_SUCCESS:
            order_event_create(order=order, type="PAYMENT_REFUNDED", user=user, amount=str(event.amount_value),
                               transaction_reference=event.psp_reference, gateway=event.transaction.gateway)
            publish(OrderRefunded(order_id=str(order.pk), amount=str(event.amount_value)))
        elif event.type in ORDER_EVENT_FOR_REQUEST and event.created_by_id is not None:
            order_event_create(order=order, type=ORDER_EVENT_FOR_REQUEST[event.type], user=user,
                               amount=str(event.amount_value), transaction_reference=event.psp_reference,
                               message=event.message)
    if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED) and not order.events.filter(
        type="ORDER_FULLY_PAID"
    ).exists():
        order_event_create(order=order, type="ORDER_FULLY_PAID", user=user)
        publish(OrderPaid(order_id=str(order.pk)))
    return order


def checkout_transactions_lock(*, checkout) -> list[TransactionItem]:
    """The checkout's transactions, locked (pk order) for the rest of the database transaction.

    Should be called while holding the checkout's lock (the documented order:
    checkout row, then transaction rows).
    """
    return list(TransactionItem.objects.select_for_update().filter(checkout_id=checkout.pk).order_by("pk"))


def new_order_payments_set(*, order: Order, transactions: list[TransactionItem]) -> None:
    """Before a new order is first saved: its payment totals and statuses from the transactions
    it is about to take over (``transactions_attach_to_order``).  Writes nothing."""
    _apply_order_totals(order, transactions)


def transactions_attach_to_order(*, order: Order, transactions: list[TransactionItem]) -> None:
    """The checkout's transactions become the new order's.

    Called by ``checkout_complete`` while it holds the checkout's lock, before
    ``order_placed`` (which announces ``OrderPaid`` if the order is paid).
    ``transactions`` are the checkout's transactions as it locked them
    (``checkout_transactions_lock``: a webhook applying to one of them waits,
    then sees the order) and gave them to the order before saving it
    (``new_order_payments_set``), so the order's payment fields already follow them.
    """
    if transactions:
        TransactionItem.objects.filter(pk__in=[t.pk for t in transactions]).update(
            order=order, checkout=None, modified_at=timezone.now()
        )
