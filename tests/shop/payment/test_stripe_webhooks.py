"""Stripe's webhooks: verified by signature, applied once, never backwards."""

import json
import time
from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from shop.checkout.calculations import checkout_charged_amount
from shop.checkout.complete import checkout_complete
from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.order.events import OrderPaid, OrderRefunded
from shop.payment.models import StripeWebhookEvent, TransactionEvent, TransactionItem
from tests.fakes.stripe_server import deliver, event, stripe_signature
from tests.shop.graphql.conftest import GraphQLClient

pytestmark = pytest.mark.django_db

CHECKOUT_STATUS = "query ($id: ID) { checkout(id: $id) { chargeStatus authorizeStatus totalBalance { amount } } }"


def _state(transaction: TransactionItem) -> dict:
    transaction.refresh_from_db()
    return {
        "charged": transaction.charged_value, "charge_pending": transaction.charge_pending_value,
        "refunded": transaction.refunded_value, "authorized": transaction.authorized_value,
        "events": TransactionEvent.objects.filter(transaction=transaction).count(),
        "actions": list(transaction.available_actions),
    }


def _published(event_type) -> int:
    return EventOutbox.objects.filter(event_type=event_name(event_type)).count()


def test_succeeded_webhook_charges_the_transaction_and_the_checkout_is_paid(client, fake_stripe, stripe_payment,
                                                                             checkout, total):
    transaction, intent_id = stripe_payment
    intent = fake_stripe.succeed(intent_id)

    response = deliver(client, event("payment_intent.succeeded", intent))
    status = GraphQLClient(client).execute(CHECKOUT_STATUS, {"id": to_global_id("Checkout", checkout.pk)})

    assert response.status_code == 200 and response.json()["outcome"] == "applied"
    assert _state(transaction)["charged"] == total
    assert _state(transaction)["actions"] == ["refund"]
    assert status["data"]["checkout"] == {"chargeStatus": "FULL", "authorizeStatus": "FULL", "totalBalance": {"amount": 0.0}}
    transaction.refresh_from_db()
    assert (transaction.payment_method_type, transaction.psp_reference) == ("", intent_id)


def test_duplicate_and_replayed_deliveries_change_nothing(client, fake_stripe, stripe_payment, total):
    transaction, intent_id = stripe_payment
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(intent_id))
    deliver(client, succeeded)
    after_first = _state(transaction)

    duplicate = deliver(client, succeeded)
    replayed = deliver(client, succeeded, timestamp=int(time.time()) + 5)  # re-signed later, same event id

    assert duplicate.status_code == replayed.status_code == 200
    assert duplicate.json()["outcome"] == replayed.json()["outcome"] == "duplicate"
    assert _state(transaction) == after_first
    assert after_first["charged"] == total
    assert StripeWebhookEvent.objects.count() == 1


def test_processing_after_succeeded_changes_nothing(client, fake_stripe, stripe_payment, total):
    transaction, intent_id = stripe_payment
    processing = event("payment_intent.processing", fake_stripe.process(intent_id), created=int(time.time()) - 30)
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(intent_id))
    deliver(client, succeeded)
    after_success = _state(transaction)

    late = deliver(client, processing)
    # even news stamped later cannot move a finished payment back
    later = deliver(client, event("payment_intent.processing", {**fake_stripe.intents[intent_id], "status": "processing"},
                                  created=int(time.time()) + 30))

    assert late.json()["outcome"] == later.json()["outcome"] == "stale"
    assert _state(transaction) == after_success
    assert after_success["charged"] == total and after_success["charge_pending"] == 0


def test_older_processing_after_failure_is_stale_but_a_retry_counts(client, fake_stripe, stripe_payment, total):
    transaction, intent_id = stripe_payment
    now = int(time.time())
    processing = event("payment_intent.processing", fake_stripe.process(intent_id), created=now - 20)
    failed = event("payment_intent.payment_failed", fake_stripe.fail(intent_id), created=now - 10)

    deliver(client, failed)
    stale = deliver(client, processing)
    after_failure = _state(transaction)
    retried = deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(intent_id), created=now))

    assert stale.json()["outcome"] == "stale"
    assert after_failure["charged"] == after_failure["charge_pending"] == 0
    assert retried.json()["outcome"] == "applied"
    assert _state(transaction)["charged"] == total


def test_processing_is_pending_then_counts_for_the_checkout(client, fake_stripe, stripe_payment, checkout, total):
    transaction, intent_id = stripe_payment

    deliver(client, event("payment_intent.processing", fake_stripe.process(intent_id)))

    assert _state(transaction)["charge_pending"] == total
    assert checkout_charged_amount(checkout) == total  # Saleor counts pending charges for checkouts


def test_payment_failed_records_a_failure_and_nothing_is_charged(client, fake_stripe, stripe_payment, checkout):
    transaction, intent_id = stripe_payment

    response = deliver(client, event("payment_intent.payment_failed", fake_stripe.fail(intent_id, "Card declined.")))
    status = GraphQLClient(client).execute(CHECKOUT_STATUS, {"id": to_global_id("Checkout", checkout.pk)})

    assert response.json()["outcome"] == "applied"
    state = _state(transaction)
    assert state["charged"] == state["charge_pending"] == 0
    failure = TransactionEvent.objects.get(transaction=transaction, type="charge_failure")
    assert failure.message == "Card declined." and failure.psp_reference == intent_id
    assert status["data"]["checkout"]["chargeStatus"] == "NONE"


def test_canceled_intent_fails_the_payment(client, fake_stripe, stripe_payment):
    transaction, intent_id = stripe_payment

    deliver(client, event("payment_intent.canceled", fake_stripe.cancel(intent_id)))

    state = _state(transaction)
    assert state["charged"] == 0 and state["actions"] == []
    assert TransactionEvent.objects.filter(transaction=transaction, type="charge_failure").count() == 1


@pytest.mark.parametrize(
    "signature",
    [
        "",  # missing
        "t=1,v1=deadbeef",  # forged
        stripe_signature("{}", "whsec_other"),  # another secret, another body
    ],
    ids=["missing", "forged", "other-secret"],  # the signature holds the time: ids keep collection stable
)
def test_bad_signature_is_refused_and_nothing_is_written(client, fake_stripe, stripe_payment, signature):
    transaction, intent_id = stripe_payment
    before = _state(transaction)

    response = deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(intent_id)), signature=signature)

    assert response.status_code == 400
    assert StripeWebhookEvent.objects.count() == 0
    assert _state(transaction) == before


def test_signature_of_another_body_or_too_old_is_refused(client, fake_stripe, stripe_payment):
    transaction, intent_id = stripe_payment
    before = _state(transaction)
    payload = json.dumps(event("payment_intent.succeeded", fake_stripe.succeed(intent_id)))

    tampered = deliver(client, payload.replace('"amount_received": 4', '"amount_received": 9'),
                       signature=stripe_signature(payload))
    too_old = deliver(client, payload, timestamp=int(time.time()) - 3600)

    assert tampered.status_code == too_old.status_code == 400
    assert StripeWebhookEvent.objects.count() == 0
    assert _state(transaction) == before


def test_webhook_without_a_configured_secret_is_refused(client, fake_stripe, stripe_payment, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    response = deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(stripe_payment[1])))

    assert response.status_code == 400
    assert StripeWebhookEvent.objects.count() == 0


def test_unknown_intents_and_event_types_are_acknowledged_and_ignored(client, fake_stripe, stripe_payment):
    transaction, _ = stripe_payment
    before = _state(transaction)
    stranger = {"id": "pi_not_ours", "object": "payment_intent", "status": "succeeded", "amount": 100,
                "amount_received": 100, "currency": "thb", "metadata": {}}

    unknown = deliver(client, event("payment_intent.succeeded", stranger))
    other = deliver(client, event("customer.created", {"id": "cus_1", "object": "customer"}))

    assert unknown.json()["outcome"] == "unknown_transaction" and other.json()["outcome"] == "ignored"
    assert _state(transaction) == before


def _paid_order(client, fake_stripe, stripe_payment, checkout):
    transaction, intent_id = stripe_payment
    deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(intent_id)))
    order = checkout_complete(token=checkout.pk, charged_amount=checkout_charged_amount(checkout))
    return order, transaction, intent_id


def test_refund_after_the_order_records_it_and_the_order_follows(client, fake_stripe, stripe_payment, checkout, total):
    order, transaction, intent_id = _paid_order(client, fake_stripe, stripe_payment, checkout)
    fake_stripe.add_refund(intent_id, 9000)  # 90.00 THB refunded in Stripe's dashboard
    refunded = event("charge.refunded", fake_stripe.charge_of(intent_id))

    first = deliver(client, refunded)
    again = deliver(client, event("charge.refunded", fake_stripe.charge_of(intent_id)))  # a second notice of it

    assert first.json()["outcome"] == "applied" and again.json()["outcome"] == "applied"
    state = _state(transaction)
    assert (state["charged"], state["refunded"]) == (total - Decimal("90.00"), Decimal("90.00"))
    order.refresh_from_db()
    assert order.total_charged_amount == total - Decimal("90.00")
    assert order.charge_status == "partial"
    assert list(order.events.filter(type="PAYMENT_REFUNDED").values_list("parameters__amount", flat=True)) == ["90.00"]
    assert _published(OrderRefunded) == 1
    assert _published(OrderPaid) == 1


def test_refund_list_is_fetched_when_the_charge_does_not_embed_it(client, fake_stripe, stripe_payment, checkout, total):
    order, transaction, intent_id = _paid_order(client, fake_stripe, stripe_payment, checkout)
    fake_stripe.add_refund(intent_id, 5000)
    fake_stripe.add_refund(intent_id, 2550)

    deliver(client, event("charge.refunded", fake_stripe.charge_of(intent_id, embed_refunds=False)))

    assert _state(transaction)["refunded"] == Decimal("75.50")
    assert ("GET", "/v1/refunds") in [(method, path) for method, path, _ in fake_stripe.requests]
    assert _published(OrderRefunded) == 2


def test_refund_that_arrives_before_its_payment_leaves_the_amounts_right(client, fake_stripe, stripe_payment, total):
    transaction, intent_id = stripe_payment
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(intent_id))
    fake_stripe.add_refund(intent_id, 10000)

    deliver(client, event("charge.refunded", fake_stripe.charge_of(intent_id)))
    early = _state(transaction)
    late = deliver(client, succeeded)

    assert (early["charged"], early["refunded"]) == (total - 100, Decimal(100))
    assert late.json()["outcome"] == "stale"
    assert _state(transaction) == early


def test_released_authorization_is_not_a_refund(client, fake_stripe, checkout):
    from shop.payment.gateways import STRIPE_GATEWAY_ID
    from shop.payment.sessions import transaction_initialize

    outcome = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID, action="authorization")
    intent_id = outcome.transaction.psp_reference
    deliver(client, event("payment_intent.amount_capturable_updated", fake_stripe.authorize(intent_id)))
    authorized = _state(outcome.transaction)
    fake_stripe.cancel(intent_id)
    charge = fake_stripe.charge_of(intent_id)

    ignored = deliver(client, event("charge.refunded", {**charge, "refunded": True, "amount_refunded": charge["amount"]}))
    canceled = deliver(client, event("payment_intent.canceled", fake_stripe.intents[intent_id]))

    assert authorized["authorized"] > 0 and authorized["actions"] == ["charge", "cancel"]
    assert ignored.json()["outcome"] == "ignored" and canceled.json()["outcome"] == "applied"
    outcome.transaction.refresh_from_db()
    assert outcome.transaction.authorized_value == 0
    assert outcome.transaction.canceled_value == authorized["authorized"]
    assert outcome.transaction.refunded_value == 0
