"""Stock reservations and allocations.

Every function that changes stock locks the channel's ``Stock`` rows of the
variants involved with ``SELECT ... FOR UPDATE`` in primary-key order (one
order for everyone, so concurrent buyers never deadlock) and must run inside
``transaction.atomic``.  Available units = quantity - allocated - units held
by other checkouts' unexpired reservations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone

from . import sourcing
from .models import Allocation, Reservation, Stock


@dataclass(frozen=True)
class StockRequest:
    """``quantity`` units of ``variant`` wanted for a checkout or order line."""

    line_id: object
    variant_id: int
    quantity: int
    track_inventory: bool = True


class InsufficientStock(Exception):
    def __init__(self, variant_ids: list[int]):
        super().__init__(f"Insufficient stock for variants {variant_ids}")
        self.variant_ids = variant_ids


def stocks_lock(*, channel, variant_ids) -> list[Stock]:
    """Lock and return the channel's stock rows of these variants, in pk order."""
    return list(
        Stock.objects.select_for_update()
        .filter(warehouse_id__in=channel.warehouses.values("pk"), product_variant_id__in=set(variant_ids))
        .order_by("pk")
    )


def _reserved_by_others(stocks: list[Stock], *, checkout_token) -> dict[int, int]:
    rows = (
        Reservation.objects.filter(stock__in=stocks, reserved_until__gt=timezone.now())
        .exclude(checkout_line__checkout_id=checkout_token)
        .values("stock_id")
        .annotate(total=Sum("quantity_reserved"))
    )
    return {row["stock_id"]: row["total"] for row in rows}


def _plan(stocks, requests, reserved) -> dict[object, list[tuple[Stock, int]]]:
    """Take each request's units from its variant's stocks in the sourcing policy's order
    (then pk order); raise when short."""
    by_variant = defaultdict(list)
    for stock in stocks:
        by_variant[stock.product_variant_id].append(stock)
    rank = sourcing.policy().warehouse_rank(by_variant) if len(stocks) > len(by_variant) else {}
    if rank:
        last = len(rank) + 1
        for variant_id, variant_stocks in by_variant.items():
            variant_stocks.sort(key=lambda s, v=variant_id: (rank.get((v, s.warehouse_id), last), s.pk))
    left = {s.pk: s.quantity - s.quantity_allocated - reserved.get(s.pk, 0) for s in stocks}
    plan, short = {}, []
    for request in requests:
        if not request.track_inventory:
            plan[request.line_id] = []
            continue
        needed, parts = request.quantity, []
        for stock in by_variant[request.variant_id]:
            take = min(needed, max(left[stock.pk], 0))
            if take:
                parts.append((stock, take))
                left[stock.pk] -= take
                needed -= take
            if not needed:
                break
        if needed:
            short.append(request.variant_id)
        plan[request.line_id] = parts
    if short:
        raise InsufficientStock(short)
    return plan


@dataclass(frozen=True)
class Reserved:
    """What ``reserve_stocks`` did: the reservations it wrote and the stock rows it locked
    (current: reserving changes no stock row)."""

    reservations: list[Reservation]
    stocks: list[Stock]


def reserve_stocks(
    *, channel, checkout_token, requests: list[StockRequest], minutes: int, replace: bool = True
) -> Reserved:
    """Hold stock for checkout lines for ``minutes``; replaces the lines' earlier reservations
    (``replace=False``: the lines are new and have none).

    Must be called inside a transaction; takes row locks on the stocks involved.
    """
    stocks = stocks_lock(channel=channel, variant_ids=[r.variant_id for r in requests])
    plan = _plan(stocks, requests, _reserved_by_others(stocks, checkout_token=checkout_token))
    if replace:
        Reservation.objects.filter(checkout_line_id__in=[r.line_id for r in requests]).delete()
    until = timezone.now() + timedelta(minutes=minutes)
    reservations = Reservation.objects.bulk_create(
        Reservation(checkout_line_id=line_id, stock=stock, quantity_reserved=quantity, reserved_until=until)
        for line_id, parts in plan.items()
        for stock, quantity in parts
    )
    return Reserved(reservations=reservations, stocks=stocks)


def allocate_stocks(*, channel, checkout_token, requests: list[StockRequest]) -> None:
    """Allocate order lines' units (``line_id`` = order line id) and drop the checkout's
    reservations.  Raises InsufficientStock and changes nothing when any line is short.

    Must be called inside a transaction; takes row locks on the stocks involved.
    """
    stocks = stocks_lock(channel=channel, variant_ids=[r.variant_id for r in requests])
    plan = _plan(stocks, requests, _reserved_by_others(stocks, checkout_token=checkout_token))
    allocations, touched = [], {}
    for line_id, parts in plan.items():
        for stock, quantity in parts:
            allocations.append(Allocation(order_line_id=line_id, stock=stock, quantity_allocated=quantity))
            stock.quantity_allocated += quantity
            touched[stock.pk] = stock
    Allocation.objects.bulk_create(allocations)
    Stock.objects.bulk_update(touched.values(), ["quantity_allocated"])
    Reservation.objects.filter(checkout_line__checkout_id=checkout_token).delete()


def deallocate_stocks(*, order_line_ids) -> None:
    """Give back what order lines hold (cancellation).  Locks the stocks in pk order."""
    allocations = list(Allocation.objects.filter(order_line_id__in=list(order_line_ids)).select_related("stock"))
    stock_ids = sorted({a.stock_id for a in allocations})
    stocks = {s.pk: s for s in Stock.objects.select_for_update().filter(pk__in=stock_ids).order_by("pk")}
    for allocation in allocations:
        stocks[allocation.stock_id].quantity_allocated -= allocation.quantity_allocated
    Stock.objects.bulk_update(stocks.values(), ["quantity_allocated"])
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()


def check_made_to_order(requests: list[StockRequest], *, available: dict[int, int] | None = None) -> None:
    """Refuse made-to-order (untracked) quantities above what the makers can still take."""
    untracked = [r for r in requests if not r.track_inventory]
    if not untracked:
        return
    if available is None:
        available = sourcing.policy().made_to_order_available({r.variant_id for r in untracked})
    if available is None:
        return
    wanted = defaultdict(int)
    for request in untracked:
        wanted[request.variant_id] += request.quantity
    short = sorted(v for v, quantity in wanted.items() if available.get(v, 0) < quantity)
    if short:
        raise InsufficientStock(short)


def claim_made_to_order(requests: list[StockRequest], *, at) -> None:
    """Promise the makers' capacity to order lines of untracked variants (raises InsufficientStock)."""
    untracked = [r for r in requests if not r.track_inventory]
    if untracked:
        sourcing.policy().made_to_order_claim(untracked, at=at)


def allocate_in_warehouse(*, order_line_id, variant_id: int, warehouse_id: int, quantity: int) -> int:
    """Allocate up to ``quantity`` more units of an order line from one warehouse's stock
    (units held by unexpired checkout reservations stay untouched); returns how many.

    Used when a line moves to another warehouse after the order was placed.
    Locks the stock row; must run inside a transaction.
    """
    stock = Stock.objects.select_for_update().filter(warehouse_id=warehouse_id, product_variant_id=variant_id).first()
    if stock is None or quantity <= 0:
        return 0
    reserved = _reserved_by_others([stock], checkout_token=None).get(stock.pk, 0)
    take = min(quantity, max(stock.quantity - stock.quantity_allocated - reserved, 0))
    if not take:
        return 0
    allocation, created = Allocation.objects.select_for_update().get_or_create(
        order_line_id=order_line_id, stock=stock, defaults={"quantity_allocated": take}
    )
    if not created:
        allocation.quantity_allocated += take
        allocation.save(update_fields=["quantity_allocated"])
    stock.quantity_allocated += take
    stock.save(update_fields=["quantity_allocated"])
    return take


def release_in_warehouse(*, order_line_id, warehouse_id: int, quantity: int) -> int:
    """Give back up to ``quantity`` units an order line holds in one warehouse; returns how many."""
    allocation = (
        Allocation.objects.select_related("stock")
        .filter(order_line_id=order_line_id, stock__warehouse_id=warehouse_id)
        .first()
    )
    if allocation is None or quantity <= 0:
        return 0
    stock = Stock.objects.select_for_update().get(pk=allocation.stock_id)
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    give = min(quantity, allocation.quantity_allocated)
    stock.quantity_allocated -= give
    stock.save(update_fields=["quantity_allocated"])
    if give == allocation.quantity_allocated:
        allocation.delete()
    else:
        allocation.quantity_allocated -= give
        allocation.save(update_fields=["quantity_allocated"])
    return give


def validation_error_for(error: InsufficientStock, *, field: str = "quantity", code: str = "INSUFFICIENT_STOCK"):
    return ValidationError(
        {field: ValidationError("Insufficient product stock.", code=code, params={"variants": error.variant_ids})}
    )


@dataclass
class Shipped:
    parts: list  # (order_line_id, stock_id, quantity)
    short: list  # order line ids the warehouse did not hold enough for


def fulfil_allocations(*, requests: list[tuple[object, int, int]]) -> Shipped:
    """Units leave warehouses: for each (order line, warehouse, quantity) shrink the line's
    allocation there and the stock's quantity and allocated count.  A warehouse of
    None ships made-to-order units, which no stock held.

    Locks the stocks in pk order; changes nothing when any request is short.
    """
    line_ids = {line_id for line_id, _, _ in requests}
    allocations = {
        (a.order_line_id, a.stock.warehouse_id): a
        for a in Allocation.objects.filter(order_line_id__in=line_ids).select_related("stock")
    }
    stock_ids = sorted({a.stock_id for a in allocations.values()})
    stocks = {s.pk: s for s in Stock.objects.select_for_update().filter(pk__in=stock_ids).order_by("pk")}
    parts, short, taken = [], [], {}
    for line_id, warehouse_id, quantity in requests:
        if warehouse_id is None:  # made to order: nothing was held in stock
            parts.append((line_id, None, quantity))
            continue
        allocation = allocations.get((line_id, warehouse_id))
        already = taken.get((line_id, warehouse_id), 0)
        if allocation is None or allocation.quantity_allocated - already < quantity:
            short.append(line_id)
            continue
        taken[(line_id, warehouse_id)] = already + quantity
        parts.append((line_id, allocation.stock_id, quantity))
    if short:
        return Shipped(parts=[], short=short)
    for (line_id, warehouse_id), quantity in taken.items():
        allocation = allocations[(line_id, warehouse_id)]
        stock_row = stocks[allocation.stock_id]
        stock_row.quantity -= quantity
        stock_row.quantity_allocated -= quantity
        allocation.quantity_allocated -= quantity
    Stock.objects.bulk_update(stocks.values(), ["quantity", "quantity_allocated"])
    spent = [a for a in allocations.values() if a.quantity_allocated == 0]
    Allocation.objects.filter(pk__in=[a.pk for a in spent]).delete()
    Allocation.objects.bulk_update([a for a in allocations.values() if a.quantity_allocated], ["quantity_allocated"])
    return Shipped(parts=parts, short=[])
