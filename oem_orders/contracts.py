"""Contract status: one function over one transition table, an audit row and an event for every change.

    awaiting_deposit -> in_production -> quality_check -> partially_delivered -> delivered -> closed
                                   ^--- failed inspection ---/            |
    on_hold (from any open status, back to where it was) and cancelled (from any open status) beside.

Guards that hold whoever asks (staff by hand or a service):

* in_production from awaiting_deposit: the deposit invoice is paid (unless the deposit is 0 %);
* quality_check: the sample is approved (when one was wanted);
* closed: every invoice is paid and the delivered goods are invoiced (a balance invoice,
  or a deposit of 100 % that covered them);
* cancelled: a reason and who was at fault (``contract_cancel``, which also pays the
  groups for work done when the producers were not at fault, and invoices the client
  for that work when the client was).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from shop.core.events import publish

from .actors import SYSTEM, Actor
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .events import OemContractStatusChanged
from .models import (
    Allocation,
    AllocationStatus,
    CancellationFault,
    Contract,
    ContractEvent,
    InvoiceKind,
    InvoiceStatus,
    SampleStatus,
)
from .models import ContractStatus as S

OPEN = (S.AWAITING_DEPOSIT, S.IN_PRODUCTION, S.QUALITY_CHECK, S.PARTIALLY_DELIVERED)
TRANSITIONS: dict[str, set[str]] = {
    S.AWAITING_DEPOSIT: {S.IN_PRODUCTION, S.ON_HOLD, S.CANCELLED},
    S.IN_PRODUCTION: {S.QUALITY_CHECK, S.ON_HOLD, S.CANCELLED},
    S.QUALITY_CHECK: {S.IN_PRODUCTION, S.PARTIALLY_DELIVERED, S.DELIVERED, S.ON_HOLD, S.CANCELLED},
    S.PARTIALLY_DELIVERED: {S.IN_PRODUCTION, S.QUALITY_CHECK, S.DELIVERED, S.ON_HOLD, S.CANCELLED},
    S.DELIVERED: {S.CLOSED},
    S.ON_HOLD: {*OPEN, S.CANCELLED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}


def contract_audit(contract: Contract, type: str, *, actor: Actor = SYSTEM, from_status="", to_status="", reason="",
                   **parameters) -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract, type=type, from_status=from_status, to_status=to_status, reason=reason or "",
        parameters=parameters, **actor.audit(),
    )


def contract_lock(contract_id) -> Contract:
    try:
        return Contract.objects.select_for_update().get(pk=contract_id)
    except Contract.DoesNotExist:
        raise oem_error("id", "No such contract.", Code.NOT_FOUND) from None


def _guard(contract: Contract, to_status: str) -> None:
    if to_status == S.IN_PRODUCTION and contract.status == S.AWAITING_DEPOSIT and contract.deposit_percent > 0:
        paid = contract.invoices.filter(kind=InvoiceKind.DEPOSIT, status=InvoiceStatus.PAID).exists()
        if not paid:
            raise oem_error("status", "Production starts when the deposit is paid.", Code.DEPOSIT_NOT_PAID)
    if to_status == S.QUALITY_CHECK and contract.sample_status in (SampleStatus.PENDING, SampleStatus.REJECTED):
        raise oem_error("status", "The client has not approved the sample yet.", Code.SAMPLE_NOT_APPROVED)
    if to_status == S.CLOSED:
        invoices = contract.invoices.exclude(status=InvoiceStatus.VOID)
        if invoices.exclude(status=InvoiceStatus.PAID).exists() or not _delivered_goods_invoiced(contract, invoices):
            raise oem_error("status", "A contract closes when its balance is invoiced and every invoice is paid.",
                            Code.INVOICES_UNPAID)


def _delivered_goods_invoiced(contract: Contract, invoices) -> bool:
    """The balance is invoiced, or there is none to invoice (a deposit of 100 % covered the delivery)."""
    if invoices.filter(kind=InvoiceKind.BALANCE).exists():
        return True
    shipped = contract.allocations.aggregate(units=Sum("quantity_shipped"))["units"] or 0
    delivered_value = contract.unit_price * min(shipped, contract.max_deliverable)
    invoiced = invoices.aggregate(total=Sum("subtotal"))["total"] or Decimal(0)
    return shipped > 0 and invoiced >= delivered_value


def contract_status_change(*, contract_id, to_status: str, actor: Actor = SYSTEM, reason: str = "",
                           **parameters) -> Contract:
    """Move a contract to ``to_status``: INVALID_STATUS when the table (or a hold) does not allow it,
    or a guard's code (above).  Locks the row; writes a ``ContractEvent``; publishes
    ``OemContractStatusChanged`` (webhooks and notifications follow from it)."""
    if to_status not in S.values:
        raise oem_error("status", f"Unknown status {to_status!r}.", Code.INVALID)
    with transaction.atomic():
        contract = contract_lock(contract_id)
        from_status = contract.status
        allowed = TRANSITIONS[from_status]
        if from_status == S.ON_HOLD and to_status != S.CANCELLED:
            allowed = {contract.status_before_hold}
        if to_status not in allowed:
            raise oem_error(
                "status", f"A contract that is {S(from_status).value.replace('_', ' ')} cannot become {S(to_status).value.replace('_', ' ')}.",
                Code.INVALID_STATUS, from_status=from_status, to_status=to_status,
            )
        if to_status == S.CANCELLED and not contract.cancellation_fault:
            raise oem_error("fault", "Use contract_cancel: say why and who was at fault.", Code.REQUIRED)
        _guard(contract, to_status)
        contract.status_before_hold = from_status if to_status == S.ON_HOLD else ""
        contract.status = to_status
        fields = ["status", "status_before_hold", "updated_at"]
        if to_status == S.CLOSED:
            contract.closed_at = timezone.now()
            fields.append("closed_at")
        contract.save(update_fields=fields)
        event = contract_audit(contract, "status_changed", actor=actor, from_status=from_status, to_status=to_status,
                               reason=reason, **parameters)
        publish(OemContractStatusChanged(contract_id=str(contract.pk), event_id=event.pk, from_status=from_status,
                                         to_status=to_status))
        return contract


def contract_cancel(*, contract_id, fault: str, reason: str, actor: Actor = SYSTEM) -> Contract:
    """Cancel an open (or held) contract.  Unless the producers were at fault, each group is
    paid for the units it had made (``oem_orders.settlement.work_done_settle``).  Either way the
    live allocations are cancelled and give their capacity back."""
    from .invoices import cancellation_invoice_issue
    from .settlement import capacity_release, work_done_settle

    if fault not in CancellationFault.values:
        raise oem_error("fault", "Say who was at fault: client, producers or none.", Code.INVALID)
    if not (reason or "").strip():
        raise oem_error("reason", "Say why the contract is cancelled.", Code.REQUIRED)
    with transaction.atomic():
        contract = contract_lock(contract_id)
        if S.CANCELLED not in TRANSITIONS[contract.status]:
            raise oem_error("status", f"A contract that is {S(contract.status).value.replace('_', ' ')} cannot be cancelled.",
                            Code.INVALID_STATUS, from_status=contract.status, to_status=S.CANCELLED)
        contract.cancellation_fault, contract.cancellation_reason = fault, reason.strip()
        contract.save(update_fields=["cancellation_fault", "cancellation_reason", "updated_at"])
        contract = contract_status_change(contract_id=contract.pk, to_status=S.CANCELLED, actor=actor,
                                          reason=reason.strip(), fault=fault)
        if fault != CancellationFault.PRODUCERS:
            work_done_settle(contract=contract, actor=actor)
        if fault == CancellationFault.CLIENT:
            # The client pays for the work done, less what it was already invoiced.
            cancellation_invoice_issue(contract=contract, actor=actor)
        else:
            # Nothing is paid, but the groups' capacity must not stay promised to a cancelled contract.
            live = Allocation.objects.select_for_update().filter(
                contract_id=contract.pk, status__in=[AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED]
            ).order_by("pk")
            for allocation in live:
                Allocation.objects.filter(pk=allocation.pk).update(status=AllocationStatus.CANCELLED,
                                                                   updated_at=timezone.now())
                capacity_release(allocation)
        return contract
