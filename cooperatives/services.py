"""The producer workflow: accept, decline, produce, ship, deliver; expiry and cancellation.

Every function locks the GroupOrder row (``select_for_update``) before it reads
or changes it, checks the transition table, writes a ``GroupOrderEvent`` (who,
when, from, to, why) and publishes a domain event after commit.  Errors are
``ValidationError({field: ValidationError(message, code)})`` with codes from
``error_codes.GroupOrderErrorCode``; they are raised before anything is written,
and callers run these functions inside ``transaction.atomic``.

Rerouting and refunds of declined or expired lines are in ``reroute.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shop.core.events import publish
from shop.order import services as orders
from shop.warehouse.services import release_in_warehouse

from .capacity import release_capacity
from .error_codes import GroupOrderErrorCode as Code
from .events import (
    GroupOrderAccepted,
    GroupOrderLineDeclined,
    GroupOrderLineExpired,
    GroupOrderShipped,
    GroupOrderStatusChanged,
)
from .models import (
    DeclineReason,
    GroupOrder,
    GroupOrderEvent,
    GroupOrderLine,
    GroupShipment,
    LineSource,
    LineStatus,
)
from .models import GroupOrderStatus as S

TRANSITIONS: dict[str, set[str]] = {
    S.AWAITING_ACCEPTANCE: {S.ACCEPTED, S.DECLINED, S.EXPIRED, S.CANCELLED},
    S.ACCEPTED: {S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DECLINED, S.CANCELLED},
    S.IN_PRODUCTION: {S.READY, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DECLINED, S.CANCELLED},
    S.READY: {S.IN_PRODUCTION, S.PARTIALLY_SHIPPED, S.SHIPPED, S.DECLINED, S.CANCELLED},
    S.PARTIALLY_SHIPPED: {S.SHIPPED},
    S.SHIPPED: {S.DELIVERED},
    S.DELIVERED: set(),
    S.DECLINED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}
# What a member may set by hand; the others follow from accept / decline / ship.
MANUAL_STATUSES = {S.IN_PRODUCTION, S.READY, S.DELIVERED}
OPEN_LINE = (LineStatus.AWAITING, LineStatus.ACCEPTED)


def _error(field: str, message: str, code: Code, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value, params=params or None)})


def _user(user):
    return user if user is not None and getattr(user, "pk", None) else None


def group_order_lock(*, group_order_id) -> GroupOrder:
    return GroupOrder.objects.select_for_update(of=("self",)).select_related("order", "group").get(pk=group_order_id)


def audit(group_order: GroupOrder, type: str, *, user=None, line=None, from_status="", to_status="", reason="", **parameters):
    return GroupOrderEvent.objects.create(
        group_order=group_order, line=line, user=_user(user), type=type, from_status=from_status, to_status=to_status,
        reason=reason or "", parameters=parameters,
    )


def status_change(group_order: GroupOrder, to_status: str, *, user=None, reason: str = "") -> None:
    """The one way a GroupOrder's status changes (the row must be locked)."""
    from_status = group_order.status
    if to_status == from_status:
        return
    if to_status not in TRANSITIONS[from_status]:
        raise _error("status", f"A group order cannot go from {from_status} to {to_status}.", Code.INVALID_STATUS,
                     from_status=from_status, to_status=to_status)
    group_order.status = to_status
    group_order.save(update_fields=["status", "updated_at"])
    audit(group_order, "STATUS_CHANGED", user=user, from_status=from_status, to_status=to_status, reason=reason)
    publish(GroupOrderStatusChanged(group_order_id=str(group_order.pk), from_status=from_status, to_status=to_status))


def status_settle(group_order: GroupOrder, lines: list[GroupOrderLine], *, user=None, reason: str = "") -> None:
    """Move the GroupOrder to the status its lines imply after a decision or a shipment."""
    if any(line.status == LineStatus.AWAITING for line in lines):
        return
    accepted = [line for line in lines if line.status == LineStatus.ACCEPTED]
    if not accepted:
        ended = {line.status for line in lines}
        target = S.EXPIRED if ended == {LineStatus.EXPIRED} else (
            S.CANCELLED if ended == {LineStatus.CANCELLED} else S.DECLINED)
        if group_order.status in (S.PARTIALLY_SHIPPED, S.SHIPPED, S.DELIVERED):
            return
        status_change(group_order, target, user=user, reason=reason)
        return
    if group_order.status == S.AWAITING_ACCEPTANCE:
        status_change(group_order, S.ACCEPTED, user=user, reason=reason)
    shipped = sum(line.quantity_shipped for line in accepted)
    if shipped and all(line.quantity_shipped == line.quantity for line in accepted):
        status_change(group_order, S.SHIPPED, user=user, reason=reason)
    elif shipped and group_order.status != S.PARTIALLY_SHIPPED:
        status_change(group_order, S.PARTIALLY_SHIPPED, user=user, reason=reason)


def _lines(group_order: GroupOrder) -> list[GroupOrderLine]:
    return list(GroupOrderLine.objects.select_for_update().filter(group_order=group_order).order_by("created_at", "pk"))


def group_order_accept(*, group_order_id, user=None, line_ids=None, now=None) -> GroupOrder:
    """Accept the whole GroupOrder (every line still awaiting) or the listed lines."""
    group_order = group_order_lock(group_order_id=group_order_id)
    now = now or timezone.now()
    if group_order.status != S.AWAITING_ACCEPTANCE:
        raise _error("id", "This group order is not waiting for acceptance.", Code.INVALID_STATUS)
    if group_order.accept_by <= now:
        raise _error("id", "The time to accept this group order has passed.", Code.EXPIRED)
    lines = _lines(group_order)
    by_id = {str(line.pk): line for line in lines}
    if line_ids is None:
        chosen = [line for line in lines if line.status == LineStatus.AWAITING]
    else:
        unknown = [str(i) for i in line_ids if str(i) not in by_id]
        if unknown:
            raise _error("lines", "These lines are not part of this group order.", Code.NOT_FOUND, lines=unknown)
        chosen = [by_id[str(i)] for i in dict.fromkeys(line_ids)]
        decided = [str(line.pk) for line in chosen if line.status != LineStatus.AWAITING]
        if decided:
            raise _error("lines", "These lines were already decided.", Code.ALREADY_DECIDED, lines=decided)
    if not chosen:
        raise _error("lines", "There is nothing left to accept.", Code.ALREADY_DECIDED)
    for line in chosen:
        line.status, line.decided_at, line.decided_by = LineStatus.ACCEPTED, now, _user(user)
    GroupOrderLine.objects.bulk_update(chosen, ["status", "decided_at", "decided_by"])
    GroupOrderEvent.objects.bulk_create(
        GroupOrderEvent(group_order=group_order, line=line, user=_user(user), type="LINE_ACCEPTED",
                        from_status=LineStatus.AWAITING, to_status=LineStatus.ACCEPTED)
        for line in chosen
    )
    status_settle(group_order, lines, user=user)
    publish(GroupOrderAccepted(group_order_id=str(group_order.pk), line_ids=[str(line.pk) for line in chosen]))
    return group_order


def line_release(line: GroupOrderLine, group_order: GroupOrder) -> None:
    """Give back the stock or capacity a line held for the units it has not shipped."""
    quantity = line.quantity - line.quantity_shipped
    if quantity <= 0:
        return
    if line.source == LineSource.STOCK:
        release_in_warehouse(order_line_id=line.order_line_id, warehouse_id=group_order.group.warehouse_id,
                             quantity=quantity)
    elif line.offer_id:
        release_capacity(offer_id=line.offer_id, order_line_id=line.order_line_id, quantity=quantity)


def group_order_line_decline(*, line_id, reason: str, note: str = "", user=None) -> GroupOrderLine:
    """Decline a line the group cannot make (before it shipped anything); it is then rerouted."""
    group_order_id = GroupOrderLine.objects.filter(pk=line_id).values_list("group_order_id", flat=True).first()
    if group_order_id is None:
        raise _error("id", "Couldn't resolve to a group order line.", Code.NOT_FOUND)
    if not reason:
        raise _error("reason", "Say why the line is declined.", Code.REQUIRED)
    if reason not in DeclineReason.values:
        raise _error("reason", "Unknown reason.", Code.INVALID)
    if reason == DeclineReason.OTHER and not (note or "").strip():
        raise _error("note", "Describe the reason.", Code.REQUIRED)
    group_order = group_order_lock(group_order_id=group_order_id)
    lines = _lines(group_order)
    line = next(line for line in lines if line.pk == line_id or str(line.pk) == str(line_id))
    if line.status == LineStatus.DECLINED:
        raise _error("id", "This line was already declined.", Code.ALREADY_DECLINED)
    if line.status not in OPEN_LINE:
        raise _error("id", "This line can no longer be declined.", Code.INVALID_STATUS)
    if line.quantity_shipped:
        raise _error("id", "Part of this line has shipped; it can no longer be declined.", Code.INVALID_STATUS)
    if group_order.status not in (S.AWAITING_ACCEPTANCE, S.ACCEPTED, S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED):
        raise _error("id", "This group order can no longer change.", Code.INVALID_STATUS)
    previous = line.status
    line.status, line.decline_reason, line.decline_note = LineStatus.DECLINED, reason, (note or "").strip()
    line.decided_at, line.decided_by = timezone.now(), _user(user)
    line.save(update_fields=["status", "decline_reason", "decline_note", "decided_at", "decided_by"])
    line_release(line, group_order)
    audit(group_order, "LINE_DECLINED", user=user, line=line, from_status=previous, to_status=LineStatus.DECLINED,
          reason=line.decline_note or reason, decline_reason=reason)
    status_settle(group_order, lines, user=user)
    publish(GroupOrderLineDeclined(line_id=str(line.pk), reason=reason))
    return line


def group_order_status_update(*, group_order_id, status: str, user=None, reason: str = "") -> GroupOrder:
    """A member marks progress: in production, ready to ship, delivered."""
    if status not in MANUAL_STATUSES:
        raise _error("status", "This status is set by accepting, declining or shipping.", Code.INVALID_STATUS)
    group_order = group_order_lock(group_order_id=group_order_id)
    status_change(group_order, status, user=user, reason=reason)
    return group_order


@dataclass(frozen=True)
class ShipLine:
    line_id: object
    quantity: int


def group_order_ship(*, group_order_id, lines: list[ShipLine], carrier: str, tracking_number: str, user=None) -> GroupShipment:
    """Ship accepted units; partial shipments allowed.  The parcel becomes a fulfillment
    of the shop order (tracking number included), so the shopper sees it."""
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    if not carrier:
        raise _error("carrier", "Name the carrier.", Code.REQUIRED)
    if not tracking_number:
        raise _error("trackingNumber", "Enter the tracking number.", Code.REQUIRED)
    if not lines:
        raise _error("lines", "Choose what is in the parcel.", Code.REQUIRED)
    if any(line.quantity <= 0 for line in lines):
        raise _error("quantity", "Quantities must be positive.", Code.ZERO_QUANTITY)
    group_order = group_order_lock(group_order_id=group_order_id)
    if group_order.status not in (S.ACCEPTED, S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED):
        raise _error("id", "Only accepted group orders can ship.", Code.INVALID_STATUS)
    all_lines = _lines(group_order)
    by_id = {str(line.pk): line for line in all_lines}
    wanted: dict[str, int] = {}
    for item in lines:
        line = by_id.get(str(item.line_id))
        if line is None:
            raise _error("lines", "This line is not part of this group order.", Code.NOT_FOUND, lines=[str(item.line_id)])
        if line.status != LineStatus.ACCEPTED:
            raise _error("lines", "Only accepted lines can ship.", Code.LINE_NOT_ACCEPTED, lines=[str(line.pk)])
        wanted[str(line.pk)] = wanted.get(str(line.pk), 0) + item.quantity
    for line_id, quantity in wanted.items():
        line = by_id[line_id]
        if quantity > line.quantity - line.quantity_shipped:
            raise _error("quantity", f"Only {line.quantity - line.quantity_shipped} left to ship on this line.",
                         Code.QUANTITY_GREATER_THAN_ACCEPTED, lines=[line_id])
    warehouse_id = group_order.group.warehouse_id
    try:
        fulfillment = orders.order_fulfill(
            order_id=group_order.order_id, user=user, tracking_number=tracking_number,
            lines=[orders.FulfillLine(order_line_id=by_id[line_id].order_line_id,
                                      warehouse_id=warehouse_id if by_id[line_id].source == LineSource.STOCK else None,
                                      quantity=quantity)
                   for line_id, quantity in wanted.items()],
        )
    except ValidationError as error:
        raise _error("lines", "; ".join(error.messages), Code.INSUFFICIENT_STOCK)
    shipment = GroupShipment.objects.create(group_order=group_order, fulfillment=fulfillment, carrier=carrier,
                                            tracking_number=tracking_number, created_by=_user(user))
    for line_id, quantity in wanted.items():
        by_id[line_id].quantity_shipped += quantity
    GroupOrderLine.objects.bulk_update([by_id[i] for i in wanted], ["quantity_shipped"])
    audit(group_order, "SHIPPED", user=user, carrier=carrier, tracking_number=tracking_number,
          lines=dict(wanted), fulfillment=str(fulfillment.pk))
    status_settle(group_order, all_lines, user=user)
    publish(GroupOrderShipped(group_order_id=str(group_order.pk), shipment_id=shipment.pk, fulfillment_id=str(fulfillment.pk)))
    return shipment


def group_order_expire(*, group_order_id, now=None) -> GroupOrder:
    """Deadline passed: lines still awaiting expire (and are rerouted)."""
    group_order = group_order_lock(group_order_id=group_order_id)
    now = now or timezone.now()
    if group_order.status != S.AWAITING_ACCEPTANCE or group_order.accept_by > now:
        return group_order
    lines = _lines(group_order)
    expired = [line for line in lines if line.status == LineStatus.AWAITING]
    for line in expired:
        line.status, line.decided_at = LineStatus.EXPIRED, now
        line.save(update_fields=["status", "decided_at"])
        line_release(line, group_order)
        audit(group_order, "LINE_EXPIRED", line=line, from_status=LineStatus.AWAITING, to_status=LineStatus.EXPIRED,
              reason="Not answered before the deadline.")
        publish(GroupOrderLineExpired(line_id=str(line.pk)))
    status_settle(group_order, lines, reason="Deadline passed.")
    return group_order


def group_orders_expire_due(*, now=None) -> int:
    """Expire every GroupOrder whose deadline passed (Celery beat); returns how many."""
    now = now or timezone.now()
    ids = list(GroupOrder.objects.filter(status=S.AWAITING_ACCEPTANCE, accept_by__lte=now).values_list("pk", flat=True))
    for group_order_id in ids:
        with transaction.atomic():
            group_order_expire(group_order_id=group_order_id, now=now)
    return len(ids)


def order_group_orders_cancel(*, order_id, user=None) -> None:
    """The shop order was cancelled: open lines are cancelled (the shop gave the stock back)."""
    for group_order_id in GroupOrder.objects.filter(order_id=order_id).order_by("pk").values_list("pk", flat=True):
        group_order = group_order_lock(group_order_id=group_order_id)
        if group_order.status not in (S.AWAITING_ACCEPTANCE, S.ACCEPTED, S.IN_PRODUCTION, S.READY):
            continue
        lines = _lines(group_order)
        for line in lines:
            if line.status in OPEN_LINE:
                previous = line.status
                line.status = LineStatus.CANCELLED
                line.save(update_fields=["status"])
                line_release(line, group_order)  # stock: the shop's cancellation already gave it back
                audit(group_order, "LINE_CANCELLED", user=user, line=line, from_status=previous,
                      to_status=LineStatus.CANCELLED, reason="The shop order was cancelled.")
        status_change(group_order, S.CANCELLED, user=user, reason="The shop order was cancelled.")
