"""A shopper goes from the product list to a paid order, over real HTTP.

The server is Django's live server on a loopback port; the client sends the
storefront's own operation documents (tests/operations/storefront) with
variables, as a Saleor storefront does, and pays with the dummy gateway.
"""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest

from shop.core.models import EventOutbox
from shop.order.models import Order
from tests.factories.catalog import create_channel, create_product, create_warehouse
from tests.factories.checkout import courier_for

from .documents import document

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = {
    "firstName": "Malee", "lastName": "Srisuk", "streetAddress1": "12 Soi Ruam Rudee",
    "city": "Pathum Wan", "cityArea": "Lumphini", "countryArea": "Bangkok", "postalCode": "10330",
    "country": "TH", "phone": "081 234 5678",
}


class Storefront:
    def __init__(self, url: str):
        self.url = url + "/graphql/"

    def call(self, operation: str, **variables) -> dict:
        body = json.dumps({"query": document(operation), "operationName": operation, "variables": variables}).encode()
        request = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            payload = json.loads(response.read())
        assert "errors" not in payload, payload["errors"]
        return payload["data"]


def _no_errors(result: dict) -> dict:
    assert result["errors"] == [], result["errors"]
    return result


def _adds_up(price: dict) -> None:
    assert round(price["net"]["amount"] + price["tax"]["amount"], 2) == price["gross"]["amount"]


@pytest.fixture
def shop_data():
    channel = create_channel()
    warehouse = create_warehouse(channel, name="Ban Nong Bua Weavers")
    create_product(channel, name="Mudmee silk scarf", price=Decimal("1290.00"), stock=4, warehouse=warehouse)
    create_product(channel, name="Roselle herbal tea", price=Decimal("89.50"), stock=30, warehouse=warehouse)
    courier_for(channel, price="45.00")
    return channel


def test_shopper_buys_and_pays_over_http(live_server, shop_data, django_capture_on_commit_callbacks):
    shop = Storefront(live_server.url)

    # The storefront lists products and picks two.
    products = shop.call("StorefrontProductList", first=12)["products"]["edges"]
    by_name = {edge["node"]["name"]: edge["node"] for edge in products}
    page = shop.call("StorefrontProductPage", slug=by_name["Mudmee silk scarf"]["slug"])["product"]
    tea = shop.call("StorefrontProductPage", slug=by_name["Roselle herbal tea"]["slug"])["product"]
    scarf_id, tea_id = page["variants"][0]["id"], tea["variants"][0]["id"]

    # Cart, e-mail, addresses, delivery.
    checkout = _no_errors(shop.call("CheckoutCreate", channel="default-channel", lines=[{"variantId": scarf_id, "quantity": 1}],
                                    email="malee@example.com")["checkoutCreate"])["checkout"]
    checkout_id = checkout["id"]
    _no_errors(shop.call("CheckoutAddLines", id=checkout_id, lines=[{"variantId": tea_id, "quantity": 3}])["checkoutLinesAdd"])
    _no_errors(shop.call("CheckoutShippingAddressUpdate", id=checkout_id, address=ADDRESS)["checkoutShippingAddressUpdate"])
    _no_errors(shop.call("CheckoutBillingAddressUpdate", id=checkout_id, address=ADDRESS)["checkoutBillingAddressUpdate"])
    checkout = _no_errors(shop.call("CheckoutFind", id=checkout_id) | {"errors": []})["checkout"]
    courier = checkout["shippingMethods"][0]
    checkout = _no_errors(shop.call("CheckoutDeliveryMethodUpdate", id=checkout_id, deliveryMethodId=courier["id"])[
        "checkoutDeliveryMethodUpdate"])["checkout"]
    total = checkout["totalPrice"]["gross"]["amount"]

    # Pay with the dummy gateway, then complete.
    gateways = shop.call("PaymentGatewayInitialize", checkoutId=checkout_id,
                         paymentGateways=[{"id": "homenet.payments.dummy"}])["paymentGatewayInitialize"]
    payment = shop.call("TransactionInitialize", checkoutId=checkout_id, paymentGateway={"id": "homenet.payments.dummy"},
                        amount=str(total), idempotencyKey="e2e-1")["transactionInitialize"]
    with django_capture_on_commit_callbacks(execute=True):
        completed = _no_errors(shop.call("CheckoutComplete", id=checkout_id)["checkoutComplete"])
    order = completed["order"]

    # 1,290.00 + 3 x 89.50 + 45.00 courier = 1,603.50, every amount split exactly into net + VAT.
    assert gateways["errors"] == [] and payment["errors"] == []
    assert payment["transaction"]["chargedAmount"]["amount"] == total
    assert total == 1603.5
    assert order["isPaid"] is True and order["chargeStatus"] == "FULL"
    assert order["total"]["gross"]["amount"] == 1603.5
    for line in order["lines"]:
        _adds_up(line["totalPrice"])
    _adds_up(order["total"])
    _adds_up(order["shippingPrice"])
    lines_total = sum(line["totalPrice"]["gross"]["amount"] for line in order["lines"])
    assert round(lines_total + order["shippingPrice"]["gross"]["amount"], 2) == order["total"]["gross"]["amount"]
    lines_tax = sum(line["totalPrice"]["tax"]["amount"] for line in order["lines"])
    assert round(lines_tax + order["shippingPrice"]["tax"]["amount"], 2) == order["total"]["tax"]["amount"]
    placed = Order.objects.get(number=int(order["number"]))
    assert placed.total_gross_amount == Decimal("1603.50")
    paid_events = EventOutbox.objects.filter(event_type="shop.order.events.OrderPaid", payload__order_id=str(placed.pk))
    assert paid_events.count() == 1
