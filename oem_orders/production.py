"""The work on a contract: sample reviews, milestones, production reports, quality inspections and shipments.

Units move through an allocation's counters: made (``quantity_done``, reported
by the group), passed (an inspection of a batch passed), shipped.  A failed
inspection sends its batch back: the units no longer count as made and the
contract returns to production.  Shipments post each group's share of the units
sent (``settlement.producer_share_post``) and move the contract to partially
delivered or delivered (which issues the balance invoice).

Services raise ``oem_error`` ValidationErrors; each runs in its own savepoint,
so a refusal leaves nothing written.  Callers wrap them in ``transaction.atomic``.
Locks are taken contract first, then allocations in pk order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from shop.core.events import publish

from .actors import SYSTEM, Actor
from .allocation import ADJUST_STATUSES, LIVE, allocation_lock
from .contracts import contract_audit, contract_lock, contract_status_change
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .events import OemInspectionRecorded, OemMilestoneReached, OemSampleReviewed, OemShipmentSent
from .models import (
    Allocation,
    AllocationStatus,
    CheckKind,
    Contract,
    Inspection,
    InspectionCheck,
    InspectionPhoto,
    InspectionResult,
    Milestone,
    MilestoneKind,
    ProductionReport,
    SampleDecision,
    SampleReview,
    SampleStatus,
    Shipment,
    ShipmentLine,
)
from .models import ContractStatus as S
from .uploads import thumbnail_make, upload_check

WORK_STATUSES = (S.IN_PRODUCTION, S.QUALITY_CHECK, S.PARTIALLY_DELIVERED)
SHIP_STATUSES = (S.QUALITY_CHECK, S.PARTIALLY_DELIVERED)


@dataclass(frozen=True)
class CheckInput:
    """One line of an inspection: a measurement within bounds, or a pass / fail verdict."""

    name: str
    kind: str
    unit: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    measured_value: Decimal | None = None
    passed: bool | None = None


# --- milestones ----------------------------------------------------------------------------------


def _milestone_done(milestone: Milestone, *, actor: Actor, note: str = "") -> Milestone:
    milestone.completed_at = timezone.now()
    milestone.completed_by = actor.user_or_none
    if note:
        milestone.note = note
    milestone.save(update_fields=["completed_at", "completed_by", "note"])
    contract_audit(milestone.contract, "milestone_reached", actor=actor, milestone=milestone.pk, kind=milestone.kind,
                   allocation=str(milestone.allocation_id or ""))
    publish(OemMilestoneReached(milestone_id=milestone.pk, contract_id=str(milestone.contract_id), kind=milestone.kind))
    return milestone


def _milestone_reach(contract: Contract, kind: str, *, actor: Actor, allocation: Allocation | None = None) -> Milestone | None:
    """Complete the contract's (or the allocation's) milestone of ``kind``, creating it (due today) when
    the contract had none; nothing when it is already complete."""
    milestone, _created = Milestone.objects.select_for_update().get_or_create(
        contract=contract, allocation=allocation, kind=kind, defaults={"due_date": timezone.localdate()}
    )
    if milestone.completed_at is not None:
        return None
    milestone.contract = contract
    return _milestone_done(milestone, actor=actor)


def milestone_complete(*, milestone_id, actor: Actor = SYSTEM, note: str = "") -> Milestone:
    """Mark a milestone reached (e.g. materials ready, by the group or staff); INVALID_STATUS the second time."""
    with transaction.atomic():
        contract_id = Milestone.objects.filter(pk=milestone_id).values_list("contract_id", flat=True).first()
        if contract_id is None:
            raise oem_error("id", "No such milestone.", Code.NOT_FOUND)
        contract = contract_lock(contract_id)
        milestone = Milestone.objects.select_for_update().get(pk=milestone_id)
        if milestone.completed_at is not None:
            raise oem_error("id", "The milestone was already reached.", Code.INVALID_STATUS)
        if contract.status not in ADJUST_STATUSES:
            raise oem_error("id", "The contract is no longer open.", Code.INVALID_STATUS, status=contract.status)
        milestone.contract = contract
        return _milestone_done(milestone, actor=actor, note=(note or "").strip())


# --- sample ------------------------------------------------------------------------------------


def sample_review(*, contract_id, decision: str, comments: str = "", actor: Actor = SYSTEM) -> SampleReview:
    """The client approves or rejects the pre-production sample (rejecting says why)."""
    comments = (comments or "").strip()
    decision = getattr(decision, "value", decision)
    if decision not in SampleDecision.values:
        raise oem_error("decision", "Approve or reject the sample.", Code.INVALID)
    with transaction.atomic():
        contract = contract_lock(contract_id)
        if contract.sample_status == SampleStatus.NOT_REQUIRED:
            raise oem_error("contract", "This contract has no sample to review.", Code.SAMPLE_NOT_REQUIRED)
        if contract.sample_status == SampleStatus.APPROVED or contract.status not in ADJUST_STATUSES:
            raise oem_error("contract", "The sample can no longer be reviewed.", Code.INVALID_STATUS,
                            sample_status=contract.sample_status, status=contract.status)
        if decision == SampleDecision.REJECTED and not comments:
            raise oem_error("comments", "Say what is wrong with the sample.", Code.REQUIRED)
        review = SampleReview.objects.create(contract=contract, decision=decision, comments=comments,
                                             reviewed_by=actor.user_or_none, token=actor.token)
        contract.sample_status = SampleStatus.APPROVED if decision == SampleDecision.APPROVED else SampleStatus.REJECTED
        contract.save(update_fields=["sample_status", "updated_at"])
        contract_audit(contract, "sample_reviewed", actor=actor, reason=comments, decision=decision, review=review.pk)
        if decision == SampleDecision.APPROVED:
            _milestone_reach(contract, MilestoneKind.SAMPLE_APPROVED, actor=actor)
        publish(OemSampleReviewed(contract_id=str(contract.pk), review_id=review.pk, decision=decision))
        return review


def _sample_ready(contract: Contract) -> None:
    if contract.sample_status not in (SampleStatus.APPROVED, SampleStatus.NOT_REQUIRED):
        raise oem_error("contract", "The client has not approved the sample yet.", Code.SAMPLE_NOT_APPROVED)


# --- production --------------------------------------------------------------------------------


def _work_allowed(allocation: Allocation) -> None:
    if allocation.status != AllocationStatus.ACCEPTED:
        raise oem_error("allocation", "Work is reported on accepted allocations.", Code.INVALID_STATUS,
                        status=allocation.status)
    if allocation.contract.status not in WORK_STATUSES:
        raise oem_error("allocation", "The contract is not in production.", Code.INVALID_STATUS,
                        status=allocation.contract.status)


def production_report(*, allocation_id, quantity_done: int, note: str = "", user=None) -> ProductionReport:
    """The group's running total of units made; the allocation's whole quantity completes PRODUCTION_DONE."""
    with transaction.atomic():
        allocation = allocation_lock(allocation_id)
        _work_allowed(allocation)
        _sample_ready(allocation.contract)
        if (not isinstance(quantity_done, int) or isinstance(quantity_done, bool)
                or not allocation.quantity_passed <= quantity_done <= allocation.quantity):
            raise oem_error("quantity_done", f"Report between {allocation.quantity_passed} (already passed "
                            f"inspection) and {allocation.quantity} units.", Code.INVALID_QUANTITY,
                            minimum=allocation.quantity_passed, maximum=allocation.quantity)
        actor = Actor(user=user)
        previous = allocation.quantity_done
        allocation.quantity_done = quantity_done
        allocation.save(update_fields=["quantity_done", "updated_at"])
        report = ProductionReport.objects.create(allocation=allocation, quantity_done=quantity_done,
                                                 note=(note or "").strip(), reported_by=actor.user_or_none)
        contract_audit(allocation.contract, "production_reported", actor=actor, allocation=str(allocation.pk),
                       group=str(allocation.group_id), quantity_done=quantity_done, previous=previous)
        if quantity_done == allocation.quantity:
            _milestone_reach(allocation.contract, MilestoneKind.PRODUCTION_DONE, actor=actor, allocation=allocation)
        return report


# --- quality -------------------------------------------------------------------------------------


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise oem_error(field, "Not a number.", Code.INVALID) from None
    if not number.is_finite():
        raise oem_error(field, "Not a number.", Code.INVALID)
    return number


def _check_row(check: CheckInput) -> InspectionCheck:
    name = (check.name or "").strip()
    if not name:
        raise oem_error("checks", "Name each check.", Code.REQUIRED)
    kind = getattr(check.kind, "value", check.kind)  # a string, or an enum member from the API
    if kind == CheckKind.MEASURE:
        low, high = _decimal(check.min_value, "min_value"), _decimal(check.max_value, "max_value")
        measured = _decimal(check.measured_value, "measured_value")
        if measured is None or (low is None and high is None):
            raise oem_error("checks", f"{name}: give the measurement and at least one bound.", Code.REQUIRED,
                            check=name)
        if low is not None and high is not None and low > high:
            raise oem_error("checks", f"{name}: the minimum is above the maximum.", Code.INVALID, check=name)
        passed = (low is None or low <= measured) and (high is None or measured <= high)
        return InspectionCheck(name=name[:200], kind=CheckKind.MEASURE, unit=(check.unit or "")[:20], min_value=low,
                               max_value=high, measured_value=measured, passed=passed)
    if kind == CheckKind.PASS_FAIL:
        if check.passed is None:
            raise oem_error("checks", f"{name}: say whether it passed.", Code.REQUIRED, check=name)
        return InspectionCheck(name=name[:200], kind=CheckKind.PASS_FAIL, unit=(check.unit or "")[:20],
                               passed=bool(check.passed))
    raise oem_error("checks", f"{name}: a check is a measurement or pass / fail.", Code.INVALID, check=name)


def _fully_passed(contract: Contract) -> bool:
    live = list(contract.allocations.filter(status__in=LIVE).values_list("status", "quantity", "quantity_passed"))
    return bool(live) and all(
        status == AllocationStatus.ACCEPTED and passed >= quantity for status, quantity, passed in live
    ) and sum(quantity for _status, quantity, _passed in live) >= contract.quantity


def inspection_record(*, allocation_id, batch_quantity: int, sample_size: int, checks: list[CheckInput],
                      photos=(), note: str = "", actor: Actor = SYSTEM) -> Inspection:
    """Staff inspect a sample of a batch of one group's made units.

    The contract moves to quality check first (when in production or partially
    delivered).  Passed: the batch counts as passed (QUALITY_PASSED once every live
    allocation has passed in full).  Failed: the batch goes back to production.
    """
    with transaction.atomic():
        allocation = allocation_lock(allocation_id)
        _work_allowed(allocation)
        if not checks:
            raise oem_error("checks", "Record at least one check.", Code.REQUIRED)
        rows = [_check_row(check) for check in checks]
        waiting = allocation.quantity_done - allocation.quantity_passed
        if (not isinstance(batch_quantity, int) or isinstance(batch_quantity, bool)
                or not 0 < batch_quantity <= waiting):
            raise oem_error("batch_quantity", f"{waiting} made units wait for inspection.", Code.INVALID_QUANTITY,
                            maximum=waiting)
        if (not isinstance(sample_size, int) or isinstance(sample_size, bool)
                or not 0 < sample_size <= batch_quantity):
            raise oem_error("sample_size", "The sample is between 1 unit and the whole batch.", Code.INVALID_QUANTITY,
                            maximum=batch_quantity)
        uploads = [upload_check(photo, field="photos", images_only=True) for photo in photos]
        contract = allocation.contract
        if contract.status != S.QUALITY_CHECK:
            contract = contract_status_change(contract_id=contract.pk, to_status=S.QUALITY_CHECK, actor=actor,
                                              reason="Inspection", allocation=str(allocation.pk))
            allocation.contract = contract
        passed = all(row.passed for row in rows)
        inspection = Inspection.objects.create(
            contract=contract, allocation=allocation, batch_quantity=batch_quantity, sample_size=sample_size,
            result=InspectionResult.PASSED if passed else InspectionResult.FAILED, note=(note or "").strip(),
            inspector=actor.user_or_none,
        )
        for row in rows:
            row.inspection = inspection
        InspectionCheck.objects.bulk_create(rows)
        for checked in uploads:
            photo = InspectionPhoto(inspection=inspection)
            photo.image.save(checked.name, checked.file, save=False)
            photo.save()
            transaction.on_commit(lambda name=photo.image.name: thumbnail_make(name))
        contract_audit(contract, "inspection_recorded", actor=actor, inspection=str(inspection.pk),
                       allocation=str(allocation.pk), group=str(allocation.group_id), batch=batch_quantity,
                       sample=sample_size, result=inspection.result)
        if passed:
            allocation.quantity_passed += batch_quantity
            allocation.save(update_fields=["quantity_passed", "updated_at"])
            if _fully_passed(contract):
                _milestone_reach(contract, MilestoneKind.QUALITY_PASSED, actor=actor)
        else:
            allocation.quantity_done -= batch_quantity
            allocation.save(update_fields=["quantity_done", "updated_at"])
            # The group's production is no longer done.
            Milestone.objects.filter(allocation=allocation, kind=MilestoneKind.PRODUCTION_DONE).update(
                completed_at=None, completed_by=None
            )
            contract = contract_status_change(contract_id=contract.pk, to_status=S.IN_PRODUCTION, actor=actor,
                                              reason="Inspection failed: the batch goes back to production.",
                                              inspection=str(inspection.pk))
        publish(OemInspectionRecorded(inspection_id=str(inspection.pk), result=inspection.result))
        return inspection


# --- shipments -----------------------------------------------------------------------------------


def _codes(error: ValidationError) -> set[str]:
    items = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return {item.code for errors in items for item in errors}


def shipment_create(*, contract_id, lines: list[tuple], carrier: str, tracking_number: str, delivery_note: str = "",
                    actor: Actor = SYSTEM) -> Shipment:
    """Send inspected units: ``lines`` are ``(allocation_id, quantity)``.  Posts each group's share
    of the units sent; the contract becomes partially delivered, or delivered once the shipped
    total reaches its quantity (then the balance is invoiced)."""
    carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
    with transaction.atomic():
        contract = contract_lock(contract_id)
        if contract.status not in SHIP_STATUSES:
            raise oem_error("contract", "Units are shipped after they pass inspection.", Code.INVALID_STATUS,
                            status=contract.status)
        if not carrier:
            raise oem_error("carrier", "Name the carrier.", Code.REQUIRED)
        if not tracking_number:
            raise oem_error("tracking_number", "Give the tracking number.", Code.REQUIRED)
        if not lines:
            raise oem_error("lines", "Ship at least one group's units.", Code.REQUIRED)
        wanted: dict[str, int] = {}
        for allocation_id, quantity in lines:
            if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
                raise oem_error("quantity", "Each line ships a whole number of units above zero.",
                                Code.INVALID_QUANTITY, allocation=str(allocation_id))
            wanted[str(allocation_id)] = wanted.get(str(allocation_id), 0) + quantity
        try:
            allocations = list(
                contract.allocations.select_for_update().filter(pk__in=list(wanted)).order_by("pk")
            )
        except ValidationError:  # a malformed id (not a UUID)
            raise oem_error("lines", "No such allocation in this contract.", Code.NOT_FOUND) from None
        if len(allocations) != len(wanted):
            raise oem_error("lines", "No such allocation in this contract.", Code.NOT_FOUND)
        for allocation in allocations:
            quantity = wanted[str(allocation.pk)]
            ready = allocation.quantity_passed - allocation.quantity_shipped
            if quantity > ready:
                raise oem_error("quantity", f"{ready} of the group's units passed inspection and wait to be shipped.",
                                Code.NOT_INSPECTED, allocation=str(allocation.pk), available=ready)
        shipped_before = contract.allocations.aggregate(total=Sum("quantity_shipped"))["total"] or 0
        shipped = shipped_before + sum(wanted.values())
        if shipped > contract.max_deliverable:
            raise oem_error("lines", f"The contract allows {contract.max_deliverable} units in all; "
                            f"{shipped_before} were shipped.", Code.OVER_DELIVERY, maximum=contract.max_deliverable,
                            shipped=shipped_before, requested=sum(wanted.values()))
        from .settlement import producer_share_post

        number = (contract.shipments.aggregate(last=Max("number"))["last"] or 0) + 1
        shipment = Shipment.objects.create(contract=contract, number=number, carrier=carrier[:100],
                                           tracking_number=tracking_number[:255],
                                           delivery_note=(delivery_note or "").strip()[:100],
                                           created_by=actor.user_or_none)
        ShipmentLine.objects.bulk_create(
            ShipmentLine(shipment=shipment, allocation=allocation, quantity=wanted[str(allocation.pk)])
            for allocation in allocations
        )
        for allocation in allocations:
            quantity = wanted[str(allocation.pk)]
            allocation.quantity_shipped += quantity
            allocation.save(update_fields=["quantity_shipped", "updated_at"])
            producer_share_post(allocation=allocation, quantity=quantity, key=f"shipment:{shipment.pk}", actor=actor)
        contract_audit(contract, "shipment_sent", actor=actor, shipment=str(shipment.pk), number=number,
                       quantity=sum(wanted.values()), shipped=shipped, carrier=carrier,
                       tracking_number=tracking_number)
        if shipped >= contract.quantity:
            contract = contract_status_change(contract_id=contract.pk, to_status=S.DELIVERED, actor=actor,
                                              reason=f"Shipment {number}", shipment=str(shipment.pk))
            _milestone_reach(contract, MilestoneKind.DELIVERED, actor=actor)
            from .invoices import balance_invoice_issue

            try:
                with transaction.atomic():
                    balance_invoice_issue(contract=contract, actor=actor)
            except ValidationError as error:
                # A deposit of 100 % leaves no balance to bill; anything else is a real refusal.
                if Code.NOTHING_TO_INVOICE.value not in _codes(error):
                    raise
        elif contract.status != S.PARTIALLY_DELIVERED:
            contract = contract_status_change(contract_id=contract.pk, to_status=S.PARTIALLY_DELIVERED, actor=actor,
                                              reason=f"Shipment {number}", shipment=str(shipment.pk))
        publish(OemShipmentSent(shipment_id=str(shipment.pk)))
        return shipment
