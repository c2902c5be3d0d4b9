"""accountUpdate: names, language, metadata and default addresses of the logged-in user."""

import pytest

from shop.account.models import Address
from tests.factories.account import BANGKOK_ADDRESS, CHIANG_MAI_ADDRESS, create_address

pytestmark = pytest.mark.django_db

MUTATION_ACCOUNT_UPDATE = """
mutation AccountUpdate($input: AccountInput!) {
  accountUpdate(input: $input) {
    user {
      firstName lastName languageCode
      metadata { key value }
      defaultBillingAddress { id city postalCode }
      defaultShippingAddress { id city postalCode }
      addresses { id }
    }
    errors { field message code addressType }
  }
}
"""


def update(client, **fields):
    return client.execute(MUTATION_ACCOUNT_UPDATE, {"input": fields})["data"]["accountUpdate"]


def test_names_language_and_metadata_are_updated(user_api_client, customer):
    data = update(
        user_api_client, firstName="Somsri", lastName="Boonmee", languageCode="EN",
        metadata=[{"key": "newsletter", "value": "yes"}],
    )

    assert data["errors"] == []
    assert data["user"]["firstName"] == "Somsri" and data["user"]["languageCode"] == "EN"
    assert data["user"]["metadata"] == [{"key": "newsletter", "value": "yes"}]
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.language_code) == ("Somsri", "Boonmee", "en")


def test_default_addresses_are_created_in_the_address_book(user_api_client, customer):
    data = update(user_api_client, defaultBillingAddress=BANGKOK_ADDRESS, defaultShippingAddress=CHIANG_MAI_ADDRESS)

    assert data["errors"] == []
    assert data["user"]["defaultBillingAddress"]["postalCode"] == "10330"
    assert data["user"]["defaultShippingAddress"]["postalCode"] == "50200"
    assert customer.addresses.count() == 2
    assert (data["user"]["firstName"], data["user"]["lastName"]) == ("Malee", "Srisuk")


def test_an_existing_default_address_is_changed_in_place(user_api_client, customer):
    address = create_address(customer)
    customer.default_billing_address = address
    customer.save()

    update(user_api_client, defaultBillingAddress=CHIANG_MAI_ADDRESS)

    address.refresh_from_db()
    assert address.postal_code == "50200"
    assert customer.addresses.count() == 1


def test_an_address_shared_by_both_defaults_keeps_the_other_default_unchanged(user_api_client, customer):
    address = create_address(customer)
    customer.default_billing_address = customer.default_shipping_address = address
    customer.save()

    data = update(user_api_client, defaultBillingAddress=CHIANG_MAI_ADDRESS)

    assert data["user"]["defaultShippingAddress"]["postalCode"] == "10330"
    assert data["user"]["defaultBillingAddress"]["postalCode"] == "50200"
    assert customer.addresses.count() == 2


def test_invalid_address_is_reported_with_its_type_and_nothing_is_written(user_api_client, customer):
    before = Address.objects.count()

    data = update(
        user_api_client, firstName="Changed",
        defaultShippingAddress={**BANGKOK_ADDRESS, "postalCode": "50200"},
    )

    assert data["user"] is None
    assert data["errors"][0]["field"] == "postalCode"
    assert data["errors"][0]["addressType"] == "SHIPPING"
    assert data["errors"][0]["code"] == "INVALID"
    customer.refresh_from_db()
    assert customer.first_name == "Malee"
    assert Address.objects.count() == before


def test_customer_id_is_for_apps_only(user_api_client, customer, other_customer):
    response = user_api_client.execute(
        'mutation($id: ID) { accountUpdate(customerId: $id, input: {firstName: "X"}) { errors { code } } }',
        {"id": "VXNlcjox"},
    )

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    other_customer.refresh_from_db()
    assert other_customer.first_name != "X"


def test_anonymous_caller_is_denied(api_client):
    response = api_client.execute(MUTATION_ACCOUNT_UPDATE, {"input": {"firstName": "X"}})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
