"""paymentGatewayInitialize: every gateway offered answers its setup data, or why it cannot be used."""

import pytest
from graphql_relay import to_global_id

from shop.payment.gateways import DUMMY_GATEWAY_ID, STRIPE_GATEWAY_ID
from shop.payment.models import TransactionItem

from .conftest import storefront_operation

pytestmark = pytest.mark.django_db


def _initialize(api_client, checkout, gateways=None):
    variables = {"checkoutId": to_global_id("Checkout", checkout.pk)}
    if gateways is not None:
        variables["paymentGateways"] = gateways
    return api_client.execute(storefront_operation("PaymentGatewayInitialize"), variables)["data"]["paymentGatewayInitialize"]


def test_every_offered_gateway_answers_without_a_list(api_client, fake_stripe, checkout):
    data = _initialize(api_client, checkout)

    assert data["errors"] == []
    configs = {config["id"]: config for config in data["gatewayConfigs"]}
    assert list(configs) == [STRIPE_GATEWAY_ID, DUMMY_GATEWAY_ID]
    assert configs[STRIPE_GATEWAY_ID]["data"] == {
        "publishableKey": "pk_test_fake", "paymentMethodTypes": ["card", "promptpay"], "currency": "THB",
    }
    assert configs[STRIPE_GATEWAY_ID]["errors"] == []
    assert not TransactionItem.objects.exists()


def test_unknown_or_switched_off_gateways_answer_not_found(api_client, checkout, settings):
    settings.DUMMY_GATEWAY_ENABLED = False
    settings.STRIPE_SECRET_KEY = ""

    data = _initialize(api_client, checkout, [{"id": DUMMY_GATEWAY_ID}, {"id": "app.saleor.adyen"}])
    offered = _initialize(api_client, checkout)

    assert data["errors"] == []
    assert [(c["id"], c["data"], [(e["field"], e["code"]) for e in c["errors"]]) for c in data["gatewayConfigs"]] == [
        (DUMMY_GATEWAY_ID, None, [("id", "NOT_FOUND")]), ("app.saleor.adyen", None, [("id", "NOT_FOUND")]),
    ]
    assert offered["gatewayConfigs"] == []


def test_a_foreign_checkout_is_not_found(api_client, customer_checkout):
    data = _initialize(api_client, customer_checkout)

    assert [(e["field"], e["code"]) for e in data["errors"]] == [("id", "NOT_FOUND")]
    assert data["gatewayConfigs"] is None
