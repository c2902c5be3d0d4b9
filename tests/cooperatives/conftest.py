import pytest

from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import courier_for
from tests.factories.cooperatives import create_group, create_offer


@pytest.fixture
def channel():
    channel = create_channel()
    courier_for(channel)
    return channel


@pytest.fixture
def groups(channel):
    """Three groups in three regions."""
    return [create_group(channel, region=region) for region in ("north", "northeast", "south")]


def product_made_by(channel, makers, *, price="390.00", track_inventory=True):
    """A product whose single variant is made by ``makers``: [(group, stock, priority, weekly_capacity)]."""
    from decimal import Decimal

    product = create_product(channel, price=Decimal(price), stock=0)
    variant = product.variants.get()
    if not track_inventory:
        variant.track_inventory = False
        variant.save(update_fields=["track_inventory"])
    for group, stock, priority, capacity in makers:
        create_offer(group, variant, stock=stock, priority=priority, weekly_capacity=capacity)
    return variant
