"""Paying the producer groups: statements, their deductions, approval, payment and the bank / PromptPay exports.

What a statement pays
    A group's ``producer_payable`` and ``group_fund_payable`` entries that no
    statement has taken yet and that are payable by the end of the period
    (``period_end``, a Bangkok date, inclusive):

    * an entry of a sold line is payable once the sold line is (``payable_from``:
      delivered, or cancelled after production started) and the entry itself was
      recorded by then.  A reversal has the sold line of the sale it reverses, so a
      refund of a line that is not payable yet waits with that line, and a sale
      cancelled before work started never appears (sale and reversal wait together
      and sum to zero);
    * an entry without a sold line (none today; OEM postings later) is payable
      when recorded;
    * the journals a statement posts itself (netting, deductions, payout) are never
      taken.

    ``period_start`` only names the period: older unpaid entries are always carried
    into the next statement.  Each entry is paid by one statement at most (unique
    ``StatementLine.entry``); generation also holds the group's row lock.

Amounts
    ``producer_amount`` and ``premium_amount`` are what the entries owe (credits,
    shown positive).  Advances the group still owes are netted from the producer
    part: ``advances_netted = min(advances outstanding, producer_amount)``, where
    outstanding is the group's ``producer_advances`` balance less what unpaid
    statements already net.  Deductions (``statement_deduction_add``) come out of
    the producer part too; the premium belongs to the group's fund and is paid in
    full.  ``net = producer + premium - netted - deductions`` (database check).

Status
    DRAFT -> APPROVED -> PAID, through ``statement_status_change`` only (row locked,
    transition table, ``StatementEvent`` audit row, ``StatementPaid`` published).
    Paying posts, with idempotency keys ``statement:<id>:...``:
    netting (producer_payable +x, producer_advances -x), one journal per deduction
    (producer_payable +d; withholding_tax -d for deductions required by law,
    se_margin -d for consented recoveries), and the payout (producer_payable + the
    producer part left, group_fund_payable + premium, bank - net).  After it the
    statement's entries are settled: the group's payable balances drop by exactly
    what the statement covered.

Errors are ``ValidationError``s with ``FairTradeErrorCode`` codes, raised before
anything is written; callers run these functions inside ``transaction.atomic``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Min, Q, QuerySet, Sum
from django.utils import timezone

from cooperatives.models import ProducerGroup
from shop.core.events import publish
from shop.core.money import quantize

from .error_codes import FairTradeErrorCode as Code
from .error_codes import fair_trade_error
from .events import StatementPaid
from .ledger import Line, balance, journal_post
from .models import (
    CONSENTED_DEDUCTIONS,
    Account,
    DeductionKind,
    JournalKind,
    LedgerEntry,
    ReferenceType,
    Statement,
    StatementDeduction,
    StatementEvent,
    StatementLine,
    StatementNumber,
)
from .models import StatementStatus as S

TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.APPROVED},
    S.APPROVED: {S.PAID},
    S.PAID: set(),
}
UNPAID = (S.DRAFT, S.APPROVED)
PAYABLE_ACCOUNTS = (Account.PRODUCER_PAYABLE, Account.GROUP_FUND_PAYABLE)
# Journals a statement posts: never themselves paid by a statement.
STATEMENT_JOURNALS = (JournalKind.ADVANCE_NETTING, JournalKind.DEDUCTION, JournalKind.PAYOUT)
# Deductions made for the authorities (tax, social security): the money is owed to them.
LEGAL_DEDUCTIONS = (DeductionKind.WITHHOLDING_TAX, DeductionKind.LEGAL_OTHER)


def _user(user):
    return user if user is not None and getattr(user, "pk", None) else None


def _cutoff(day: date) -> datetime:
    """The first moment after ``day`` ends in Bangkok."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _audit(statement: Statement, type: str, *, user=None, from_status="", to_status="", reason="", **parameters):
    return StatementEvent.objects.create(
        statement=statement, user=_user(user), type=type, from_status=from_status, to_status=to_status,
        reason=reason or "", parameters=parameters,
    )


# --- reads ------------------------------------------------------------------------------


def _unpaid_payable(until: date) -> QuerySet[LedgerEntry]:
    """Payable entries (of every group) no statement has taken, payable by the end of ``until`` (Bangkok)."""
    cutoff = _cutoff(until)
    return (
        LedgerEntry.objects.filter(account__in=PAYABLE_ACCOUNTS, statement_line__isnull=True, occurred_at__lt=cutoff)
        .exclude(kind__in=STATEMENT_JOURNALS)
        .filter(Q(sold_line__isnull=True) | Q(sold_line__payable_from__lt=cutoff))
    )


def payable_entries(*, group_id, until: date) -> QuerySet[LedgerEntry]:
    """The group's entries the next statement for a period ending ``until`` pays."""
    return _unpaid_payable(until).filter(group_id=group_id)


def advances_outstanding(group_id) -> Decimal:
    """Advances the group still owes that no unpaid statement nets yet."""
    owed = balance(Account.PRODUCER_ADVANCES, group_id=group_id)
    netting = Statement.objects.filter(group_id=group_id, status__in=UNPAID).aggregate(
        total=Sum("advances_netted"))["total"] or Decimal(0)
    return owed - netting


def statements_overdue() -> QuerySet[Statement]:
    """Statements not paid by their due date (today in Bangkok is not yet overdue), oldest due first."""
    return Statement.objects.filter(status__in=UNPAID, due_date__lt=timezone.localdate()).order_by("due_date", "number")


@dataclass(frozen=True)
class GroupPayables:
    group_id: int
    producer_payable: Decimal
    group_fund_payable: Decimal
    advances_outstanding: Decimal
    oldest_payable_from: datetime | None


def payables_by_group(group_ids: Iterable[int] | None = None) -> list[GroupPayables]:
    """What the social enterprise owes each group (payable and fund balances, advances it is owed back)
    and since when the oldest payable entry no statement has paid waits.  Two grouped queries."""
    entries = LedgerEntry.objects.filter(group_id__isnull=False)
    if group_ids is not None:
        entries = entries.filter(group_id__in=list(group_ids))
    totals: dict[int, dict[str, Decimal]] = {}
    for row in entries.values("group_id", "account").annotate(total=Sum("amount")):
        totals.setdefault(row["group_id"], {})[row["account"]] = row["total"]
    oldest = dict(
        entries.filter(account__in=PAYABLE_ACCOUNTS, statement_line__isnull=True, sold_line__payable_from__isnull=False)
        .exclude(kind__in=STATEMENT_JOURNALS).values("group_id").annotate(first=Min("sold_line__payable_from"))
        .values_list("group_id", "first")
    )
    zero = Decimal(0)
    return [
        GroupPayables(
            group_id=group_id, producer_payable=-totals[group_id].get(Account.PRODUCER_PAYABLE, zero),
            group_fund_payable=-totals[group_id].get(Account.GROUP_FUND_PAYABLE, zero),
            advances_outstanding=totals[group_id].get(Account.PRODUCER_ADVANCES, zero),
            oldest_payable_from=oldest.get(group_id),
        )
        for group_id in sorted(totals)
    ]


# --- generation -------------------------------------------------------------------------


def _next_number(year: int) -> str:
    """``ST-<year>-<000001>``: the year's counter row stays locked until the transaction ends (no gaps)."""
    table = StatementNumber._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"ST-{year}-{number:06d}"


def _due_date(entries: list[LedgerEntry], today: date) -> date:
    """The earliest moment the statement's entries became payable, plus the due days; never before today."""
    moments = [entry.sold_line.payable_from if entry.sold_line_id else entry.occurred_at for entry in entries]
    earliest = timezone.localtime(min(moments)).date()
    return max(earliest + timedelta(days=settings.FAIRTRADE_STATEMENT_DUE_DAYS), today)


def _totals(entries: list[LedgerEntry]) -> tuple[Decimal, Decimal]:
    producer = -sum((e.amount for e in entries if e.account == Account.PRODUCER_PAYABLE), Decimal(0))
    premium = -sum((e.amount for e in entries if e.account == Account.GROUP_FUND_PAYABLE), Decimal(0))
    return producer, premium


def statement_generate(*, group: ProducerGroup, period_start: date, period_end: date, user=None) -> Statement:
    """A DRAFT statement of everything payable to ``group`` by the end of ``period_end`` (see the module).

    Holds the group's row lock (``FOR NO KEY UPDATE``) so two generations for one
    group run one after the other; the second finds the entries taken.  Raises
    EMPTY_STATEMENT when nothing is payable, NOTHING_TO_PAY when the payable entries
    do not add up to a payment (refunds the group bears exceed what it earned
    since: they stay unpaid and are set against its next earnings).
    """
    if period_end < period_start:
        raise fair_trade_error("period_end", "The period ends before it starts.", Code.INVALID)
    ProducerGroup.objects.select_for_update(no_key=True).only("pk").get(pk=group.pk)
    entries = list(payable_entries(group_id=group.pk, until=period_end).select_related("sold_line").order_by("pk"))
    if not entries:
        raise fair_trade_error(None, f"Nothing is payable to {group} by {period_end}.", Code.EMPTY_STATEMENT)
    currencies = {entry.currency for entry in entries}
    if len(currencies) > 1:
        raise fair_trade_error(None, f"Payable entries in several currencies: {sorted(currencies)}.", Code.INVALID)
    producer, premium = _totals(entries)
    if producer + premium <= 0:
        raise fair_trade_error(None, f"What is payable to {group} adds up to {producer + premium}: nothing to pay.",
                               Code.NOTHING_TO_PAY)
    netted = max(Decimal(0), min(advances_outstanding(group.pk), producer))
    today = timezone.localdate()
    statement = Statement.objects.create(
        number=_next_number(today.year), group=group, period_start=period_start, period_end=period_end,
        currency=currencies.pop(), producer_amount=producer, premium_amount=premium, advances_netted=netted,
        net_amount=producer + premium - netted, due_date=_due_date(entries, today),
    )
    StatementLine.objects.bulk_create(StatementLine(statement=statement, entry=entry) for entry in entries)
    _audit(statement, "GENERATED", user=user, to_status=S.DRAFT, entries=len(entries))
    return statement


def statements_generate_for_period(*, period_start: date, period_end: date) -> list[Statement]:
    """A statement for every active group with something payable by ``period_end`` (the monthly run).

    Each group in its own transaction; groups with nothing (left) to pay are skipped,
    so running it again creates nothing new.
    """
    group_ids = _unpaid_payable(period_end).filter(group__is_active=True).values("group_id")
    created = []
    for group in ProducerGroup.objects.filter(pk__in=group_ids).order_by("pk"):
        try:
            with transaction.atomic():
                created.append(statement_generate(group=group, period_start=period_start, period_end=period_end))
        except ValidationError as error:
            if getattr(error, "code", None) not in (Code.EMPTY_STATEMENT.value, Code.NOTHING_TO_PAY.value):
                raise
    return created


def previous_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


# --- deductions -------------------------------------------------------------------------


def statement_lock(statement_id) -> Statement:
    return Statement.objects.select_for_update(of=("self",)).select_related("group").get(pk=statement_id)


def consented_cap(statement: Statement) -> Decimal:
    """The most that consented deductions may take: the cap percent of the payment for the group's work
    (``producer_amount``), rounded down to the satang."""
    percent = Decimal(settings.FAIRTRADE_CONSENTED_DEDUCTION_CAP_PERCENT)
    return (statement.producer_amount * percent / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _producer_part_left(statement: Statement) -> Decimal:
    return statement.producer_amount - statement.advances_netted - statement.deductions_amount


def _check_deduction(statement: Statement, *, kind: str, amount: Decimal, reason: str, consent_reference: str):
    if statement.status == S.PAID:
        raise fair_trade_error("statement", "This statement is paid.", Code.ALREADY_PAID)
    if statement.status != S.DRAFT:
        raise fair_trade_error("statement", "Deductions are added to draft statements only.", Code.INVALID_STATUS)
    if kind not in DeductionKind.values:
        raise fair_trade_error("kind", f"{kind!r} may not be deducted from a homeworker's pay.", Code.DEDUCTION_NOT_ALLOWED)
    if amount <= 0:
        raise fair_trade_error("amount", "A deduction is a positive amount.", Code.NEGATIVE_AMOUNT)
    if not (reason or "").strip():
        raise fair_trade_error("reason", "Say what the deduction is for.", Code.REQUIRED)
    if kind in CONSENTED_DEDUCTIONS:
        if not (consent_reference or "").strip():
            raise fair_trade_error("consent_reference", "A deduction for damage or late delivery needs the group's "
                                   "written consent: give its reference.", Code.CONSENT_REQUIRED)
        cap = consented_cap(statement)
        taken = sum((d.amount for d in statement.deductions.all() if d.kind in CONSENTED_DEDUCTIONS), Decimal(0))
        if taken + amount > cap:
            raise fair_trade_error(
                "amount", f"Deductions made with consent may take at most {cap} {statement.currency} "
                f"({settings.FAIRTRADE_CONSENTED_DEDUCTION_CAP_PERCENT} per cent of the payment of "
                f"{statement.producer_amount}); {taken} is already deducted.",
                Code.DEDUCTION_OVER_CAP, cap=str(cap), deducted=str(taken),
            )
    left = _producer_part_left(statement)
    if amount > left:
        raise fair_trade_error("amount", f"Only {left} {statement.currency} of the producers' payment is left to "
                               "deduct from (the fund's premium is never deducted).", Code.DEDUCTION_TOO_LARGE,
                               left=str(left))


def statement_deduction_add(*, statement: Statement, kind: str, amount, reason: str, consent_reference: str = "",
                            user) -> StatementDeduction:
    """Deduct from a DRAFT statement what the Homeworkers Protection Act B.E. 2553 allows.

    * Kinds: ``DeductionKind`` (tax and other deductions required by law; damage and
      late delivery with the group's written consent).  Anything else:
      DEDUCTION_NOT_ALLOWED.
    * Consented kinds need ``consent_reference`` (CONSENT_REQUIRED), and together
      take at most FAIRTRADE_CONSENTED_DEDUCTION_CAP_PERCENT (10 %) of the payment for
      the group's work, ``producer_amount`` (DEDUCTION_OVER_CAP, the cap in the
      message and params).  The payment is the producers' earnings before advances
      are netted (an advance is part of the same payment, made early); the fund's
      premium is not pay for work and is not counted.
    * Every deduction comes out of the producers' part still to pay
      (``producer_amount - advances_netted - deductions``), never out of the premium
      (DEDUCTION_TOO_LARGE).

    Locks the statement row; recomputes the totals; writes an audit row.
    """
    statement = statement_lock(statement.pk)
    amount = quantize(Decimal(str(amount)), statement.currency)
    _check_deduction(statement, kind=kind, amount=amount, reason=reason, consent_reference=consent_reference)
    deduction = StatementDeduction.objects.create(
        statement=statement, kind=kind, amount=amount, reason=reason.strip(),
        consent_reference=(consent_reference or "").strip(), created_by=_user(user),
    )
    statement.deductions_amount += amount
    statement.net_amount = (statement.producer_amount + statement.premium_amount - statement.advances_netted
                            - statement.deductions_amount)
    statement.save(update_fields=["deductions_amount", "net_amount"])
    _audit(statement, "DEDUCTION_ADDED", user=user, reason=reason, kind=kind, amount=str(amount),
           consent_reference=deduction.consent_reference)
    return deduction


# --- status -----------------------------------------------------------------------------


def check_transition(statement: Statement, to_status: str) -> None:
    from_status = statement.status
    if from_status == S.PAID:
        raise fair_trade_error("statement", f"Statement {statement.number} is already paid.", Code.ALREADY_PAID)
    if to_status not in TRANSITIONS[from_status]:
        raise fair_trade_error("statement", f"A statement cannot go from {from_status} to {to_status}.",
                               Code.INVALID_STATUS, from_status=from_status, to_status=to_status)


def statement_status_change(statement: Statement, to_status: str, *, user=None, reason: str = "") -> None:
    """The one way a statement's status changes.  Should be called while holding the statement's
    ``SELECT FOR UPDATE`` lock (``statement_lock``).  Checks the transition table, stamps who and
    when, writes the audit row and publishes ``StatementPaid`` (delivered after commit)."""
    check_transition(statement, to_status)
    from_status, now = statement.status, timezone.now()
    statement.status = to_status
    fields = ["status"]
    if to_status == S.APPROVED:
        statement.approved_at, statement.approved_by = now, _user(user)
        fields += ["approved_at", "approved_by"]
    elif to_status == S.PAID:
        statement.paid_at, statement.paid_by = now, _user(user)
        fields += ["paid_at", "paid_by", "paid_on", "payment_reference"]
    statement.save(update_fields=fields)
    _audit(statement, "STATUS_CHANGED", user=user, from_status=from_status, to_status=to_status, reason=reason)
    if to_status == S.PAID:
        publish(StatementPaid(statement_id=str(statement.pk)))


def statement_approve(*, statement: Statement, user) -> Statement:
    """DRAFT -> APPROVED.  EMPTY_STATEMENT without lines; NOTHING_TO_PAY when the net is below zero, or zero
    while no advance is netted (a statement whose earnings all go to repay advances is approved and
    paid with nothing sent: paying it posts the netting that settles both)."""
    statement = statement_lock(statement.pk)
    check_transition(statement, S.APPROVED)
    if not statement.lines.exists():
        raise fair_trade_error("statement", "This statement pays nothing.", Code.EMPTY_STATEMENT)
    if statement.net_amount < 0 or (statement.net_amount == 0 and not statement.advances_netted):
        raise fair_trade_error("statement", f"The net to pay is {statement.net_amount}.", Code.NOTHING_TO_PAY)
    statement_status_change(statement, S.APPROVED, user=user)
    return statement


def _pay_journals(statement: Statement, *, occurred_at: datetime, user) -> None:
    group, currency, base = statement.group_id, statement.currency, f"statement:{statement.pk}"
    common = {"reference_type": ReferenceType.STATEMENT, "reference_id": statement.pk, "currency": currency,
              "actor": user, "occurred_at": occurred_at}
    if statement.advances_netted:
        journal_post(key=f"{base}:netting", kind=JournalKind.ADVANCE_NETTING, memo=f"{statement.number}: advances netted",
                     lines=[Line(Account.PRODUCER_PAYABLE, statement.advances_netted, group),
                            Line(Account.PRODUCER_ADVANCES, -statement.advances_netted, group)], **common)
    for deduction in statement.deductions.order_by("pk"):
        to = Account.WITHHOLDING_TAX if deduction.kind in LEGAL_DEDUCTIONS else Account.SE_MARGIN
        journal_post(key=f"{base}:deduction:{deduction.pk}", kind=JournalKind.DEDUCTION,
                     memo=f"{statement.number}: {deduction.get_kind_display()}: {deduction.reason}",
                     lines=[Line(Account.PRODUCER_PAYABLE, deduction.amount, group), Line(to, -deduction.amount)],
                     **common)
    producer_left = _producer_part_left(statement)
    if producer_left or statement.premium_amount:
        journal_post(key=f"{base}:payout", kind=JournalKind.PAYOUT,
                     memo=f"{statement.number}: paid, reference {statement.payment_reference}",
                     lines=[Line(Account.PRODUCER_PAYABLE, producer_left, group),
                            Line(Account.GROUP_FUND_PAYABLE, statement.premium_amount, group),
                            Line(Account.BANK, -statement.net_amount)], **common)


def statement_pay(*, statement: Statement, paid_on: date, payment_reference: str, user) -> Statement:
    """APPROVED -> PAID: the money was sent on ``paid_on`` with the bank's ``payment_reference``.

    Locks the statement; ALREADY_PAID on a paid statement, INVALID_STATUS on a draft.
    Posts the netting, deduction and payout journals (keys ``statement:<id>:...``, so a
    retry cannot post twice) and publishes ``StatementPaid``.
    """
    statement = statement_lock(statement.pk)
    check_transition(statement, S.PAID)
    reference = (payment_reference or "").strip()
    if not reference:
        raise fair_trade_error("payment_reference", "Give the bank's reference of the transfer.", Code.REQUIRED)
    if paid_on is None or paid_on > timezone.localdate():
        raise fair_trade_error("paid_on", "The payment date cannot be in the future.", Code.INVALID)
    statement.paid_on, statement.payment_reference = paid_on, reference
    _pay_journals(statement, occurred_at=timezone.now(), user=user)
    statement_status_change(statement, S.PAID, user=user)
    return statement


# --- exports ----------------------------------------------------------------------------

BANK_CSV_HEADER = ["statement", "group_th", "group_en", "payout_method", "bank", "account_name", "account_number",
                   "promptpay_id", "amount", "currency", "reference"]


def _cell(value) -> str:
    """Text a spreadsheet will not run as a formula (names are typed by people)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def statement_bank_csv(statements: Iterable[Statement]) -> str:
    """A CSV for the bank's bulk transfer (or the accountant): one row per statement, the net to send.

    The reference is the statement number, so the group recognises the transfer.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BANK_CSV_HEADER)
    for statement in statements:
        group = statement.group
        writer.writerow([_cell(v) for v in (
            statement.number, group.name_th, group.name_en, group.payout_method, group.bank_name,
            group.bank_account_name, group.bank_account_number, group.promptpay_id,
            f"{quantize(statement.net_amount, statement.currency):.2f}", statement.currency, statement.number,
        )])
    return out.getvalue()


def statement_promptpay_payload(statement: Statement) -> str:
    """The EMVCo PromptPay payload (what a QR code carries) for the net of ``statement`` to the group's
    PromptPay id.  NO_PAYOUT_DETAILS without an id; NOTHING_TO_PAY when the net is not positive."""
    from promptpay import qrcode

    group = statement.group
    if not group.promptpay_id.strip():
        raise fair_trade_error("promptpay_id", f"{group} has no PromptPay id.", Code.NO_PAYOUT_DETAILS)
    if statement.currency != "THB" or statement.net_amount <= 0:
        raise fair_trade_error("statement", "PromptPay pays a positive amount in baht.", Code.NOTHING_TO_PAY)
    return qrcode.generate_payload(group.promptpay_id, quantize(statement.net_amount, "THB"))
