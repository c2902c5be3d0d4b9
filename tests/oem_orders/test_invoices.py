"""Invoices: Thai tax-invoice fields, VAT, gap-free numbers, deposit / balance / cancellation, bank transfers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fairtrade.models import LedgerEntry, LedgerJournal
from oem_orders import invoices
from oem_orders.actors import Actor
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    ContractStatus,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Milestone,
    MilestoneKind,
    PaymentMethod,
)
from tests.factories.account import create_staff
from tests.factories.oem import create_contract, create_oem_client

pytestmark = pytest.mark.django_db


def error_code(error: ValidationError) -> str:
    return next(iter(error.error_dict.values()))[0].code if hasattr(error, "error_dict") else error.code


def allocate(contract, group, *, quantity, done=0, passed=None, shipped=0, price="60.00", premium="10",
             status=AllocationStatus.ACCEPTED) -> Allocation:
    return Allocation.objects.create(
        contract=contract, group=group, quantity=quantity, quantity_done=done,
        quantity_passed=done if passed is None else passed, quantity_shipped=shipped, status=status,
        producer_unit_price=Decimal(price), premium_percent=Decimal(premium), ready_by=timezone.localdate(),
    )


@pytest.fixture
def client_company(db):
    return create_oem_client("Siam Brand Co., Ltd.")


@pytest.fixture
def contract(client_company, variant):
    """500 units at 100.00 THB (ex VAT), 30 % deposit."""
    return create_contract(client_company, variant, quantity=500, unit_price="100.00", deposit_percent="30")


@pytest.fixture
def staff(db):
    return create_staff("accounts@homenet.example.com")


def written() -> dict:
    return {"invoices": Invoice.objects.count(), "lines": InvoiceLine.objects.count(),
            "journals": LedgerJournal.objects.count()}


def test_deposit_invoice_copies_the_tax_invoice_fields_and_adds_vat(contract, client_company, settings):
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    year = timezone.localdate().year
    assert invoice.number == f"INV-{year}-000001"
    assert (invoice.kind, invoice.status) == (InvoiceKind.DEPOSIT, InvoiceStatus.ISSUED)
    assert (invoice.subtotal, invoice.vat_rate, invoice.vat_amount, invoice.total) == (
        Decimal("15000.00"), Decimal("7.00"), Decimal("1050.00"), Decimal("16050.00"))
    assert invoice.issue_date == timezone.localdate()
    assert invoice.due_date == invoice.issue_date + timedelta(days=contract.invoice_due_days)
    assert (invoice.seller_name, invoice.seller_tax_id, invoice.seller_branch, invoice.seller_address) == (
        settings.OEM_SELLER["name"], settings.OEM_SELLER["tax_id"], settings.OEM_SELLER["branch"],
        settings.OEM_SELLER["address"])
    assert (invoice.buyer_name, invoice.buyer_tax_id, invoice.buyer_branch) == (
        "Siam Brand Co., Ltd.", client_company.tax_id, "00000")
    assert invoice.buyer_address.startswith("Siam Brand Co., Ltd.")
    [line] = invoice.lines.all()
    assert (line.quantity, line.unit_price, line.amount) == (Decimal(1), Decimal("15000.00"), Decimal("15000.00"))
    assert contract.events.filter(type="invoice_issued").count() == 1


def test_buyer_details_are_kept_when_the_client_changes_later(contract, client_company):
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    client_company.name = "Renamed Co., Ltd."
    client_company.save()

    invoice.refresh_from_db()
    assert invoice.buyer_name == "Siam Brand Co., Ltd."


def test_vat_rounds_half_up_to_satang(client_company, variant):
    contract = create_contract(client_company, variant, quantity=3, unit_price="33.35", deposit_percent="50")

    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    # 3 x 33.35 = 100.05; half = 50.025 -> 50.03; VAT 7 % = 3.5021 -> 3.50
    assert (invoice.subtotal, invoice.vat_amount, invoice.total) == (
        Decimal("50.03"), Decimal("3.50"), Decimal("53.53"))
    assert invoice.total == invoice.subtotal + invoice.vat_amount


def test_no_deposit_invoice_for_a_zero_deposit(client_company, variant):
    contract = create_contract(client_company, variant, deposit_percent="0")

    assert invoices.deposit_invoice_issue(contract=contract, actor=Actor()) is None
    assert written()["invoices"] == 0


def test_second_deposit_invoice_is_refused_and_nothing_is_written(contract):
    invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "ALREADY_INVOICED"
    assert written() == before


def test_deposit_invoice_needs_a_contract_awaiting_it(client_company, variant):
    contract = create_contract(client_company, variant, status=ContractStatus.IN_PRODUCTION)

    with pytest.raises(ValidationError) as error:
        invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "INVALID_STATUS"
    assert written()["invoices"] == 0


def test_numbers_are_sequential_and_a_rolled_back_invoice_gives_its_number_back(client_company, variant):
    first = create_contract(client_company, variant)
    second = create_contract(client_company, variant)
    third = create_contract(client_company, variant)
    year = timezone.localdate().year

    a = invoices.deposit_invoice_issue(contract=first, actor=Actor())
    with pytest.raises(RuntimeError), transaction.atomic():
        invoices.deposit_invoice_issue(contract=second, actor=Actor())
        raise RuntimeError("the caller fails after issuing")
    b = invoices.deposit_invoice_issue(contract=third, actor=Actor())
    c = invoices.deposit_invoice_issue(contract=second, actor=Actor())

    assert [a.number, b.number, c.number] == [f"INV-{year}-{n:06d}" for n in (1, 2, 3)]


def test_balance_invoices_delivered_units_less_the_deposit(contract, groups):
    deposit = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    allocate(contract, groups[0], quantity=300, done=300, shipped=300)
    allocate(contract, groups[1], quantity=200, done=200, shipped=190)

    balance = invoices.balance_invoice_issue(contract=contract, actor=Actor())

    goods, less = balance.lines.all()
    assert (goods.quantity, goods.unit_price, goods.amount) == (Decimal(490), Decimal("100.00"), Decimal("49000.00"))
    assert less.amount == Decimal("-15000.00") and deposit.number in less.description
    assert less.description == f"Less deposit, invoice {deposit.number}"
    assert (balance.subtotal, balance.vat_amount, balance.total) == (
        Decimal("34000.00"), Decimal("2380.00"), Decimal("36380.00"))
    assert balance.subtotal == sum(line.amount for line in balance.lines.all())


def test_balance_is_capped_at_the_over_delivery_allowance(client_company, variant, groups):
    contract = create_contract(client_company, variant, quantity=100, deposit_percent="0", over_delivery_percent="5")
    allocation = allocate(contract, groups[0], quantity=100, done=100, shipped=100)
    allocate(contract, groups[1], quantity=20, done=20, shipped=20)  # 120 shipped, 105 may be billed
    assert allocation

    balance = invoices.balance_invoice_issue(contract=contract, actor=Actor())

    assert balance.lines.get().quantity == Decimal(105)
    assert balance.subtotal == Decimal("10500.00")


def test_balance_with_nothing_delivered_is_refused_and_nothing_is_written(contract, groups):
    invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    allocate(contract, groups[0], quantity=500, done=100)
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.balance_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "NOTHING_TO_INVOICE"
    assert written() == before


def test_balance_covered_by_the_deposit_is_nothing_to_invoice(contract, groups):
    invoices.deposit_invoice_issue(contract=contract, actor=Actor())  # 15,000
    allocate(contract, groups[0], quantity=500, done=150, shipped=150)  # 15,000 delivered
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.balance_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "NOTHING_TO_INVOICE"
    assert written() == before


def test_second_balance_invoice_is_refused(contract, groups):
    allocate(contract, groups[0], quantity=500, done=500, shipped=500)
    invoices.balance_invoice_issue(contract=contract, actor=Actor())
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.balance_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "ALREADY_INVOICED"
    assert written() == before


def test_vat_rate_in_force_on_the_issue_date(contract):
    from shop.channel.models import TaxRate
    from shop.core.taxes import vat_rates_forget

    TaxRate.objects.create(country="TH", valid_from=timezone.localdate() - timedelta(days=1), rate=Decimal("10"),
                           source="test")
    vat_rates_forget()

    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    assert (invoice.vat_rate, invoice.vat_amount, invoice.total) == (
        Decimal("10.00"), Decimal("1500.00"), Decimal("16500.00"))


# --- bank transfers -------------------------------------------------------------------------------


def test_bank_transfer_pays_the_deposit_posts_the_ledger_and_starts_production(
        contract, staff, django_capture_on_commit_callbacks):
    Milestone.objects.create(contract=contract, kind=MilestoneKind.DEPOSIT_PAID, due_date=timezone.localdate())
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    with django_capture_on_commit_callbacks(execute=True):
        paid = invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount="16050.00", reference="KBANK-123",
                                                     actor=Actor(user=staff))

    assert (paid.status, paid.payment_method, paid.payment_reference) == (
        InvoiceStatus.PAID, PaymentMethod.BANK_TRANSFER, "KBANK-123")
    assert paid.recorded_by == staff and paid.paid_at is not None
    journal = LedgerJournal.objects.get(idempotency_key=f"oem_invoice:{invoice.pk}:paid")
    entries = {e.account: e.amount for e in LedgerEntry.objects.filter(journal=journal)}
    assert entries == {"bank": Decimal("16050.00"), "vat_payable": Decimal("-1050.00"),
                       "oem_sales": Decimal("-15000.00")}
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_PRODUCTION
    assert Milestone.objects.get(contract=contract).completed_at is not None


@pytest.mark.parametrize(
    ("amount", "reference", "code"),
    [
        ("16049.99", "KBANK-1", "AMOUNT_MISMATCH"),
        ("15000.00", "KBANK-1", "AMOUNT_MISMATCH"),
        ("16050.00", "  ", "REQUIRED"),
        ("sixteen", "KBANK-1", "INVALID"),
        ("NaN", "KBANK-1", "INVALID"),
    ],
)
def test_bad_bank_transfers_are_refused_and_nothing_is_written(contract, staff, amount, reference, code):
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=amount, reference=reference,
                                              actor=Actor(user=staff))

    assert error_code(error.value) == code
    assert written() == before
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and invoice.payment_reference == ""


def test_paying_twice_or_a_void_or_unknown_invoice_is_refused(contract, staff):
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount="16050.00", reference="A", actor=Actor())
    before = written()

    with pytest.raises(ValidationError) as paid_twice:
        invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount="16050.00", reference="B", actor=Actor())
    with pytest.raises(ValidationError) as unknown:
        invoices.invoice_bank_transfer_record(invoice_id="not-a-uuid", amount="1", reference="B", actor=Actor())

    assert error_code(paid_twice.value) == "ALREADY_PAID"
    assert error_code(unknown.value) == "NOT_FOUND"
    assert written() == before
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.VOID)
    with pytest.raises(ValidationError) as void:
        invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount="16050.00", reference="C", actor=Actor())
    assert error_code(void.value) == "INVALID_STATUS"


def test_overdue_selector_lists_issued_invoices_past_due(contract, client_company, variant, groups):
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    other = invoices.deposit_invoice_issue(contract=create_contract(client_company, variant), actor=Actor())
    Invoice.objects.filter(pk__in=[invoice.pk, other.pk]).update(due_date=timezone.localdate() - timedelta(days=1))
    invoices.invoice_bank_transfer_record(invoice_id=other.pk, amount=other.total, reference="X", actor=Actor())

    assert list(invoices.invoices_overdue()) == [invoice]
    assert list(invoices.invoices_overdue(today=timezone.localdate() - timedelta(days=1))) == []


# --- concurrency ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_bank_transfer_recordings_at_once_post_once(variant):
    from tests.concurrency import run_at_once

    contract = create_contract(create_oem_client(), variant, deposit_percent="30")
    invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())

    results = run_at_once([
        lambda n=n: invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=invoice.total,
                                                          reference=f"KBANK-{n}", actor=Actor())
        for n in (1, 2)
    ])

    paid = [r for r in results if isinstance(r, Invoice)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(paid) == 1 and len(refused) == 1 and error_code(refused[0]) == "ALREADY_PAID"
    assert LedgerJournal.objects.filter(idempotency_key=f"oem_invoice:{invoice.pk}:paid").count() == 1
    invoice.refresh_from_db()
    assert invoice.payment_reference == paid[0].payment_reference
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_PRODUCTION


@pytest.mark.django_db(transaction=True)
def test_invoices_issued_at_once_get_consecutive_numbers(variant):
    from tests.concurrency import run_at_once

    company = create_oem_client()
    contracts = [create_contract(company, variant) for _ in range(4)]

    results = run_at_once([
        (lambda c=c: invoices.deposit_invoice_issue(contract=c, actor=Actor())) for c in contracts
    ])

    year = timezone.localdate().year
    assert sorted(r.number for r in results) == [f"INV-{year}-{n:06d}" for n in range(1, 5)]


@pytest.mark.django_db(transaction=True)
def test_two_balance_invoices_at_once_issue_one(variant, groups):
    from tests.concurrency import run_at_once

    contract = create_contract(create_oem_client(), variant, deposit_percent="0")
    allocate(contract, groups[0], quantity=500, done=500, shipped=500)

    results = run_at_once([lambda: invoices.balance_invoice_issue(contract=contract, actor=Actor())] * 2)

    assert sorted(type(r).__name__ for r in results) == ["Invoice", "ValidationError"]
    assert error_code(next(r for r in results if isinstance(r, ValidationError))) == "ALREADY_INVOICED"
    assert Invoice.objects.filter(contract=contract).count() == 1


# --- work done before a cancellation ---------------------------------------------------------------


def test_cancellation_invoice_bills_units_made_less_what_was_invoiced(contract, groups):
    from oem_orders.contracts import contract_cancel

    deposit = invoices.deposit_invoice_issue(contract=contract, actor=Actor())  # 15,000
    invoices.invoice_bank_transfer_record(invoice_id=deposit.pk, amount=deposit.total, reference="T", actor=Actor())
    allocate(contract, groups[0], quantity=300, done=250)
    allocate(contract, groups[1], quantity=200, done=50)
    contract_cancel(contract_id=contract.pk, fault="client", reason="Brand stopped the line", actor=Actor())

    # Cancelling for the client's fault issued it; a second one is refused.
    invoice = contract.invoices.get(kind=InvoiceKind.CANCELLATION)
    with pytest.raises(ValidationError) as refused:
        invoices.cancellation_invoice_issue(contract=contract, actor=Actor())
    assert refused.value.error_dict["contract"][0].code == "ALREADY_INVOICED"

    made, less = invoice.lines.all()
    assert (made.quantity, made.amount) == (Decimal(300), Decimal("30000.00"))
    assert (less.amount, less.description) == (Decimal("-15000.00"), f"Less deposit, invoice {deposit.number}")
    assert (invoice.kind, invoice.subtotal, invoice.vat_amount, invoice.total) == (
        InvoiceKind.CANCELLATION, Decimal("15000.00"), Decimal("1050.00"), Decimal("16050.00"))


def test_cancellation_invoice_is_none_when_the_deposit_covers_the_work(contract, groups):
    from oem_orders.contracts import contract_cancel

    invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    allocate(contract, groups[0], quantity=300, done=100)
    contract_cancel(contract_id=contract.pk, fault="client", reason="Brand stopped the line", actor=Actor())
    before = written()

    assert invoices.cancellation_invoice_issue(contract=contract, actor=Actor()) is None
    assert written() == before


@pytest.mark.parametrize("fault", ["producers", "none", None])
def test_cancellation_invoice_needs_a_cancellation_the_client_caused(contract, groups, fault):
    from oem_orders.contracts import contract_cancel

    allocate(contract, groups[0], quantity=300, done=300)
    if fault:
        contract_cancel(contract_id=contract.pk, fault=fault, reason="Stopped", actor=Actor())
    before = written()

    with pytest.raises(ValidationError) as error:
        invoices.cancellation_invoice_issue(contract=contract, actor=Actor())

    assert error_code(error.value) == "INVALID_STATUS"
    assert written()["invoices"] == before["invoices"]
