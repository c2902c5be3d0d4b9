"""Helpers of the statement tests: sales that reach the ledger, and statements made from them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cooperatives import services
from cooperatives.models import GroupOrder
from fairtrade import payouts
from fairtrade.models import (
    LedgerEntry,
    LedgerJournal,
    Statement,
    StatementDeduction,
    StatementEvent,
)
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms

from .conftest import accept_and_ship, product_made_by


def sell(channel, group, *, capture, price="390.00", producer_price="150.00", premium="10", quantity=2,
         ship=True) -> GroupOrder:
    """A shopper buys ``quantity`` of a product the group makes; the group accepts (and ships) it.
    With the defaults the group earns 300.00 and its fund 30.00."""
    variant = product_made_by(channel, [(group, 50, 1, 0)], price=price)
    create_terms(group, variant, price=producer_price, premium=premium)
    with capture(execute=True), transaction.atomic():
        order = place_paid_order(channel, [(variant, quantity)])
    group_order = GroupOrder.objects.get(order=order, group=group)
    if ship:
        accept_and_ship(group_order, capture=capture)
    else:
        with capture(execute=True), transaction.atomic():
            services.group_order_accept(group_order_id=group_order.pk, user=None)
    return group_order


def today() -> datetime.date:
    return timezone.localdate()


def generate(group, *, period_end=None, user=None) -> Statement:
    end = period_end or today()
    with transaction.atomic():
        return payouts.statement_generate(group=group, period_start=end.replace(day=1), period_end=end, user=user)


def counts() -> dict[str, int]:
    """What the statement services write, to check a refused call wrote nothing."""
    return {
        "statements": Statement.objects.count(), "deductions": StatementDeduction.objects.count(),
        "events": StatementEvent.objects.count(), "journals": LedgerJournal.objects.count(),
        "entries": LedgerEntry.objects.count(),
    }


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
