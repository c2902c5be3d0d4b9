"""accountSetDefaultAddress: one of the user's own addresses becomes a default."""

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from tests.factories.account import create_address

pytestmark = pytest.mark.django_db

MUTATION_SET_DEFAULT_ADDRESS = """
mutation AccountSetDefaultAddress($id: ID!, $type: AddressTypeEnum!) {
  accountSetDefaultAddress(id: $id, type: $type) {
    user { defaultShippingAddress { id } defaultBillingAddress { id } }
    errors { field message code }
  }
}
"""


def gid(address):
    return to_global_id("Address", address.pk)


def snapshot(address):
    address.refresh_from_db()
    return {f.name: getattr(address, f.name) for f in Address._meta.concrete_fields}


def test_address_becomes_the_default_of_the_given_type(user_api_client, customer):
    address = create_address(customer)

    data = user_api_client.execute(MUTATION_SET_DEFAULT_ADDRESS, {"id": gid(address), "type": "BILLING"})[
        "data"]["accountSetDefaultAddress"]

    assert data == {"user": {"defaultShippingAddress": None, "defaultBillingAddress": {"id": gid(address)}}, "errors": []}


def test_another_users_address_cannot_become_my_default(user_api_client, customer, other_customer):
    theirs = create_address(other_customer)

    data = user_api_client.execute(MUTATION_SET_DEFAULT_ADDRESS, {"id": gid(theirs), "type": "SHIPPING"})[
        "data"]["accountSetDefaultAddress"]

    assert data["errors"][0]["code"] == "NOT_FOUND"
    customer.refresh_from_db()
    assert customer.default_shipping_address is None


def test_anonymous_caller_cannot_set_a_default_address(api_client, other_customer):
    address = create_address(other_customer)
    before = snapshot(address)

    response = api_client.execute(MUTATION_SET_DEFAULT_ADDRESS, {"id": gid(address), "type": "SHIPPING"})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert snapshot(address) == before
