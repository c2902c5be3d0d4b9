"""Locking an order for a change locks the order's row and nothing joined to it."""

import psycopg
import pytest
from django.db import connection, transaction

from shop.order.services import order_lock
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import courier_for
from tests.factories.cooperatives import place_paid_order

pytestmark = pytest.mark.django_db(transaction=True)


def other_connection():
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    return psycopg.connect(**params, autocommit=True)


def test_a_locked_order_leaves_its_channel_free_for_other_orders():
    """FOR UPDATE over the join would lock the channel row: every checkout and fulfilment of the
    channel would queue on it, and a shipment and a checkout deadlocked through it under load."""
    channel = create_channel()
    courier_for(channel)
    variant = create_product(channel, stock=5).variants.get()
    with transaction.atomic():
        order = place_paid_order(channel, [(variant, 1)])

    with transaction.atomic():
        locked = order_lock(order_id=order.pk)
        assert locked.channel == channel  # the channel comes with the order, read only
        with other_connection() as other:
            # A new order's foreign-key check takes FOR KEY SHARE on the channel row: free at once.
            other.execute("SELECT 1 FROM channel_channel WHERE id = %s FOR KEY SHARE NOWAIT", [channel.pk])
            other.execute("SELECT 1 FROM channel_channel WHERE id = %s FOR UPDATE NOWAIT", [channel.pk])
            other.rollback()
            # The order's own row is held.
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("SELECT 1 FROM order_order WHERE id = %s FOR UPDATE NOWAIT", [order.pk])
