"""Allocation of a contract to producer groups: proposals, staff adjustments, the groups' answers, advances.

Each allocation is one group's part of a contract, with fair-trade unit terms
that pass the fair-wage floor (``fairtrade.terms.floor_check``).  It claims the
group's weekly capacity (``cooperatives.capacity.reference_claim``, reference
``oem_allocation:<id>``) from this week to the week its units must be ready:
the contract's delivery date less ``QC_AND_SHIPPING_DAYS``.  Shop orders and OEM
work count against the same capacity.

Services raise ``oem_error`` ValidationErrors; each runs in its own savepoint,
so a refusal leaves nothing written.  Callers wrap them in ``transaction.atomic``.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cooperatives.capacity import (
    InsufficientCapacity,
    capacity_left_in,
    live_offers,
    reference_claim,
    reference_release,
    weeks_between,
)
from cooperatives.models import ProducerGroup, ProducerOffer
from fairtrade.advances import advance_pay
from fairtrade.models import Advance
from fairtrade.terms import floor_check, terms_in_force
from shop.core.events import publish

from .actors import SYSTEM, Actor
from .contracts import contract_audit, contract_lock
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .events import OemAllocationDecided, OemAllocationProposed
from .models import Allocation, AllocationStatus, Contract, Milestone, MilestoneKind
from .models import ContractStatus as S

# Days kept between the groups' "ready by" date and the delivery date: inspection and shipping.
QC_AND_SHIPPING_DAYS = 7
LIVE = (AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED)
PROPOSE_STATUSES = (S.AWAITING_DEPOSIT, S.IN_PRODUCTION)
ADJUST_STATUSES = (S.AWAITING_DEPOSIT, S.IN_PRODUCTION, S.QUALITY_CHECK, S.PARTIALLY_DELIVERED)
# fairtrade's codes that have a namesake in OemErrorCode (anything else maps to INVALID).
_FAIR_TRADE_CODES = {
    "BELOW_FAIR_WAGE_FLOOR", "ADVANCE_TOO_SMALL", "ADVANCE_TOO_LARGE", "ALREADY_ADVANCED", "REQUIRED", "NOT_FOUND",
}


@dataclass(frozen=True)
class AllocationPart:
    """One group's share as staff set it; unset terms come from the group's fair-trade terms in force."""

    group: ProducerGroup
    quantity: int
    producer_unit_price: Decimal | None = None
    materials_cost: Decimal | None = None
    labour_minutes: Decimal | None = None
    premium_percent: Decimal | None = None


@dataclass(frozen=True)
class _Terms:
    terms: object
    producer_unit_price: Decimal
    materials_cost: Decimal
    labour_minutes: Decimal
    premium_percent: Decimal
    floor: Decimal = Decimal(0)


def allocation_reference(allocation: Allocation) -> str:
    return f"oem_allocation:{allocation.pk}"


def ready_by_of(contract: Contract) -> date:
    return contract.delivery_date - timedelta(days=QC_AND_SHIPPING_DAYS)


def _oem_error_from(error: ValidationError, *, field: str | None = None, **extra) -> ValidationError:
    """fairtrade's ValidationError as an OEM one (same code where OemErrorCode has it, else INVALID)."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [(None, error.error_list)]
    for source_field, errors in items:
        for item in errors:
            code = item.code if item.code in _FAIR_TRADE_CODES else "INVALID"
            params = {**(item.params or {}), **extra}
            message = item.message
            if item.params:
                with contextlib.suppress(TypeError, ValueError, KeyError):
                    message = message % item.params
            if params:
                # The OEM error carries params again: keep a literal "%" from being read as a placeholder.
                message = message.replace("%", "%%")
            return oem_error(field or source_field, message, Code(code), **params)
    return oem_error(field, str(error), Code.INVALID, **extra)


def _group_name(group: ProducerGroup) -> str:
    return getattr(group, "name_en", "") or str(group.pk)


def _terms_for(group: ProducerGroup, contract: Contract, today: date, part: AllocationPart | None = None) -> _Terms:
    """The unit terms: the part's values, the gaps filled from the terms in force; checked against the floor."""
    given = part and {
        "producer_unit_price": part.producer_unit_price, "materials_cost": part.materials_cost,
        "labour_minutes": part.labour_minutes, "premium_percent": part.premium_percent,
    }
    terms = None
    if not given or any(value is None for value in given.values()):
        terms = terms_in_force(group_id=group.pk, variant_id=contract.variant_id, on=today)
        if terms is None:
            raise oem_error(
                "producer_unit_price",
                f"{_group_name(group)} has no fair-trade terms for this product: set the unit price, materials "
                f"cost, labour minutes and premium.", Code.REQUIRED, group=str(group.pk),
            )
    values = {
        "producer_unit_price": terms.producer_price if terms else None, "materials_cost": terms.materials_cost if terms else None,
        "labour_minutes": terms.labour_minutes if terms else None, "premium_percent": terms.premium_percent if terms else None,
    }
    for key, value in (given or {}).items():
        if value is not None:
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                raise oem_error(key, "Not a number.", Code.INVALID, group=str(group.pk)) from None
            if not value.is_finite() or value < 0:
                raise oem_error(key, "Must be a number, zero or more.", Code.INVALID, group=str(group.pk))
            values[key] = value
    if values["producer_unit_price"] <= 0:
        raise oem_error("producer_unit_price", "The unit price must be more than zero.", Code.INVALID,
                        group=str(group.pk))
    if values["premium_percent"] > 100:
        raise oem_error("premium_percent", "A premium is at most 100 percent.", Code.INVALID, group=str(group.pk))
    try:
        floor, _wage = floor_check(group=group, materials_cost=values["materials_cost"],
                                   labour_minutes=values["labour_minutes"], price=values["producer_unit_price"],
                                   on=today, field="producer_unit_price")
    except ValidationError as error:
        raise _oem_error_from(error, group=str(group.pk)) from None
    return _Terms(terms=terms, floor=floor, **values)


def _create(contract: Contract, *, offer: ProducerOffer, quantity: int, terms: _Terms, ready_by: date, today: date,
            weeks: list[date], actor: Actor) -> Allocation:
    allocation = Allocation.objects.create(
        contract=contract, group_id=offer.group_id, offer=offer, quantity=quantity, terms=terms.terms,
        materials_cost=terms.materials_cost, labour_minutes=terms.labour_minutes,
        producer_unit_price=terms.producer_unit_price, premium_percent=terms.premium_percent,
        floor_unit_price=terms.floor, ready_by=ready_by,
    )
    try:
        reference_claim(offer=offer, reference=allocation_reference(allocation), quantity=quantity, weeks=weeks)
    except InsufficientCapacity as error:
        raise oem_error("quantity", f"The group can take on {quantity - error.short} of these units by {ready_by}.",
                        Code.OVER_CAPACITY, short=error.short, group=str(offer.group_id)) from None
    materials_due = today + timedelta(days=max((ready_by - today).days, 0) // 3)
    Milestone.objects.bulk_create([
        Milestone(contract=contract, allocation=allocation, kind=MilestoneKind.MATERIALS_READY, due_date=materials_due),
        Milestone(contract=contract, allocation=allocation, kind=MilestoneKind.PRODUCTION_DONE, due_date=ready_by),
    ])
    contract_audit(contract, "allocated", actor=actor, allocation=str(allocation.pk), group=str(offer.group_id),
                   quantity=quantity, producer_unit_price=str(terms.producer_unit_price))
    publish(OemAllocationProposed(allocation_id=str(allocation.pk)))
    return allocation


def _can_meet(offer: ProducerOffer, today: date, ready_by: date) -> bool:
    return today + timedelta(days=offer.lead_time_days) <= ready_by


def allocation_propose(*, contract: Contract, actor: Actor = SYSTEM) -> list[Allocation]:
    """Share the contract among the groups that make its variant, best priority first, up to each
    group's capacity until the ready-by week, at their fair-trade terms in force today.

    OVER_CAPACITY (``short``) when the groups cannot make it all in time; REQUIRED
    when a chosen group has no terms (staff then set prices with ``allocations_set``).
    """
    with transaction.atomic():
        contract = contract_lock(contract.pk)
        if contract.status not in PROPOSE_STATUSES:
            raise oem_error("contract", "Allocations are proposed before production starts or while it runs.",
                            Code.INVALID_STATUS, status=contract.status)
        if contract.allocations.filter(status__in=LIVE).exists():
            raise oem_error("contract", "The contract is already allocated: adjust it with allocations_set.",
                            Code.INVALID_STATUS, status=contract.status)
        today = timezone.localdate()
        ready_by = ready_by_of(contract)
        weeks = weeks_between(today, ready_by)
        offers = [offer for offer in live_offers([contract.variant_id]).select_related("group")
                  if _can_meet(offer, today, ready_by)]
        # Lock the offers in pk order (as cooperatives.capacity does) before reading what they have left.
        list(ProducerOffer.objects.select_for_update().filter(pk__in=[o.pk for o in offers]).order_by("pk"))
        plan, remaining = [], contract.quantity
        for offer in offers:
            if not remaining:
                break
            take = min(remaining, sum(capacity_left_in(offer, weeks).values())) if weeks else 0
            if take:
                plan.append((offer, take))
                remaining -= take
        if remaining:
            raise oem_error("quantity", f"The groups can make {contract.quantity - remaining} of {contract.quantity} "
                            f"units by {ready_by}.", Code.OVER_CAPACITY, short=remaining)
        terms = [_terms_for(offer.group, contract, today) for offer, _take in plan]
        return [
            _create(contract, offer=offer, quantity=take, terms=unit_terms, ready_by=ready_by, today=today,
                    weeks=weeks, actor=actor)
            for (offer, take), unit_terms in zip(plan, terms, strict=True)
        ]


def _release(allocation: Allocation) -> None:
    reference_release(reference=allocation_reference(allocation))
    allocation.milestones.filter(completed_at__isnull=True).delete()


def allocations_set(*, contract: Contract, parts: list[AllocationPart], actor: Actor = SYSTEM) -> list[Allocation]:
    """Staff set the groups' shares.  Accepted allocations keep their quantity and terms; proposed
    ones are cancelled and replaced by ``parts`` (their capacity given back).  Returns the live
    allocations.  The live quantities must add up to the contract's quantity."""
    with transaction.atomic():
        contract = contract_lock(contract.pk)
        if contract.status not in ADJUST_STATUSES:
            raise oem_error("contract", "A contract's allocations change only while it is open.",
                            Code.INVALID_STATUS, status=contract.status)
        live = list(contract.allocations.select_for_update().filter(status__in=LIVE).order_by("pk"))
        accepted = {a.group_id: a for a in live if a.status == AllocationStatus.ACCEPTED}
        proposed = [a for a in live if a.status == AllocationStatus.PROPOSED]
        seen, new_parts = set(), []
        for part in parts:
            group_id = part.group.pk
            if group_id in seen:
                raise oem_error("parts", f"{_group_name(part.group)} is named twice.", Code.INVALID, group=str(group_id))
            seen.add(group_id)
            if not isinstance(part.quantity, int) or isinstance(part.quantity, bool) or part.quantity <= 0:
                raise oem_error("quantity", "Each group's quantity must be a whole number above zero.",
                                Code.INVALID_QUANTITY, group=str(group_id))
            current = accepted.get(group_id)
            if current is not None:
                changed = part.quantity != current.quantity or any(
                    given is not None and Decimal(str(given)) != kept
                    for given, kept in (
                        (part.producer_unit_price, current.producer_unit_price),
                        (part.materials_cost, current.materials_cost),
                        (part.labour_minutes, current.labour_minutes),
                        (part.premium_percent, current.premium_percent),
                    )
                )
                if changed:
                    raise oem_error("parts", f"{_group_name(part.group)} accepted its allocation: it cannot change.",
                                    Code.INVALID_STATUS, group=str(group_id))
                continue
            new_parts.append(part)
        allocated = sum(a.quantity for a in accepted.values()) + sum(p.quantity for p in new_parts)
        if allocated != contract.quantity:
            raise oem_error("parts", f"The groups' quantities add up to {allocated}, the contract is for "
                            f"{contract.quantity}.", Code.ALLOCATION_MISMATCH, allocated=allocated,
                            quantity=contract.quantity)
        offers = {
            offer.group_id: offer
            for offer in live_offers([contract.variant_id]).filter(group_id__in=[p.group.pk for p in new_parts])
        }
        today = timezone.localdate()
        checked = []
        for part in new_parts:
            offer = offers.get(part.group.pk)
            if offer is None:
                raise oem_error("group", f"{_group_name(part.group)} does not make this product.", Code.NOT_A_MAKER,
                                group=str(part.group.pk))
            checked.append((offer, part, _terms_for(part.group, contract, today, part)))
        # Nothing was refused: give back the proposals' capacity, then claim the new shares (offers in pk order).
        now = timezone.now()
        for allocation in proposed:
            _release(allocation)
            allocation.status, allocation.decided_at = AllocationStatus.CANCELLED, now
            allocation.save(update_fields=["status", "decided_at", "updated_at"])
            contract_audit(contract, "allocation_cancelled", actor=actor, allocation=str(allocation.pk),
                           group=str(allocation.group_id), quantity=allocation.quantity)
        ready_by = ready_by_of(contract)
        weeks = weeks_between(today, ready_by)
        created = [
            _create(contract, offer=offer, quantity=part.quantity, terms=unit_terms, ready_by=ready_by, today=today,
                    weeks=weeks, actor=actor)
            for offer, part, unit_terms in sorted(checked, key=lambda item: item[0].pk)
        ]
        return [*accepted.values(), *created]


def allocation_lock(allocation_id) -> Allocation:
    """Lock the allocation's contract, then the allocation (always in that order)."""
    contract_id = Allocation.objects.filter(pk=allocation_id).values_list("contract_id", flat=True).first()
    if contract_id is None:
        raise oem_error("id", "No such allocation.", Code.NOT_FOUND)
    contract_lock(contract_id)
    return Allocation.objects.select_for_update(of=("self",)).select_related("contract", "group").get(pk=allocation_id)


def _decide(allocation: Allocation, *, status: str, user, reason: str = "") -> Allocation:
    if allocation.status != AllocationStatus.PROPOSED:
        raise oem_error("id", "The allocation was already answered or withdrawn.", Code.INVALID_STATUS,
                        status=allocation.status)
    if allocation.contract.status not in ADJUST_STATUSES:
        raise oem_error("id", "The contract is no longer open.", Code.INVALID_STATUS, status=allocation.contract.status)
    allocation.status, allocation.decided_at = status, timezone.now()
    allocation.decided_by = user if getattr(user, "pk", None) else None
    allocation.decline_reason = reason
    allocation.save(update_fields=["status", "decided_at", "decided_by", "decline_reason", "updated_at"])
    if status == AllocationStatus.DECLINED:
        _release(allocation)
    contract_audit(allocation.contract, f"allocation_{status}", actor=Actor(user=user), reason=reason,
                   allocation=str(allocation.pk), group=str(allocation.group_id), quantity=allocation.quantity)
    publish(OemAllocationDecided(allocation_id=str(allocation.pk), status=status))
    return allocation


def allocation_accept(*, allocation_id, user) -> Allocation:
    """The group takes on its share (the GraphQL layer checks that ``user`` is a member)."""
    with transaction.atomic():
        return _decide(allocation_lock(allocation_id), status=AllocationStatus.ACCEPTED, user=user)


def allocation_decline(*, allocation_id, user, reason: str) -> Allocation:
    """The group turns its share down (saying why); its capacity is given back and staff reallocate."""
    reason = (reason or "").strip()
    if not reason:
        raise oem_error("reason", "Say why the group declines.", Code.REQUIRED)
    with transaction.atomic():
        return _decide(allocation_lock(allocation_id), status=AllocationStatus.DECLINED, user=user, reason=reason)


def allocation_advance_request(*, allocation_id, amount=None, user) -> Advance:
    """An advance on an accepted allocation (``fairtrade.advances.advance_pay``; netted by the next statement)."""
    with transaction.atomic():
        allocation = allocation_lock(allocation_id)
        if allocation.status != AllocationStatus.ACCEPTED:
            raise oem_error("id", "Advances are paid on accepted allocations.", Code.INVALID_STATUS,
                            status=allocation.status)
        try:
            with transaction.atomic():
                advance = advance_pay(group=allocation.group, reference_type="oem_allocation",
                                      reference_id=str(allocation.pk), allocation_value=allocation.value,
                                      amount=amount, currency=allocation.contract.currency, user=user)
        except ValidationError as error:
            raise _oem_error_from(error) from None
        contract_audit(allocation.contract, "advance_paid", actor=Actor(user=user), allocation=str(allocation.pk),
                       group=str(allocation.group_id), amount=str(advance.amount), advance=str(advance.pk))
        return advance
