"""A small OEM book for the manager pages, the reports and the portal tests.

Rows are written directly (tests/factories/oem.py) and money through the ledger's
own ``journal_post`` and ``advance_pay``, so the expected figures are exact:

* ``running``: in production, 500 units at ฿100.00 (฿50,000.00); the first group makes
  300 at ฿45.00, the second 200.  Deposit invoice ฿25,000.00 paid, balance ฿25,000.00
  issued.  Posted shares: first group 200 units (฿9,000.00 + ฿900.00 premium), second
  100 units (฿4,500.00 + ฿450.00) = ฿14,850.00 (29.70 % of ฿50,000.00 invoiced).
  Advance to the first group: ฿6,750.00 (50 % of ฿13,500.00).
* ``waiting``: awaiting the deposit, 100 units at ฿120.00 (฿12,000.00), nothing invoiced.
* late: the first group's "materials ready" (3 days), ``waiting``'s "sample approved"
  (1 day); not late: a completed one, one due later, one of a declined allocation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fairtrade.advances import advance_pay
from fairtrade.ledger import Line, journal_post
from fairtrade.models import Account, JournalKind, ReferenceType
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    Contract,
    ContractStatus,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    Milestone,
    MilestoneKind,
)
from tests.factories.oem import create_contract, create_oem_client

_seq = itertools.count(1)


def create_allocation(contract, group, *, quantity, price="45.00", status=AllocationStatus.ACCEPTED, days=40,
                      **fields) -> Allocation:
    values = {"contract": contract, "group": group, "quantity": quantity, "producer_unit_price": Decimal(price),
              "premium_percent": Decimal("10"), "floor_unit_price": Decimal("30.00"), "status": status,
              "ready_by": timezone.localdate() + timedelta(days=days)}
    values.update(fields)
    return Allocation.objects.create(**values)


def create_invoice(contract, kind, subtotal, *, paid=False) -> Invoice:
    subtotal = Decimal(subtotal)
    vat = (subtotal * Decimal("0.07")).quantize(Decimal("0.01"))
    today = timezone.localdate()
    return Invoice.objects.create(
        contract=contract, kind=kind, number=f"INV-T-{next(_seq):05d}",
        status=InvoiceStatus.PAID if paid else InvoiceStatus.ISSUED, issue_date=today,
        due_date=today + timedelta(days=15), seller_name="HomeNet Thailand Brand", seller_tax_id="0105561000011",
        seller_branch="00000", seller_address="Bangkok", buyer_name=contract.client.name,
        buyer_tax_id=contract.client.tax_id, buyer_branch="00000", subtotal=subtotal, vat_rate=Decimal("7.00"),
        vat_amount=vat, total=subtotal + vat, paid_at=timezone.now() if paid else None,
    )


def post_share(allocation, units: int, *, key: str | None = None):
    """The group's share for ``units`` delivered units, as settlement posts it."""
    share = allocation.producer_unit_price * units
    premium = (share * allocation.premium_percent / 100).quantize(Decimal("0.01"))
    return journal_post(
        key=key or f"test:oem_share:{allocation.pk}:{next(_seq)}", kind=JournalKind.OEM_PRODUCER_SHARE,
        reference_type=ReferenceType.OEM_ALLOCATION, reference_id=allocation.pk, currency="THB",
        lines=[Line(Account.OEM_SALES, share + premium), Line(Account.PRODUCER_PAYABLE, -share, allocation.group_id),
               Line(Account.GROUP_FUND_PAYABLE, -premium, allocation.group_id)],
    )


def milestone(contract, kind, days, *, allocation=None, done=False) -> Milestone:
    return Milestone.objects.create(
        contract=contract, allocation=allocation, kind=kind, due_date=timezone.localdate() + timedelta(days=days),
        completed_at=timezone.now() if done else None,
    )


@dataclass
class Book:
    client: object
    running: Contract
    waiting: Contract
    first: Allocation
    second: Allocation
    late_materials: Milestone
    late_sample: Milestone


def oem_book(groups, variant) -> Book:
    client = create_oem_client("Siam Test Brands Co., Ltd.")
    running = create_contract(client, variant, quantity=500, unit_price="100.00", status=ContractStatus.IN_PRODUCTION)
    waiting = create_contract(client, variant, quantity=100, unit_price="120.00", sample_wanted=True)
    first = create_allocation(running, groups[0], quantity=300)
    second = create_allocation(running, groups[1], quantity=200)
    declined = create_allocation(waiting, groups[2], quantity=100, status=AllocationStatus.DECLINED)
    create_invoice(running, InvoiceKind.DEPOSIT, "25000.00", paid=True)
    create_invoice(running, InvoiceKind.BALANCE, "25000.00")
    post_share(first, 200)
    post_share(second, 100)
    advance_pay(group=groups[0], reference_type=ReferenceType.OEM_ALLOCATION, reference_id=first.pk,
                allocation_value=first.value)
    late_materials = milestone(running, MilestoneKind.MATERIALS_READY, -3, allocation=first)
    milestone(running, MilestoneKind.PRODUCTION_DONE, 10, allocation=second)
    milestone(running, MilestoneKind.DEPOSIT_PAID, -5, done=True)
    late_sample = milestone(waiting, MilestoneKind.SAMPLE_APPROVED, -1)
    milestone(waiting, MilestoneKind.MATERIALS_READY, -2, allocation=declined)
    return Book(client=client, running=running, waiting=waiting, first=first, second=second,
                late_materials=late_materials, late_sample=late_sample)
