"""Contract status: every transition of the table allowed or refused, the guards, hold / resume, cancel,
an audit row and an event for every change."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cooperatives.capacity import reference_claim, weeks_between
from cooperatives.models import CapacityClaim
from fairtrade.models import LedgerJournal
from oem_orders.actors import SYSTEM, Actor
from oem_orders.contracts import TRANSITIONS, contract_cancel, contract_status_change
from oem_orders.events import OemContractStatusChanged
from oem_orders.models import (
    AllocationStatus,
    CancellationFault,
    ContractEvent,
    InvoiceKind,
    InvoiceStatus,
    SampleStatus,
)
from oem_orders.models import ContractStatus as S
from tests.factories.account import create_user
from tests.factories.cooperatives import create_offer
from tests.factories.oem import create_contract, create_oem_client
from tests.oem_orders.conftest import atomic
from tests.oem_orders.fixtures_production import (
    counts,
    error_code,
    error_params,
    make_allocation,
    make_invoice,
    published,
)

OPEN = [S.AWAITING_DEPOSIT, S.IN_PRODUCTION, S.QUALITY_CHECK, S.PARTIALLY_DELIVERED]
NOT_HELD = [status for status in S.values if status != S.ON_HOLD]


@pytest.fixture
def staff():
    return Actor(user=create_user("manager@homenet.example.com", is_staff=True))


@pytest.fixture
def make(variant):
    """A contract in ``status`` whose guards all hold: no deposit, no sample, a fault named, a paid balance."""
    client = create_oem_client()

    def make(status, **fields):
        values = {"deposit_percent": "0", "cancellation_fault": CancellationFault.CLIENT, **fields}
        contract = create_contract(client, variant, quantity=100, status=status, **values)
        make_invoice(contract, InvoiceKind.BALANCE, status=InvoiceStatus.PAID)
        return contract

    return make


def _change(contract, to_status, actor=SYSTEM, **kwargs):
    return atomic(contract_status_change, contract_id=contract.pk, to_status=to_status, actor=actor, **kwargs)


def _refused(fn, **kwargs):
    before = counts()
    with pytest.raises(ValidationError) as info:
        atomic(fn, **kwargs)
    assert counts() == before, "a refusal writes nothing"
    return info.value


def _allowed_pairs():
    return [(source, target) for source in NOT_HELD for target in sorted(TRANSITIONS[source])]


def _refused_pairs():
    return [(source, target) for source in NOT_HELD for target in S.values if target not in TRANSITIONS[source]]


def test_the_table_names_every_status():
    assert set(TRANSITIONS) == set(S.values)
    assert all(targets <= set(S.values) for targets in TRANSITIONS.values())


@pytest.mark.parametrize(("source", "target"), _allowed_pairs())
def test_allowed_transition(make, staff, source, target):
    contract = make(source)

    changed = _change(contract, target, actor=staff, reason="Because")

    contract.refresh_from_db()
    assert contract.status == changed.status == target
    event = ContractEvent.objects.get(contract=contract, type="status_changed")
    assert (event.from_status, event.to_status, event.reason, event.user) == (source, target, "Because", staff.user)
    assert published(OemContractStatusChanged) == [{"contract_id": str(contract.pk), "event_id": event.pk,
                                                    "from_status": source, "to_status": target}]
    assert contract.status_before_hold == (source if target == S.ON_HOLD else "")
    assert (contract.closed_at is not None) == (target == S.CLOSED)


@pytest.mark.parametrize(("source", "target"), _refused_pairs())
def test_refused_transition(make, source, target):
    contract = make(source)

    error = _refused(contract_status_change, contract_id=contract.pk, to_status=target, actor=Actor())

    assert error_code(error) == "INVALID_STATUS"
    assert error_params(error) == {"from_status": source, "to_status": target}
    contract.refresh_from_db()
    assert contract.status == source


@pytest.mark.parametrize("before", OPEN)
@pytest.mark.parametrize("target", S.values)
def test_a_held_contract_goes_back_where_it_was_or_is_cancelled(make, before, target):
    contract = make(before)
    _change(contract, S.ON_HOLD)
    if target in (before, S.CANCELLED):
        _change(contract, target)
        contract.refresh_from_db()
        assert (contract.status, contract.status_before_hold) == (target, "")
        assert list(contract.events.values_list("from_status", "to_status")) == [(before, S.ON_HOLD), (S.ON_HOLD, target)]
    else:
        error = _refused(contract_status_change, contract_id=contract.pk, to_status=target, actor=Actor())
        assert error_code(error) == "INVALID_STATUS"
        contract.refresh_from_db()
        assert (contract.status, contract.status_before_hold) == (S.ON_HOLD, before)


def test_an_unknown_status_is_refused(make):
    contract = make(S.IN_PRODUCTION)
    assert error_code(_refused(contract_status_change, contract_id=contract.pk, to_status="lost")) == "INVALID"


def test_an_unknown_contract_is_not_found():
    assert error_code(_refused(contract_status_change, contract_id=uuid.uuid4(), to_status=S.ON_HOLD)) == "NOT_FOUND"


# --- guards -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("deposit", [None, InvoiceStatus.ISSUED, InvoiceStatus.VOID])
def test_production_waits_for_the_deposit(make, deposit):
    contract = make(S.AWAITING_DEPOSIT, deposit_percent="50")
    if deposit:
        make_invoice(contract, InvoiceKind.DEPOSIT, status=deposit)
    error = _refused(contract_status_change, contract_id=contract.pk, to_status=S.IN_PRODUCTION)
    assert error_code(error) == "DEPOSIT_NOT_PAID"


def test_production_starts_once_the_deposit_is_paid(make):
    contract = make(S.AWAITING_DEPOSIT, deposit_percent="50")
    make_invoice(contract, InvoiceKind.DEPOSIT, status=InvoiceStatus.PAID)
    assert _change(contract, S.IN_PRODUCTION).status == S.IN_PRODUCTION


@pytest.mark.parametrize("source", [S.IN_PRODUCTION, S.PARTIALLY_DELIVERED])
@pytest.mark.parametrize("sample", [SampleStatus.PENDING, SampleStatus.REJECTED])
def test_quality_check_waits_for_the_sample(make, source, sample):
    contract = make(source, sample_status=sample)
    error = _refused(contract_status_change, contract_id=contract.pk, to_status=S.QUALITY_CHECK)
    assert error_code(error) == "SAMPLE_NOT_APPROVED"


def test_quality_check_after_the_sample_is_approved(make):
    contract = make(S.IN_PRODUCTION, sample_status=SampleStatus.APPROVED)
    assert _change(contract, S.QUALITY_CHECK).status == S.QUALITY_CHECK


@pytest.mark.parametrize("invoices", [
    [],  # no balance invoice
    [(InvoiceKind.BALANCE, InvoiceStatus.ISSUED)],
    [(InvoiceKind.DEPOSIT, InvoiceStatus.ISSUED), (InvoiceKind.BALANCE, InvoiceStatus.PAID)],
    [(InvoiceKind.BALANCE, InvoiceStatus.VOID)],
])
def test_closing_needs_every_invoice_paid(variant, invoices):
    contract = create_contract(create_oem_client(), variant, status=S.DELIVERED)
    for kind, status in invoices:
        make_invoice(contract, kind, status=status)
    error = _refused(contract_status_change, contract_id=contract.pk, to_status=S.CLOSED)
    assert error_code(error) == "INVOICES_UNPAID"


def test_a_void_invoice_does_not_keep_a_contract_open(variant):
    contract = create_contract(create_oem_client(), variant, status=S.DELIVERED)
    make_invoice(contract, InvoiceKind.DEPOSIT, status=InvoiceStatus.VOID)
    make_invoice(contract, InvoiceKind.BALANCE, status=InvoiceStatus.PAID)
    closed = _change(contract, S.CLOSED)
    assert closed.status == S.CLOSED and closed.closed_at is not None


def test_a_deposit_of_100_percent_that_covered_the_delivery_closes_without_a_balance(variant, groups):
    contract = create_contract(create_oem_client(), variant, quantity=100, unit_price="100.00", status=S.DELIVERED,
                               deposit_percent="100")
    make_allocation(contract, groups[0], 100, done=100, passed=100, shipped=100)
    make_invoice(contract, InvoiceKind.DEPOSIT, status=InvoiceStatus.PAID, subtotal="10000.00")

    assert _change(contract, S.CLOSED).status == S.CLOSED


def test_a_paid_deposit_that_covers_part_of_the_delivery_does_not_close_it(variant, groups):
    contract = create_contract(create_oem_client(), variant, quantity=100, unit_price="100.00", status=S.DELIVERED)
    make_allocation(contract, groups[0], 100, done=100, passed=100, shipped=100)
    make_invoice(contract, InvoiceKind.DEPOSIT, status=InvoiceStatus.PAID, subtotal="5000.00")

    error = _refused(contract_status_change, contract_id=contract.pk, to_status=S.CLOSED)

    assert error_code(error) == "INVOICES_UNPAID"


def test_cancelling_through_the_status_function_needs_a_fault(variant):
    contract = create_contract(create_oem_client(), variant, status=S.IN_PRODUCTION)
    error = _refused(contract_status_change, contract_id=contract.pk, to_status=S.CANCELLED)
    assert error_code(error) == "REQUIRED"


# --- cancel -------------------------------------------------------------------------------------------


@pytest.fixture
def working(variant, groups):
    """A contract in production: one group accepted and made 30 of its 60 units; another's share is proposed.
    Both claim capacity."""
    contract = create_contract(create_oem_client(), variant, quantity=100, status=S.IN_PRODUCTION)
    weeks = weeks_between(timezone.localdate(), timezone.localdate() + timedelta(days=14))
    allocations = []
    for group, quantity, status, done in ((groups[0], 60, AllocationStatus.ACCEPTED, 30),
                                          (groups[1], 40, AllocationStatus.PROPOSED, 0)):
        offer = create_offer(group, variant, weekly_capacity=100)
        allocation = make_allocation(contract, group, quantity, status=status, done=done, offer=offer)
        with transaction.atomic():
            reference_claim(offer=offer, reference=f"oem_allocation:{allocation.pk}", quantity=quantity, weeks=weeks)
        allocations.append(allocation)
    return contract, allocations


@pytest.mark.parametrize("fault", [CancellationFault.CLIENT, CancellationFault.NONE])
def test_cancelling_pays_the_work_done_unless_the_producers_were_at_fault(working, staff, fault):
    contract, (accepted, proposed) = working

    cancelled = atomic(contract_cancel, contract_id=contract.pk, fault=fault, reason=" Brand closed ", actor=staff)

    assert (cancelled.status, cancelled.cancellation_fault, cancelled.cancellation_reason) == (
        S.CANCELLED, fault, "Brand closed"
    )
    event = contract.events.get(type="status_changed")
    assert (event.to_status, event.reason, event.parameters) == (S.CANCELLED, "Brand closed", {"fault": fault})
    accepted.refresh_from_db()
    proposed.refresh_from_db()
    assert (accepted.status, proposed.status) == (AllocationStatus.CANCELLED, AllocationStatus.CANCELLED)
    assert accepted.quantity_paid == 30
    assert LedgerJournal.objects.filter(reference_type="oem_allocation", reference_id=str(accepted.pk)).count() == 1
    assert not CapacityClaim.objects.exists()


@pytest.mark.parametrize(("fault", "invoiced"), [(CancellationFault.CLIENT, ["3000.000"]), (CancellationFault.NONE, [])])
def test_the_client_is_invoiced_for_the_work_done_when_it_cancelled(working, staff, fault, invoiced):
    contract, _ = working  # 30 units made at 100.00

    atomic(contract_cancel, contract_id=contract.pk, fault=fault, reason="Brand closed", actor=staff)

    invoices = contract.invoices.filter(kind=InvoiceKind.CANCELLATION)
    assert [str(invoice.subtotal) for invoice in invoices] == invoiced


def test_cancelling_for_the_producers_fault_pays_nothing_and_gives_capacity_back(working, staff):
    contract, (accepted, proposed) = working

    atomic(contract_cancel, contract_id=contract.pk, fault=CancellationFault.PRODUCERS, reason="Quality", actor=staff)

    accepted.refresh_from_db()
    assert accepted.status == AllocationStatus.CANCELLED and accepted.quantity_paid == 0
    assert not LedgerJournal.objects.filter(reference_type="oem_allocation").exists()
    assert not CapacityClaim.objects.exists()


def test_a_held_contract_can_be_cancelled(working, staff):
    contract, _ = working
    _change(contract, S.ON_HOLD)
    cancelled = atomic(contract_cancel, contract_id=contract.pk, fault=CancellationFault.NONE, reason="Flood")
    assert (cancelled.status, cancelled.status_before_hold) == (S.CANCELLED, "")


@pytest.mark.parametrize(("fault", "reason", "code"), [
    ("nobody", "Flood", "INVALID"),
    (CancellationFault.CLIENT, "  ", "REQUIRED"),
    (CancellationFault.CLIENT, None, "REQUIRED"),
])
def test_cancelling_without_a_fault_or_reason_is_refused(working, fault, reason, code):
    contract, _ = working
    assert error_code(_refused(contract_cancel, contract_id=contract.pk, fault=fault, reason=reason)) == code
    contract.refresh_from_db()
    assert (contract.status, contract.cancellation_fault) == (S.IN_PRODUCTION, "")


@pytest.mark.parametrize("status", [S.DELIVERED, S.CLOSED, S.CANCELLED])
def test_cancelling_a_finished_contract_is_refused(make, status):
    contract = make(status)
    error = _refused(contract_cancel, contract_id=contract.pk, fault=CancellationFault.CLIENT, reason="Late")
    assert error_code(error) == "INVALID_STATUS"

