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


def _journal_sums_are_zero():
    from django.db.models import Sum

    return not LedgerEntry.objects.values("journal_id").annotate(total=Sum("amount")).exclude(total=0).exists()


@pytest.fixture
def accepted_order(channel, groups, django_capture_on_commit_callbacks):
    """A paid order of 3 scarves (north) and 2 baskets (south), both groups accepted."""
    from cooperatives import services

    from .conftest import atomic

    north, _, south = groups
    scarf = product_made_by(channel, [(north, 5, 1, 0)], price="390.00")
    basket = product_made_by(channel, [(south, 5, 1, 0)], price="250.00")
    create_terms(north, scarf, price="150.00", premium="10")
    create_terms(south, basket, price="100.00", premium="5", materials="20", minutes="60")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 3), (basket, 2)])
    for group_order in GroupOrder.objects.filter(order=order):
        with django_capture_on_commit_callbacks(execute=True):
            atomic(services.group_order_accept, group_order_id=group_order.pk, user=None)
    return order


def test_two_groups_get_their_own_shares_and_the_order_adds_up(accepted_order, groups):
    north, _, south = groups
    order = accepted_order
    assert group_balances(north.pk)["producer_payable"] == Decimal("450.00")
    assert group_balances(north.pk)["group_fund_payable"] == Decimal("45.00")
    assert group_balances(south.pk)["producer_payable"] == Decimal("200.00")
    assert group_balances(south.pk)["group_fund_payable"] == Decimal("10.00")
    assert _sum(Account.SALES_GROSS) == order.total_gross_amount
    assert -_sum(Account.VAT_PAYABLE) == order.total_gross_amount - order.total_net_amount
    for sold in SoldLine.objects.all():
        assert sold.gross == sold.vat + sold.producer_share + sold.premium + sold.fee + sold.margin
    assert _journal_sums_are_zero()
    # Not delivered yet: nothing is payable on a statement.
    assert not SoldLine.objects.filter(payable_from__isnull=False).exists()


def test_a_redelivered_acceptance_posts_nothing_new(accepted_order, django_capture_on_commit_callbacks):
    from cooperatives.events import GroupOrderAccepted
    from fairtrade import handlers

    before = LedgerEntry.objects.count()
    for group_order in GroupOrder.objects.filter(order=accepted_order):
        line_ids = [str(pk) for pk in group_order.lines.values_list("pk", flat=True)]
        with transaction.atomic():
            handlers.on_group_order_accepted(GroupOrderAccepted(group_order_id=str(group_order.pk), line_ids=line_ids))
    assert LedgerEntry.objects.count() == before


def test_cancelling_before_production_gives_everything_back_and_the_group_bears_it(
    accepted_order, groups, django_capture_on_commit_callbacks
):
    from fairtrade.models import SaleReversal
    from shop.order.services import order_cancel

    north, _, south = groups
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        order_cancel(order_id=accepted_order.pk)

    assert {r.bearer for r in SaleReversal.objects.all()} == {"group"}
    assert group_balances(north.pk)["producer_payable"] == 0
    assert group_balances(south.pk)["group_fund_payable"] == 0
    assert _sum(Account.SALES_GROSS) == 0  # the lines and the shipping charge are reversed
    assert _sum(Account.VAT_PAYABLE) == 0
    # The processor keeps its fee: it stays on the social enterprise's margin (0 with the dummy gateway).
    assert _sum(Account.SE_MARGIN) == -_sum(Account.PAYMENT_FEES)
    assert _journal_sums_are_zero()


def test_cancelling_after_production_started_pays_the_group_for_its_work(
    accepted_order, groups, django_capture_on_commit_callbacks
):
    from cooperatives import services
    from fairtrade.models import SaleReversal
    from shop.order.services import order_cancel

    from .conftest import atomic

    north, _, south = groups
    north_order = GroupOrder.objects.get(order=accepted_order, group=north)
    with django_capture_on_commit_callbacks(execute=True):
        atomic(services.group_order_status_update, group_order_id=north_order.pk, status="in_production")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        order_cancel(order_id=accepted_order.pk)

    bearers = dict(SaleReversal.objects.values_list("sold_line__group_id", "bearer"))
    assert bearers == {north.pk: "social_enterprise", south.pk: "group"}
    assert group_balances(north.pk)["producer_payable"] == Decimal("450.00")  # work done is paid
    assert group_balances(south.pk)["producer_payable"] == 0
    assert SoldLine.objects.get(group=north).payable_from is not None
    assert _sum(Account.SALES_GROSS) == 0
    assert _journal_sums_are_zero()


def test_a_refund_made_in_the_shop_is_borne_by_the_social_enterprise_once(
    accepted_order, groups, django_capture_on_commit_callbacks
):
    from fairtrade import sales
    from shop.payment.actions import order_refund

    north, _, _ = groups
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        refunded = order_refund(order_id=accepted_order.pk, amount=Decimal("100.00"), reason="Goodwill")
    assert refunded == Decimal("100.00")
    assert _sum(Account.REFUNDS) == Decimal("-100.00")
    assert group_balances(north.pk)["producer_payable"] == Decimal("450.00")
    with transaction.atomic():
        assert sales.refund_reconcile(order_id=accepted_order.pk) == []  # again: nothing new
    assert _sum(Account.REFUNDS) == Decimal("-100.00")
    assert _journal_sums_are_zero()


@pytest.mark.parametrize("bearer, account", [("group", Account.PRODUCER_PAYABLE), ("courier", Account.COURIER_CLAIMS)])
def test_staff_refund_a_sold_line_and_say_who_bears_it(
    accepted_order, groups, bearer, account, django_capture_on_commit_callbacks
):
    from fairtrade import sales
    from shop.payment.actions import order_refund

    north, _, _ = groups
    sold = SoldLine.objects.get(group=north)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        reversal = sales.sale_refund(
            sold_line_id=sold.pk, amount=Decimal("390.00"), bearer=bearer, reason="One scarf arrived torn",
            request_refund=lambda order_id, amount: order_refund(order_id=order_id, amount=amount),
        )
    assert reversal.gross == Decimal("390.00")
    assert reversal.gross == reversal.vat + reversal.producer_share + reversal.premium + reversal.fee + reversal.margin
    if bearer == "group":
        assert group_balances(north.pk)["producer_payable"] == Decimal("450.00") - reversal.producer_share
        assert reversal.producer_share == Decimal("150.00")  # a third of the line, a third of the share
    else:
        assert _sum(Account.COURIER_CLAIMS) == Decimal("390.00") - reversal.vat
        assert group_balances(north.pk)["producer_payable"] == Decimal("450.00")
    # The shop's OrderRefunded was reconciled: nothing more was given back.
    assert _sum(Account.REFUNDS) == Decimal("-390.00")
    assert _journal_sums_are_zero()


def test_a_refund_larger_than_what_is_left_is_refused_and_writes_nothing(accepted_order, groups):
    from django.core.exceptions import ValidationError

    from fairtrade import sales

    sold = SoldLine.objects.get(group=groups[0])
    journals = LedgerJournal.objects.count()
    with pytest.raises(ValidationError) as error, transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=sold.gross + Decimal("0.01"), bearer="group", reason="x")
    assert error.value.error_dict["amount"][0].code == "REFUND_TOO_LARGE"
    with pytest.raises(ValidationError) as error, transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=Decimal("10"), bearer="group", reason=" ")
    assert error.value.error_dict["reason"][0].code == "REQUIRED"
    with pytest.raises(ValidationError) as error, transaction.atomic():
        sales.sale_refund(sold_line_id=sold.pk, amount=Decimal("10"), bearer="shopper", reason="x")
    assert error.value.error_dict["bearer"][0].code == "INVALID"
    assert LedgerJournal.objects.count() == journals


def test_posting_twice_with_one_key_is_refused_and_writes_nothing():
    from django.core.exceptions import ValidationError

    from fairtrade.ledger import Line, journal_post

    lines = [Line(Account.BANK, Decimal("-5")), Line(Account.SE_MARGIN, Decimal("5"))]
    with transaction.atomic():
        journal_post(key="k-1", kind="payout", reference_type="statement", reference_id="1", currency="THB", lines=lines)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        journal_post(key="k-1", kind="payout", reference_type="statement", reference_id="1", currency="THB", lines=lines)
    assert error.value.code == "DUPLICATE_POSTING"
    with pytest.raises(ValidationError) as error, transaction.atomic():
        journal_post(key="k-2", kind="payout", reference_type="statement", reference_id="1", currency="THB",
                     lines=[Line(Account.BANK, Decimal("-5"))])
    assert error.value.code == "UNBALANCED"
    assert LedgerJournal.objects.count() == 1 and LedgerEntry.objects.count() == 2
