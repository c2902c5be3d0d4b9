"""Helpers of the allocation, production and contract tests: rows written directly, write counters, events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cooperatives.models import CapacityClaim
from fairtrade.models import Advance, LedgerJournal
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    ContractEvent,
    Inspection,
    InspectionCheck,
    InspectionPhoto,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    Milestone,
    ProductionReport,
    SampleReview,
    Shipment,
    ShipmentLine,
)
from shop.core.events import event_name
from shop.core.models import EventOutbox

WRITTEN = (
    Allocation, CapacityClaim, Milestone, ContractEvent, EventOutbox, Advance, LedgerJournal, SampleReview,
    ProductionReport, Inspection, InspectionCheck, InspectionPhoto, Shipment, ShipmentLine, Invoice,
)


def counts() -> dict[str, int]:
    """How many rows each table the services write holds (compare before / after a refusal)."""
    return {model.__name__: model.objects.count() for model in WRITTEN}


def published(event_type) -> list[dict]:
    """Payloads of the events of ``event_type`` in the outbox, oldest first."""
    return list(
        EventOutbox.objects.filter(event_type=event_name(event_type)).order_by("created_at").values_list("payload", flat=True)
    )


def error_code(error) -> str:
    """The code of a (one-field) ValidationError."""
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.error_list[0].code


def error_params(error) -> dict:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].params or {}
    return error.error_list[0].params or {}


def make_allocation(contract, group, quantity, *, status=AllocationStatus.ACCEPTED, done=0, passed=0, shipped=0,
                    price="150.00", premium="10", offer=None) -> Allocation:
    """An allocation written directly (no capacity claim), with its two milestones."""
    ready_by = contract.delivery_date - timedelta(days=7)
    allocation = Allocation.objects.create(
        contract=contract, group=group, offer=offer, quantity=quantity, quantity_done=done, quantity_passed=passed,
        quantity_shipped=shipped, status=status, materials_cost=Decimal("40"), labour_minutes=Decimal("120"),
        producer_unit_price=Decimal(price), premium_percent=Decimal(premium), floor_unit_price=Decimal("129.25"),
        ready_by=ready_by,
    )
    today = timezone.localdate()
    Milestone.objects.create(contract=contract, allocation=allocation, kind="materials_ready",
                             due_date=today + timedelta(days=10))
    Milestone.objects.create(contract=contract, allocation=allocation, kind="production_done", due_date=ready_by)
    return allocation


def make_invoice(contract, kind=InvoiceKind.DEPOSIT, *, status=InvoiceStatus.ISSUED, subtotal="1000.00") -> Invoice:
    """An invoice row written directly (the invoices service's own tests cover how one is issued)."""
    subtotal = Decimal(subtotal)
    vat = (subtotal * Decimal("0.07")).quantize(Decimal("0.01"))
    today = timezone.localdate()
    number = f"INV-T-{Invoice.objects.count() + 1:05d}-{str(contract.pk)[:6]}"
    return Invoice.objects.create(
        contract=contract, kind=kind, number=number, status=status, issue_date=today,
        due_date=today + timedelta(days=15), seller_name="HomeNet", seller_tax_id="0105563000000",
        seller_branch="00000", seller_address="Bangkok", buyer_name=contract.client.name, subtotal=subtotal,
        vat_rate=Decimal("7.00"), vat_amount=vat, total=subtotal + vat,
        paid_at=timezone.now() if status == InvoiceStatus.PAID else None,
        payment_method="bank_transfer" if status == InvoiceStatus.PAID else "",
    )
