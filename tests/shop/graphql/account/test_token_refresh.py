"""tokenRefresh: a new access token for a refresh token (argument, or cookie + CSRF token)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from shop.account.tokens import (
    access_token_create,
    refresh_token_create,
    token_decode,
    token_pair_create,
)

pytestmark = pytest.mark.django_db

MUTATION_TOKEN_REFRESH = """
mutation TokenRefresh($refreshToken: String, $csrfToken: String) {
  tokenRefresh(refreshToken: $refreshToken, csrfToken: $csrfToken) {
    token
    user { email }
    errors { field message code }
  }
}
"""


def refresh(api_client, **variables):
    return api_client.execute(MUTATION_TOKEN_REFRESH, variables)["data"]["tokenRefresh"]


def test_refresh_token_gives_a_new_access_token(api_client, customer):
    pair = token_pair_create(user=customer, audience="pos")

    data = refresh(api_client, refreshToken=pair.refresh)

    assert data["errors"] == []
    assert data["user"]["email"] == customer.email
    payload = token_decode(data["token"])
    assert payload["type"] == "access"
    assert payload["aud"] == "custom:pos"


def test_refresh_token_from_cookie_needs_its_csrf_token(api_client, customer):
    pair = token_pair_create(user=customer)
    api_client.client.cookies["refreshToken"] = pair.refresh

    without_csrf = refresh(api_client)
    wrong_csrf = refresh(api_client, csrfToken="forged")
    right_csrf = refresh(api_client, csrfToken=pair.csrf)

    assert without_csrf["errors"] == [
        {"field": "csrfToken", "message": "Invalid csrf token", "code": "JWT_INVALID_CSRF_TOKEN"}
    ]
    assert wrong_csrf["errors"][0]["code"] == "JWT_INVALID_CSRF_TOKEN"
    assert right_csrf["errors"] == [] and right_csrf["token"]


def test_no_refresh_token_at_all_is_missing_token(api_client):
    data = refresh(api_client)

    assert data["errors"] == [{"field": "refreshToken", "message": "Missing refreshToken", "code": "JWT_MISSING_TOKEN"}]


def test_expired_refresh_token_is_refused(api_client, customer):
    issued = timezone.now() - datetime.timedelta(days=30, seconds=1)
    token = refresh_token_create(user=customer, csrf_token="x", now=issued)

    data = refresh(api_client, refreshToken=token)

    assert data["errors"][0] == {"field": "refreshToken", "message": "Signature has expired.", "code": "JWT_SIGNATURE_EXPIRED"}
    assert data["token"] is None


def test_refresh_token_works_until_thirty_days(api_client, customer):
    issued = timezone.now()
    token = refresh_token_create(user=customer, csrf_token="x", now=issued)

    with mock.patch("django.utils.timezone.now", return_value=issued + datetime.timedelta(days=29, hours=23)):
        data = refresh(api_client, refreshToken=token)

    assert data["errors"] == []


def test_access_token_cannot_be_used_as_refresh_token(api_client, customer):
    data = refresh(api_client, refreshToken=access_token_create(user=customer))

    assert data["errors"][0]["code"] == "JWT_INVALID_TOKEN"


def test_garbage_refresh_token_is_a_decode_error(api_client):
    data = refresh(api_client, refreshToken="not-a-jwt")

    assert data["errors"][0]["code"] == "JWT_DECODE_ERROR"


def test_refresh_token_of_deactivated_user_is_refused(api_client, customer):
    token = refresh_token_create(user=customer, csrf_token="x")
    customer.is_active = False
    customer.save()

    data = refresh(api_client, refreshToken=token)

    assert data["errors"][0]["code"] == "JWT_INVALID_TOKEN"
