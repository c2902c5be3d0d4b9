"""Reads for the manager's OEM pages: the pipeline by status, late milestones, and what each
contract brought in and passed on to the producer groups.

Read-only selectors; each runs a fixed number of queries whatever the number of
contracts (the pages list every contract).  Amounts exclude VAT, in THB.

Where the groups' money is found (decision 0015): the settlement postings credit
``producer_payable`` (share) and ``group_fund_payable`` (premium) of the group, in
journals whose ``reference_type`` is ``oem_allocation`` and ``reference_id`` the
allocation's id; advances are ``fairtrade.Advance`` rows with the same reference.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone

from fairtrade.models import Account, Advance, LedgerEntry, ReferenceType

from .models import (
    Allocation,
    AllocationStatus,
    Contract,
    ContractStatus,
    InvoiceStatus,
    Milestone,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
SHARE_ACCOUNTS = (Account.PRODUCER_PAYABLE, Account.GROUP_FUND_PAYABLE)
# Milestones of these contracts will never be completed: they are not "late".
ENDED = (ContractStatus.CLOSED, ContractStatus.CANCELLED)
MONEY = DecimalField(max_digits=20, decimal_places=3)


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


# --- pipeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineRow:
    status: str
    label: str
    count: int
    value: Decimal  # the contracts' value, excluding VAT


def contract_pipeline() -> list[PipelineRow]:
    """One row per contract status, in the order of the workflow (statuses without contracts: 0)."""
    value = ExpressionWrapper(F("unit_price") * F("quantity"), output_field=MONEY)
    found = {
        row["status"]: row
        for row in Contract.objects.order_by().values("status").annotate(count=Count("pk"), value=Sum(value))
    }
    return [
        PipelineRow(status=status.value, label=str(status.label), count=found.get(status, {}).get("count", 0),
                    value=_money(found.get(status, {}).get("value")))
        for status in ContractStatus
    ]


# --- late milestones -----------------------------------------------------------------------


@dataclass(frozen=True)
class LateMilestone:
    milestone: Milestone
    contract_id: object
    contract_number: str
    client: str
    kind: str
    group: object  # cooperatives.ProducerGroup, or None for a milestone of the whole contract
    due_date: dt.date
    days_late: int


def late_milestones(today: dt.date | None = None) -> list[LateMilestone]:
    """Milestones not completed and due before ``today`` (Bangkok), the latest first.

    Left out: milestones of closed or cancelled contracts, and of allocations the
    group declined or that were cancelled (nobody will complete those)."""
    today = today or timezone.localdate()
    milestones = (
        Milestone.objects.filter(completed_at__isnull=True, due_date__lt=today)
        .exclude(contract__status__in=ENDED)
        .exclude(allocation__status__in=(AllocationStatus.DECLINED, AllocationStatus.CANCELLED))
        .select_related("contract__client", "allocation__group")
        .order_by("due_date", "contract__number", "pk")
    )
    return [
        LateMilestone(
            milestone=milestone, contract_id=milestone.contract_id, contract_number=milestone.contract.number,
            client=milestone.contract.client.name, kind=milestone.get_kind_display(),
            group=milestone.allocation.group if milestone.allocation_id else None, due_date=milestone.due_date,
            days_late=(today - milestone.due_date).days,
        )
        for milestone in milestones
    ]


# --- economics per contract ---------------------------------------------------------------


@dataclass(frozen=True)
class ContractEconomics:
    contract: Contract
    number: str
    client: str
    status: str
    status_label: str
    value: Decimal  # quantity x unit price, excluding VAT
    invoiced: Decimal  # subtotals of the invoices issued (not void), excluding VAT
    paid: Decimal  # subtotals of the invoices paid
    group_share: Decimal  # credited to the groups: producer share + premium to group funds
    group_share_percent: Decimal | None  # of the invoiced amount; None before anything is invoiced
    advances: Decimal  # advances paid to the groups on the contract's allocations


def _contracts(contracts) -> QuerySet[Contract]:
    if contracts is None:
        return Contract.objects.all()
    if isinstance(contracts, QuerySet):
        return contracts
    return Contract.objects.filter(pk__in=[getattr(c, "pk", c) for c in contracts])


def contract_economics(contracts=None) -> list[ContractEconomics]:
    """Revenue, the groups' share and the advances of each contract (default: every contract),
    newest first.  Four queries, however many contracts: the contracts with their invoice
    sums, their allocations, the ledger grouped by allocation, the advances grouped by
    allocation."""
    invoices = Q(invoices__status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID))
    rows = list(
        _contracts(contracts).select_related("client").order_by("-created_at", "pk")
        .annotate(invoiced=Sum("invoices__subtotal", filter=invoices),
                  paid=Sum("invoices__subtotal", filter=Q(invoices__status=InvoiceStatus.PAID)))
    )
    if not rows:
        return []
    contract_of = {
        str(pk): contract_id
        for pk, contract_id in Allocation.objects.filter(contract__in=[c.pk for c in rows])
        .values_list("pk", "contract_id")
    }
    share: dict = defaultdict(Decimal)
    advances: dict = defaultdict(Decimal)
    if contract_of:
        credited = (
            LedgerEntry.objects.filter(journal__reference_type=ReferenceType.OEM_ALLOCATION,
                                       journal__reference_id__in=list(contract_of), account__in=SHARE_ACCOUNTS)
            .order_by().values("journal__reference_id").annotate(total=Sum("amount"))
        )
        for row in credited:  # credits are negative (debit positive)
            share[contract_of[row["journal__reference_id"]]] -= row["total"]
        paid_out = (
            Advance.objects.filter(reference_type=ReferenceType.OEM_ALLOCATION, reference_id__in=list(contract_of))
            .order_by().values("reference_id").annotate(total=Sum("amount"))
        )
        for row in paid_out:
            advances[contract_of[row["reference_id"]]] += row["total"]
    result = []
    for contract in rows:
        invoiced = _money(contract.invoiced)
        group_share = _money(share[contract.pk])
        result.append(ContractEconomics(
            contract=contract, number=contract.number, client=contract.client.name, status=contract.status,
            status_label=contract.get_status_display(), value=_money(contract.value), invoiced=invoiced,
            paid=_money(contract.paid), group_share=group_share,
            group_share_percent=_money(group_share * 100 / invoiced) if invoiced else None,
            advances=_money(advances[contract.pk]),
        ))
    return result


def economics_totals(rows: list[ContractEconomics]) -> dict:
    """The table's footer: sums of the money columns."""
    totals = {name: sum((getattr(row, name) for row in rows), ZERO)
              for name in ("value", "invoiced", "paid", "group_share", "advances")}
    totals["group_share_percent"] = (
        _money(totals["group_share"] * 100 / totals["invoiced"]) if totals["invoiced"] else None
    )
    return totals
