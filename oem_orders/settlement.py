"""OEM money in the fair-trade ledger (decision 0015, "Money"), debit positive.

* An invoice paid: ``bank + (total - fee)``, ``payment_fees + fee`` (card only),
  ``vat_payable - vat``, ``oem_sales - subtotal``; key ``oem_invoice:<id>:paid``.
* A group's share of units delivered (or made, on a cancellation the producers
  did not cause): ``oem_sales + (share + premium)``, ``producer_payable(group) -
  share``, ``group_fund_payable(group) - premium``; reference ``oem_allocation``;
  key ``oem_allocation:<id>:<key>`` (the shipment, or ``cancellation``).  No sold
  line: statements pay these entries when they are recorded (fairtrade.payouts).

Every posting goes through ``fairtrade.ledger.journal_post`` with an idempotency
key, so a replayed call posts nothing new.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fairtrade.ledger import Line, journal_exists, journal_post
from fairtrade.models import Account, JournalKind, LedgerJournal, ReferenceType
from fairtrade.sales import fee_percent
from shop.core.money import quantize

from .actors import SYSTEM, Actor
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .models import Allocation, AllocationStatus, Contract, Invoice

CARD_GATEWAY_ID = "homenet.payments.stripe"  # shop.payment.gateways.STRIPE_GATEWAY_ID


def _actor_name(actor: Actor | None) -> str:
    return str(actor or SYSTEM)


def card_fee(amount: Decimal, currency: str) -> Decimal:
    """What the card processor keeps of ``amount`` (the rate the shop's sales use for Stripe)."""
    return quantize(amount * fee_percent(CARD_GATEWAY_ID) / Decimal(100), currency)


def invoice_payment_key(invoice: Invoice) -> str:
    return f"oem_invoice:{invoice.pk}:paid"


def invoice_payment_post(invoice: Invoice, *, fee: Decimal = Decimal(0), actor: Actor | None = None,
                         occurred_at=None) -> LedgerJournal | None:
    """Post an invoice's payment once; None when it was posted already."""
    key = invoice_payment_key(invoice)
    if journal_exists(key):
        return None
    currency = invoice.currency
    fee = quantize(Decimal(fee), currency)
    lines = [
        Line(Account.BANK, invoice.total - fee),
        Line(Account.PAYMENT_FEES, fee),
        Line(Account.VAT_PAYABLE, -invoice.vat_amount),
        Line(Account.OEM_SALES, -invoice.subtotal),
    ]
    return journal_post(
        key=key, kind=JournalKind.OEM_INVOICE_PAYMENT, reference_type=ReferenceType.OEM_INVOICE,
        reference_id=invoice.pk, currency=currency, lines=lines, memo=f"Invoice {invoice.number} paid",
        actor=_actor_name(actor), occurred_at=occurred_at or invoice.paid_at or timezone.now(),
    )


def producer_share_amounts(allocation: Allocation, quantity: int, currency: str) -> tuple[Decimal, Decimal]:
    """(share, premium) of ``quantity`` units of an allocation."""
    share = quantize(allocation.producer_unit_price * quantity, currency)
    premium = quantize(share * allocation.premium_percent / Decimal(100), currency)
    return share, premium


def producer_share_post(*, allocation: Allocation, quantity: int, key: str, actor: Actor | None = None
                        ) -> LedgerJournal | None:
    """Post a group's share (and fair-trade premium) of ``quantity`` units of an allocation.

    ``key`` names what the units are (a shipment's id, ``cancellation``); the same
    key again posts nothing and returns None, as does a quantity of 0.  Locks the
    allocation row and adds ``quantity`` to ``quantity_paid``; paying more units
    than the allocation has is INVALID_QUANTITY (nothing written).
    """
    if quantity < 0:
        raise oem_error("quantity", "A quantity cannot be negative.", Code.INVALID_QUANTITY)
    journal_key = f"oem_allocation:{allocation.pk}:{key}"
    with transaction.atomic():
        locked = Allocation.objects.select_for_update(of=("self",)).select_related("contract").get(pk=allocation.pk)
        if quantity == 0 or journal_exists(journal_key):
            return None
        if locked.quantity_paid + quantity > locked.quantity:
            raise oem_error(
                "quantity", f"Only {locked.quantity - locked.quantity_paid} units of this allocation are unpaid.",
                Code.INVALID_QUANTITY, unpaid=locked.quantity - locked.quantity_paid,
            )
        currency = locked.contract.currency
        share, premium = producer_share_amounts(locked, quantity, currency)
        journal = journal_post(
            key=journal_key, kind=JournalKind.OEM_PRODUCER_SHARE, reference_type=ReferenceType.OEM_ALLOCATION,
            reference_id=locked.pk, currency=currency,
            lines=[
                Line(Account.OEM_SALES, share + premium),
                Line(Account.PRODUCER_PAYABLE, -share, locked.group_id),
                Line(Account.GROUP_FUND_PAYABLE, -premium, locked.group_id),
            ],
            memo=f"{locked.contract.number}: {quantity} units ({key})", actor=_actor_name(actor),
        )
        locked.quantity_paid += quantity
        locked.save(update_fields=["quantity_paid", "updated_at"])
        allocation.quantity_paid = locked.quantity_paid
        return journal


def capacity_release(allocation: Allocation) -> None:
    """Give back the weekly capacity an allocation claimed."""
    from cooperatives import capacity

    reference = f"oem_allocation:{allocation.pk}"
    release = getattr(capacity, "reference_release", None)
    if release is not None:
        release(reference=reference)
        return
    from cooperatives.models import CapacityClaim

    CapacityClaim.objects.filter(reference=reference).delete()


def work_done_settle(*, contract: Contract, actor: Actor | None = None) -> list[LedgerJournal]:
    """A contract cancelled without the producers' fault: pay each accepted allocation for the
    units made and not paid yet (key ``cancellation``), cancel every live allocation and give
    back its capacity.  Returns the journals posted (none on a replay)."""
    journals = []
    with transaction.atomic():
        allocations = list(
            Allocation.objects.select_for_update()
            .filter(contract_id=contract.pk, status__in=[AllocationStatus.PROPOSED, AllocationStatus.ACCEPTED])
            .order_by("pk")
        )
        for allocation in allocations:
            if allocation.status == AllocationStatus.ACCEPTED:
                unpaid = allocation.quantity_done - allocation.quantity_paid
                if unpaid > 0:
                    journal = producer_share_post(allocation=allocation, quantity=unpaid, key="cancellation",
                                                  actor=actor)
                    if journal is not None:
                        journals.append(journal)
            Allocation.objects.filter(pk=allocation.pk).update(status=AllocationStatus.CANCELLED,
                                                               updated_at=timezone.now())
            capacity_release(allocation)
    return journals
