"""A checkout paid in full is completed even if the shopper never comes back (PromptPay on a phone)."""

from decimal import Decimal

import pytest

from shop.checkout.models import Checkout
from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.order.events import OrderPaid
from shop.order.models import Order
from shop.payment.gateways import DUMMY_GATEWAY_ID
from shop.payment.models import TransactionEvent
from shop.payment.sessions import transaction_initialize
from shop.warehouse.models import Stock
from tests.fakes.stripe_server import deliver, event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _at_once(settings):
    """Tests run Celery eagerly, where a countdown cannot be waited for: complete at once."""
    settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS = 0


def test_paid_checkout_is_completed_after_the_charge(client, fake_stripe, stripe_payment, checkout,
                                                     django_capture_on_commit_callbacks):
    transaction, intent_id = stripe_payment

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(intent_id, method="promptpay")))

    order = Order.objects.get(checkout_token=checkout.pk)
    assert not Checkout.objects.exists()
    assert order.charge_status == "full"
    transaction.refresh_from_db()
    assert transaction.order_id == order.pk
    assert EventOutbox.objects.filter(event_type=event_name(OrderPaid)).count() == 1


def test_partly_paid_checkout_waits_for_the_shopper(checkout, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID, amount=Decimal("100"))

    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert not Order.objects.exists()


def test_switched_off_it_leaves_the_checkout_to_the_storefront(checkout, settings, django_capture_on_commit_callbacks):
    settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS = None

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID)

    assert callbacks == [] and not Order.objects.exists()


def test_paid_checkout_that_cannot_be_completed_is_flagged_for_staff(checkout, django_capture_on_commit_callbacks):
    Stock.objects.update(quantity=0)  # the last scarf was sold meanwhile

    with django_capture_on_commit_callbacks(execute=True):
        transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    assert not Order.objects.exists()
    note = TransactionEvent.objects.get(transaction=transaction, type="info")
    assert "INSUFFICIENT_STOCK" in note.message
    transaction.refresh_from_db()
    assert transaction.charged_value > 0 and transaction.checkout_id == checkout.pk


def test_eager_run_with_a_delay_leaves_the_checkout_to_the_storefront(checkout, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS = 300

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID)

    assert len(callbacks) == 1
    assert Checkout.objects.filter(pk=checkout.pk).exists() and not Order.objects.exists()
