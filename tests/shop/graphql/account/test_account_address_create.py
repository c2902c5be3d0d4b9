"""accountAddressCreate: a new address in the logged-in user's book."""

import pytest
from graphql_relay import to_global_id

from shop.account.models import Address
from tests.factories.account import BANGKOK_ADDRESS

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


def gid(address):
    return to_global_id("Address", address.pk)


def snapshot(address):
    address.refresh_from_db()
    return {f.name: getattr(address, f.name) for f in Address._meta.concrete_fields}


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
