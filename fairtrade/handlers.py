"""Reactions to shop, cooperatives and fair-trade events (delivered after commit by shop.core.events)."""

from __future__ import annotations

from cooperatives.events import (
    GroupOrderAccepted,
    GroupOrderLineDeclined,
    GroupOrderShipped,
    GroupOrderStatusChanged,
)
from cooperatives.models import GroupOrderStatus
from shop.order.events import OrderCancelled, OrderRefunded

from . import sales
from .events import FairTradeTermsSaved
from .models import FairTradeTerms


def on_group_order_accepted(event: GroupOrderAccepted) -> None:
    sales.sales_post(group_order_line_ids=event.line_ids)


def on_group_order_line_declined(event: GroupOrderLineDeclined) -> None:
    sales.line_declined(group_order_line_id=event.line_id)


def on_group_order_shipped(event: GroupOrderShipped) -> None:
    sales.sales_delivered(group_order_id=event.group_order_id)


def on_group_order_status_changed(event: GroupOrderStatusChanged) -> None:
    if event.to_status == GroupOrderStatus.CANCELLED:
        sales.group_order_cancelled(group_order_id=event.group_order_id, from_status=event.from_status)


def on_order_cancelled(event: OrderCancelled) -> None:
    sales.order_cancelled(order_id=event.order_id)


def on_order_refunded(event: OrderRefunded) -> None:
    sales.refund_reconcile(order_id=event.order_id)


def on_terms_saved(event: FairTradeTermsSaved) -> None:
    terms = FairTradeTerms.objects.filter(pk=event.terms_id).values("group_id", "variant_id").first()
    if terms:
        sales.held_sales_post(group_id=terms["group_id"], variant_id=terms["variant_id"])
