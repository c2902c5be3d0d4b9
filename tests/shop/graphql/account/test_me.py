"""me: the logged-in user as Saleor's User type."""

import pytest
from graphql_relay import to_global_id

from tests.factories.account import create_address, create_staff
from tests.shop.graphql.account.conftest import TokenClient

pytestmark = pytest.mark.django_db

QUERY_ME = """
query Me {
  me {
    id email firstName lastName isStaff isActive isConfirmed languageCode dateJoined updatedAt lastLogin
    metadata { key value }
    addresses { id city postalCode }
    defaultShippingAddress { id }
    defaultBillingAddress { id }
    userPermissions { code name }
  }
}
"""


def test_me_shows_the_users_profile_and_address_book(user_api_client, customer):
    address = create_address(customer)
    customer.default_shipping_address = address
    customer.metadata = {"line": "@malee"}
    customer.save()

    me = user_api_client.execute(QUERY_ME)["data"]["me"]

    assert me["id"] == to_global_id("User", customer.pk)
    assert me["email"] == customer.email and me["firstName"] == "Malee"
    assert (me["isStaff"], me["isActive"], me["isConfirmed"]) == (False, True, True)
    assert me["languageCode"] == "TH"
    assert me["metadata"] == [{"key": "line", "value": "@malee"}]
    assert me["addresses"] == [{"id": to_global_id("Address", address.pk), "city": "Pathum Wan", "postalCode": "10330"}]
    assert me["defaultShippingAddress"] == {"id": to_global_id("Address", address.pk)}
    assert me["defaultBillingAddress"] is None
    assert me["userPermissions"] == []


def test_anonymous_me_is_null(api_client):
    assert api_client.execute(QUERY_ME) == {"data": {"me": None}}


def test_staff_sees_their_permissions_in_saleor_names(client):
    staff = create_staff(permissions=["MANAGE_ORDERS"])

    me = TokenClient(client, staff).execute(QUERY_ME)["data"]["me"]

    assert me["isStaff"] is True
    assert me["userPermissions"] == [{"code": "MANAGE_ORDERS", "name": "Manage orders."}]


def test_a_customer_cannot_read_their_private_metadata(user_api_client, customer):
    response = user_api_client.execute("{ me { privateMetadata { key } } }")

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_me_costs_few_queries_whatever_the_address_book_size(user_api_client, customer, django_assert_max_num_queries):
    for _ in range(10):
        create_address(customer)

    with django_assert_max_num_queries(5):
        me = user_api_client.execute(QUERY_ME)["data"]["me"]

    assert len(me["addresses"]) == 10
