"""Ledger postings of OEM money: invoices paid, the groups' shares, work done on a cancellation."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperatives.models import CapacityClaim
from fairtrade.ledger import balance, group_balances
from fairtrade.models import Account, LedgerEntry, LedgerJournal
from oem_orders import invoices, settlement
from oem_orders.actors import Actor
from oem_orders.contracts import contract_cancel
from oem_orders.models import AllocationStatus, ContractStatus, InvoiceStatus
from tests.factories.cooperatives import create_offer
from tests.factories.oem import create_contract, create_oem_client
from tests.oem_orders.test_invoices import allocate, error_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(variant):
    return create_contract(create_oem_client(), variant, quantity=500, unit_price="100.00", deposit_percent="30",
                           status=ContractStatus.IN_PRODUCTION)


def entries(journal) -> dict:
    return {(e.account, e.group_id): e.amount for e in LedgerEntry.objects.filter(journal=journal)}


def test_card_payment_books_the_fee(contract, settings):
    settings.FAIRTRADE_PAYMENT_FEE_PERCENT = {"homenet.payments.stripe": "3.65", "default": "0"}
    contract.status = ContractStatus.AWAITING_DEPOSIT
    contract.save()
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())  # 16,050.00
    invoice.status, invoice.paid_at = InvoiceStatus.PAID, timezone.now()

    journal = settlement.invoice_payment_post(invoice, fee=settlement.card_fee(invoice.total, "THB"))
    again = settlement.invoice_payment_post(invoice, fee=Decimal("1"))

    # 16,050 x 3.65 % = 585.825 -> 585.83
    assert entries(journal) == {("bank", None): Decimal("15464.17"), ("payment_fees", None): Decimal("585.83"),
                                ("vat_payable", None): Decimal("-1050.00"), ("oem_sales", None): Decimal("-15000.00")}
    assert journal.reference_type == "oem_invoice" and journal.reference_id == str(invoice.pk)
    assert again is None and LedgerJournal.objects.count() == 1


def test_producer_share_posts_share_and_premium_once_per_key(contract, groups):
    allocation = allocate(contract, groups[0], quantity=300, done=300, shipped=120, price="61.35", premium="10")

    journal = settlement.producer_share_post(allocation=allocation, quantity=120, key="shipment-1", actor=Actor())
    replay = settlement.producer_share_post(allocation=allocation, quantity=120, key="shipment-1", actor=Actor())

    # share 120 x 61.35 = 7,362.00; premium 736.20
    assert entries(journal) == {("oem_sales", None): Decimal("8098.20"),
                                ("producer_payable", groups[0].pk): Decimal("-7362.00"),
                                ("group_fund_payable", groups[0].pk): Decimal("-736.20")}
    assert (journal.reference_type, journal.reference_id, journal.idempotency_key) == (
        "oem_allocation", str(allocation.pk), f"oem_allocation:{allocation.pk}:shipment-1")
    assert journal.kind == "oem_producer_share"
    assert replay is None
    allocation.refresh_from_db()
    assert allocation.quantity_paid == 120
    assert LedgerJournal.objects.count() == 1


def test_paying_more_units_than_the_allocation_is_refused_and_nothing_is_written(contract, groups):
    allocation = allocate(contract, groups[0], quantity=100, done=100, shipped=100)
    settlement.producer_share_post(allocation=allocation, quantity=80, key="s1", actor=Actor())

    with pytest.raises(ValidationError) as error:
        settlement.producer_share_post(allocation=allocation, quantity=21, key="s2", actor=Actor())
    with pytest.raises(ValidationError) as negative:
        settlement.producer_share_post(allocation=allocation, quantity=-1, key="s3", actor=Actor())

    assert error_code(error.value) == "INVALID_QUANTITY" and error_code(negative.value) == "INVALID_QUANTITY"
    allocation.refresh_from_db()
    assert allocation.quantity_paid == 80
    assert LedgerJournal.objects.count() == 1
    assert settlement.producer_share_post(allocation=allocation, quantity=0, key="s4", actor=Actor()) is None


def test_ledger_balances_per_group_after_shares_and_the_invoices(contract, groups):
    a = allocate(contract, groups[0], quantity=300, done=300, shipped=300, price="60.00", premium="10")
    b = allocate(contract, groups[1], quantity=200, done=200, shipped=200, price="55.50", premium="5")
    contract.status = ContractStatus.AWAITING_DEPOSIT
    contract.save()
    deposit = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    invoices.invoice_bank_transfer_record(invoice_id=deposit.pk, amount=deposit.total, reference="T1", actor=Actor())
    balance_invoice = invoices.balance_invoice_issue(contract=contract, actor=Actor())
    invoices.invoice_bank_transfer_record(invoice_id=balance_invoice.pk, amount=balance_invoice.total,
                                          reference="T2", actor=Actor())

    settlement.producer_share_post(allocation=a, quantity=200, key="shipment-1", actor=Actor())
    settlement.producer_share_post(allocation=a, quantity=100, key="shipment-2", actor=Actor())
    settlement.producer_share_post(allocation=b, quantity=200, key="shipment-2", actor=Actor())

    assert group_balances(groups[0].pk) == {"producer_payable": Decimal("18000.00"),
                                            "group_fund_payable": Decimal("1800.00"),
                                            "advances_outstanding": Decimal(0)}
    assert group_balances(groups[1].pk) == {"producer_payable": Decimal("11100.00"),
                                            "group_fund_payable": Decimal("555.00"),
                                            "advances_outstanding": Decimal(0)}
    # 50,000 invoiced net of VAT; the SE keeps 50,000 - 19,800 - 11,655
    assert balance(Account.OEM_SALES) == Decimal("-18545.00")
    assert balance(Account.VAT_PAYABLE) == Decimal("-3500.00")
    assert balance(Account.BANK) == Decimal("53500.00")
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0


def test_cancellation_not_caused_by_the_producers_pays_work_done(contract, groups, variant):
    offer = create_offer(groups[0], variant, weekly_capacity=100)
    made = allocate(contract, groups[0], quantity=300, done=180, passed=100, shipped=100, price="60.00")
    settlement.producer_share_post(allocation=made, quantity=100, key="shipment-1", actor=Actor())
    proposed = allocate(contract, groups[1], quantity=200, status=AllocationStatus.PROPOSED)
    declined = allocate(contract, groups[2], quantity=10, done=0, status=AllocationStatus.DECLINED)
    week = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    CapacityClaim.objects.create(offer=offer, reference=f"oem_allocation:{made.pk}", quantity=50, week=week)
    CapacityClaim.objects.create(offer=offer, reference=f"oem_allocation:{proposed.pk}", quantity=50,
                                 week=week + timedelta(days=7))

    contract_cancel(contract_id=contract.pk, fault="client", reason="The brand closed the line", actor=Actor())

    journal = LedgerJournal.objects.get(idempotency_key=f"oem_allocation:{made.pk}:cancellation")
    assert entries(journal) == {("oem_sales", None): Decimal("5280.00"),
                                ("producer_payable", groups[0].pk): Decimal("-4800.00"),
                                ("group_fund_payable", groups[0].pk): Decimal("-480.00")}
    made.refresh_from_db(), proposed.refresh_from_db(), declined.refresh_from_db()
    assert (made.status, made.quantity_paid) == (AllocationStatus.CANCELLED, 180)
    assert proposed.status == AllocationStatus.CANCELLED and proposed.quantity_paid == 0
    assert declined.status == AllocationStatus.DECLINED
    assert CapacityClaim.objects.filter(reference__startswith="oem_allocation:").count() == 0
    assert group_balances(groups[0].pk)["producer_payable"] == Decimal("10800.00")
    assert settlement.work_done_settle(contract=contract, actor=Actor()) == []


def test_cancellation_caused_by_the_producers_pays_nothing_more(contract, groups):
    made = allocate(contract, groups[0], quantity=300, done=180, passed=100, shipped=100)

    contract_cancel(contract_id=contract.pk, fault="producers", reason="Could not keep the quality", actor=Actor())

    assert LedgerJournal.objects.count() == 0
    made.refresh_from_db()
    assert made.quantity_paid == 0
