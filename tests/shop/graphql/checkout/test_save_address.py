"""saveAddress: a logged-in customer's checkout addresses go to their address book when the order is placed."""

import pytest

from tests.factories.account import create_user

from .test_checkout_flow import (
    ADDRESS,
    BILLING_ADDRESS,
    COMPLETE,
    SHIPPING_ADDRESS,
    _create,
    _gid,
    _ship,
)

pytestmark = pytest.mark.django_db

SHIP_NO_SAVE = """
mutation Ship($id: ID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address, saveAddress: false) { errors { code } }
}
"""


@pytest.fixture
def customer(client):
    user = create_user()
    client.force_login(user)
    return user


def _buy(api_client, channel, courier, ship_document=SHIPPING_ADDRESS):
    from tests.factories.catalog import create_product

    variant = create_product(channel).variants.get()
    checkout_id = _create(api_client, channel, [{"variantId": _gid(variant), "quantity": 1}])["checkout"]["id"]
    api_client.execute(ship_document, {"id": checkout_id, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": checkout_id, "address": ADDRESS})
    _ship(api_client, checkout_id, courier)
    result = api_client.execute(COMPLETE, {"id": checkout_id})["data"]["checkoutComplete"]
    assert result["errors"] == []


def test_addresses_are_saved_once_and_become_defaults(api_client, unpaid_channel, courier, customer):
    _buy(api_client, unpaid_channel, courier)
    _buy(api_client, unpaid_channel, courier)

    customer.refresh_from_db()
    assert customer.addresses.count() == 1  # shipping and billing are the same address, saved once
    saved = customer.addresses.get()
    assert (saved.city, saved.postal_code) == ("Pathum Wan", "10330")
    assert customer.default_shipping_address_id == saved.pk
    assert customer.default_billing_address_id == saved.pk


def test_save_address_false_keeps_the_book_as_it_was(api_client, unpaid_channel, courier, customer):
    _buy(api_client, unpaid_channel, courier, ship_document=SHIP_NO_SAVE)

    customer.refresh_from_db()
    assert customer.default_shipping_address_id is None
    assert customer.addresses.count() == 1  # the billing address (saveAddress defaults to true)
    assert customer.default_billing_address_id == customer.addresses.get().pk
