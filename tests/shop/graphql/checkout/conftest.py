import pytest

from tests.factories.catalog import create_channel


@pytest.fixture
def unpaid_channel(db):
    """A channel that accepts orders before payment (bank transfer / cash on delivery)."""
    channel = create_channel()
    channel.allow_unpaid_orders = True
    channel.save()
    return channel
