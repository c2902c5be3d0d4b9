"""Statements pay each group what became payable: approve, pay, deductions within the law, exports."""

import binascii
import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperatives import services
from fairtrade import payouts, sales
from fairtrade.error_codes import FairTradeErrorCode as Code
from fairtrade.ledger import balance, group_balances
from fairtrade.models import (
    Account,
    DeductionKind,
    JournalKind,
    LedgerEntry,
    LedgerJournal,
    SoldLine,
    Statement,
    StatementLine,
    StatementStatus,
)
from fairtrade.tasks import generate_monthly_statements_task
from shop.core.models import EventOutbox
from tests.concurrency import run_at_once
from tests.factories.account import create_staff

from .statements import counts, generate, money, sell, today

pytestmark = pytest.mark.django_db


def _code(error: ValidationError) -> str:
    items = [e for errors in error.error_dict.values() for e in errors] if hasattr(error, "error_dict") else error.error_list
    return items[0].code


def _refused(fn, code: Code, **kwargs) -> ValidationError:
    before = counts()
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        fn(**kwargs)
    assert _code(caught.value) == code.value
    assert counts() == before
    return caught.value


@pytest.fixture
def staff():
    return create_staff(permissions=["MANAGE_ORDERS"])


# --- generation ---------------------------------------------------------------------------


def test_a_shipped_sale_is_paid_by_a_statement_and_the_group_is_owed_nothing(
        channel, groups, staff, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)

    statement = generate(north, user=staff)

    assert statement.status == StatementStatus.DRAFT
    assert re.fullmatch(rf"ST-{today().year}-\d{{6}}", statement.number)
    assert (statement.producer_amount, statement.premium_amount) == (Decimal("300.00"), Decimal("30.00"))
    assert (statement.advances_netted, statement.deductions_amount, statement.net_amount) == (0, 0, Decimal("330.00"))
    assert {line.entry.account for line in statement.lines.select_related("entry")} == {
        Account.PRODUCER_PAYABLE, Account.GROUP_FUND_PAYABLE}
    payable_day = SoldLine.objects.get().payable_from.astimezone(datetime.UTC).date()
    assert statement.due_date >= payable_day + datetime.timedelta(days=settings.FAIRTRADE_STATEMENT_DUE_DAYS - 1)

    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
    with transaction.atomic():
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="KBANK-0001", user=staff)

    statement.refresh_from_db()
    assert statement.status == StatementStatus.PAID
    assert (statement.paid_on, statement.payment_reference, statement.paid_by) == (today(), "KBANK-0001", staff)
    assert group_balances(north.pk) == {"producer_payable": 0, "group_fund_payable": 0, "advances_outstanding": 0}
    assert balance(Account.BANK) == Decimal("-330.00")
    assert EventOutbox.objects.filter(event_type="fairtrade.events.StatementPaid",
                                      payload={"statement_id": str(statement.pk)}).count() == 1
    assert list(statement.events.values_list("type", "from_status", "to_status")) == [
        ("GENERATED", "", "draft"), ("STATUS_CHANGED", "draft", "approved"), ("STATUS_CHANGED", "approved", "paid")]
    assert sum((e.amount for e in LedgerEntry.objects.all()), Decimal(0)) == 0


def test_a_line_not_yet_delivered_is_not_paid(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks, ship=False)

    _refused(payouts.statement_generate, Code.EMPTY_STATEMENT, group=north, period_start=today(), period_end=today())


def test_a_refund_of_a_line_not_yet_payable_waits_with_it(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    group_order = sell(channel, north, capture=django_capture_on_commit_callbacks, ship=False)
    sold = SoldLine.objects.get()
    with transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=Decimal("390.00"), bearer="group", reason="One of two was damaged")
    _refused(payouts.statement_generate, Code.EMPTY_STATEMENT, group=north, period_start=today(), period_end=today())

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.group_order_ship(group_order_id=group_order.pk, user=None, carrier="Kerry", tracking_number="KE1",
                                  lines=[services.ShipLine(line.pk, line.quantity) for line in group_order.lines.all()])
    statement = generate(north)

    assert statement.lines.count() == 4  # the sale's two entries and the refund's two
    assert (statement.producer_amount, statement.premium_amount) == (Decimal("150.00"), Decimal("15.00"))


def test_a_refund_after_payment_is_set_against_the_next_statement(
        channel, groups, staff, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    first = generate(north)
    with transaction.atomic():
        payouts.statement_approve(statement=first, user=staff)
        payouts.statement_pay(statement=first, paid_on=today(), payment_reference="T1", user=staff)
    sold = SoldLine.objects.get()
    with transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=Decimal("390.00"), bearer="group", reason="Wrong colour")

    _refused(payouts.statement_generate, Code.NOTHING_TO_PAY, group=north, period_start=today(), period_end=today())

    sell(channel, north, capture=django_capture_on_commit_callbacks, quantity=4)  # earns 600 + 60
    second = generate(north)
    assert (second.producer_amount, second.premium_amount) == (Decimal("450.00"), Decimal("45.00"))


def test_an_entry_is_paid_by_one_statement_only(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    statement = generate(north)

    _refused(payouts.statement_generate, Code.EMPTY_STATEMENT, group=north, period_start=today(), period_end=today())
    other = Statement.objects.create(number="ST-TEST-1", group=north, period_start=today(), period_end=today(),
                                     due_date=today())
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.create(statement=other, entry=statement.lines.first().entry)


def test_what_became_payable_after_the_period_waits_for_the_next_statement(
        channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    yesterday = today() - datetime.timedelta(days=1)

    _refused(payouts.statement_generate, Code.EMPTY_STATEMENT, group=north, period_start=yesterday,
             period_end=yesterday)
    _refused(payouts.statement_generate, Code.INVALID, group=north, period_start=today(), period_end=yesterday)


def test_statement_numbers_follow_each_other(channel, groups, django_capture_on_commit_callbacks):
    for group in groups[:2]:
        sell(channel, group, capture=django_capture_on_commit_callbacks)
    first, second = generate(groups[0]), generate(groups[1])

    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_a_refused_generation_gives_its_number_back(channel, groups, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    with pytest.raises(RuntimeError), transaction.atomic():
        generate(groups[0])
        raise RuntimeError("the transaction fails after the statement was made")
    statement = generate(groups[0])

    assert statement.number.endswith("-000001")


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_make_one_statement(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)

    def call():
        with transaction.atomic():
            return payouts.statement_generate(group=north, period_start=today(), period_end=today())

    results = run_at_once([call, call], catch=(ValidationError,))

    made = [r for r in results if isinstance(r, Statement)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1 and len(refused) == 1 and _code(refused[0]) == Code.EMPTY_STATEMENT.value
    assert Statement.objects.count() == 1 and StatementLine.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_taken_at_once_have_no_gaps(channel, groups, django_capture_on_commit_callbacks):
    for group in groups:
        sell(channel, group, capture=django_capture_on_commit_callbacks)

    def call(group):
        with transaction.atomic():
            return payouts.statement_generate(group=group, period_start=today(), period_end=today()).number

    numbers = run_at_once([lambda g=g: call(g) for g in groups])

    assert sorted(int(n[-6:]) for n in numbers) == [1, 2, 3]


# --- deductions ---------------------------------------------------------------------------


def _deduct(statement, kind, amount, *, consent="", user=None):
    with transaction.atomic():
        return payouts.statement_deduction_add(statement=statement, kind=kind, amount=Decimal(amount),
                                               reason="Agreed at the group meeting", consent_reference=consent,
                                               user=user)


def test_deductions_lower_the_net_and_are_posted_when_paid(channel, groups, staff, django_capture_on_commit_callbacks):
    north = groups[0]
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    statement = generate(north)

    _deduct(statement, DeductionKind.WITHHOLDING_TAX, "9.00", user=staff)
    _deduct(statement, DeductionKind.DAMAGE, "30.00", consent="Consent form 2026/14", user=staff)  # exactly 10 %

    statement.refresh_from_db()
    assert (statement.deductions_amount, statement.net_amount) == (Decimal("39.00"), Decimal("291.00"))
    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="T2", user=staff)
    assert balance(Account.WITHHOLDING_TAX) == Decimal("-9.00")
    assert balance(Account.BANK) == Decimal("-291.00")
    assert LedgerJournal.objects.filter(kind=JournalKind.DEDUCTION).count() == 2
    assert group_balances(north.pk)["producer_payable"] == 0


def test_a_consented_deduction_needs_the_consent(channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])

    _refused(payouts.statement_deduction_add, Code.CONSENT_REQUIRED, statement=statement,
             kind=DeductionKind.LATE_DELIVERY, amount=Decimal("5"), reason="Two weeks late", consent_reference=" ",
             user=staff)


def test_consented_deductions_together_stay_within_ten_percent(channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    error = _refused(payouts.statement_deduction_add, Code.DEDUCTION_OVER_CAP, statement=statement,
                     kind=DeductionKind.DAMAGE, amount=Decimal("30.01"), reason="Stained", consent_reference="C1",
                     user=staff)
    assert "30.00" in str(error)

    _deduct(statement, DeductionKind.DAMAGE, "20.00", consent="C1", user=staff)
    _refused(payouts.statement_deduction_add, Code.DEDUCTION_OVER_CAP, statement=statement,
             kind=DeductionKind.LATE_DELIVERY, amount=Decimal("10.01"), reason="Late", consent_reference="C2",
             user=staff)
    _deduct(statement, DeductionKind.WITHHOLDING_TAX, "100.00", user=staff)  # the law's deductions are not capped


def test_a_deduction_cannot_take_more_than_is_left_or_the_fund_premium(
        channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])

    _refused(payouts.statement_deduction_add, Code.DEDUCTION_TOO_LARGE, statement=statement,
             kind=DeductionKind.WITHHOLDING_TAX, amount=Decimal("300.01"), reason="Tax", user=staff)
    _refused(payouts.statement_deduction_add, Code.DEDUCTION_NOT_ALLOWED, statement=statement,
             kind="uniform", amount=Decimal("10"), reason="Aprons", user=staff)
    _refused(payouts.statement_deduction_add, Code.NEGATIVE_AMOUNT, statement=statement,
             kind=DeductionKind.WITHHOLDING_TAX, amount=Decimal("0"), reason="Tax", user=staff)
    _refused(payouts.statement_deduction_add, Code.REQUIRED, statement=statement,
             kind=DeductionKind.WITHHOLDING_TAX, amount=Decimal("1"), reason="", user=staff)


def test_deductions_only_on_a_draft(channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)

    _refused(payouts.statement_deduction_add, Code.INVALID_STATUS, statement=statement,
             kind=DeductionKind.WITHHOLDING_TAX, amount=Decimal("3"), reason="Tax", user=staff)


# --- status -------------------------------------------------------------------------------


def test_an_empty_statement_cannot_be_approved(groups, staff):
    statement = Statement.objects.create(number="ST-TEST-9", group=groups[0], period_start=today(),
                                         period_end=today(), due_date=today())

    _refused(payouts.statement_approve, Code.EMPTY_STATEMENT, statement=statement, user=staff)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT


def test_a_statement_is_paid_once(channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    _refused(payouts.statement_pay, Code.INVALID_STATUS, statement=statement, paid_on=today(),
             payment_reference="T", user=staff)
    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
    _refused(payouts.statement_approve, Code.INVALID_STATUS, statement=statement, user=staff)
    _refused(payouts.statement_pay, Code.REQUIRED, statement=statement, paid_on=today(), payment_reference=" ",
             user=staff)
    _refused(payouts.statement_pay, Code.INVALID, statement=statement,
             paid_on=today() + datetime.timedelta(days=1), payment_reference="T", user=staff)
    with transaction.atomic():
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="T3", user=staff)

    _refused(payouts.statement_pay, Code.ALREADY_PAID, statement=statement, paid_on=today(),
             payment_reference="T4", user=staff)
    _refused(payouts.statement_approve, Code.ALREADY_PAID, statement=statement, user=staff)
    statement.refresh_from_db()
    assert statement.payment_reference == "T3"
    assert balance(Account.BANK) == Decimal("-330.00")


def test_a_statement_not_paid_by_its_due_date_is_overdue(channel, groups, staff, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    assert not statement.is_overdue and not payouts.statements_overdue().exists()

    Statement.objects.filter(pk=statement.pk).update(due_date=today() - datetime.timedelta(days=1))
    statement.refresh_from_db()
    assert statement.is_overdue and list(payouts.statements_overdue()) == [statement]

    with transaction.atomic():
        payouts.statement_approve(statement=statement, user=staff)
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="T5", user=staff)
    statement.refresh_from_db()
    assert not statement.is_overdue and not payouts.statements_overdue().exists()


# --- payables and the monthly run ---------------------------------------------------------


def test_payables_per_group_show_what_is_owed_and_since_when(channel, groups, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    sell(channel, groups[1], capture=django_capture_on_commit_callbacks, ship=False)

    rows = {row.group_id: row for row in payouts.payables_by_group()}

    assert (rows[groups[0].pk].producer_payable, rows[groups[0].pk].group_fund_payable) == (money(300), money(30))
    assert rows[groups[0].pk].oldest_payable_from == SoldLine.objects.get(group=groups[0]).payable_from
    assert rows[groups[1].pk].producer_payable == money(300) and rows[groups[1].pk].oldest_payable_from is None


def test_the_monthly_run_makes_one_statement_per_group_once(channel, groups, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    sell(channel, groups[1], capture=django_capture_on_commit_callbacks)
    sell(channel, groups[2], capture=django_capture_on_commit_callbacks, ship=False)
    groups[1].is_active = False
    groups[1].save(update_fields=["is_active"])
    next_month = (today().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)

    numbers = generate_monthly_statements_task(next_month.isoformat())
    again = generate_monthly_statements_task(next_month.isoformat())

    statement = Statement.objects.get()
    assert numbers == [statement.number] and again == []
    assert statement.group == groups[0]
    assert (statement.period_start, statement.period_end) == (
        today().replace(day=1), next_month - datetime.timedelta(days=1))
    assert generate_monthly_statements_task(today().replace(day=1).isoformat()) == []  # last month: nothing yet


def test_the_monthly_run_is_scheduled_on_the_first_in_bangkok():
    entry = settings.CELERY_BEAT_SCHEDULE["generate-monthly-statements"]
    assert entry["task"] == "fairtrade.tasks.generate_monthly_statements_task"
    assert entry["schedule"].day_of_month == {1} and settings.CELERY_TIMEZONE == "Asia/Bangkok"


# --- exports ------------------------------------------------------------------------------


def test_the_bank_file_has_one_row_per_statement(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    north.bank_name, north.bank_account_name, north.bank_account_number = "KBank", "=Weavers", "123-4-56789-0"
    north.name_en = "Weavers, Mae Rim"
    north.save()
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    statement = generate(north)

    rows = payouts.statement_bank_csv([statement]).splitlines()

    assert rows[0].startswith("statement,group_th,group_en")
    assert rows[1] == (f'{statement.number},{north.name_th},"Weavers, Mae Rim",bank_transfer,KBank,\'=Weavers,'
                       f'123-4-56789-0,,330.00,THB,{statement.number}')


def test_the_promptpay_payload_carries_the_id_and_the_net(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    north.payout_method, north.promptpay_id = "promptpay", "081-234-5678"
    north.save()
    sell(channel, north, capture=django_capture_on_commit_callbacks)
    statement = generate(north)

    payload = payouts.statement_promptpay_payload(statement)

    assert payload[-8:-4] == "6304"
    assert int(payload[-4:], 16) == binascii.crc_hqx(payload[:-4].encode(), 0xFFFF)
    assert "5406330.00" in payload and "5802TH" in payload and "5303764" in payload
    assert "01130066812345678" in payload  # the phone number as PromptPay writes it (66 for the leading 0)
    assert "0016A000000677010111" in payload


def test_no_promptpay_payload_without_an_id(channel, groups, django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])

    with pytest.raises(ValidationError) as caught:
        payouts.statement_promptpay_payload(statement)
    assert _code(caught.value) == Code.NO_PAYOUT_DETAILS.value

