"""Shoppers see where their money goes: per unit on products, per line on their orders, and the shop's impact."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from graphene.relay import Node

from cooperatives.models import GroupOrder
from fairtrade.ledger import Line, journal_post
from fairtrade.models import (
    Account,
    JournalKind,
    LedgerEntry,
    SoldLine,
    Statement,
    StatementLine,
    StatementStatus,
)
from fairtrade.sales import sale_refund
from fairtrade.transparency import fair_trade_impact
from tests.factories.account import create_user
from tests.factories.cooperatives import place_paid_order
from tests.factories.fairtrade import create_terms
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import accept_and_ship, product_made_by

pytestmark = pytest.mark.django_db

PRODUCT_FAIR_TRADE = """
query($id: ID!) {
  product(id: $id, channel: "default-channel") {
    fairTrade { producerShare { amount currency } producerSharePercent premium { amount } price { amount }
                producerGroups { slug } }
    variants { fairTrade { producerShare { amount } producerGroups { slug } } }
  }
}
"""

PRODUCTS_FAIR_TRADE = """
{ products(first: 20, channel: "default-channel") {
    edges { node { name fairTrade { producerShare { amount } premium { amount } producerGroups { slug name } } } } } }
"""

ORDER_FAIR_TRADE = """
query($token: UUID!) {
  orderByToken(token: $token) {
    lines {
      productName
      fairTrade {
        gross { amount } vat { amount } producerShare { amount } premium { amount } paymentFees { amount }
        margin { amount } refunded { amount }
        producerGroups { id producerGroup { slug } quantity producerShare { amount } premium { amount } }
      }
    }
  }
}
"""

ORDER_BY_ID = """
query($id: ID!) { order(id: $id) { lines { fairTrade { gross { amount } } } } }
"""

IMPACT = """
{ fairTradeImpact { paidToProducerGroups { amount currency } producerGroupsCount membersCount
                    womenMembersPercent averageDaysToPayment } }
"""


def _gid(type_name, pk):
    return Node.to_global_id(type_name, pk)


def _amounts(node):
    return {key: Decimal(str(value["amount"])) for key, value in node.items() if isinstance(value, dict) and "amount" in value}


@pytest.fixture
def scarf_order(channel, groups, django_capture_on_commit_callbacks):
    """Two scarves at 390.00 made by the north group at 150.00 + 10 % premium, accepted and shipped."""
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)], price="390.00")
    create_terms(north, scarf, price="150.00", premium="10")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    accept_and_ship(GroupOrder.objects.get(order=order), capture=django_capture_on_commit_callbacks)
    return order


def test_a_product_shows_its_makers_share_and_premium_per_unit(client, channel, groups):
    north, northeast, _ = groups
    scarf = product_made_by(channel, [(northeast, 5, 2, 0), (north, 5, 1, 0)], price="390.00")
    create_terms(north, scarf, price="150.00", premium="10")
    create_terms(northeast, scarf, price="200.00", premium="5")  # not the lead maker: not shown

    product = GraphQLClient(client).execute(PRODUCT_FAIR_TRADE, {"id": _gid("Product", scarf.product_id)})["data"][
        "product"]

    fair = product["fairTrade"]
    assert _amounts(fair) == {"producerShare": Decimal("150.00"), "premium": Decimal("15.00"), "price": Decimal("390.00")}
    assert fair["producerShare"]["currency"] == "THB"
    assert fair["producerSharePercent"] == 38.5  # 150 / 390
    assert [g["slug"] for g in fair["producerGroups"]] == [north.slug]
    assert product["variants"][0]["fairTrade"]["producerShare"]["amount"] == 150.0


def test_a_product_without_terms_in_force_shows_no_fair_trade_figures(client, channel, groups):
    from django.utils import timezone

    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])
    create_terms(groups[0], scarf, effective_from=timezone.localdate() + timedelta(days=30))  # agreed, not yet in force

    product = GraphQLClient(client).execute(PRODUCT_FAIR_TRADE, {"id": _gid("Product", scarf.product_id)})["data"][
        "product"]

    assert product["fairTrade"] is None


def test_a_page_of_products_loads_fair_trade_figures_in_queries_that_do_not_grow(client, channel, groups):
    api = GraphQLClient(client)
    first = product_made_by(channel, [(groups[0], 5, 1, 0)])
    create_terms(groups[0], first)
    with CaptureQueriesContext(connection) as one:
        api.execute(PRODUCTS_FAIR_TRADE)

    for group in groups:
        variant = product_made_by(channel, [(group, 5, 1, 0)])
        create_terms(group, variant)
    with CaptureQueriesContext(connection) as four:
        edges = api.execute(PRODUCTS_FAIR_TRADE)["data"]["products"]["edges"]

    assert all(edge["node"]["fairTrade"]["producerShare"]["amount"] == 150.0 for edge in edges)
    assert len(edges) == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_a_shopper_sees_how_her_order_line_was_split_after_a_refund_the_group_bears(client, scarf_order, groups):
    # given: 780.00 for two scarves; VAT 51.03 (780 x 7/107); the group 300 + 30 premium; no fee (dummy gateway)
    sold = SoldLine.objects.get()
    with transaction.atomic():
        sale_refund(sold_line_id=sold.pk, amount=Decimal("260.00"), bearer="group", reason="One scarf arrived torn")

    # when
    lines = GraphQLClient(client).execute(ORDER_FAIR_TRADE, {"token": str(scarf_order.pk)})["data"]["orderByToken"][
        "lines"]

    # then: a third of every part went back
    fair = lines[0]["fairTrade"]
    assert _amounts(fair) == {
        "gross": Decimal("520.00"), "vat": Decimal("34.02"), "producerShare": Decimal("200.00"),
        "premium": Decimal("20.00"), "paymentFees": Decimal("0.00"), "margin": Decimal("265.98"),
        "refunded": Decimal("260.00"),
    }
    part = fair["producerGroups"][0]
    assert part["producerGroup"]["slug"] == groups[0].slug and part["quantity"] == 2
    assert _amounts(part) == {"producerShare": Decimal("200.00"), "premium": Decimal("20.00")}
    assert part["id"] == _gid("FairTradeSoldLine", sold.pk)


def test_a_refund_the_social_enterprise_bears_leaves_the_groups_share_whole(client, scarf_order):
    sold = SoldLine.objects.get()
    with transaction.atomic():
        sale_refund(sold_line_id=sold.pk, amount=Decimal("100.00"), bearer="social_enterprise", reason="Late")

    fair = GraphQLClient(client).execute(ORDER_FAIR_TRADE, {"token": str(scarf_order.pk)})["data"]["orderByToken"][
        "lines"][0]["fairTrade"]

    amounts = _amounts(fair)
    assert amounts["producerShare"] == Decimal("300.00") and amounts["premium"] == Decimal("30.00")
    assert amounts["gross"] == Decimal("680.00") and amounts["refunded"] == Decimal("100.00")
    assert amounts["gross"] == sum(amounts[k] for k in ("vat", "producerShare", "premium", "paymentFees", "margin"))
    # The figures are the ledger's: the margin is what the social enterprise's account keeps.
    margin = -sum(e.amount for e in LedgerEntry.objects.filter(account=Account.SE_MARGIN, sold_line=sold))
    assert amounts["margin"] == margin


def test_a_line_no_group_has_accepted_yet_has_no_breakdown(client, channel, groups, django_capture_on_commit_callbacks):
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)])

    lines = GraphQLClient(client).execute(ORDER_FAIR_TRADE, {"token": str(order.pk)})["data"]["orderByToken"]["lines"]

    assert lines[0]["fairTrade"] is None


def test_the_lines_of_an_order_load_their_breakdown_in_queries_that_do_not_grow(
    client, channel, groups, django_capture_on_commit_callbacks
):
    api = GraphQLClient(client)
    variants = []
    for group in groups:
        variant = product_made_by(channel, [(group, 5, 1, 0)])
        create_terms(group, variant)
        variants.append(variant)
    orders = []
    for lines in ([(variants[0], 1)], [(variant, 1) for variant in variants]):
        with django_capture_on_commit_callbacks(execute=True):
            order = place_paid_order(channel, lines)
        for group_order in GroupOrder.objects.filter(order=order):
            accept_and_ship(group_order, capture=django_capture_on_commit_callbacks)
        orders.append(order)

    counts = []
    for order in orders:
        with CaptureQueriesContext(connection) as queries:
            lines = api.execute(ORDER_FAIR_TRADE, {"token": str(order.pk)})["data"]["orderByToken"]["lines"]
        assert all(line["fairTrade"]["producerShare"]["amount"] == 150.0 for line in lines)
        counts.append(len(queries.captured_queries))

    assert len(lines) == 3
    assert counts[0] == counts[1]


def test_a_shopper_sees_her_own_order_but_not_another_shoppers(client, scarf_order, channel, groups,
                                                               django_capture_on_commit_callbacks):
    malee = create_user("malee@example.com")
    somchai = create_user("somchai@example.com")
    type(scarf_order).objects.filter(pk=scarf_order.pk).update(user=malee)
    api = GraphQLClient(client)

    client.force_login(malee)
    own = api.execute(ORDER_BY_ID, {"id": _gid("Order", scarf_order.pk)})["data"]["order"]
    assert own["lines"][0]["fairTrade"]["gross"]["amount"] == 780.0

    client.force_login(somchai)
    assert api.execute(ORDER_BY_ID, {"id": _gid("Order", scarf_order.pk)})["data"]["order"] is None
    client.logout()
    assert api.execute(ORDER_BY_ID, {"id": _gid("Order", scarf_order.pk)})["data"]["order"] is None


def _pay(group, entries, paid_at):
    """A paid statement for ``entries`` (what the payouts module writes), with its payout journal."""
    total = -sum(e.amount for e in entries)
    statement = Statement.objects.create(
        number=f"ST-{group.pk}-{paid_at:%j}", group=group, period_start=paid_at.date(), period_end=paid_at.date(),
        due_date=paid_at.date(), status=StatementStatus.PAID, paid_at=paid_at, producer_amount=total,
        net_amount=total,
    )
    StatementLine.objects.bulk_create(StatementLine(statement=statement, entry=entry) for entry in entries)
    journal_post(key=f"payout:{statement.pk}", kind=JournalKind.PAYOUT, reference_type="statement",
                 reference_id=statement.pk, currency="THB",
                 lines=[Line(Account.PRODUCER_PAYABLE, total, group.pk), Line(Account.BANK, -total)])


def test_the_impact_counts_money_paid_groups_members_and_days_to_payment(client, scarf_order, groups):
    # given: nothing paid yet
    assert fair_trade_impact().average_days_to_payment is None
    north = groups[0]
    sold = SoldLine.objects.get()
    payable = LedgerEntry.objects.filter(sold_line=sold, account=Account.PRODUCER_PAYABLE)
    with transaction.atomic():
        _pay(north, list(payable), sold.payable_from + timedelta(days=3))
        journal_post(key="advance:1", kind=JournalKind.ADVANCE, reference_type="advance", reference_id="1",
                     currency="THB", lines=[Line(Account.PRODUCER_ADVANCES, Decimal("100"), north.pk),
                                            Line(Account.BANK, Decimal("-100"))])

    # when
    impact = GraphQLClient(client).execute(IMPACT)["data"]["fairTradeImpact"]

    # then: 300 paid for the scarves + 100 advanced; three groups of 12 members, 11 of them women
    assert impact == {
        "paidToProducerGroups": {"amount": 400.0, "currency": "THB"}, "producerGroupsCount": 3, "membersCount": 36,
        "womenMembersPercent": 91.7, "averageDaysToPayment": 3.0,
    }
