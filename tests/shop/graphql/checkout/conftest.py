import pytest

from tests.factories.catalog import create_channel
from tests.factories.checkout import courier_for


@pytest.fixture
def unpaid_channel(db):
    """A channel that accepts orders before payment (bank transfer / cash on delivery)."""
    channel = create_channel()
    channel.allow_unpaid_orders = True
    channel.save()
    return channel


@pytest.fixture
def courier(unpaid_channel):
    """A 50 THB flat-rate courier for Thailand."""
    return courier_for(unpaid_channel)
