"""Products show who makes them, and availability and lead time that respect the makers' capacity."""

import pytest
from graphene.relay import Node

from tests.factories.cooperatives import place_paid_order
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import product_made_by

pytestmark = pytest.mark.django_db

QUERY = """
query($id: ID!) {
  productVariant(id: $id, channel: "default-channel") {
    quantityAvailable leadTimeDays product { producerGroups { slug name region membersCount } }
  }
}
"""


def _variant(client, variant):
    return GraphQLClient(client).execute(QUERY, {"id": Node.to_global_id("ProductVariant", variant.pk)})["data"][
        "productVariant"]


def test_made_to_order_availability_and_lead_time_follow_the_capacity_left(client, channel, groups,
                                                                        django_capture_on_commit_callbacks):
    north, northeast, _ = groups
    cushion = product_made_by(channel, [(north, None, 1, 3), (northeast, None, 2, 2)], track_inventory=False)
    north.offers.update(lead_time_days=10)
    northeast.offers.update(lead_time_days=14)

    before = _variant(client, cushion)
    assert (before["quantityAvailable"], before["leadTimeDays"]) == (5, 10)
    assert [g["slug"] for g in before["product"]["producerGroups"]] == sorted([north.slug, northeast.slug])

    with django_capture_on_commit_callbacks(execute=True):
        place_paid_order(channel, [(cushion, 3)])  # the north group's week is full
    after = _variant(client, cushion)
    assert (after["quantityAvailable"], after["leadTimeDays"]) == (2, 14)

    with django_capture_on_commit_callbacks(execute=True):
        place_paid_order(channel, [(cushion, 2)])
    full = _variant(client, cushion)
    assert (full["quantityAvailable"], full["leadTimeDays"]) == (0, None)


def test_stock_goods_ship_in_the_dispatch_days_while_a_maker_holds_some(client, channel, groups, settings):
    settings.GROUP_ORDER_DISPATCH_DAYS = 2
    scarf = product_made_by(channel, [(groups[0], 1, 1, 0)])
    assert _variant(client, scarf)["leadTimeDays"] == 2
    sold_out = product_made_by(channel, [(groups[0], 0, 1, 0)])
    assert _variant(client, sold_out)["leadTimeDays"] is None
