"""accountAddressDelete: only the user's own addresses; defaults pointing to it are cleared."""

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from tests.factories.account import create_address

pytestmark = pytest.mark.django_db

MUTATION_ADDRESS_DELETE = """
mutation AccountAddressDelete($id: ID!) {
  accountAddressDelete(id: $id) {
    address { id city }
    user { addresses { id } defaultShippingAddress { id } }
    errors { field message code }
  }
}
"""


def gid(address):
    return to_global_id("Address", address.pk)


def snapshot(address):
    address.refresh_from_db()
    return {f.name: getattr(address, f.name) for f in Address._meta.concrete_fields}


def test_address_is_deleted_and_a_default_pointing_to_it_is_cleared(user_api_client, customer):
    address = create_address(customer)
    kept = create_address(customer)
    customer.default_shipping_address = address
    customer.save()

    data = user_api_client.execute(MUTATION_ADDRESS_DELETE, {"id": gid(address)})["data"]["accountAddressDelete"]

    assert data["errors"] == []
    assert data["address"] == {"id": gid(address), "city": "Pathum Wan"}
    assert data["user"] == {"addresses": [{"id": gid(kept)}], "defaultShippingAddress": None}
    assert not Address.objects.filter(pk=address.pk).exists()
    customer.refresh_from_db()
    assert customer.default_shipping_address is None


def test_another_users_address_cannot_be_deleted(user_api_client, other_customer):
    theirs = create_address(other_customer)
    other_customer.default_billing_address = theirs
    other_customer.save()

    data = user_api_client.execute(MUTATION_ADDRESS_DELETE, {"id": gid(theirs)})["data"]["accountAddressDelete"]

    assert data["errors"][0]["code"] == "NOT_FOUND"
    assert Address.objects.filter(pk=theirs.pk).exists()
    other_customer.refresh_from_db()
    assert other_customer.default_billing_address == theirs


def test_anonymous_caller_cannot_delete_an_address(api_client, other_customer):
    address = create_address(other_customer)
    before = snapshot(address)

    response = api_client.execute(MUTATION_ADDRESS_DELETE, {"id": gid(address), "type": "SHIPPING"})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert snapshot(address) == before
