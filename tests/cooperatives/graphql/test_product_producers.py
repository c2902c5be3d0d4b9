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


GROUPS_PAGE = """
{ producerGroups(first: 10) { edges { node { slug myRole photos { url } products(channel: "default-channel") { name } } } } }
"""


def test_group_pages_list_their_published_products_in_queries_that_do_not_grow_with_the_groups(client, channel, groups):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.cooperatives import create_group

    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0), (groups[1], 5, 2, 0)])
    hidden = product_made_by(channel, [(north, 5, 1, 0)])
    hidden.product.channel_listings.update(is_published=False)
    api = GraphQLClient(client)

    with CaptureQueriesContext(connection) as three:
        nodes = {e["node"]["slug"]: e["node"] for e in api.execute(GROUPS_PAGE)["data"]["producerGroups"]["edges"]}
    assert [p["name"] for p in nodes[north.slug]["products"]] == [scarf.product.name]
    assert [p["name"] for p in nodes[groups[1].slug]["products"]] == [scarf.product.name]
    assert nodes[groups[2].slug]["products"] == []

    for _ in range(3):
        product_made_by(channel, [(create_group(channel), 5, 1, 0)])
    with CaptureQueriesContext(connection) as six:
        assert len(api.execute(GROUPS_PAGE)["data"]["producerGroups"]["edges"]) == 6
    assert len(six) == len(three)
