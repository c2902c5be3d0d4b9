"""transactionProcess: after the shopper acted, the gateway is asked for the payment's state, once."""

import uuid

import pytest
from graphql_relay import to_global_id

from shop.payment.gateways import DUMMY_GATEWAY_ID, STRIPE_GATEWAY_ID
from shop.payment.models import TransactionEvent
from shop.payment.sessions import source_total_gross, transaction_initialize
from tests.factories.payment import create_transaction
from tests.fakes.stripe_server import deliver, event

from .conftest import storefront_operation

pytestmark = pytest.mark.django_db

MUTATION_TRANSACTION_PROCESS = """
mutation Process($id: ID, $token: UUID, $data: JSON) {
  transactionProcess(id: $id, token: $token, data: $data) {
    transaction {
      chargedAmount { amount } chargePendingAmount { amount }
      paymentMethodDetails { __typename name ... on CardPaymentMethodDetails { brand lastDigits expMonth expYear } }
    }
    transactionEvent { type pspReference }
    errors { field code }
  }
}
"""


def _id(transaction) -> str:
    return to_global_id("TransactionItem", transaction.token)


def _stripe_gets(fake_stripe) -> int:
    return sum(1 for method, _, _ in fake_stripe.requests if method == "GET")


def test_card_payment_confirmed_by_the_shopper_is_charged(api_client, fake_stripe, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    fake_stripe.succeed(transaction.psp_reference, method="card")

    data = api_client.execute(storefront_operation("TransactionProcess"), {"id": _id(transaction)})
    details = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": _id(transaction)})["data"]["transactionProcess"]

    processed = data["data"]["transactionProcess"]
    assert processed["errors"] == []
    assert processed["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert processed["transaction"]["chargedAmount"]["amount"] == float(source_total_gross(checkout))
    assert details["transaction"]["paymentMethodDetails"] == {
        "__typename": "CardPaymentMethodDetails", "name": "Card", "brand": "visa", "lastDigits": "4242",
        "expMonth": 12, "expYear": 2030,
    }


def test_processed_session_answers_without_asking_stripe_again(api_client, client, fake_stripe, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    intent = fake_stripe.succeed(transaction.psp_reference, method="promptpay")
    api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": _id(transaction)})
    gets = _stripe_gets(fake_stripe)
    events = TransactionEvent.objects.count()

    again = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"token": str(transaction.token)})["data"]["transactionProcess"]
    webhook = deliver(client, event("payment_intent.succeeded", intent))

    assert again["errors"] == [] and again["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert again["transaction"]["paymentMethodDetails"] == {"__typename": "OtherPaymentMethodDetails", "name": "PromptPay"}
    assert _stripe_gets(fake_stripe) == gets
    assert webhook.json()["outcome"] == "stale"  # the webhook's news was known already
    assert TransactionEvent.objects.count() == events


def test_pending_promptpay_stays_pending(api_client, fake_stripe, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    fake_stripe.process(transaction.psp_reference)

    data = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": _id(transaction)})["data"]["transactionProcess"]

    assert data["transactionEvent"]["type"] == "CHARGE_REQUEST"
    assert data["transaction"]["chargePendingAmount"]["amount"] == float(source_total_gross(checkout))
    assert data["transaction"]["chargedAmount"]["amount"] == 0


def test_dummy_action_required_is_finished_by_process(api_client, checkout):
    started = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": to_global_id("Checkout", checkout.pk),
        "paymentGateway": {"id": DUMMY_GATEWAY_ID, "data": {"result": "CHARGE_ACTION_REQUIRED"}},
    })["data"]["transactionInitialize"]

    data = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": started["transaction"]["id"]})
    data = data["data"]["transactionProcess"]

    assert started["transactionEvent"]["type"] == "CHARGE_ACTION_REQUIRED"
    assert started["transaction"]["chargedAmount"]["amount"] == 0
    assert data["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert data["transaction"]["chargedAmount"]["amount"] == float(source_total_gross(checkout))


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({}, "GRAPHQL_ERROR"),
        ({"id": "VHJhbnNhY3Rpb25JdGVtOjE=", "token": str(uuid.uuid4())}, "GRAPHQL_ERROR"),
        ({"id": to_global_id("Checkout", uuid.uuid4())}, "GRAPHQL_ERROR"),
        ({"token": str(uuid.uuid4())}, "NOT_FOUND"),
    ],
)
def test_transaction_must_be_named_once_and_exist(api_client, variables, code):
    data = api_client.execute(MUTATION_TRANSACTION_PROCESS, variables)["data"]["transactionProcess"]

    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", code)]


def test_transaction_never_initialized_is_invalid(api_client, checkout):
    transaction = create_transaction(checkout=checkout, charged=None)

    data = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": _id(transaction)})["data"]["transactionProcess"]

    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "INVALID")]
    assert TransactionEvent.objects.count() == 0


def test_gateway_switched_off_is_a_missing_payment_app(api_client, checkout, settings):
    started = transaction_initialize(
        source=checkout, gateway_id=DUMMY_GATEWAY_ID, gateway_data={"result": "CHARGE_ACTION_REQUIRED"}
    ).transaction
    settings.DUMMY_GATEWAY_ENABLED = False
    events = TransactionEvent.objects.count()

    data = api_client.execute(MUTATION_TRANSACTION_PROCESS, {"id": _id(started)})["data"]["transactionProcess"]

    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "MISSING_PAYMENT_APP")]
    assert TransactionEvent.objects.count() == events
