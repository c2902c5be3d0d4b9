"""Each group's share of a sale is posted when it accepts, exactly; what is given back is reversed."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import IntegrityError, InternalError

from cooperatives.models import GroupOrder
from fairtrade.ledger import group_balances
from fairtrade.models import Account, LedgerEntry, LedgerJournal, SoldLine
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms

from .conftest import accept_and_ship, product_made_by

pytestmark = pytest.mark.django_db


def _sum(account, **filters):
    return sum((e.amount for e in LedgerEntry.objects.filter(account=account, **filters)), Decimal(0))


def test_an_accepted_and_shipped_line_posts_each_share_exactly(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)], price="390.00")
    create_terms(north, scarf, price="150.00", premium="10")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    group_order = GroupOrder.objects.get(order=order)

    accept_and_ship(group_order, capture=django_capture_on_commit_callbacks)

    sold = SoldLine.objects.get()
    line = order.lines.get()
    assert sold.gross == line.total_price_gross_amount == Decimal("780.00")
    assert sold.vat == line.total_price_gross_amount - line.total_price_net_amount
    assert (sold.producer_share, sold.premium, sold.fee) == (Decimal("300.00"), Decimal("30.00"), Decimal("0.00"))
    assert sold.margin == sold.gross - sold.vat - Decimal("330.00")
    assert sold.delivered_at is not None and sold.payable_from is not None
    assert group_balances(north.pk) == {
        "producer_payable": Decimal("300.00"), "group_fund_payable": Decimal("30.00"),
        "advances_outstanding": Decimal(0),
    }
    assert _sum(Account.SALES_GROSS) == order.total_gross_amount  # the line and the shipping charge
    assert sum((e.amount for e in LedgerEntry.objects.all()), Decimal(0)) == 0


def test_the_ledger_refuses_updates_and_deletes(channel, groups, django_capture_on_commit_callbacks):
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)])
    create_terms(north, scarf)
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)])
    accept_and_ship(GroupOrder.objects.get(order=order), capture=django_capture_on_commit_callbacks)
    entry = LedgerEntry.objects.first()

    for sql in ("UPDATE fairtrade_ledgerentry SET amount = 0 WHERE id = %s",
                "DELETE FROM fairtrade_ledgerentry WHERE id = %s",
                "UPDATE fairtrade_ledgerjournal SET memo = 'x' WHERE id = %s"):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk if "entry" in sql else entry.journal_id])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == entry.amount
    assert LedgerJournal.objects.filter(pk=entry.journal_id).exists()
