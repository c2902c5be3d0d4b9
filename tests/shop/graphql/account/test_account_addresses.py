"""accountAddressCreate / Update / Delete and accountSetDefaultAddress: the user's own book only."""

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from tests.factories.account import BANGKOK_ADDRESS, CHIANG_MAI_ADDRESS, create_address

pytestmark = pytest.mark.django_db

ADDRESS_FIELDS = "id firstName streetAddress1 city cityArea countryArea postalCode phone country { code }"
MUTATION_ADDRESS_CREATE = f"""
mutation AccountAddressCreate($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ addresses {{ id }} defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }}
    errors {{ field message code addressType }}
  }}
}}
"""
MUTATION_ADDRESS_UPDATE = f"""
mutation AccountAddressUpdate($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ email }}
    errors {{ field message code }}
  }}
}}
"""
MUTATION_ADDRESS_DELETE = """
mutation AccountAddressDelete($id: ID!) {
  accountAddressDelete(id: $id) {
    address { id city }
    user { addresses { id } defaultShippingAddress { id } }
    errors { field message code }
  }
}
"""
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


# --- create -----------------------------------------------------------------------------


def test_address_is_added_to_the_book_and_made_default_of_its_type(user_api_client, customer):
    data = user_api_client.execute(MUTATION_ADDRESS_CREATE, {"input": BANGKOK_ADDRESS, "type": "SHIPPING"})[
        "data"]["accountAddressCreate"]

    assert data["errors"] == []
    address = data["address"]
    assert address["postalCode"] == "10330" and address["phone"] == "+66812345678"
    assert address["country"] == {"code": "TH"}
    assert data["user"]["addresses"] == [{"id": address["id"]}]
    assert data["user"]["defaultShippingAddress"] == {"id": address["id"]}
    assert data["user"]["defaultBillingAddress"] is None


def test_address_without_type_is_not_a_default(user_api_client, customer):
    data = user_api_client.execute(MUTATION_ADDRESS_CREATE, {"input": BANGKOK_ADDRESS})["data"]["accountAddressCreate"]

    assert data["user"]["defaultShippingAddress"] is None
    assert customer.addresses.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"postalCode": "50200"}, "postalCode", "INVALID"),
        ({"countryArea": "Atlantis"}, "countryArea", "INVALID"),
        ({"streetAddress1": ""}, "streetAddress1", "REQUIRED"),
        ({"phone": "12"}, "phone", "INVALID"),
    ],
)
def test_invalid_address_is_refused_and_nothing_is_written(user_api_client, customer, change, field, code):
    data = user_api_client.execute(
        MUTATION_ADDRESS_CREATE, {"input": {**BANGKOK_ADDRESS, **change}, "type": "BILLING"}
    )["data"]["accountAddressCreate"]

    assert data["address"] is None
    assert (data["errors"][0]["field"], data["errors"][0]["code"]) == (field, code)
    assert data["errors"][0]["addressType"] == "BILLING"
    assert Address.objects.count() == 0


def test_anonymous_caller_cannot_create_an_address(api_client):
    response = api_client.execute(MUTATION_ADDRESS_CREATE, {"input": BANGKOK_ADDRESS})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert Address.objects.count() == 0


def test_customer_cannot_skip_address_validation(user_api_client):
    response = user_api_client.execute(
        MUTATION_ADDRESS_CREATE, {"input": {**BANGKOK_ADDRESS, "postalCode": "99999", "skipValidation": True}}
    )

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert Address.objects.count() == 0


# --- update -----------------------------------------------------------------------------


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


# --- delete -----------------------------------------------------------------------------


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


# --- set default ------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    "mutation",
    [MUTATION_ADDRESS_UPDATE, MUTATION_ADDRESS_DELETE, MUTATION_SET_DEFAULT_ADDRESS],
)
def test_anonymous_caller_cannot_touch_any_address(api_client, other_customer, mutation):
    address = create_address(other_customer)
    before = snapshot(address)

    response = api_client.execute(mutation, {"id": gid(address), "input": CHIANG_MAI_ADDRESS, "type": "SHIPPING"})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert snapshot(address) == before
