"""The same Stripe event delivered at once on several connections is applied once."""

import pytest

from shop.order.models import Order
from shop.payment.gateways import STRIPE_GATEWAY_ID
from shop.payment.models import StripeWebhookEvent, TransactionEvent
from shop.payment.sessions import source_total_gross, transaction_initialize
from shop.payment.stripe_webhooks import stripe_event_apply
from tests.concurrency import run_at_once
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout
from tests.fakes.stripe_server import event

pytestmark = pytest.mark.django_db(transaction=True)

DELIVERIES = 6


def _apply_concurrently(payloads) -> list:
    return run_at_once([lambda p=p: stripe_event_apply(event=p) for p in payloads])


def test_concurrent_duplicates_charge_once(fake_stripe, settings):
    from django.db import transaction as db

    settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS = 0

    channel = create_channel()
    checkout = create_checkout(channel, [(create_product(channel).variants.get(), 1)])
    with db.atomic():
        transaction = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID).transaction
    total = source_total_gross(checkout)
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(transaction.psp_reference))

    results = _apply_concurrently([succeeded] * DELIVERIES)

    assert sorted(map(str, results)) == ["applied"] + ["duplicate"] * (DELIVERIES - 1), results
    transaction.refresh_from_db()
    assert transaction.charged_value == total
    # the paid checkout was completed once, by the delivery that applied the charge
    assert Order.objects.get().pk == transaction.order_id
    assert TransactionEvent.objects.filter(transaction=transaction, type="charge_success").count() == 1
    assert StripeWebhookEvent.objects.count() == 1
