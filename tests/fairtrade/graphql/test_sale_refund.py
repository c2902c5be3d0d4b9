"""Staff refund a group's part of an order line and say who bears it; the shopper's payment is refunded too."""

from decimal import Decimal

import pytest
from graphene.relay import Node

from cooperatives.models import GroupOrder
from fairtrade.ledger import group_balances
from fairtrade.models import LedgerJournal, SaleReversal, SoldLine
from shop.account.permissions import PermissionEnum
from shop.payment.models import TransactionItem
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member, place_paid_order
from tests.factories.fairtrade import create_terms
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import accept_and_ship, product_made_by

pytestmark = pytest.mark.django_db

MUTATION_SALE_REFUND = """
mutation($soldLine: ID, $orderLine: ID, $group: ID, $amount: Decimal!, $bearer: FairTradeBearerEnum!,
         $reason: String!) {
  fairTradeSaleRefund(soldLine: $soldLine, orderLine: $orderLine, producerGroup: $group, amount: $amount,
                      bearer: $bearer, reason: $reason) {
    reversal { bearer gross { amount } vat { amount } producerShare { amount } premium { amount } reason }
    orderLine { fairTrade { refunded { amount } producerShare { amount } } }
    errors { field message code }
  }
}
"""


def _gid(type_name, pk):
    return Node.to_global_id(type_name, pk)


@pytest.fixture
def sold(channel, groups, django_capture_on_commit_callbacks):
    """Two scarves at 390.00, the north group paid 150.00 each + 10 %, accepted and shipped."""
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)], price="390.00")
    create_terms(groups[0], scarf, price="150.00", premium="10")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    accept_and_ship(GroupOrder.objects.get(order=order), capture=django_capture_on_commit_callbacks)
    return SoldLine.objects.get()


@pytest.fixture
def order_manager(client):
    client.force_login(create_staff(permissions=[PermissionEnum.MANAGE_ORDERS]))
    return GraphQLClient(client)


def _refunded(order_id) -> Decimal:
    return sum((t.refunded_value for t in TransactionItem.objects.filter(order_id=order_id)), Decimal(0))


def test_staff_refund_one_scarf_the_group_bears_and_the_payment_is_refunded(
    order_manager, sold, groups, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = order_manager.execute(MUTATION_SALE_REFUND, {
            "soldLine": _gid("FairTradeSoldLine", sold.pk), "amount": "390.00", "bearer": "GROUP",
            "reason": "One scarf arrived torn",
        })["data"]["fairTradeSaleRefund"]

    assert result["errors"] == []
    reversal = result["reversal"]
    assert reversal["bearer"] == "GROUP" and reversal["gross"]["amount"] == 390.0
    assert (reversal["producerShare"]["amount"], reversal["premium"]["amount"]) == (150.0, 15.0)
    assert result["orderLine"]["fairTrade"] == {"refunded": {"amount": 390.0}, "producerShare": {"amount": 150.0}}
    assert _refunded(sold.order_id) == Decimal("390.00")
    assert group_balances(groups[0].pk)["producer_payable"] == Decimal("150.00")
    # The shop's OrderRefunded found the refund attributed: nothing else was given back.
    assert SaleReversal.objects.count() == 1


def test_staff_may_name_the_order_line_and_the_group_instead(order_manager, sold, groups):
    result = order_manager.execute(MUTATION_SALE_REFUND, {
        "orderLine": _gid("OrderLine", sold.order_line_id), "group": _gid("ProducerGroup", groups[0].pk),
        "amount": "50", "bearer": "COURIER", "reason": "Parcel crushed",
    })["data"]["fairTradeSaleRefund"]

    assert result["errors"] == []
    assert result["reversal"]["bearer"] == "COURIER"
    assert group_balances(groups[0].pk)["producer_payable"] == Decimal("300.00")


@pytest.mark.parametrize(
    "variables, field, code",
    [
        ({"amount": "780.01"}, "amount", "REFUND_TOO_LARGE"),
        ({"amount": "-5"}, "amount", "NEGATIVE_AMOUNT"),
        ({"amount": "0"}, "amount", "NEGATIVE_AMOUNT"),
        ({"reason": "  "}, "reason", "REQUIRED"),
        ({"soldLine": None}, "soldLine", "REQUIRED"),
        ({"soldLine": None, "orderLine": "line", "group": "other-group"}, "orderLine", "NOT_SOLD"),
    ],
)
def test_bad_refunds_are_refused_with_their_code_and_write_nothing(order_manager, sold, groups, variables, field,
                                                                   code):
    data = {"soldLine": _gid("FairTradeSoldLine", sold.pk), "amount": "100", "bearer": "GROUP", "reason": "Torn"}
    data.update(variables)
    if data.get("orderLine") == "line":
        data["orderLine"], data["group"] = _gid("OrderLine", sold.order_line_id), _gid("ProducerGroup", groups[1].pk)
    journals = LedgerJournal.objects.count()

    result = order_manager.execute(MUTATION_SALE_REFUND, data)["data"]["fairTradeSaleRefund"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]
    assert result["reversal"] is None
    assert LedgerJournal.objects.count() == journals and not SaleReversal.objects.exists()
    assert _refunded(sold.order_id) == 0


def test_a_refund_the_payment_cannot_make_writes_nothing(order_manager, sold):
    TransactionItem.objects.filter(order_id=sold.order_id).update(charged_value=0)  # e.g. cash on delivery
    journals = LedgerJournal.objects.count()

    result = order_manager.execute(MUTATION_SALE_REFUND, {
        "soldLine": _gid("FairTradeSoldLine", sold.pk), "amount": "100", "bearer": "GROUP", "reason": "Torn",
    })["data"]["fairTradeSaleRefund"]

    assert [(e["field"], e["code"]) for e in result["errors"]] == [("amount", "INVALID")]
    assert LedgerJournal.objects.count() == journals and not SaleReversal.objects.exists()


@pytest.mark.parametrize("kind", ["anonymous", "shopper", "group member", "staff without the permission"])
def test_only_order_managers_refund_sold_lines(client, sold, groups, kind):
    if kind != "anonymous":
        client.force_login({
            "shopper": create_user,
            "group member": lambda: create_member(groups[0]),
            "staff without the permission": lambda: create_staff(permissions=[PermissionEnum.MANAGE_PRODUCTS]),
        }[kind]())

    result = GraphQLClient(client).execute(MUTATION_SALE_REFUND, {
        "soldLine": _gid("FairTradeSoldLine", sold.pk), "amount": "100", "bearer": "GROUP", "reason": "Torn",
    })

    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not SaleReversal.objects.exists() and _refunded(sold.order_id) == 0
