"""What happens to a declined or expired line: another group makes it, or the shopper is refunded.

``line_reroute`` offers the line's units to the other groups that make the
variant, best priority first, skipping every group that already declined or
let expire this order line.  Stock lines need units in the group's warehouse
(allocated to the order line under the stock row's lock); made-to-order lines
need capacity left this week (claimed under the offer rows' locks).  A
quantity may be shared by several groups.  What nobody can take is refunded
through the payment services, recorded on the shop order as a refunded
fulfillment, raised to the manager, and the shopper is told.

The line row is locked and its ``resolution`` set, so a second run (a
redelivered event) changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from prices import Money

from shop.core.events import publish
from shop.core.money import allocate
from shop.order import services as orders
from shop.order.models import OrderStatus
from shop.payment.actions import order_refund
from shop.warehouse.services import allocate_in_warehouse

from .allocation import Part, _group_orders_create
from .capacity import capacity_plan, claim_capacity, live_offers, week_of
from .error_codes import GroupOrderErrorCode as Code
from .events import GroupOrderLineRefunded, GroupOrderLineRerouted
from .models import (
    GroupOrder,
    GroupOrderLine,
    LineResolution,
    LineSource,
    LineStatus,
    ManagerAlert,
    ProducerOffer,
)
from .services import audit, group_order_line_decline


def _tried_groups(line: GroupOrderLine) -> set[int]:
    return set(
        GroupOrderLine.objects.filter(order_line_id=line.order_line_id, status__in=[LineStatus.DECLINED, LineStatus.EXPIRED])
        .values_list("group_order__group_id", flat=True)
    ) | {line.group_order.group_id}


def _take(line: GroupOrderLine, offers: list[ProducerOffer], quantity: int) -> list[Part]:
    """Allocate ``quantity`` of the line's variant among ``offers`` in order; returns the parts."""
    order_line = line.order_line
    variant = order_line.variant
    parts = []
    if variant.track_inventory:
        for offer in offers:
            got = allocate_in_warehouse(order_line_id=order_line.pk, variant_id=variant.pk,
                                        warehouse_id=offer.group.warehouse_id, quantity=quantity)
            if got:
                parts.append(Part(offer.group_id, order_line, got, LineSource.STOCK, offer))
                quantity -= got
            if not quantity:
                break
        return parts
    week = week_of()
    [plan] = capacity_plan(offers, [(variant.pk, quantity)], week)
    for offer, take in plan:
        if offer is not None:
            claim_capacity(offer=offer, order_line_id=order_line.pk, quantity=take, week=week)
            parts.append(Part(offer.group_id, order_line, take, LineSource.MADE_TO_ORDER, offer))
    return parts


def _lock(line_id) -> GroupOrderLine:
    return (
        GroupOrderLine.objects.select_for_update(of=("self",))
        .select_related("group_order__order", "group_order__group", "order_line__variant")
        .get(pk=line_id)
    )


def line_reroute(*, line_id, user=None, group_id=None) -> list[GroupOrderLine]:
    """Reroute a declined or expired line (automatically, or by staff to ``group_id``);
    returns the new lines.  Runs inside a transaction."""
    line = _lock(line_id)
    if line.status not in (LineStatus.DECLINED, LineStatus.EXPIRED):
        return []
    if line.resolution in (LineResolution.REROUTED, LineResolution.REFUNDED):
        return []
    order = line.group_order.order
    if order.status not in (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED):
        return []
    quantity = line.quantity - line.quantity_shipped
    tried = _tried_groups(line)
    offers = [o for o in live_offers([line.order_line.variant_id]).select_related("group") if o.group_id not in tried]
    if group_id is not None:
        offers = [o for o in offers if o.group_id == int(group_id)]
    parts = _take(line, offers, quantity) if offers and line.order_line.variant_id else []
    taken = sum(part.quantity for part in parts)
    if group_id is not None and taken < quantity:
        raise ValidationError({"group": ValidationError(
            "That group cannot take the whole line (no stock or capacity left).", code=Code.NO_ALTERNATIVE_GROUP.value)})
    new_lines = []
    if parts:
        sequence = GroupOrder.objects.filter(order=order).aggregate(m=Max("sequence"))["m"] or 0
        group_orders = _group_orders_create(order, parts, sequence_from=sequence, rerouted_from=line, user=user)
        new_lines = list(GroupOrderLine.objects.filter(group_order__in=group_orders).order_by("created_at", "pk"))
        line.resolution = LineResolution.REROUTED
        audit(line.group_order, "LINE_REROUTED", user=user, line=line,
              to_groups=sorted({part.group_id for part in parts}), quantity=taken)
        publish(GroupOrderLineRerouted(line_id=str(line.pk), new_line_ids=[str(new.pk) for new in new_lines]))
    if taken < quantity:
        _refund(line, quantity - taken, user=user)
        if not parts:
            line.resolution = LineResolution.REFUNDED
    line.save(update_fields=["resolution"])
    return new_lines


def line_reroute_by_staff(*, line_id, group_id, user, note: str = "") -> list[GroupOrderLine]:
    """Staff move a line to a chosen group: an open line is declined on the group's behalf first."""
    line = _lock(line_id)
    if line.status in (LineStatus.AWAITING, LineStatus.ACCEPTED):
        group_order_line_decline(line_id=line.pk, reason="other", note=note or "Moved by the manager.", user=user)
    elif line.status not in (LineStatus.DECLINED, LineStatus.EXPIRED) or line.resolution in (
        LineResolution.REROUTED, LineResolution.REFUNDED
    ):
        raise ValidationError({"id": ValidationError("This line cannot be moved any more.", code=Code.INVALID_STATUS.value)})
    if int(group_id) in _tried_groups(_lock(line_id)):
        raise ValidationError({"group": ValidationError("This group already had the line.", code=Code.INVALID.value)})
    return line_reroute(line_id=line.pk, user=user, group_id=group_id)


def _refund(line: GroupOrderLine, quantity: int, *, user=None) -> None:
    """Nobody can make ``quantity`` units: refund their share of the order line and say so."""
    order_line = line.order_line
    order = line.group_order.order
    total = Money(order_line.total_price_gross_amount, order_line.currency)
    share = allocate(total, [quantity, order_line.quantity - quantity])[0]
    refunded = order_refund(order_id=order.pk, amount=share.amount, user=user,
                            reason=f"{order_line.product_name}: no producer group can make {quantity} unit(s).")
    orders.order_lines_refunded(order_id=order.pk, lines=[(order_line.pk, quantity)], amount=refunded, user=user,
                                reason="No producer group can make these items.")
    audit(line.group_order, "LINE_REFUNDED", user=user, line=line, quantity=quantity, amount=str(share.amount),
          refunded=str(refunded))
    ManagerAlert.objects.create(
        kind="line_refunded", order=order, group_order_line=line,
        message=(f"Order #{order.number}: no group could take {quantity} x {order_line.product_name}; "
                 f"{share.amount} {share.currency} refunded ({refunded} accepted by the payment gateway)."),
        created_at=timezone.now(),
    )
    publish(GroupOrderLineRefunded(line_id=str(line.pk), quantity=quantity, amount=str(share.amount)))
