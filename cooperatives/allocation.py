"""Splitting a shop order among the producer groups that make its goods.

The split reads what the shop already promised when the order was placed:

* stock lines: the order line's ``Allocation`` rows; each warehouse belongs to
  one group, so the group that holds the units makes the delivery (the shop
  took them from the groups in offer priority, see ``capacity.CooperativeSourcing``);
* made-to-order lines: the order line's ``CapacityClaim`` rows (claimed inside
  checkoutComplete's transaction).  Orders placed some other way (staff, imports)
  get their claims here, within the capacity left.

One ``GroupOrder`` per group, lines in the order's line order, groups by pk: the
same order always splits the same way.  The order row is locked and an
``OrderSplit`` row is written, so a second run (a redelivered event) creates
nothing.  Whatever no group can take is recorded on the split and raised to the
manager.  The number of queries does not depend on the number of lines or groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shop.core.events import publish_many
from shop.order.models import Order, OrderLine, OrderStatus
from shop.warehouse.models import Allocation

from .capacity import capacity_plan, live_offers, week_of
from .events import GroupOrderCreated
from .models import (
    CapacityClaim,
    GroupOrder,
    GroupOrderEvent,
    GroupOrderLine,
    LineSource,
    ManagerAlert,
    OrderSplit,
    ProducerGroup,
    ProducerOffer,
)

SPLITTABLE = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)


@dataclass
class Part:
    group_id: int
    order_line: OrderLine
    quantity: int
    source: str
    offer: ProducerOffer | None


def accept_deadline(group: ProducerGroup, now=None):
    hours = group.accept_hours or settings.GROUP_ORDER_ACCEPT_HOURS
    return (now or timezone.now()) + timedelta(hours=hours)


def ready_by(order_date, offer: ProducerOffer | None, source: str):
    days = offer.lead_time_days if offer and source == LineSource.MADE_TO_ORDER else settings.GROUP_ORDER_DISPATCH_DAYS
    return timezone.localtime(order_date).date() + timedelta(days=days)


@transaction.atomic
def order_split(*, order_id) -> list[GroupOrder]:
    """Create the order's GroupOrders (once); returns them.  Orders that are not
    confirmed, or are cancelled, are not split."""
    order = Order.objects.select_for_update().get(pk=order_id)
    if OrderSplit.objects.filter(order=order).exists():
        return list(GroupOrder.objects.filter(order=order).order_by("sequence"))
    if order.status not in SPLITTABLE:
        return []
    lines = list(OrderLine.objects.filter(order=order).select_related("variant").order_by("created_at", "pk"))
    lines_by_pk = {line.pk: line for line in lines}
    allocations = list(Allocation.objects.filter(order_line__order=order).select_related("stock").order_by("pk"))
    claims = list(CapacityClaim.objects.filter(order_line__order=order).select_related("offer").order_by("pk"))
    groups_by_warehouse = {
        g.warehouse_id: g for g in ProducerGroup.objects.filter(warehouse_id__in={a.stock.warehouse_id for a in allocations})
    }
    offers = list(live_offers({line.variant_id for line in lines if line.variant_id}))
    offer_of = {(o.group_id, o.variant_id): o for o in offers}

    parts, unassigned, new_claims = [], [], []
    held = defaultdict(int)
    for allocation in allocations:
        group = groups_by_warehouse.get(allocation.stock.warehouse_id)
        line = lines_by_pk[allocation.order_line_id]
        held[line.pk] += allocation.quantity_allocated
        if group is None:
            unassigned.append({"order_line": str(line.pk), "quantity": allocation.quantity_allocated,
                               "why": "warehouse_without_group"})
            continue
        parts.append(Part(group.pk, line, allocation.quantity_allocated, LineSource.STOCK,
                          offer_of.get((group.pk, line.variant_id))))
    for claim in claims:
        line = lines_by_pk[claim.order_line_id]
        held[line.pk] += claim.quantity
        parts.append(Part(claim.offer.group_id, line, claim.quantity, LineSource.MADE_TO_ORDER, claim.offer))

    week = week_of(order.created_at)
    unclaimed = [line for line in lines if line.variant_id and not line.variant.track_inventory
                 and held[line.pk] < line.quantity - line.quantity_fulfilled]
    plans = capacity_plan(offers, [(line.variant_id, line.quantity - line.quantity_fulfilled - held[line.pk])
                                   for line in unclaimed], week) if unclaimed else []
    for line, line_plan in zip(unclaimed, plans, strict=True):
        for offer, quantity in line_plan:
            if offer is None:
                unassigned.append({"order_line": str(line.pk), "quantity": quantity, "why": "no_capacity"})
                continue
            new_claims.append(CapacityClaim(offer=offer, order_line=line, week=week, quantity=quantity))
            parts.append(Part(offer.group_id, line, quantity, LineSource.MADE_TO_ORDER, offer))
    for line in lines:  # stock lines the shop did not (fully) allocate
        missing = line.quantity - line.quantity_fulfilled - held[line.pk]
        if line.variant_id and line.variant.track_inventory and missing > 0:
            unassigned.append({"order_line": str(line.pk), "quantity": missing, "why": "not_allocated"})

    CapacityClaim.objects.bulk_create(new_claims)
    OrderSplit.objects.create(order=order, unassigned=unassigned)
    group_orders = _group_orders_create(order, parts)
    if unassigned:
        ManagerAlert.objects.create(
            kind="split_unassigned", order=order,
            message=f"Order #{order.number}: {len(unassigned)} part(s) could not be given to a producer group.",
        )
    return group_orders


def _group_orders_create(order: Order, parts: list[Part], *, sequence_from: int = 0, rerouted_from=None, user=None) -> list[GroupOrder]:
    """GroupOrders (one per group, groups by pk) with their lines, audit rows and events."""
    by_group = defaultdict(list)
    for part in parts:
        by_group[part.group_id].append(part)
    groups = {g.pk: g for g in ProducerGroup.objects.filter(pk__in=by_group)}
    now = timezone.now()
    group_orders, lines = [], []
    for sequence, group_id in enumerate(sorted(by_group), start=sequence_from + 1):
        group_order = GroupOrder(order=order, group_id=group_id, sequence=sequence,
                                 accept_by=accept_deadline(groups[group_id], now), created_at=now)
        group_orders.append(group_order)
        for part in by_group[group_id]:
            lines.append(GroupOrderLine(
                group_order=group_order, order_line=part.order_line, quantity=part.quantity, source=part.source,
                offer=part.offer, ready_by=ready_by(order.created_at, part.offer, part.source),
                rerouted_from=rerouted_from, created_at=now,
            ))
    GroupOrder.objects.bulk_create(group_orders)
    GroupOrderLine.objects.bulk_create(lines)
    GroupOrderEvent.objects.bulk_create(
        GroupOrderEvent(group_order=g, type="CREATED" if rerouted_from is None else "CREATED_BY_REROUTE",
                        to_status=g.status, user=user if user and user.pk else None,
                        parameters={"rerouted_from": str(rerouted_from.pk)} if rerouted_from else {})
        for g in group_orders
    )
    publish_many(GroupOrderCreated(group_order_id=str(g.pk), rerouted=rerouted_from is not None) for g in group_orders)
    return group_orders
