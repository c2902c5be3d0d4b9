import pytest
from django.db import transaction

from cooperatives import services
from tests.cooperatives.conftest import product_made_by  # noqa: F401 (re-exported for the tests)
from tests.factories.catalog import create_channel
from tests.factories.checkout import courier_for
from tests.factories.cooperatives import create_group, create_member
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
    """Three groups in three regions (Chiang Mai's Mae Rim district: 357 THB a day)."""
    return [create_group(channel, region=region) for region in ("north", "northeast", "south")]


def atomic(fn, **kwargs):
    with transaction.atomic():
        return fn(**kwargs)


def accept_and_ship(group_order, *, capture, user=None):
    """The group accepts every line and ships all of it."""
    user = user or create_member(group_order.group)
    with capture(execute=True):
        atomic(services.group_order_accept, group_order_id=group_order.pk, user=user)
    with capture(execute=True):
        atomic(services.group_order_ship, group_order_id=group_order.pk, user=user, carrier="Thailand Post",
               tracking_number="EF123456789TH",
               lines=[services.ShipLine(line.pk, line.quantity) for line in group_order.lines.all()])
