"""Placing and changing orders."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Max

from shop.core.events import publish, publish_many
from shop.warehouse import services as stock

from .error_codes import OrderErrorCode
from .events import OrderCancelled, OrderCreated, OrderFulfilled, OrderPaid
from .models import (
    Fulfillment,
    FulfillmentLine,
    FulfillmentStatus,
    Order,
    OrderChargeStatus,
    OrderEvent,
    OrderLine,
    OrderStatus,
)


def next_order_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_number_seq')")
        return cursor.fetchone()[0]


def order_event_create(*, order: Order, type: str, user=None, **parameters) -> OrderEvent:
    return OrderEvent.objects.create(order=order, type=type, user=user if user and user.pk else None, parameters=parameters)


def order_placed(*, order: Order, user=None, automatically: bool = False) -> None:
    """Record and announce a new order (inside the transaction that created it): its order
    events in one INSERT, its domain events in another."""
    user = user if user and user.pk else None
    types = ["PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT" if automatically else "PLACED"]
    events = [OrderCreated(order_id=str(order.pk))]
    if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
        types.append("ORDER_FULLY_PAID")
        events.append(OrderPaid(order_id=str(order.pk)))
    OrderEvent.objects.bulk_create(OrderEvent(order=order, type=t, user=user, parameters={}) for t in types)
    publish_many(events)


def order_status_for_new(channel) -> str:
    return OrderStatus.UNFULFILLED if channel.automatically_confirm_all_new_orders else OrderStatus.UNCONFIRMED


# --- fulfilment and cancellation -------------------------------------------------------


def _error(field: str, message: str, code: OrderErrorCode, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def order_lock(*, order_id) -> Order:
    """The order row, locked for the rest of the transaction.

    Only the order's row (``of=("self",)``): FOR UPDATE over a join would lock the
    channel row too, and every order, checkout and fulfilment of the channel would
    queue on it (the load test found a deadlock through it, bench/loadtest.py).
    """
    return Order.objects.select_for_update(of=("self",)).select_related("channel").get(pk=order_id)


@dataclass(frozen=True)
class FulfillLine:
    order_line_id: object
    warehouse_id: int | None  # None: made to order, shipped without stock
    quantity: int


def order_fulfill(*, order_id, lines: list[FulfillLine], tracking_number: str = "", user=None) -> Fulfillment:
    """Ship quantities of order lines from warehouses.

    Locks the order, then the stocks in pk order.  Each shipped unit leaves its
    warehouse: the line's allocation there shrinks, and the stock's quantity and
    allocated count both go down.  Raises FULFILL_ORDER_LINE when a line would
    ship more than it has left, and INSUFFICIENT_STOCK when the warehouse
    does not hold the units for this line.  Unpaid orders may ship: channels
    that take unpaid orders (cash on delivery) need exactly that.
    """
    order = order_lock(order_id=order_id)
    if order.status in (OrderStatus.CANCELED, OrderStatus.DRAFT, OrderStatus.EXPIRED):
        raise _error("order", "This order cannot be fulfilled.", OrderErrorCode.FULFILL_ORDER_LINE)
    if order.status == OrderStatus.UNCONFIRMED:
        raise _error("order", "Confirm the order first.", OrderErrorCode.FULFILL_ORDER_LINE)
    if not lines or any(line.quantity <= 0 for line in lines):
        raise _error("quantity", "Quantities must be positive.", OrderErrorCode.ZERO_QUANTITY)
    order_lines = {line.pk: line for line in OrderLine.objects.select_for_update().filter(order=order)}
    wanted: dict = {}
    for line in lines:
        if line.order_line_id not in order_lines:
            raise _error("order_line_id", "Line does not belong to the order.", OrderErrorCode.NOT_FOUND)
        wanted[line.order_line_id] = wanted.get(line.order_line_id, 0) + line.quantity
    for line_id, quantity in wanted.items():
        order_line = order_lines[line_id]
        if quantity > order_line.quantity - order_line.quantity_fulfilled:
            raise _error(
                "order_line_id", f"Only {order_line.quantity - order_line.quantity_fulfilled} items of this line are left to fulfil.",
                OrderErrorCode.FULFILL_ORDER_LINE, order_lines=[line_id],
            )
    shipped = stock.fulfil_allocations(
        requests=[(line.order_line_id, line.warehouse_id, line.quantity) for line in lines]
    )
    if shipped.short:
        raise _error("stocks", "The warehouse does not hold these items for the order.", OrderErrorCode.INSUFFICIENT_STOCK,
                     order_lines=shipped.short)
    number = (order.fulfillments.aggregate(m=Max("fulfillment_order"))["m"] or 0) + 1
    fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=number, tracking_number=tracking_number or "")
    FulfillmentLine.objects.bulk_create(
        FulfillmentLine(fulfillment=fulfillment, order_line_id=line_id, stock_id=stock_id, quantity=quantity)
        for line_id, stock_id, quantity in shipped.parts
    )
    for line_id, quantity in wanted.items():
        order_lines[line_id].quantity_fulfilled += quantity
    OrderLine.objects.bulk_update(order_lines.values(), ["quantity_fulfilled"])
    _status_from_lines(order, order_lines.values())
    order_event_create(order=order, type="FULFILLMENT_FULFILLED_ITEMS", user=user,
                       fulfilled_items=[str(pk) for pk in wanted], tracking_number=tracking_number or "")
    publish(OrderFulfilled(order_id=str(order.pk), fulfillment_id=str(fulfillment.pk)))
    return fulfillment


def order_lines_refunded(*, order_id, lines: list[tuple[object, int]], amount, user=None, reason: str = "") -> Fulfillment:
    """Record that quantities of order lines will never ship and were refunded (Saleor's
    refunded fulfillment): a ``REFUNDED`` fulfillment holds them, they count as processed,
    and the order's status follows (FULFILLED once everything shipped or was refunded).

    The money itself moves through the payment services; this records the goods.
    Locks the order and its lines; raises FULFILL_ORDER_LINE when a line has fewer
    units left to process.
    """
    order = order_lock(order_id=order_id)
    order_lines = {line.pk: line for line in OrderLine.objects.select_for_update().filter(order=order)}
    for line_id, quantity in lines:
        line = order_lines.get(line_id)
        if line is None:
            raise _error("order_line_id", "Line does not belong to the order.", OrderErrorCode.NOT_FOUND)
        if quantity <= 0 or quantity > line.quantity - line.quantity_fulfilled:
            raise _error("order_line_id", "Nothing left to refund on this line.", OrderErrorCode.FULFILL_ORDER_LINE,
                         order_lines=[line_id])
    number = (order.fulfillments.aggregate(m=Max("fulfillment_order"))["m"] or 0) + 1
    fulfillment = Fulfillment.objects.create(order=order, fulfillment_order=number, status=FulfillmentStatus.REFUNDED)
    FulfillmentLine.objects.bulk_create(
        FulfillmentLine(fulfillment=fulfillment, order_line_id=line_id, quantity=quantity) for line_id, quantity in lines
    )
    for line_id, quantity in lines:
        order_lines[line_id].quantity_fulfilled += quantity
    OrderLine.objects.bulk_update(order_lines.values(), ["quantity_fulfilled"])
    _status_from_lines(order, order_lines.values())
    order_event_create(order=order, type="FULFILLMENT_REFUNDED", user=user, amount=str(amount), reason=reason,
                       fulfilled_items=[str(line_id) for line_id, _ in lines])
    return fulfillment


def _status_from_lines(order: Order, lines) -> None:
    done = all(line.quantity_fulfilled == line.quantity for line in lines)
    if order.status in (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED, OrderStatus.FULFILLED):
        order.status = OrderStatus.FULFILLED if done else OrderStatus.PARTIALLY_FULFILLED
        order.save(update_fields=["status", "updated_at"])


def fulfillment_tracking_update(*, fulfillment: Fulfillment, tracking_number: str, user=None) -> Fulfillment:
    fulfillment.tracking_number = tracking_number or ""
    fulfillment.save(update_fields=["tracking_number"])
    order_event_create(order=fulfillment.order, type="TRACKING_UPDATED", user=user,
                       tracking_number=fulfillment.tracking_number, fulfillment=str(fulfillment.pk))
    return fulfillment


def order_cancel(*, order_id, user=None) -> Order:
    """Cancel an order that has shipped nothing: its stock goes back and the fact is announced.

    Locks the order, then the stocks it holds (pk order).  Refunds of what was
    paid are separate (transactionRequestAction).
    """
    order = order_lock(order_id=order_id)
    if order.status == OrderStatus.CANCELED:
        return order
    if order.fulfillments.exclude(status=FulfillmentStatus.CANCELED).exists():
        raise _error("order", "This order has fulfillments; cancel them first.", OrderErrorCode.CANNOT_CANCEL_FULFILLMENT)
    if order.status not in (OrderStatus.UNCONFIRMED, OrderStatus.UNFULFILLED):
        raise _error("order", "This order can't be canceled.", OrderErrorCode.CANNOT_CANCEL_ORDER)
    stock.deallocate_stocks(order_line_ids=list(order.lines.values_list("pk", flat=True)))
    order.status = OrderStatus.CANCELED
    order.save(update_fields=["status", "updated_at"])
    order_event_create(order=order, type="CANCELED", user=user)
    publish(OrderCancelled(order_id=str(order.pk)))
    return order
