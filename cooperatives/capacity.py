"""Who makes what, and how much made-to-order work each group can still take.

Capacity is counted per offer and week (Monday to Sunday, Bangkok time): an
offer's ``weekly_capacity`` minus the units its ``CapacityClaim`` rows promise
in that week.  Claims are written under a lock on the offer rows (pk order),
so two orders placed at the same moment cannot both take the last units.

``CooperativeSourcing`` is the policy the shop consults (shop.warehouse.sourcing):
stock comes first from the group with the best priority, and made-to-order
quantities stop at the capacity left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from shop.warehouse.services import InsufficientStock
from shop.warehouse.sourcing import SourcingPolicy

from .models import CapacityClaim, ProducerOffer


def week_of(at: datetime | None = None) -> date:
    """Monday of the Bangkok week of ``at`` (now by default)."""
    day = timezone.localtime(at or timezone.now()).date()
    return day - timedelta(days=day.weekday())


def live_offers(variant_ids: Iterable[int]):
    """Active offers of active groups for these variants, best priority first."""
    return ProducerOffer.objects.filter(
        variant_id__in=list(variant_ids), is_active=True, group__is_active=True
    ).order_by("priority", "group_id", "pk")


def claimed(offers: Sequence[ProducerOffer], week: date) -> dict[int, int]:
    rows = (
        CapacityClaim.objects.filter(offer__in=[o.pk for o in offers], week=week)
        .values("offer_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["offer_id"]: row["total"] for row in rows}


def capacity_left(offers: Sequence[ProducerOffer], week: date) -> dict[int, int]:
    """``{offer_id: units}`` each offer can still take on in ``week``."""
    used = claimed(offers, week)
    return {o.pk: max(o.weekly_capacity - used.get(o.pk, 0), 0) for o in offers}


def claim_capacity(*, offer: ProducerOffer, order_line_id, quantity: int, week: date) -> CapacityClaim:
    claim, created = CapacityClaim.objects.get_or_create(
        offer=offer, order_line_id=order_line_id, defaults={"week": week, "quantity": quantity}
    )
    if not created:
        claim.quantity += quantity
        claim.save(update_fields=["quantity"])
    return claim


def release_capacity(*, offer_id, order_line_id, quantity: int) -> None:
    claim = CapacityClaim.objects.select_for_update().filter(offer_id=offer_id, order_line_id=order_line_id).first()
    if claim is None:
        return
    if quantity >= claim.quantity:
        claim.delete()
    else:
        claim.quantity -= quantity
        claim.save(update_fields=["quantity"])


def capacity_plan(offers: Sequence[ProducerOffer], wanted: Sequence[tuple[int, int]], week: date) -> list[list]:
    """Share made-to-order units among offers under their row locks.

    ``offers`` are in the order they are asked (priority); ``wanted`` is
    ``[(variant_id, quantity), ...]``.  The offer rows are locked in pk order
    (so concurrent claimers queue instead of deadlocking), then each wanted
    quantity is taken from its variant's offers in order.  Returns, per wanted
    item, ``[(offer, units), ...]`` ending with ``(None, units)`` for what no
    offer can take.  Writes nothing: the caller records the claims.
    """
    list(ProducerOffer.objects.select_for_update().filter(pk__in=[o.pk for o in offers]).order_by("pk"))
    left = capacity_left(offers, week)
    by_variant = defaultdict(list)
    for offer in offers:
        by_variant[offer.variant_id].append(offer)
    plans = []
    for variant_id, quantity in wanted:
        parts = []
        for offer in by_variant[variant_id]:
            take = min(quantity, left[offer.pk])
            if take:
                parts.append((offer, take))
                left[offer.pk] -= take
                quantity -= take
            if not quantity:
                break
        plans.append(parts + [(None, quantity)] if quantity else parts)
    return plans


class CooperativeSourcing(SourcingPolicy):
    def warehouse_rank(self, variant_ids):
        rows = live_offers(variant_ids).values_list("variant_id", "group__warehouse_id")
        return {(variant_id, warehouse_id): rank for rank, (variant_id, warehouse_id) in enumerate(rows)}

    def made_to_order_available(self, variant_ids, *, at=None):
        offers = list(live_offers(variant_ids))
        left = capacity_left(offers, week_of(at))
        available = defaultdict(int)
        for offer in offers:
            available[offer.variant_id] += left[offer.pk]
        return dict(available)

    def made_to_order_claim(self, requests, *, at):
        """Claim capacity for order lines; raises InsufficientStock (writing nothing)
        when the makers are short."""
        week = week_of(at)
        offers = list(live_offers({r.variant_id for r in requests}))
        plans = capacity_plan(offers, [(r.variant_id, r.quantity) for r in requests], week)
        short = sorted({r.variant_id for r, parts in zip(requests, plans, strict=True) if parts and parts[-1][0] is None})
        if short:
            raise InsufficientStock(short)
        CapacityClaim.objects.bulk_create(
            CapacityClaim(offer=offer, order_line_id=request.line_id, week=week, quantity=quantity)
            for request, parts in zip(requests, plans, strict=True)
            for offer, quantity in parts
        )


def variant_lead_times(variant_ids: Iterable[int]) -> dict[int, int]:
    """Shortest lead time (days) among the live offers of each variant."""
    result: dict[int, int] = {}
    for variant_id, days in live_offers(variant_ids).values_list("variant_id", "lead_time_days"):
        result[variant_id] = min(days, result.get(variant_id, days))
    return result


# --- capacity for work named by a reference (e.g. OEM allocations) ---------------------------


class InsufficientCapacity(Exception):
    """The weeks asked for cannot hold the quantity: ``short`` units are missing."""

    def __init__(self, short: int):
        super().__init__(f"{short} units more than the capacity left.")
        self.short = short


def weeks_between(start: date, end: date) -> list[date]:
    """Mondays of the weeks from the week of ``start`` to the week of ``end`` (both included; empty when end < start)."""
    first = start - timedelta(days=start.weekday())
    last = end - timedelta(days=end.weekday())
    weeks = []
    while first <= last:
        weeks.append(first)
        first += timedelta(days=7)
    return weeks


def capacity_left_in(offer: ProducerOffer, weeks: Sequence[date]) -> dict[date, int]:
    """``{week: units}`` the offer can still take on in each of ``weeks``."""
    rows = (
        CapacityClaim.objects.filter(offer=offer, week__in=list(weeks)).values("week").annotate(total=Sum("quantity"))
    )
    used = {row["week"]: row["total"] for row in rows}
    return {week: max(offer.weekly_capacity - used.get(week, 0), 0) for week in weeks}


def reference_claim(*, offer: ProducerOffer, reference: str, quantity: int, weeks: Sequence[date]) -> list[CapacityClaim]:
    """Claim ``quantity`` units of ``offer`` for ``reference``, filling the earliest weeks first.

    Locks the offer row (``FOR UPDATE``) so two claimers cannot both take the last
    units; run inside a transaction.  Raises ``InsufficientCapacity(short)``,
    writing nothing, when the weeks cannot hold the quantity.  One row per week:
    a second claim for the same reference and week adds to it.
    """
    if not reference:
        raise ValueError("A reference claim needs a reference.")
    if quantity <= 0:
        return []
    offer = ProducerOffer.objects.select_for_update().get(pk=offer.pk)
    weeks = sorted(set(weeks))
    left = capacity_left_in(offer, weeks)
    plan, remaining = [], quantity
    for week in weeks:
        take = min(remaining, left[week])
        if take:
            plan.append((week, take))
            remaining -= take
        if not remaining:
            break
    if remaining:
        raise InsufficientCapacity(remaining)
    claims = []
    for week, take in plan:
        claim, created = CapacityClaim.objects.get_or_create(
            offer=offer, reference=reference, week=week, defaults={"quantity": take, "order_line": None}
        )
        if not created:
            claim.quantity += take
            claim.save(update_fields=["quantity"])
        claims.append(claim)
    return claims


def reference_release(*, reference: str, keep: int = 0) -> int:
    """Give back the capacity claimed for ``reference``: all of it, or down to ``keep`` units,
    latest weeks first.  Returns the units released."""
    if not reference:
        raise ValueError("A reference release needs a reference.")
    claims = list(CapacityClaim.objects.select_for_update().filter(reference=reference).order_by("-week", "-pk"))
    excess = sum(claim.quantity for claim in claims) - max(keep, 0)
    released = 0
    for claim in claims:
        if excess <= 0:
            break
        take = min(excess, claim.quantity)
        if take == claim.quantity:
            claim.delete()
        else:
            claim.quantity -= take
            claim.save(update_fields=["quantity"])
        excess -= take
        released += take
    return released
