"""A shopper's way from cart to order, over GraphQL as a Saleor storefront sends it."""

from decimal import Decimal

import pytest

from shop.checkout.models import Checkout, CheckoutLine
from shop.order.models import Order
from shop.warehouse.models import Reservation, Stock
from tests.factories.catalog import create_product

pytestmark = pytest.mark.django_db

FRAGMENT = """
fragment CheckoutDetails on Checkout {
  id token email quantity chargeStatus authorizeStatus isShippingRequired stockReservationExpires
  lines { id quantity variant { id sku } unitPrice { gross { amount } } totalPrice { gross { amount } net { amount } tax { amount } } }
  subtotalPrice { gross { amount currency } net { amount } tax { amount } }
  totalPrice { gross { amount } net { amount } tax { amount } }
  shippingAddress { city cityArea countryArea postalCode phone }
  billingAddress { city }
  problems { __typename }
}
"""

CHECKOUT_CREATE = FRAGMENT + """
mutation CheckoutCreate($channel: String!, $lines: [CheckoutLineInput!]!, $email: String) {
  checkoutCreate(input: {channel: $channel, lines: $lines, email: $email}) {
    checkout { ...CheckoutDetails }
    errors { field code message variants }
  }
}
"""

LINES_ADD = FRAGMENT + """
mutation LinesAdd($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { checkout { ...CheckoutDetails } errors { field code variants } }
}
"""

LINES_UPDATE = FRAGMENT + """
mutation LinesUpdate($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $id, lines: $lines) { checkout { ...CheckoutDetails } errors { field code } }
}
"""

LINES_DELETE = FRAGMENT + """
mutation LinesDelete($id: ID!, $linesIds: [ID!]!) {
  checkoutLinesDelete(id: $id, linesIds: $linesIds) { checkout { ...CheckoutDetails } errors { field code } }
}
"""

EMAIL_UPDATE = """
mutation Email($id: ID!, $email: String!) {
  checkoutEmailUpdate(id: $id, email: $email) { checkout { email } errors { field code } }
}
"""

SHIPPING_ADDRESS = FRAGMENT + """
mutation Ship($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) { checkout { ...CheckoutDetails } errors { field code addressType } }
}
"""

BILLING_ADDRESS = """
mutation Bill($id: ID!, $address: AddressInput!) {
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) { checkout { billingAddress { city } } errors { field code addressType } }
}
"""

DELIVERY = """
mutation Delivery($id: ID!, $method: ID) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { shippingMethods { id name price { amount } } delivery { shippingMethod { name } }
      shippingPrice { gross { amount } } totalPrice { gross { amount } } }
    errors { field code }
  }
}
"""

COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) {
    order { id number status chargeStatus isPaid userEmail
      total { gross { amount } net { amount } tax { amount } }
      subtotal { gross { amount } }
      lines { productName productSku quantity taxRate unitPrice { gross { amount } net { amount } tax { amount } }
              totalPrice { gross { amount } net { amount } tax { amount } } }
      events { type } }
    confirmationNeeded
    errors { field code }
  }
}
"""

QUERY_CHECKOUT = FRAGMENT + "query C($id: ID) { checkout(id: $id) { ...CheckoutDetails } }"

ADDRESS = {
    "firstName": "Somchai", "lastName": "Jaidee", "streetAddress1": "99/1 Soi Ruam Rudee",
    "city": "Pathum Wan", "cityArea": "Lumphini", "countryArea": "Bangkok", "postalCode": "10330",
    "country": "TH", "phone": "0812345678",
}


def _gid(variant):
    from graphql_relay import to_global_id

    return to_global_id("ProductVariant", variant.pk)


def _ship(api_client, checkout_id, method):
    from graphql_relay import to_global_id

    return api_client.execute(DELIVERY, {"id": checkout_id, "method": to_global_id("ShippingMethod", method.pk)})[
        "data"]["checkoutDeliveryMethodUpdate"]


def _create(api_client, channel, lines, email="buyer@example.com"):
    data = api_client.execute(CHECKOUT_CREATE, {"channel": channel.slug, "lines": lines, "email": email})
    return data["data"]["checkoutCreate"]


def test_shopper_goes_from_cart_to_order_with_totals_exact_to_the_satang(api_client, unpaid_channel, courier):
    # given two products: a 390 THB scarf and a 125.50 THB jar of chili paste
    scarf = create_product(unpaid_channel, name="Scarf", price=Decimal("390.00"), stock=5).variants.get()
    chili = create_product(unpaid_channel, name="Chili paste", price=Decimal("125.50"), stock=9).variants.get()

    # when the shopper builds a cart, changes it, gives addresses and completes
    created = _create(api_client, unpaid_channel, [{"variantId": _gid(scarf), "quantity": 1}])
    checkout_id = created["checkout"]["id"]
    added = api_client.execute(LINES_ADD, {"id": checkout_id, "lines": [
        {"variantId": _gid(chili), "quantity": 2}, {"variantId": _gid(scarf), "quantity": 1}]})["data"]["checkoutLinesAdd"]
    chili_line = next(line for line in added["checkout"]["lines"] if line["variant"]["sku"] == chili.sku)
    updated = api_client.execute(LINES_UPDATE, {"id": checkout_id, "lines": [{"lineId": chili_line["id"], "quantity": 3}]})
    shipped = api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})["data"]["checkoutShippingAddressUpdate"]
    billed = api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})["data"]["checkoutBillingAddressUpdate"]
    delivered = _ship(api_client, checkout_id, courier)
    completed = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]

    # then every step succeeded and the order adds up: 2 x 390 + 3 x 125.50 + 50 shipping = 1,206.50
    assert created["errors"] == [] and added["errors"] == [] and shipped["errors"] == [] and billed["errors"] == []
    assert updated["data"]["checkoutLinesUpdate"]["checkout"]["quantity"] == 5
    assert shipped["checkout"]["shippingAddress"] == {
        "city": "Pathum Wan", "cityArea": "Lumphini", "countryArea": "Bangkok", "postalCode": "10330", "phone": "+66812345678"
    }
    assert shipped["checkout"]["totalPrice"]["gross"]["amount"] == 1156.5
    assert delivered["errors"] == []
    assert delivered["checkout"]["shippingMethods"][0]["price"]["amount"] == 50.0
    assert delivered["checkout"]["delivery"] == {"shippingMethod": {"name": "Courier"}}
    assert delivered["checkout"]["totalPrice"]["gross"]["amount"] == 1206.5
    assert completed["errors"] == []
    order = completed["order"]
    total = order["total"]
    assert total["gross"]["amount"] == 1206.5
    assert round(total["net"]["amount"] + total["tax"]["amount"], 2) == 1206.5
    assert sum(line["totalPrice"]["gross"]["amount"] for line in order["lines"]) == 1156.5
    assert order["subtotal"]["gross"]["amount"] == 1156.5
    shipping_tax = round(50 * 7 / 107, 2)
    lines_tax = sum(line["totalPrice"]["tax"]["amount"] for line in order["lines"])
    assert round(lines_tax + shipping_tax, 2) == total["tax"]["amount"]
    for line in order["lines"]:
        price = line["totalPrice"]
        assert round(price["net"]["amount"] + price["tax"]["amount"], 2) == price["gross"]["amount"]
        assert line["taxRate"] == 0.07
    assert order["status"] == "UNFULFILLED" and order["chargeStatus"] == "NONE" and order["isPaid"] is False
    assert [e["type"] for e in order["events"]] == ["PLACED"]
    assert not Checkout.objects.exists()
    assert Stock.objects.get(product_variant=scarf).quantity_allocated == 2
    assert not Reservation.objects.exists()


def test_lines_reserve_stock_until_completion(api_client, unpaid_channel):
    variant = create_product(unpaid_channel, stock=3).variants.get()

    created = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 2}])
    other = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 2}], email="other@example.com")

    assert created["errors"] == []
    assert created["checkout"]["stockReservationExpires"] is not None
    assert other["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert other["errors"][0]["variants"] == [_gid(variant)]
    assert Reservation.objects.get().quantity_reserved == 2


def test_complete_twice_returns_the_same_order(api_client, unpaid_channel, courier):
    variant = create_product(unpaid_channel, stock=3).variants.get()
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    _ship(api_client, checkout_id, courier)

    first = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]["order"]
    second = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]["order"]

    assert first["id"] == second["id"]
    assert Order.objects.count() == 1


def test_lines_delete_and_query_checkout(api_client, unpaid_channel):
    variant = create_product(unpaid_channel).variants.get()
    checkout = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]

    deleted = api_client.execute(LINES_DELETE, {"id": checkout["id"], "linesIds": [checkout["lines"][0]["id"]]})
    fetched = api_client.execute(QUERY_CHECKOUT, {"id": checkout["id"]})["data"]["checkout"]

    assert deleted["data"]["checkoutLinesDelete"]["errors"] == []
    assert fetched["lines"] == [] and fetched["quantity"] == 0
    assert not CheckoutLine.objects.exists()
    assert not Reservation.objects.exists()


def test_email_update(api_client, unpaid_channel):
    variant = create_product(unpaid_channel).variants.get()
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]

    data = api_client.execute(EMAIL_UPDATE, {"id": checkout_id, "email": "New@Example.com"})

    assert data["data"]["checkoutEmailUpdate"] == {"checkout": {"email": "new@example.com"}, "errors": []}
