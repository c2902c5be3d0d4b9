from decimal import Decimal

import pytest

from shop.payment.gateways import STRIPE_GATEWAY_ID
from shop.payment.sessions import source_total_gross, transaction_initialize
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout
from tests.fakes.stripe_server import running_fake_stripe


@pytest.fixture
def fake_stripe(settings):
    """Stripe's API answered by a local fake (tests/fakes/stripe_server.py)."""
    yield from running_fake_stripe(settings)


@pytest.fixture
def channel(db):
    return create_channel()


@pytest.fixture
def checkout(channel):
    """A checkout for one 390 THB scarf, Bangkok addresses, a courier chosen."""
    scarf = create_product(channel, name="Mudmee scarf", price=Decimal("390.00")).variants.get()
    return create_checkout(channel, [(scarf, 1)])


@pytest.fixture
def total(checkout) -> Decimal:
    return source_total_gross(checkout)


@pytest.fixture
def stripe_payment(fake_stripe, checkout):
    """A Stripe transaction started for the whole checkout: (transaction, PaymentIntent id)."""
    outcome = transaction_initialize(source=checkout, gateway_id=STRIPE_GATEWAY_ID, idempotency_key="pay-1")
    return outcome.transaction, outcome.transaction.psp_reference
