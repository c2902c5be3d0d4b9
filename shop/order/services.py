"""Placing and changing orders."""

from __future__ import annotations

from django.db import connection

from shop.core.events import publish

from .events import OrderCreated, OrderPaid
from .models import Order, OrderChargeStatus, OrderEvent, OrderStatus


def next_order_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('order_number_seq')")
        return cursor.fetchone()[0]


def order_event_create(*, order: Order, type: str, user=None, **parameters) -> OrderEvent:
    return OrderEvent.objects.create(order=order, type=type, user=user if user and user.pk else None, parameters=parameters)


def order_placed(*, order: Order, user=None) -> None:
    """Record and announce a new order (inside the transaction that created it)."""
    order_event_create(order=order, type="PLACED", user=user)
    publish(OrderCreated(order_id=str(order.pk)))
    if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
        order_event_create(order=order, type="ORDER_FULLY_PAID", user=user)
        publish(OrderPaid(order_id=str(order.pk)))


def order_status_for_new(channel) -> str:
    return OrderStatus.UNFULFILLED if channel.automatically_confirm_all_new_orders else OrderStatus.UNCONFIRMED
