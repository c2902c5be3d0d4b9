"""transaction(id | token) for payments staff; checkout.transactions and order.transactions, batched."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from graphql_relay import to_global_id
from prices import Money as PricesMoney

from shop.checkout.calculations import checkout_charged_amount
from shop.checkout.complete import checkout_complete
from shop.core.money import allocate
from shop.payment.gateways import DUMMY_GATEWAY_ID
from shop.payment.sessions import source_total_gross, transaction_initialize

pytestmark = pytest.mark.django_db

QUERY_TRANSACTION = """
query Transaction($id: ID, $token: UUID) {
  transaction(id: $id, token: $token) {
    id token name pspReference actions createdBy { ... on App { id identifier name } }
    chargedAmount { amount currency } checkout { id } order { id }
    events { id type amount { amount } idempotencyKey }
  }
}
"""

QUERY_ORDER_PAYMENTS = """
query Order($id: ID) {
  order(id: $id) {
    isPaid totalCharged { amount } totalRefunded { amount } totalCaptured { amount } totalChargePending { amount }
    paymentStatus paymentStatusDisplay
    transactions { pspReference chargedAmount { amount } events { type createdBy { __typename } } }
  }
}
"""

QUERY_CHECKOUT_TRANSACTIONS = "query ($id: ID) { checkout(id: $id) { transactions { pspReference } } }"


def test_payments_staff_look_up_a_transaction_by_id_or_token(payments_api_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    by_id = payments_api_client.execute(QUERY_TRANSACTION, {"id": to_global_id("TransactionItem", transaction.token)})
    by_token = payments_api_client.execute(QUERY_TRANSACTION, {"token": str(transaction.token)})

    found = by_id["data"]["transaction"]
    assert found == by_token["data"]["transaction"]
    assert found["token"] == str(transaction.token)
    assert found["createdBy"] == {"id": to_global_id("App", DUMMY_GATEWAY_ID), "identifier": DUMMY_GATEWAY_ID,
                                  "name": "Dummy payment (test only)"}
    assert found["checkout"]["id"] == to_global_id("Checkout", checkout.pk) and found["order"] is None
    assert [e["type"] for e in found["events"]] == ["CHARGE_REQUEST", "CHARGE_SUCCESS"]


def test_shoppers_may_not_look_up_transactions(api_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    response = api_client.execute(QUERY_TRANSACTION, {"token": str(transaction.token)})
    listed = api_client.execute(QUERY_CHECKOUT_TRANSACTIONS, {"id": to_global_id("Checkout", checkout.pk)})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert listed["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def _paid_order(checkout, payments: int):
    total = source_total_gross(checkout)
    for share in allocate(PricesMoney(total, checkout.currency), [1] * payments):
        transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID, amount=share.amount)
    return checkout_complete(token=checkout.pk, charged_amount=checkout_charged_amount(checkout))


def _order_payments(client, order):
    with CaptureQueriesContext(connection) as queries:
        data = client.execute(QUERY_ORDER_PAYMENTS, {"id": to_global_id("Order", order.pk)})
    return data["data"]["order"], len(queries)


@pytest.fixture
def manager_client(client, django_user_model):
    from django.contrib.auth.models import Permission

    from tests.shop.graphql.conftest import GraphQLClient

    user = django_user_model.objects.create_user("manager@example.com", "pass", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_orders"))
    client.force_login(user)
    return GraphQLClient(client)


def test_order_payments_cost_the_same_queries_for_one_or_four_transactions(manager_client, channel, scarf):
    from tests.factories.checkout import create_checkout

    one = _paid_order(create_checkout(channel, [(scarf, 1)]), 1)
    four = _paid_order(create_checkout(channel, [(scarf, 1)], email="b@example.com"), 4)

    one_data, one_queries = _order_payments(manager_client, one)
    four_data, four_queries = _order_payments(manager_client, four)

    assert len(one_data["transactions"]) == 1 and len(four_data["transactions"]) == 4
    assert four_data["isPaid"] is True and four_data["paymentStatus"] == "FULLY_CHARGED"
    assert four_data["paymentStatusDisplay"] == "Fully charged"
    assert four_data["totalCharged"] == four_data["totalCaptured"]
    assert four_data["totalRefunded"]["amount"] == 0 and four_data["totalChargePending"]["amount"] == 0
    assert one_queries == four_queries


def test_payments_staff_see_a_checkouts_transactions(payments_api_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    data = payments_api_client.execute(QUERY_CHECKOUT_TRANSACTIONS, {"id": to_global_id("Checkout", checkout.pk)})

    assert data["data"]["checkout"]["transactions"] == [{"pspReference": transaction.psp_reference}]
