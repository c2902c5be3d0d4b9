"""Each bad input gets Saleor's error code on the right field, and nothing is written."""

import uuid
from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from shop.checkout.models import Checkout, CheckoutLine
from shop.order.models import Order
from shop.warehouse.models import Reservation
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import courier_for

from .test_checkout_flow import (
    ADDRESS,
    BILLING_ADDRESS,
    CHECKOUT_CREATE,
    COMPLETE,
    EMAIL_UPDATE,
    LINES_ADD,
    LINES_UPDATE,
    SHIPPING_ADDRESS,
    _create,
    _gid,
    _ship,
)

pytestmark = pytest.mark.django_db


def _rows():
    return (Checkout.objects.count(), CheckoutLine.objects.count(), Reservation.objects.count(),
            Order.objects.count(), Address.objects.count())


@pytest.fixture
def variant(unpaid_channel):
    return create_product(unpaid_channel, price=Decimal("100"), stock=100).variants.get()


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "ZERO_QUANTITY"), (-1, "ZERO_QUANTITY"), (51, "QUANTITY_GREATER_THAN_LIMIT"), (10_000, "QUANTITY_GREATER_THAN_LIMIT")],
)
def test_bad_quantities_on_create(api_client, unpaid_channel, variant, quantity, code):
    before = _rows()

    result = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": quantity}])

    assert result["errors"][0]["code"] == code
    assert result["errors"][0]["field"] == "quantity"
    assert result["checkout"] is None
    assert _rows() == before


def test_more_than_in_stock_is_insufficient_stock(api_client, unpaid_channel):
    variant = create_product(unpaid_channel, stock=2).variants.get()
    before = _rows()

    result = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 3}])

    assert result["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert _rows() == before


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda ch: create_product(ch, published=False).variants.get(), "PRODUCT_NOT_PUBLISHED"),
        (lambda ch: create_product(ch, available=False).variants.get(), "PRODUCT_UNAVAILABLE_FOR_PURCHASE"),
        (lambda ch: create_product(create_channel("other-channel")).variants.get(), "UNAVAILABLE_VARIANT_IN_CHANNEL"),
    ],
)
def test_variants_that_cannot_be_sold_here_are_refused(api_client, unpaid_channel, make, code):
    variant = make(unpaid_channel)
    before = _rows()

    result = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])

    assert result["errors"][0]["code"] == code
    assert result["errors"][0]["variants"] == [_gid(variant)]
    assert _rows() == before


def test_unknown_variant_is_not_found(api_client, unpaid_channel):
    result = _create(api_client, unpaid_channel, [{"variantId": to_global_id("ProductVariant", 999999), "quantity": 1}])

    assert result["errors"][0]["code"] == "NOT_FOUND"


def test_lines_add_with_bad_quantity_keeps_the_checkout_as_it_was(api_client, unpaid_channel, variant):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    before = _rows()

    result = api_client.execute(LINES_ADD, {"id": checkout_id, "lines": [{"variantId": _gid(variant), "quantity": 50}]})

    assert result["data"]["checkoutLinesAdd"]["errors"][0]["code"] == "QUANTITY_GREATER_THAN_LIMIT"
    assert _rows() == before
    assert CheckoutLine.objects.get().quantity == 1


def test_negative_update_is_invalid(api_client, unpaid_channel, variant):
    checkout = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]

    result = api_client.execute(LINES_UPDATE, {"id": checkout["id"], "lines": [{"lineId": checkout["lines"][0]["id"], "quantity": -2}]})

    assert result["data"]["checkoutLinesUpdate"]["errors"][0] == {"field": "quantity", "code": "INVALID"}
    assert CheckoutLine.objects.get().quantity == 1


def test_malformed_email_is_invalid(api_client, unpaid_channel, variant):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]

    result = api_client.execute(EMAIL_UPDATE, {"id": checkout_id, "email": "not-an-email"})

    assert result["data"]["checkoutEmailUpdate"]["errors"] == [{"field": "email", "code": "INVALID"}]
    assert Checkout.objects.get().email == "buyer@example.com"


def test_malformed_email_on_create_writes_nothing(api_client, unpaid_channel, variant):
    before = _rows()

    result = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}], email="nope@")

    assert result["errors"][0]["field"] == "email" and result["errors"][0]["code"] == "INVALID"
    assert _rows() == before


def test_wrong_postcode_for_the_province_is_an_error_on_postal_code(api_client, unpaid_channel, variant):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    before = _rows()

    result = api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": {**ADDRESS, "postalCode": "50200"}})

    errors = result["data"]["checkoutShippingAddressUpdate"]["errors"]
    assert {"field": "postalCode", "code": "INVALID", "addressType": "SHIPPING"} in errors
    assert _rows() == before


@pytest.mark.parametrize(
    ("set_shipping", "set_billing", "email", "field", "code"),
    [
        (False, True, "buyer@example.com", "shippingAddress", "SHIPPING_ADDRESS_NOT_SET"),
        (True, False, "buyer@example.com", "billingAddress", "BILLING_ADDRESS_NOT_SET"),
        (True, True, None, "email", "EMAIL_NOT_SET"),
    ],
)
def test_complete_needs_addresses_and_email(api_client, unpaid_channel, variant, set_shipping, set_billing, email, field, code):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}], email=email)["checkout"]["id"]
    if set_shipping:
        api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    if set_billing:
        api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    before = _rows()

    result = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]

    assert result["errors"] == [{"field": field, "code": code}]
    assert result["order"] is None
    assert _rows() == before


def test_unpaid_checkout_cannot_complete_in_a_channel_that_needs_payment(api_client, variant):
    paid_only = create_channel("paid-only")
    product = create_product(paid_only, stock=3)
    checkout_id = _create(api_client, paid_only, [{"variantId": _gid(product.variants.get()), "quantity": 1}])["checkout"]["id"]
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    _ship(api_client, checkout_id, courier_for(paid_only))

    result = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]

    assert result["errors"] == [{"field": "id", "code": "CHECKOUT_NOT_FULLY_PAID"}]
    assert Order.objects.count() == 0


def test_unknown_checkout_is_not_found(api_client, unpaid_channel):
    result = api_client.execute(EMAIL_UPDATE, {"id": to_global_id("Checkout", uuid.uuid4()), "email": "a@example.com"})

    assert result["data"]["checkoutEmailUpdate"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]


def test_another_customers_checkout_is_not_found(api_client, client, unpaid_channel, variant, django_user_model):
    owner = django_user_model.objects.create_user("owner@example.com", "pw")
    intruder = django_user_model.objects.create_user("intruder@example.com", "pw")
    checkout = Checkout.objects.create(channel=unpaid_channel, currency="THB", user=owner, email=owner.email)
    checkout_id = to_global_id("Checkout", checkout.pk)

    client.force_login(intruder)
    as_intruder = api_client.execute(EMAIL_UPDATE, {"id": checkout_id, "email": "stolen@example.com"})
    queried = api_client.execute("query ($id: ID) { checkout(id: $id) { id } }", {"id": checkout_id})
    client.logout()
    anonymous = api_client.execute(EMAIL_UPDATE, {"id": checkout_id, "email": "stolen@example.com"})

    assert as_intruder["data"]["checkoutEmailUpdate"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert anonymous["data"]["checkoutEmailUpdate"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    assert queried["data"]["checkout"] is None
    assert Checkout.objects.get().email == "owner@example.com"


def test_checkout_in_unknown_channel_is_refused(api_client, variant):
    data = api_client.execute(CHECKOUT_CREATE, {"channel": "nope", "lines": [], "email": "a@example.com"})

    assert data["errors"][0]["extensions"]["exception"]["code"] == "CHANNEL_NOT_FOUND"
    assert Checkout.objects.count() == 0


def test_complete_without_a_delivery_method_is_refused(api_client, unpaid_channel, variant, courier):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    before = _rows()

    result = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]

    assert result["errors"] == [{"field": "shippingMethod", "code": "SHIPPING_METHOD_NOT_SET"}]
    assert _rows() == before


def test_delivery_method_needs_an_address_and_must_be_offered(api_client, unpaid_channel, variant, courier):
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    foreign = courier_for(create_channel("elsewhere"))

    without_address = _ship(api_client, checkout_id, courier)
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    other_channel = _ship(api_client, checkout_id, foreign)

    assert without_address["errors"] == [{"field": "deliveryMethodId", "code": "SHIPPING_ADDRESS_NOT_SET"}]
    assert other_channel["errors"] == [{"field": "deliveryMethodId", "code": "DELIVERY_METHOD_NOT_APPLICABLE"}]
    assert Checkout.objects.get().shipping_method_id is None


def test_free_shipping_above_the_threshold(api_client, unpaid_channel, variant):
    method = courier_for(unpaid_channel, free_above=Decimal("500"))
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 5}])["checkout"]["id"]
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})

    result = _ship(api_client, checkout_id, method)

    assert result["checkout"]["shippingPrice"]["gross"]["amount"] == 0.0
    assert result["checkout"]["totalPrice"]["gross"]["amount"] == 500.0


def _ready(api_client, checkout_id, method):
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    _ship(api_client, checkout_id, method)


def test_expired_reservation_loses_the_stock_to_another_buyer(api_client, unpaid_channel, courier):
    from datetime import timedelta

    from django.utils import timezone

    variant = create_product(unpaid_channel, stock=3).variants.get()
    slow = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 2}])["checkout"]["id"]
    _ready(api_client, slow, courier)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(minutes=1))
    fast = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 3}], email="fast@example.com")
    _ready(api_client, fast["checkout"]["id"], courier)
    api_client.execute(COMPLETE, {"id": fast["checkout"]["id"]})
    before = _rows()

    result = api_client.execute(COMPLETE, {"id": slow})["data"]["checkoutComplete"]

    assert fast["errors"] == []
    assert result["errors"] == [{"field": "lines", "code": "INSUFFICIENT_STOCK"}]
    assert _rows() == before


def test_expired_reservation_still_completes_while_stock_lasts(api_client, unpaid_channel, courier):
    from datetime import timedelta

    from django.utils import timezone

    variant = create_product(unpaid_channel, stock=3).variants.get()
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 2}])["checkout"]["id"]
    _ready(api_client, checkout_id, courier)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(minutes=1))

    result = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]

    assert result["errors"] == []
    assert Order.objects.count() == 1


def test_a_delivery_method_that_stops_fitting_the_cart_is_a_problem(api_client, unpaid_channel, variant):
    from shop.shipping.models import ShippingMethodChannelListing

    method = courier_for(unpaid_channel)
    checkout_id = _create(api_client, unpaid_channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    api_client.execute(SHIPPING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    assert _ship(api_client, checkout_id, method)["errors"] == []
    ShippingMethodChannelListing.objects.filter(shipping_method=method).update(maximum_order_price_amount=Decimal("1"))

    data = api_client.execute(
        "query ($id: ID) { checkout(id: $id) { delivery { id } problems { __typename "
        "... on CheckoutProblemDeliveryMethodInvalid { delivery { id shippingMethod { name } } } } } }",
        {"id": checkout_id},
    )["data"]["checkout"]

    assert data["delivery"] is None
    assert data["problems"] == [{"__typename": "CheckoutProblemDeliveryMethodInvalid",
                                 "delivery": {"id": to_global_id("Delivery", method.pk), "shippingMethod": None}}]
