"""Advances: at least half the order's value before production, netted on the group's next statement."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from fairtrade import payouts
from fairtrade.advances import advance_pay
from fairtrade.error_codes import FairTradeErrorCode as Code
from fairtrade.ledger import balance, group_balances
from fairtrade.models import Account, Advance, JournalKind, LedgerJournal
from tests.concurrency import run_at_once
from tests.factories.account import create_staff

from .statements import counts, generate, sell, today

pytestmark = pytest.mark.django_db


def _pay(group, value="1000.00", amount=None, reference="alloc-1", **extra):
    with transaction.atomic():
        return advance_pay(group=group, reference_type="oem_allocation", reference_id=reference,
                           allocation_value=Decimal(value), amount=None if amount is None else Decimal(amount), **extra)


def _refused(code: Code, group, **kwargs):
    before = (counts(), Advance.objects.count())
    with pytest.raises(ValidationError) as caught:
        _pay(group, **kwargs)
    assert caught.value.error_dict[next(iter(caught.value.error_dict))][0].code == code.value
    assert (counts(), Advance.objects.count()) == before


def test_an_advance_is_half_the_value_by_default_and_posted(groups):
    staff = create_staff()
    advance = _pay(groups[0], value="1234.01", user=staff, note="Indigo scarves for Brand X")

    assert advance.amount == Decimal("617.01")  # 50 % rounded up to the satang
    assert advance.journal.kind == JournalKind.ADVANCE and advance.requested_by == staff
    assert group_balances(groups[0].pk)["advances_outstanding"] == Decimal("617.01")
    assert balance(Account.BANK) == Decimal("-617.01")


def test_a_larger_advance_up_to_the_whole_value_is_allowed(groups):
    assert _pay(groups[0], amount="1000.00").amount == Decimal("1000.00")


def test_an_advance_under_half_the_value_is_refused(groups):
    _refused(Code.ADVANCE_TOO_SMALL, groups[0], amount="499.99")


def test_an_advance_over_the_value_is_refused(groups):
    _refused(Code.ADVANCE_TOO_LARGE, groups[0], amount="1000.01")


def test_a_second_advance_on_the_same_allocation_is_refused(groups):
    _pay(groups[0])

    _refused(Code.ALREADY_ADVANCED, groups[0], amount="600.00")
    _pay(groups[1])  # another group's part of the same allocation is its own


def test_an_unknown_reference_type_or_a_zero_value_is_refused(groups):
    with pytest.raises(ValidationError), transaction.atomic():
        advance_pay(group=groups[0], reference_type="loan", reference_id="1", allocation_value=Decimal(100))
    _refused(Code.NEGATIVE_AMOUNT, groups[0], value="0")
    assert not LedgerJournal.objects.exists()


def test_an_advance_is_netted_on_the_next_statement(channel, groups, django_capture_on_commit_callbacks):
    north, staff = groups[0], create_staff()
    _pay(north, value="200.00")  # 100.00
    sell(channel, north, capture=django_capture_on_commit_callbacks)  # earns 300 + 30

    statement = generate(north)
    assert (statement.advances_netted, statement.net_amount) == (Decimal("100.00"), Decimal("230.00"))
    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="T1", user=staff)

    assert group_balances(north.pk) == {"producer_payable": 0, "group_fund_payable": 0, "advances_outstanding": 0}
    assert balance(Account.BANK) == Decimal("-330.00")  # 100 before, 230 now


def test_a_large_advance_is_netted_over_several_statements(channel, groups, django_capture_on_commit_callbacks):
    north, staff = groups[0], create_staff()
    _pay(north, value="1000.00")  # 500.00
    sell(channel, north, capture=django_capture_on_commit_callbacks)

    first = generate(north)
    assert (first.advances_netted, first.net_amount) == (Decimal("300.00"), Decimal("30.00"))  # the fund is paid
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    second = generate(north)  # the first is unpaid: only what it does not net is left
    assert second.advances_netted == Decimal("200.00")

    for statement in (first, second):
        with transaction.atomic():
            payouts.statement_approve(statement=statement, user=staff)
            payouts.statement_pay(statement=statement, paid_on=today(), payment_reference=statement.number, user=staff)
    assert group_balances(north.pk) == {"producer_payable": 0, "group_fund_payable": 0, "advances_outstanding": 0}


def test_a_statement_settled_entirely_by_an_advance_is_paid_with_nothing_sent(
        channel, groups, django_capture_on_commit_callbacks):
    north, staff = groups[0], create_staff()
    _pay(north, value="1000.00")
    sell(channel, north, capture=django_capture_on_commit_callbacks, premium="0")
    statement = generate(north)
    assert statement.net_amount == 0 and statement.advances_netted == Decimal("300.00")

    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="netted", user=staff)

    assert group_balances(north.pk)["advances_outstanding"] == Decimal("200.00")
    assert not LedgerJournal.objects.filter(kind=JournalKind.PAYOUT).exists()


@pytest.mark.django_db(transaction=True)
def test_two_advances_at_once_on_one_allocation_pay_once(groups):
    results = run_at_once([lambda: _pay(groups[0]), lambda: _pay(groups[0])], catch=(ValidationError,))

    assert sorted(type(r).__name__ for r in results) == ["Advance", "ValidationError"]
    assert Advance.objects.count() == 1 and balance(Account.BANK) == Decimal("-500.00")
