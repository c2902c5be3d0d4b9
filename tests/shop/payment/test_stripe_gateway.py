"""The Stripe gateway against the local fake: satang, idempotency keys, no second intent."""

from decimal import Decimal

import pytest

from shop.payment.gateways import STRIPE_GATEWAY_ID, SessionRequest, gateway_get
from shop.payment.gateways.stripe_gateway import idempotency_key
from shop.payment.services import transaction_create

pytestmark = pytest.mark.django_db


def _request(checkout, transaction, key="attempt-1", amount=Decimal("440.50")):
    return SessionRequest(transaction=transaction, source=checkout, action="charge", amount=amount, currency="THB",
                          idempotency_key=key, customer_email="buyer@example.com")


def test_a_retry_after_a_lost_answer_gets_the_same_intent(fake_stripe, checkout):
    # given a first attempt whose database work was rolled back after Stripe made the intent
    gateway = gateway_get(STRIPE_GATEWAY_ID)
    lost = transaction_create(gateway=STRIPE_GATEWAY_ID, name="Stripe", currency="THB", checkout=checkout)
    first = gateway.initialize_transaction(_request(checkout, lost))
    retry = transaction_create(gateway=STRIPE_GATEWAY_ID, name="Stripe", currency="THB", checkout=checkout)

    # when the storefront retries with the same idempotency key
    second = gateway.initialize_transaction(_request(checkout, retry))

    # then Stripe replays the first intent: one intent, one client secret
    assert second.psp_reference == first.psp_reference
    assert second.data["paymentIntent"]["client_secret"] == first.data["paymentIntent"]["client_secret"]
    assert len(fake_stripe.intents) == 1
    assert fake_stripe.created("/v1/payment_intents")[0]["amount"] == "44050"
    assert fake_stripe.created("/v1/payment_intents")[0]["receipt_email"] == "buyer@example.com"


def test_idempotency_keys_are_short_and_stable():
    key = idempotency_key("transaction-initialize", "checkout", "k" * 512)

    assert key == idempotency_key("transaction-initialize", "checkout", "k" * 512)
    assert key != idempotency_key("transaction-initialize", "other-checkout", "k" * 512)
    assert len(key) <= 255


def test_stripe_unreachable_is_recorded_as_a_failed_attempt(checkout, settings, fake_stripe):
    from shop.payment.sessions import transaction_initialize

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    settings.STRIPE_TIMEOUT_SECONDS = 2

    outcome = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID, idempotency_key="offline")

    assert outcome.event.type == "charge_failure"
    assert outcome.event.message.startswith("Stripe:")
    assert outcome.transaction.charged_value == outcome.transaction.charge_pending_value == 0
    assert "error" in outcome.data


def test_a_refund_retried_after_a_lost_answer_is_not_made_twice(client, fake_stripe, checkout):
    from django.db import transaction as db

    from shop.payment.actions import transaction_action_request
    from shop.payment.sessions import transaction_initialize
    from tests.fakes.stripe_server import deliver, event

    payment = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(payment.psp_reference)))

    class LostAnswer(Exception):
        pass

    with pytest.raises(LostAnswer), db.atomic():  # Stripe refunded, then our database work was lost
        transaction_action_request(transaction_id=payment.pk, action="refund", amount=Decimal("90"))
        raise LostAnswer
    retried = transaction_action_request(transaction_id=payment.pk, action="refund", amount=Decimal("90"))

    assert len(fake_stripe.refunds) == 1
    assert retried.refunded_value == Decimal("90")
