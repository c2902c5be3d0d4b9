"""Fixtures of the oem_orders tests: a channel, three producer groups and a product variant."""

import pytest
from django.db import transaction

from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import courier_for
from tests.factories.cooperatives import create_group
from tests.factories.fairtrade import ensure_minimum_wages


@pytest.fixture(autouse=True)
def _wages(db):
    ensure_minimum_wages()


@pytest.fixture
def channel():
    channel = create_channel()
    courier_for(channel)
    return channel


@pytest.fixture
def groups(channel):
    """Three groups in three regions."""
    return [create_group(channel, region=region) for region in ("north", "northeast", "south")]


@pytest.fixture
def variant(channel):
    """A catalog variant clients can ask to have made (no stock: OEM work is made to order)."""
    return create_product(channel, stock=0).variants.get()


def atomic(fn, **kwargs):
    """Call a service the way the GraphQL layer does: inside one transaction."""
    with transaction.atomic():
        return fn(**kwargs)
