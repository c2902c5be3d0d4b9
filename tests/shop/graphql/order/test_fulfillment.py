"""Staff ship and cancel orders; shoppers see their own orders only."""

from decimal import Decimal

import pytest
from django.db import transaction
from graphql_relay import to_global_id

from shop.account.permissions import PermissionEnum
from shop.checkout.complete import checkout_complete
from shop.core.models import EventOutbox
from shop.order.models import Order, OrderStatus
from shop.warehouse.models import Allocation, Stock
from tests.factories.account import create_staff, create_user
from tests.factories.catalog import create_channel, create_product, create_warehouse
from tests.factories.checkout import create_checkout

pytestmark = pytest.mark.django_db

ORDER_FULFILL = """
mutation Fulfill($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) {
    fulfillments { fulfillmentOrder trackingNumber status lines { quantity } warehouse { name } }
    order { status lines { quantityFulfilled quantityToFulfill } fulfillments { trackingNumber } }
    errors { field code orderLines }
  }
}
"""

ORDER_CANCEL = """
mutation Cancel($id: ID!) { orderCancel(id: $id) { order { status } errors { field code } } }
"""

UPDATE_TRACKING = """
mutation Track($id: ID!, $number: String) {
  orderFulfillmentUpdateTracking(id: $id, input: {trackingNumber: $number}) { fulfillment { trackingNumber } errors { code } }
}
"""

QUERY_ORDER = "query ($id: ID) { order(id: $id) { number total { gross { amount } } } }"


@pytest.fixture
def order(db):
    channel = create_channel()
    channel.allow_unpaid_orders = True
    channel.save()
    warehouse = create_warehouse(channel, name="Ban Nong Bua Weavers")
    variant = create_product(channel, price=Decimal("250"), stock=5, warehouse=warehouse).variants.get()
    checkout = create_checkout(channel, [(variant, 3)])
    with transaction.atomic():
        order = checkout_complete(token=checkout.pk)
    order.warehouse = warehouse
    order.variant = variant
    return order


@pytest.fixture
def manager_client(client):
    client.force_login(create_staff(permissions=[PermissionEnum.MANAGE_ORDERS]))
    return client


def _fulfill_input(order, quantity, tracking="EX123456789TH"):
    line = order.lines.get()
    return {"lines": [{"orderLineId": to_global_id("OrderLine", line.pk),
                       "stocks": [{"quantity": quantity, "warehouse": to_global_id("Warehouse", order.warehouse.pk)}]}],
            "trackingNumber": tracking}


def _post(client, query, variables):
    return client.post("/graphql/", {"query": query, "variables": variables}, content_type="application/json").json()


def test_partial_then_full_shipment_moves_stock_and_status(manager_client, order):
    order_id = to_global_id("Order", order.pk)

    first = _post(manager_client, ORDER_FULFILL, {"order": order_id, "input": _fulfill_input(order, 1)})["data"]["orderFulfill"]
    second = _post(manager_client, ORDER_FULFILL, {"order": order_id, "input": _fulfill_input(order, 2, "EX2")})["data"]["orderFulfill"]

    assert first["errors"] == []
    assert first["order"]["status"] == "PARTIALLY_FULFILLED"
    assert first["fulfillments"][0]["trackingNumber"] == "EX123456789TH"
    assert first["fulfillments"][0]["warehouse"] == {"name": "Ban Nong Bua Weavers"}
    assert second["order"]["status"] == "FULFILLED"
    assert second["fulfillments"][0]["fulfillmentOrder"] == 2
    stock = Stock.objects.get(product_variant=order.variant)
    assert (stock.quantity, stock.quantity_allocated) == (2, 0)
    assert not Allocation.objects.exists()
    fulfilled_events = EventOutbox.objects.filter(event_type="shop.order.events.OrderFulfilled").count()
    assert fulfilled_events == 2


def test_shipping_more_than_ordered_is_refused_and_nothing_moves(manager_client, order):
    result = _post(manager_client, ORDER_FULFILL, {"order": to_global_id("Order", order.pk), "input": _fulfill_input(order, 4)})

    assert result["data"]["orderFulfill"]["errors"][0]["code"] == "FULFILL_ORDER_LINE"
    assert Stock.objects.get(product_variant=order.variant).quantity_allocated == 3
    assert Order.objects.get().status == OrderStatus.UNFULFILLED


def test_shipping_from_a_warehouse_that_does_not_hold_the_items_is_refused(manager_client, order):
    other = create_warehouse(order.channel, name="Elsewhere")
    data = _fulfill_input(order, 1)
    data["lines"][0]["stocks"][0]["warehouse"] = to_global_id("Warehouse", other.pk)

    result = _post(manager_client, ORDER_FULFILL, {"order": to_global_id("Order", order.pk), "input": data})

    assert result["data"]["orderFulfill"]["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert Stock.objects.get(product_variant=order.variant).quantity == 5


def test_tracking_number_can_be_corrected(manager_client, order):
    result = _post(manager_client, ORDER_FULFILL, {"order": to_global_id("Order", order.pk), "input": _fulfill_input(order, 3)})
    fulfillment = order.fulfillments.get()

    updated = _post(manager_client, UPDATE_TRACKING, {"id": to_global_id("Fulfillment", fulfillment.pk), "number": "EX999TH"})

    assert result["data"]["orderFulfill"]["errors"] == []
    assert updated["data"]["orderFulfillmentUpdateTracking"] == {"fulfillment": {"trackingNumber": "EX999TH"}, "errors": []}


def test_cancel_releases_stock_and_is_refused_after_shipping(manager_client, order):
    cancelled = _post(manager_client, ORDER_CANCEL, {"id": to_global_id("Order", order.pk)})["data"]["orderCancel"]

    assert cancelled == {"order": {"status": "CANCELED"}, "errors": []}
    assert Stock.objects.get(product_variant=order.variant).quantity_allocated == 0
    assert EventOutbox.objects.filter(event_type="shop.order.events.OrderCancelled").count() == 1


def test_cancel_after_shipping_is_refused(manager_client, order):
    _post(manager_client, ORDER_FULFILL, {"order": to_global_id("Order", order.pk), "input": _fulfill_input(order, 1)})

    result = _post(manager_client, ORDER_CANCEL, {"id": to_global_id("Order", order.pk)})["data"]["orderCancel"]

    assert result["errors"] == [{"field": "order", "code": "CANNOT_CANCEL_FULFILLMENT"}]


@pytest.mark.parametrize("permissions", [(), (PermissionEnum.MANAGE_PRODUCTS,)])
def test_staff_without_manage_orders_cannot_ship_or_cancel(client, order, permissions):
    client.force_login(create_staff(permissions=permissions))

    shipped = _post(client, ORDER_FULFILL, {"order": to_global_id("Order", order.pk), "input": _fulfill_input(order, 1)})
    cancelled = _post(client, ORDER_CANCEL, {"id": to_global_id("Order", order.pk)})

    assert shipped["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert cancelled["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert Order.objects.get().status == OrderStatus.UNFULFILLED
    assert not order.fulfillments.exists()


def test_shoppers_see_only_their_own_orders(client, order):
    owner, other = create_user(), create_user()
    Order.objects.update(user=owner)
    order_id = to_global_id("Order", order.pk)

    client.force_login(other)
    as_other = _post(client, QUERY_ORDER, {"id": order_id})
    client.force_login(owner)
    as_owner = _post(client, QUERY_ORDER, {"id": order_id})

    assert as_other["data"]["order"] is None
    assert as_owner["data"]["order"]["total"]["gross"]["amount"] == 800.0  # 3 x 250 + 50 courier


ME_ORDERS = "{ me { orders(first: 10) { totalCount edges { node { number } } } checkoutIds } }"


def test_me_lists_my_orders_and_checkouts_only(client, order):
    from shop.checkout.models import Checkout

    owner = create_user()
    Order.objects.update(user=owner)
    mine = Checkout.objects.create(channel=order.channel, currency="THB", user=owner, email=owner.email)
    Checkout.objects.create(channel=order.channel, currency="THB", user=create_user(), email="x@example.com")
    client.force_login(owner)

    me = _post(client, ME_ORDERS, {})["data"]["me"]

    assert me["orders"]["totalCount"] == 1
    assert me["orders"]["edges"] == [{"node": {"number": str(order.number)}}]
    assert me["checkoutIds"] == [to_global_id("Checkout", mine.pk)]
