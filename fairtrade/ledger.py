"""The append-only ledger: post balanced journals once per idempotency key, read balances as sums.

Amounts are signed, debit positive: a sale debits ``sales_gross`` with the
shopper's money and credits VAT, the producer group, its fund, the payment
processor and the social enterprise's margin.  The database refuses updates
and deletes of ledger rows and any journal that does not sum to zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from shop.core.money import quantize

from .error_codes import FairTradeErrorCode as Code
from .error_codes import fair_trade_error
from .models import GROUP_ACCOUNTS, Account, LedgerEntry, LedgerJournal


@dataclass(frozen=True)
class Line:
    """One entry to post: an account, a signed amount, and the group for group accounts."""

    account: str
    amount: Decimal
    group_id: int | None = None


@dataclass(frozen=True)
class Dimensions:
    """Report dimensions copied onto every entry of a journal."""

    sold_line_id: object = None
    order_id: object = None
    product_id: int | None = None
    category_id: int | None = None
    channel_id: int | None = None


def journal_exists(key: str) -> bool:
    return LedgerJournal.objects.filter(idempotency_key=key).exists()


def journal_post(
    *, key: str, kind: str, reference_type: str, reference_id, currency: str, lines: list[Line],
    dimensions: Dimensions = Dimensions(), bearer: str = "", memo: str = "", actor=None,
    occurred_at: datetime | None = None,
) -> LedgerJournal:
    """Write one balanced journal.  DUPLICATE_POSTING if the key was used; UNBALANCED if it doesn't sum to 0.

    Zero lines are dropped.  Runs in a savepoint, so a refused posting writes nothing.
    """
    lines = [Line(line.account, quantize(Decimal(line.amount), currency), line.group_id) for line in lines]
    lines = [line for line in lines if line.amount != 0]
    if sum((line.amount for line in lines), Decimal(0)) != 0:
        raise fair_trade_error(None, f"Journal {key} does not balance.", Code.UNBALANCED)
    for line in lines:
        if line.account not in Account.values:
            raise fair_trade_error(None, f"Unknown account {line.account}.", Code.INVALID)
        if line.account in GROUP_ACCOUNTS and line.group_id is None:
            raise fair_trade_error(None, f"{line.account} needs a producer group.", Code.INVALID)
    occurred_at = occurred_at or timezone.now()
    try:
        with transaction.atomic():
            journal = LedgerJournal.objects.create(
                idempotency_key=key, kind=kind, reference_type=reference_type, reference_id=str(reference_id),
                currency=currency, bearer=bearer, memo=memo, actor=getattr(actor, "email", actor) or "",
                occurred_at=occurred_at,
            )
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    journal=journal, account=line.account, group_id=line.group_id, amount=line.amount,
                    currency=currency, kind=kind, occurred_at=occurred_at, sold_line_id=dimensions.sold_line_id,
                    order_id=dimensions.order_id, product_id=dimensions.product_id,
                    category_id=dimensions.category_id, channel_id=dimensions.channel_id,
                )
                for line in lines
            )
    except IntegrityError:
        if journal_exists(key):
            raise fair_trade_error(None, f"Something was already posted with the key {key}.", Code.DUPLICATE_POSTING)
        raise
    return journal


def balance(account: str, *, group_id=None, **filters) -> Decimal:
    """The sum of an account's entries (optionally for one group), debit positive."""
    queryset = LedgerEntry.objects.filter(account=account, **filters)
    if group_id is not None:
        queryset = queryset.filter(group_id=group_id)
    return queryset.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def group_balances(group_id) -> dict[str, Decimal]:
    """What the social enterprise owes a group (payable, fund) and what the group owes back (advances)."""
    rows = (
        LedgerEntry.objects.filter(group_id=group_id).values("account").annotate(total=Sum("amount"))
    )
    totals = {row["account"]: row["total"] for row in rows}
    return {
        "producer_payable": -totals.get(Account.PRODUCER_PAYABLE, Decimal(0)),
        "group_fund_payable": -totals.get(Account.GROUP_FUND_PAYABLE, Decimal(0)),
        "advances_outstanding": totals.get(Account.PRODUCER_ADVANCES, Decimal(0)),
    }
