"""accountAddressUpdate: only the user's own addresses; fields left out keep their values."""

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from tests.factories.account import CHIANG_MAI_ADDRESS, create_address

pytestmark = pytest.mark.django_db

ADDRESS_FIELDS = "id firstName streetAddress1 city cityArea countryArea postalCode phone country { code }"
MUTATION_ADDRESS_UPDATE = f"""
mutation AccountAddressUpdate($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ email }}
    errors {{ field message code }}
  }}
}}
"""


def gid(address):
    return to_global_id("Address", address.pk)


def snapshot(address):
    address.refresh_from_db()
    return {f.name: getattr(address, f.name) for f in Address._meta.concrete_fields}


def test_address_is_updated_and_fields_left_out_keep_their_values(user_api_client, customer):
    address = create_address(customer, first_name="Somchai")

    data = user_api_client.execute(
        MUTATION_ADDRESS_UPDATE,
        {"id": gid(address), "input": {k: CHIANG_MAI_ADDRESS[k] for k in ("city", "cityArea", "countryArea", "postalCode")}},
    )["data"]["accountAddressUpdate"]

    assert data["errors"] == []
    assert data["address"]["postalCode"] == "50200" and data["address"]["firstName"] == "Somchai"
    address.refresh_from_db()
    assert address.city == "Mueang Chiang Mai"


def test_invalid_update_changes_nothing(user_api_client, customer):
    address = create_address(customer)
    before = snapshot(address)

    data = user_api_client.execute(
        MUTATION_ADDRESS_UPDATE, {"id": gid(address), "input": {"postalCode": "50200", "firstName": "Changed"}}
    )["data"]["accountAddressUpdate"]

    assert data["errors"][0]["field"] == "postalCode"
    assert snapshot(address) == before


def test_another_users_address_cannot_be_updated(user_api_client, other_customer):
    theirs = create_address(other_customer)
    before = snapshot(theirs)

    data = user_api_client.execute(
        MUTATION_ADDRESS_UPDATE, {"id": gid(theirs), "input": CHIANG_MAI_ADDRESS}
    )["data"]["accountAddressUpdate"]

    assert data["errors"] == [{"field": "id", "message": f"Couldn't resolve id: {gid(theirs)}.", "code": "NOT_FOUND"}]
    assert data["address"] is None
    assert snapshot(theirs) == before


def test_an_address_in_no_book_cannot_be_updated(user_api_client):
    # e.g. a warehouse's or an order's copy
    loose = create_address(None)

    data = user_api_client.execute(MUTATION_ADDRESS_UPDATE, {"id": gid(loose), "input": CHIANG_MAI_ADDRESS})[
        "data"]["accountAddressUpdate"]

    assert data["errors"][0]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("bad_id", ["not-an-id", to_global_id("Product", 1)])
def test_malformed_or_foreign_type_id_is_a_graphql_error_on_id(user_api_client, bad_id):
    data = user_api_client.execute(MUTATION_ADDRESS_UPDATE, {"id": bad_id, "input": CHIANG_MAI_ADDRESS})[
        "data"]["accountAddressUpdate"]

    assert data["errors"][0]["field"] == "id"
    assert data["errors"][0]["code"] == "GRAPHQL_ERROR"


def test_anonymous_caller_cannot_update_an_address(api_client, other_customer):
    address = create_address(other_customer)
    before = snapshot(address)

    response = api_client.execute(MUTATION_ADDRESS_UPDATE, {"id": gid(address), "input": CHIANG_MAI_ADDRESS, "type": "SHIPPING"})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert snapshot(address) == before
