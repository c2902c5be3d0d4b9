"""Reactions to shop and cooperatives events (delivered after commit by shop.core.events)."""

from __future__ import annotations

from django.db import transaction

from shop.order.events import OrderCancelled, OrderCreated, OrderPaid
from shop.order.models import Order

from .allocation import order_split
from .events import (
    GroupOrderCreated,
    GroupOrderLineDeclined,
    GroupOrderLineExpired,
    GroupOrderLineRefunded,
)
from .reroute import line_reroute
from .services import order_group_orders_cancel
from .tasks import notify_group_order_created_task, notify_shopper_line_refunded_task


def on_order_paid(event: OrderPaid) -> None:
    order_split(order_id=event.order_id)


def on_order_created(event: OrderCreated) -> None:
    """Channels that take unpaid orders (cash on delivery) split confirmed orders at once."""
    if Order.objects.filter(pk=event.order_id, channel__allow_unpaid_orders=True).exists():
        order_split(order_id=event.order_id)


def on_order_cancelled(event: OrderCancelled) -> None:
    order_group_orders_cancel(order_id=event.order_id)


def on_group_order_created(event: GroupOrderCreated) -> None:
    transaction.on_commit(lambda: notify_group_order_created_task.delay(event.group_order_id, event.rerouted))


def on_line_declined(event: GroupOrderLineDeclined) -> None:
    line_reroute(line_id=event.line_id)


def on_line_expired(event: GroupOrderLineExpired) -> None:
    line_reroute(line_id=event.line_id)


def on_line_refunded(event: GroupOrderLineRefunded) -> None:
    transaction.on_commit(
        lambda: notify_shopper_line_refunded_task.delay(event.line_id, event.quantity, event.amount)
    )
