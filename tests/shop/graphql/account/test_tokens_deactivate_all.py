"""tokensDeactivateAll: every JWT of the user stops working."""

import pytest

from shop.account.tokens import access_token_create, refresh_token_create

pytestmark = pytest.mark.django_db

MUTATION_TOKENS_DEACTIVATE_ALL = """
mutation { tokensDeactivateAll { errors { field code } } }
"""
QUERY_ME = "{ me { email } }"


def test_all_tokens_of_the_user_stop_working(user_api_client, customer, api_client):
    # given a token on another device and a refresh token
    other_device = access_token_create(user=customer)
    refresh = refresh_token_create(user=customer, csrf_token="x")
    key = customer.jwt_token_key

    # when
    data = user_api_client.execute(MUTATION_TOKENS_DEACTIVATE_ALL)["data"]["tokensDeactivateAll"]

    # then
    assert data["errors"] == []
    customer.refresh_from_db()
    assert customer.jwt_token_key != key
    me = api_client.post(QUERY_ME, HTTP_AUTHORIZATION=f"Bearer {other_device}").json()
    assert me["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"
    refreshed = api_client.execute(
        "mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { code } } }", {"t": refresh}
    )["data"]["tokenRefresh"]
    assert refreshed["errors"] == [{"code": "JWT_INVALID_TOKEN"}]


def test_anonymous_caller_is_denied(api_client):
    response = api_client.execute(MUTATION_TOKENS_DEACTIVATE_ALL)

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert response["data"]["tokensDeactivateAll"] is None
