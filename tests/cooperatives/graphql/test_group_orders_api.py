"""The producer groups' GraphQL API, and a matrix proving no one reaches another group's orders."""

import pytest
from graphene.relay import Node

from cooperatives.models import GroupOrder, GroupOrderEvent, GroupOrderLine, ProducerOffer
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member, place_paid_order
from tests.shop.graphql.conftest import GraphQLClient

from ..conftest import product_made_by

pytestmark = pytest.mark.django_db

GROUP_ORDERS = """
query GroupOrders($filter: GroupOrderFilterInput) {
  groupOrders(first: 20, filter: $filter) {
    totalCount
    edges { node { id number status acceptBy group { slug contactEmail }
      total { amount currency } shippingAddress { city postalCode }
      lines { id productName quantity status unitPrice { amount } } events { type toStatus } } }
  }
}
"""
GROUP_ORDER = "query($id: ID!) { groupOrder(id: $id) { id status lines { id } } }"
ACCEPT = """
mutation($id: ID!, $lines: [ID!]) {
  groupOrderAccept(id: $id, lines: $lines) { groupOrder { status lines { status } } errors { field code message } }
}
"""
DECLINE = """
mutation($id: ID!, $reason: GroupOrderDeclineReasonEnum, $note: String) {
  groupOrderLineDecline(id: $id, input: {reason: $reason, note: $note}) {
    line { status resolution } errors { field code }
  }
}
"""
STATUS = """
mutation($id: ID!, $status: GroupOrderStatusEnum!) {
  groupOrderStatusUpdate(id: $id, status: $status) { groupOrder { status } errors { field code } }
}
"""
SHIP = """
mutation($id: ID!, $line: ID!, $quantity: Int!, $tracking: String!) {
  groupOrderShip(id: $id, input: {carrier: "Thailand Post", trackingNumber: $tracking,
                                  lines: [{lineId: $line, quantity: $quantity}]}) {
    groupOrder { status shipments { carrier trackingNumber } }
    fulfillment { trackingNumber }
    errors { field code lines }
  }
}
"""
REROUTE = """
mutation($id: ID!, $group: ID!) {
  groupOrderLineReroute(id: $id, group: $group) { lines { quantity } errors { field code } }
}
"""


def gid(type_name, pk):
    return Node.to_global_id(type_name, pk)


def client_for(client, user=None) -> GraphQLClient:
    if user is not None:
        client.force_login(user)
    return GraphQLClient(client)


@pytest.fixture
def world(channel, groups, django_capture_on_commit_callbacks):
    """Group A (north) and group B (northeast) each hold one paid order; south can take A's scarf."""
    a, b, south = groups
    scarf = product_made_by(channel, [(a, 5, 1, 0), (south, 5, 2, 0)])
    basket = product_made_by(channel, [(b, 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order_a = place_paid_order(channel, [(scarf, 2)])
        place_paid_order(channel, [(basket, 1)], email="other@example.com")
    return {
        "a": a, "b": b, "south": south, "member_a": create_member(a), "member_b": create_member(b),
        "order_a": GroupOrder.objects.get(order=order_a), "scarf": scarf,
    }


def snapshot():
    return (
        list(GroupOrder.objects.order_by("pk").values_list("pk", "status")),
        list(GroupOrderLine.objects.order_by("pk").values_list("pk", "status", "quantity_shipped", "resolution")),
        GroupOrderEvent.objects.count(),
    )


def test_a_member_lists_only_their_groups_orders_with_what_they_need_to_ship(client, world):
    api = client_for(client, world["member_a"])

    data = api.execute(GROUP_ORDERS)["data"]["groupOrders"]

    assert data["totalCount"] == 1
    node = data["edges"][0]["node"]
    assert node["group"]["slug"] == world["a"].slug
    assert node["group"]["contactEmail"] == world["a"].contact_email
    assert node["status"] == "AWAITING_ACCEPTANCE"
    assert node["shippingAddress"]["postalCode"] == "10330"
    assert node["lines"][0]["quantity"] == 2
    assert node["total"]["amount"] == 780.0
    assert node["events"] == [{"type": "CREATED", "toStatus": "awaiting_acceptance"}]


def test_groups_orders_filter_by_status(client, world):
    api = client_for(client, world["member_a"])

    data = api.execute(GROUP_ORDERS, {"filter": {"status": ["SHIPPED"]}})["data"]["groupOrders"]

    assert data["totalCount"] == 0


def test_staff_who_manage_orders_see_every_group(client, world):
    api = client_for(client, create_staff(permissions=["MANAGE_ORDERS"]))

    assert api.execute(GROUP_ORDERS)["data"]["groupOrders"]["totalCount"] == 2


def test_accept_decline_reroute_accept_ship_through_the_api(client, world, django_capture_on_commit_callbacks):
    order_a = world["order_a"]
    line = order_a.lines.get()
    api_a = client_for(client, world["member_a"])

    with django_capture_on_commit_callbacks(execute=True):
        declined = api_a.execute(DECLINE, {"id": gid("GroupOrderLine", line.pk), "reason": "NO_CAPACITY"})
    assert declined.get("errors") is None, declined
    assert declined["data"]["groupOrderLineDecline"] == {
        "line": {"status": "DECLINED", "resolution": None}, "errors": []}
    line.refresh_from_db()
    assert line.resolution == "rerouted"
    rerouted = GroupOrder.objects.get(order=order_a.order, group=world["south"])

    south_member = create_member(world["south"])
    api_south = client_for(client, south_member)
    accepted = api_south.execute(ACCEPT, {"id": gid("GroupOrder", rerouted.pk)})["data"]["groupOrderAccept"]
    assert accepted == {"groupOrder": {"status": "ACCEPTED", "lines": [{"status": "ACCEPTED"}]}, "errors": []}
    assert api_south.execute(STATUS, {"id": gid("GroupOrder", rerouted.pk), "status": "READY"})[
        "data"]["groupOrderStatusUpdate"]["groupOrder"]["status"] == "READY"
    new_line = rerouted.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        shipped = api_south.execute(SHIP, {"id": gid("GroupOrder", rerouted.pk), "line": gid("GroupOrderLine", new_line.pk),
                                           "quantity": 2, "tracking": "EF1TH"})["data"]["groupOrderShip"]
    assert shipped["errors"] == []
    assert shipped["groupOrder"]["status"] == "SHIPPED"
    assert shipped["fulfillment"]["trackingNumber"] == "EF1TH"
    order_a.order.refresh_from_db()
    assert order_a.order.status == "fulfilled"
    shopper_view = client_for(client).execute(
        "query($t: UUID!) { orderByToken(token: $t) { status fulfillments { status trackingNumber } } }",
        {"t": str(order_a.order.pk)})["data"]["orderByToken"]
    assert shopper_view == {"status": "FULFILLED", "fulfillments": [{"status": "FULFILLED", "trackingNumber": "EF1TH"}]}


def test_shipping_more_than_accepted_returns_the_code_and_writes_nothing(client, world):
    order_a = world["order_a"]
    api = client_for(client, world["member_a"])
    api.execute(ACCEPT, {"id": gid("GroupOrder", order_a.pk)})
    before = snapshot()

    result = api.execute(SHIP, {"id": gid("GroupOrder", order_a.pk), "line": gid("GroupOrderLine", order_a.lines.get().pk),
                                "quantity": 3, "tracking": "EF1TH"})["data"]["groupOrderShip"]

    assert result["errors"][0]["code"] == "QUANTITY_GREATER_THAN_ACCEPTED"
    assert snapshot() == before


def test_a_decline_without_reason_returns_required_and_writes_nothing(client, world):
    api = client_for(client, world["member_a"])
    before = snapshot()

    result = api.execute(DECLINE, {"id": gid("GroupOrderLine", world["order_a"].lines.get().pk)})

    assert result["data"]["groupOrderLineDecline"]["errors"] == [{"field": "reason", "code": "REQUIRED"}]
    assert snapshot() == before


# --- isolation matrix ------------------------------------------------------------------------

def _operations(world):
    order_a = world["order_a"]
    line = order_a.lines.get()
    return {
        "groupOrder": (GROUP_ORDER, {"id": gid("GroupOrder", order_a.pk)}),
        "accept": (ACCEPT, {"id": gid("GroupOrder", order_a.pk)}),
        "acceptLine": (ACCEPT, {"id": gid("GroupOrder", order_a.pk), "lines": [gid("GroupOrderLine", line.pk)]}),
        "decline": (DECLINE, {"id": gid("GroupOrderLine", line.pk), "reason": "OUT_OF_STOCK"}),
        "status": (STATUS, {"id": gid("GroupOrder", order_a.pk), "status": "IN_PRODUCTION"}),
        "ship": (SHIP, {"id": gid("GroupOrder", order_a.pk), "line": gid("GroupOrderLine", line.pk), "quantity": 1,
                        "tracking": "X1"}),
        "reroute": (REROUTE, {"id": gid("GroupOrderLine", line.pk), "group": gid("ProducerGroup", world["south"].pk)}),
        "groupOrders": (GROUP_ORDERS, {"filter": {"group": gid("ProducerGroup", world["a"].pk)}}),
    }


def _refused(name, result) -> bool:
    errors = result.get("errors") or []
    if any(e.get("extensions", {}).get("exception", {}).get("code") == "PermissionDenied" for e in errors):
        return True
    data = result.get("data") or {}
    if name == "groupOrder":
        return data.get("groupOrder") is None
    if name == "groupOrders":
        return data["groupOrders"]["totalCount"] == 0
    payload = next(iter(data.values()))
    return bool(payload and payload["errors"] and payload["errors"][0]["code"] == "NOT_FOUND")


@pytest.mark.parametrize("actor", ["member_of_b", "anonymous", "shopper", "staff_without_permission"])
@pytest.mark.parametrize("operation", ["groupOrder", "accept", "acceptLine", "decline", "status", "ship", "reroute",
                                       "groupOrders"])
def test_nobody_outside_group_a_reaches_its_orders(client, world, actor, operation, django_capture_on_commit_callbacks):
    user = {
        "member_of_b": world["member_b"], "anonymous": None, "shopper": create_user("shopper@example.com"),
        "staff_without_permission": create_staff("clerk@example.com"),
    }[actor]
    query, variables = _operations(world)[operation]
    api = client_for(client, user)
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True):
        result = api.execute(query, variables)

    assert _refused(operation, result), result
    assert snapshot() == before


def test_members_never_see_private_fields_of_other_groups(client, world):
    api = client_for(client, world["member_b"])
    query = """query($slug: String!) { producerGroup(slug: $slug) {
      name contactEmail bankAccountNumber promptpayId offers { priority } myRole } }"""

    data = api.execute(query, {"slug": world["a"].slug})["data"]["producerGroup"]

    assert data == {"name": world["a"].name_th, "contactEmail": None, "bankAccountNumber": None, "promptpayId": None,
                    "offers": [], "myRole": None}


def test_offer_management_needs_manage_products(client, world):
    api = client_for(client, world["member_a"])
    mutation = """mutation($id: ID!) { producerOfferUpdate(id: $id, input: {weeklyCapacity: 99}) { errors { code } } }"""
    offer = ProducerOffer.objects.filter(group=world["a"]).first()

    result = api.execute(mutation, {"id": gid("ProducerOffer", offer.pk)})

    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    offer.refresh_from_db()
    assert offer.weekly_capacity == 0


def test_a_groups_photos_come_as_thumbnails(client, world):
    from django.core.files.base import ContentFile

    from cooperatives.models import ProducerGroupPhoto
    from tests.factories.catalog import jpeg_bytes

    photo = ProducerGroupPhoto(group=world["a"], alt="Weaving under the house")
    photo.image.save("loom.jpg", ContentFile(jpeg_bytes((1200, 900))), save=True)

    data = client_for(client).execute(
        'query($s: String!) { producerGroup(slug: $s) { photos { alt url(size: 256) } } }', {"s": world["a"].slug}
    )["data"]["producerGroup"]

    assert data["photos"][0]["alt"] == "Weaving under the house"
    url = data["photos"][0]["url"]
    assert "/thumbnail/" in url
    response = client.get(url.split("testserver", 1)[-1])
    assert response.status_code == 302
    from django.core.files.storage import default_storage
    from PIL import Image

    stored = response["Location"].split("/media/", 1)[-1]
    with default_storage.open(stored) as file:
        assert max(Image.open(file).size) == 256
