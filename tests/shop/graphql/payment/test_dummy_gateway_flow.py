"""A shopper pays with the dummy gateway and completes: the order is paid, and OrderPaid goes out once."""

from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.order.events import OrderPaid
from shop.order.models import Order
from shop.payment.gateways import DUMMY_GATEWAY_ID
from shop.payment.models import TransactionItem

from .conftest import storefront_operation

pytestmark = pytest.mark.django_db

CHECKOUT_CREATE = """
mutation CheckoutCreate($channel: String!, $lines: [CheckoutLineInput!]!, $email: String) {
  checkoutCreate(input: {channel: $channel, lines: $lines, email: $email}) {
    checkout { id totalPrice { gross { amount } } }
    errors { field code }
  }
}
"""

ADDRESS_UPDATE = """
mutation Addresses($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) { errors { field code } }
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) { errors { field code } }
}
"""

# The Bangkok address of tests/shop/graphql/checkout/test_checkout_flow.py.
ADDRESS = {
    "firstName": "Somchai", "lastName": "Jaidee", "streetAddress1": "99/1 Soi Ruam Rudee",
    "city": "Pathum Wan", "cityArea": "Lumphini", "countryArea": "Bangkok", "postalCode": "10330",
    "country": "TH", "phone": "0812345678",
}


def _paid_events() -> int:
    return EventOutbox.objects.filter(event_type=event_name(OrderPaid)).count()


def test_shopper_pays_with_the_dummy_gateway_and_gets_a_paid_order(api_client, channel, ebook):
    # given a checkout with an address, built as a storefront builds it
    created = api_client.execute(CHECKOUT_CREATE, {
        "channel": channel.slug, "email": "buyer@example.com",
        "lines": [{"variantId": to_global_id("ProductVariant", ebook.pk), "quantity": 2}],
    })["data"]["checkoutCreate"]
    checkout_id = created["checkout"]["id"]
    addressed = api_client.execute(ADDRESS_UPDATE, {"id": checkout_id, "address": ADDRESS})["data"]

    # when the shopper picks the dummy gateway, pays and completes
    gateways = api_client.execute(storefront_operation("PaymentGatewayInitialize"), {"checkoutId": checkout_id})
    paid = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": checkout_id, "paymentGateway": {"id": DUMMY_GATEWAY_ID},
    })["data"]["transactionInitialize"]
    status = api_client.execute(storefront_operation("CheckoutPaymentStatus"), {"id": checkout_id})["data"]["checkout"]
    completed = api_client.execute(storefront_operation("CheckoutCompletePaid"), {"checkoutId": checkout_id})
    completed = completed["data"]["checkoutComplete"]

    # then the checkout was paid in full and the order is paid
    assert created["errors"] == [] and addressed["checkoutShippingAddressUpdate"]["errors"] == []
    configs = gateways["data"]["paymentGatewayInitialize"]["gatewayConfigs"]
    assert DUMMY_GATEWAY_ID in [config["id"] for config in configs]
    assert paid["errors"] == []
    assert paid["transactionEvent"]["type"] == "CHARGE_SUCCESS"
    assert paid["transaction"]["chargedAmount"] == {"amount": 500.0, "currency": "THB"}
    assert paid["transaction"]["actions"] == ["REFUND"]
    assert status["chargeStatus"] == "FULL" and status["authorizeStatus"] == "FULL"
    assert status["totalBalance"]["amount"] == 0
    assert completed["errors"] == []
    order = completed["order"]
    assert order["isPaid"] is True
    assert order["chargeStatus"] == "FULL" and order["authorizeStatus"] == "FULL"
    assert order["paymentStatus"] == "FULLY_CHARGED"
    assert order["totalCharged"]["amount"] == order["total"]["gross"]["amount"] == 500.0
    assert order["totalBalance"]["amount"] == 0
    placed = Order.objects.get()
    assert TransactionItem.objects.get().order_id == placed.pk
    assert TransactionItem.objects.get().checkout_id is None
    assert _paid_events() == 1
    assert list(placed.events.filter(type="ORDER_FULLY_PAID").values_list("type", flat=True)) == ["ORDER_FULLY_PAID"]


def test_checkout_paid_in_part_cannot_be_completed(api_client, checkout):
    checkout_id = to_global_id("Checkout", checkout.pk)

    paid = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": checkout_id, "paymentGateway": {"id": DUMMY_GATEWAY_ID}, "amount": "100.00",
    })["data"]["transactionInitialize"]
    status = api_client.execute(storefront_operation("CheckoutPaymentStatus"), {"id": checkout_id})["data"]["checkout"]
    completed = api_client.execute(storefront_operation("CheckoutCompletePaid"), {"checkoutId": checkout_id})

    assert paid["errors"] == []
    assert status["chargeStatus"] == "PARTIAL"
    total = Decimal(str(status["totalPrice"]["gross"]["amount"]))
    assert Decimal(str(status["totalBalance"]["amount"])) == Decimal("100.00") - total
    assert completed["data"]["checkoutComplete"]["errors"][0]["code"] == "CHECKOUT_NOT_FULLY_PAID"
    assert not Order.objects.exists()


def test_checkout_with_delivery_is_paid_in_two_parts_then_completed(api_client, checkout):
    checkout_id = to_global_id("Checkout", checkout.pk)

    first = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": checkout_id, "paymentGateway": {"id": DUMMY_GATEWAY_ID}, "amount": "100.00",
    })["data"]["transactionInitialize"]
    rest = api_client.execute(storefront_operation("TransactionInitialize"), {
        "checkoutId": checkout_id, "paymentGateway": {"id": DUMMY_GATEWAY_ID},
    })["data"]["transactionInitialize"]
    completed = api_client.execute(storefront_operation("CheckoutCompletePaid"), {"checkoutId": checkout_id})
    order = completed["data"]["checkoutComplete"]["order"]

    # the second payment asked for what was left (shipping included), to the satang
    assert Decimal(str(first["transaction"]["chargedAmount"]["amount"])) == Decimal("100.00")
    left = Decimal(str(rest["transaction"]["chargedAmount"]["amount"]))
    assert Decimal("100.00") + left == Decimal(str(order["total"]["gross"]["amount"]))
    assert order["isPaid"] is True and order["chargeStatus"] == "FULL"
    assert _paid_events() == 1
