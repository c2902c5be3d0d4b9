"""The issue's "done when", end to end: a paid order is split, accepted and shipped; the ledger
shows each group's share exactly; a refund reverses it; the monthly statements pay it; the
manager page shows the margins with charts; the shopper sees where her money went."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import GroupOrder
from fairtrade import payouts, sales
from fairtrade.ledger import balance, group_balances
from fairtrade.models import Account, Bearer, LedgerEntry, SoldLine, Statement
from fairtrade.tasks import generate_monthly_statements_task
from shop.account.permissions import PermissionEnum
from shop.payment.actions import order_refund
from tests.factories.account import create_staff
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms
from tests.shop.graphql.conftest import GraphQLClient

from .conftest import accept_and_ship, product_made_by

pytestmark = pytest.mark.django_db

ORDER_FAIR_TRADE = """
query($token: UUID!) {
  orderByToken(token: $token) {
    lines {
      productName quantity
      fairTrade {
        gross { amount } vat { amount } producerShare { amount } premium { amount } margin { amount }
        refunded { amount }
        producerGroups { producerGroup { slug } quantity producerShare { amount } }
      }
    }
  }
}
"""


def test_sold_shipped_refunded_paid_and_shown(channel, groups, client, django_capture_on_commit_callbacks):
    north, _, south = groups
    capture = django_capture_on_commit_callbacks
    scarf = product_made_by(channel, [(north, 10, 1, 0)], price="390.00")
    basket = product_made_by(channel, [(south, 10, 1, 0)], price="250.00")
    create_terms(north, scarf, price="150.00", premium="10")
    create_terms(south, basket, price="100.00", premium="5", materials="20", minutes="60")

    # A shopper pays for 2 scarves and 2 baskets; the order is split between the two groups.
    with capture(execute=True):
        order = place_paid_order(channel, [(scarf, 2), (basket, 2)])
    group_orders = {go.group_id: go for go in GroupOrder.objects.filter(order=order)}
    assert set(group_orders) == {north.pk, south.pk}

    # Both groups accept and ship: each group's share is in the ledger, exactly.
    for group_order in group_orders.values():
        accept_and_ship(group_order, capture=capture)
    assert group_balances(north.pk)["producer_payable"] == Decimal("300.00")  # 2 x 150
    assert group_balances(north.pk)["group_fund_payable"] == Decimal("30.00")  # 10 %
    assert group_balances(south.pk)["producer_payable"] == Decimal("200.00")  # 2 x 100
    assert group_balances(south.pk)["group_fund_payable"] == Decimal("10.00")  # 5 %
    assert balance(Account.SALES_GROSS) == order.total_gross_amount
    for sold in SoldLine.objects.all():
        assert sold.gross == sold.vat + sold.producer_share + sold.premium + sold.fee + sold.margin

    # One basket arrived broken through the group's fault: refunded, and the group's share of it reversed.
    basket_sold = SoldLine.objects.get(group=south)
    with capture(execute=True), transaction.atomic():
        sales.sale_refund(sold_line_id=basket_sold.pk, amount=Decimal("250.00"), bearer=Bearer.GROUP,
                          reason="Broken in the making",
                          request_refund=lambda order_id, amount: order_refund(order_id=order_id, amount=amount))
    assert group_balances(south.pk)["producer_payable"] == Decimal("100.00")
    assert group_balances(south.pk)["group_fund_payable"] == Decimal("5.00")
    assert balance(Account.REFUNDS) == Decimal("-250.00")

    # The monthly run (on the 1st of next month) makes one statement per group; they are approved and paid.
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    with capture(execute=True):
        numbers = generate_monthly_statements_task(next_month.isoformat())
    assert len(numbers) == 2
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    for statement in Statement.objects.all():
        with capture(execute=True), transaction.atomic():
            payouts.statement_approve(statement=statement, user=manager)
            payouts.statement_pay(statement=statement, paid_on=timezone.localdate(), payment_reference=f"TRF-{statement.number}",
                                  user=manager)
    nets = dict(Statement.objects.values_list("group_id", "net_amount"))
    assert nets == {north.pk: Decimal("330.00"), south.pk: Decimal("105.00")}
    for group in (north, south):
        assert group_balances(group.pk) == {"producer_payable": 0, "group_fund_payable": 0, "advances_outstanding": 0}
    assert balance(Account.BANK) == Decimal("-435.00")
    assert sum(e.amount for e in LedgerEntry.objects.all()) == 0

    # The manager's page shows the margins, with its charts.
    client.force_login(manager)
    today = timezone.localdate().isoformat()
    page = client.get(reverse("fairtrade_manager:margins"), {"date_from": today, "date_to": today, "group_by": "producer_group"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 2
    assert north.name_th in html and south.name_th in html

    # The shopper sees where her money went, line by line.
    client.logout()
    data = GraphQLClient(client).execute(ORDER_FAIR_TRADE, {"token": str(order.pk)})["data"]["orderByToken"]
    lines = {line["productName"]: line["fairTrade"] for line in data["lines"]}
    scarf_line = lines[scarf.product.name]
    assert scarf_line["producerShare"]["amount"] == 300.0
    assert scarf_line["producerGroups"] == [
        {"producerGroup": {"slug": north.slug}, "quantity": 2, "producerShare": {"amount": 300.0}}
    ]
    basket_line = lines[basket.product.name]
    assert basket_line["refunded"]["amount"] == 250.0
    assert basket_line["producerShare"]["amount"] == 100.0
