"""transactionInitialize: Stripe answers a client secret; a repeated key never starts a second payment."""

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from shop.payment.gateways import DUMMY_GATEWAY_ID, STRIPE_GATEWAY_ID
from shop.payment.models import TransactionEvent, TransactionItem
from shop.payment.sessions import source_total_gross

from .conftest import storefront_operation

pytestmark = pytest.mark.django_db

MUTATION_TRANSACTION_INITIALIZE = """
mutation Pay($id: ID!, $gateway: PaymentGatewayToInitialize!, $amount: PositiveDecimal, $key: String,
             $action: TransactionFlowStrategyEnum, $ip: String) {
  transactionInitialize(id: $id, paymentGateway: $gateway, amount: $amount, idempotencyKey: $key, action: $action,
                        customerIpAddress: $ip) {
    transaction { id token pspReference name actions chargedAmount { amount } authorizedAmount { amount }
                  events { type amount { amount } pspReference idempotencyKey createdBy { __typename } } }
    transactionEvent { type pspReference }
    data
    errors { field code message }
  }
}
"""


def _pay(api_client, checkout, gateway=STRIPE_GATEWAY_ID, **variables):
    gateway = gateway if isinstance(gateway, dict) else {"id": gateway}
    variables = {"id": to_global_id("Checkout", checkout.pk), "gateway": gateway, **variables}
    return api_client.execute(MUTATION_TRANSACTION_INITIALIZE, variables)


def _nothing_written():
    return not TransactionItem.objects.exists() and not TransactionEvent.objects.exists()


def test_stripe_initialize_answers_the_client_secret_of_a_thb_intent(api_client, fake_stripe, checkout):
    data = _pay(api_client, checkout, key="attempt-1")["data"]["transactionInitialize"]

    assert data["errors"] == []
    intent_id = data["transaction"]["pspReference"]
    intent = fake_stripe.intents[intent_id]
    assert data["data"]["paymentIntent"]["client_secret"] == intent["client_secret"]
    assert data["data"]["publishableKey"] == "pk_test_fake"
    assert data["transactionEvent"] == {"type": "CHARGE_ACTION_REQUIRED", "pspReference": intent_id}
    total = source_total_gross(checkout)
    assert intent["amount"] == int(total * 100) and intent["currency"] == "thb"
    assert intent["payment_method_types"] == ["card", "promptpay"]
    assert intent["metadata"] == {"checkout_id": str(checkout.pk), "idempotency_key": "attempt-1"}
    assert "payment_method_options" not in fake_stripe.created("/v1/payment_intents")[0]
    # the request that started the session is kept, and counts for nothing yet
    assert [e["type"] for e in data["transaction"]["events"]] == ["CHARGE_REQUEST", "CHARGE_ACTION_REQUIRED"]
    assert data["transaction"]["chargedAmount"]["amount"] == 0


def test_repeat_with_the_same_idempotency_key_makes_one_intent(api_client, fake_stripe, checkout):
    first = _pay(api_client, checkout, key="attempt-1")["data"]["transactionInitialize"]
    second = _pay(api_client, checkout, key="attempt-1")["data"]["transactionInitialize"]

    assert second["errors"] == []
    assert second["transaction"]["id"] == first["transaction"]["id"]
    assert second["data"]["paymentIntent"]["client_secret"] == first["data"]["paymentIntent"]["client_secret"]
    assert len(fake_stripe.created("/v1/payment_intents")) == 1
    assert TransactionItem.objects.count() == 1
    assert TransactionEvent.objects.count() == 2


def test_same_key_for_a_different_request_is_refused(api_client, fake_stripe, checkout):
    _pay(api_client, checkout, key="attempt-1")

    data = _pay(api_client, checkout, key="attempt-1", amount="50.00")["data"]["transactionInitialize"]

    assert data["errors"] == [{"field": "idempotencyKey", "code": "UNIQUE",
                               "message": "Different transaction with provided idempotency key already exists."}]
    assert TransactionItem.objects.count() == 1
    assert len(fake_stripe.created("/v1/payment_intents")) == 1


def test_authorization_holds_cards_and_charges_promptpay_at_once(payments_api_client, fake_stripe, checkout):
    data = _pay(payments_api_client, checkout, action="AUTHORIZATION")["data"]["transactionInitialize"]

    params = fake_stripe.created("/v1/payment_intents")[0]
    assert data["transactionEvent"]["type"] == "AUTHORIZATION_ACTION_REQUIRED"
    assert params["payment_method_options"] == {"card": {"capture_method": "manual"}}
    assert params["payment_method_types"] == ["card", "promptpay"]
    assert "capture_method" not in params  # PromptPay has no authorization: it is charged at once


def test_dummy_gateway_authorizes_on_request_of_payments_staff(payments_api_client, checkout):
    data = _pay(payments_api_client, checkout, gateway=DUMMY_GATEWAY_ID, action="AUTHORIZATION")
    data = data["data"]["transactionInitialize"]

    assert data["transactionEvent"]["type"] == "AUTHORIZATION_SUCCESS"
    assert data["transaction"]["authorizedAmount"]["amount"] == float(source_total_gross(checkout))
    assert data["transaction"]["actions"] == ["CHARGE", "CANCEL"]
    assert data["transaction"]["events"][-1]["createdBy"] == {"__typename": "App"}


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"gateway": {"id": "app.saleor.unknown"}}, "paymentGateway", "NOT_FOUND"),
        ({"key": ""}, "idempotencyKey", "INVALID"),
        ({"key": "k" * 513}, "idempotencyKey", "INVALID"),
        ({"amount": "9.99"}, "amount", "INVALID"),  # below Stripe's THB 10 minimum
        ({"gateway": {"id": STRIPE_GATEWAY_ID, "data": {"paymentMethodTypes": ["bitcoin"]}}}, "paymentGateway", "INVALID"),
        ({"gateway": {"id": DUMMY_GATEWAY_ID, "data": {"result": "REFUND_SUCCESS"}}}, "paymentGateway", "INVALID"),
    ],
)
def test_bad_input_gets_its_code_and_writes_nothing(api_client, fake_stripe, checkout, variables, field, code):
    data = _pay(api_client, checkout, **variables)["data"]["transactionInitialize"]

    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert data["transaction"] is None
    assert _nothing_written()
    assert fake_stripe.created("/v1/payment_intents") == []


def test_dummy_gateway_switched_off_is_not_found(api_client, checkout, settings):
    settings.DUMMY_GATEWAY_ENABLED = False

    data = _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID)["data"]["transactionInitialize"]

    assert data["errors"][0]["code"] == "NOT_FOUND" and data["errors"][0]["field"] == "paymentGateway"
    assert "not available" in data["errors"][0]["message"]
    assert _nothing_written()


def test_stripe_without_keys_is_not_found(api_client, checkout, settings):
    settings.STRIPE_SECRET_KEY = ""

    data = _pay(api_client, checkout)["data"]["transactionInitialize"]

    assert data["errors"][0]["code"] == "NOT_FOUND"
    assert _nothing_written()


def test_ids_that_are_not_a_visible_checkout_or_order(api_client, checkout, customer_checkout):
    other_type = api_client.execute(MUTATION_TRANSACTION_INITIALIZE, {
        "id": to_global_id("ProductVariant", 1), "gateway": {"id": DUMMY_GATEWAY_ID}})
    foreign = api_client.execute(MUTATION_TRANSACTION_INITIALIZE, {
        "id": to_global_id("Checkout", customer_checkout.pk), "gateway": {"id": DUMMY_GATEWAY_ID}})
    malformed = api_client.execute(MUTATION_TRANSACTION_INITIALIZE, {"id": "nope", "gateway": {"id": DUMMY_GATEWAY_ID}})

    assert other_type["data"]["transactionInitialize"]["errors"][0]["code"] == "INVALID"
    assert foreign["data"]["transactionInitialize"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": "`Order` or `Checkout` not found."}]
    assert malformed["errors"][0]["extensions"]["exception"]["code"] == "INVALID_ID"
    assert _nothing_written()


@pytest.mark.parametrize("variables", [{"action": "CHARGE"}, {"ip": "203.0.113.7"}])
def test_shoppers_may_not_choose_the_action_or_the_ip(api_client, checkout, variables):
    response = _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID, **variables)

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert _nothing_written()


def test_the_customer_ip_is_taken_from_the_request(api_client, checkout):
    _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID)

    assert TransactionItem.objects.get().customer_ip_address == "127.0.0.1"


def test_an_unpaid_order_can_be_paid_later(api_client, unpaid_order):
    response = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": to_global_id("Order", unpaid_order.pk), "paymentGateway": {"id": DUMMY_GATEWAY_ID},
    })["data"]["transactionInitialize"]

    unpaid_order.refresh_from_db()
    assert response["errors"] == []
    assert Decimal(str(response["transaction"]["chargedAmount"]["amount"])) == unpaid_order.total_gross_amount
    assert unpaid_order.charge_status == "full"
    assert unpaid_order.events.filter(type="ORDER_FULLY_PAID").count() == 1


def test_limit_of_one_hundred_transactions(api_client, checkout):
    from tests.factories.payment import create_transaction

    for i in range(100):
        create_transaction(checkout=checkout, psp_reference=f"psp-{i}")

    data = _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID)["data"]["transactionInitialize"]

    assert [(e["field"], e["code"]) for e in data["errors"]] == [("transactions", "INVALID")]
    assert TransactionItem.objects.count() == 100


def test_retry_of_a_paid_attempt_finds_it_even_with_the_longest_key(api_client, checkout):
    key = "k" * 512

    first = _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID, key=key)["data"]["transactionInitialize"]
    again = _pay(api_client, checkout, gateway=DUMMY_GATEWAY_ID, key=key)["data"]["transactionInitialize"]

    # the retry asks for "what is left" (now nothing) and still finds the paid attempt
    assert first["errors"] == again["errors"] == []
    assert again["transaction"]["id"] == first["transaction"]["id"]
    assert again["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert TransactionItem.objects.get().idempotency_key == key
    assert TransactionEvent.objects.count() == 2
