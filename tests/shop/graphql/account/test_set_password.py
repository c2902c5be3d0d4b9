"""setPassword: the token of the reset e-mail sets a new password, logs in and ends other sessions."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from shop.account.tokens import access_token_create, password_reset_token
from tests.factories.account import PASSWORD, create_user

pytestmark = pytest.mark.django_db

MUTATION_SET_PASSWORD = """
mutation SetPassword($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token
    refreshToken
    csrfToken
    user { email isConfirmed }
    errors { field message code }
  }
}
"""
NEW_PASSWORD = "Krajood-basket-77"


def set_password(api_client, email, token, password=NEW_PASSWORD):
    return api_client.execute(
        MUTATION_SET_PASSWORD, {"email": email, "token": token, "password": password}
    )["data"]["setPassword"]


def test_set_password_logs_out_every_other_session(api_client, customer):
    old_token = access_token_create(user=customer)

    set_password(api_client, customer.email, password_reset_token.make_token(customer))

    me = api_client.post("{ me { email } }", HTTP_AUTHORIZATION=f"Bearer {old_token}").json()
    assert me["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"


def test_set_password_confirms_an_unconfirmed_account(api_client):
    user = create_user("new@example.com", is_active=False, is_confirmed=False)

    data = set_password(api_client, user.email, password_reset_token.make_token(user))

    assert data["user"]["isConfirmed"] is True
    user.refresh_from_db()
    assert user.is_active and user.is_confirmed


def test_reset_token_works_once(api_client, customer):
    token = password_reset_token.make_token(customer)
    set_password(api_client, customer.email, token)

    again = set_password(api_client, customer.email, token, password="Another-pass-99")

    assert again["errors"][0]["code"] == "INVALID"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("make", "field", "code"),
    [
        (lambda u: (u.email, "bad-token", NEW_PASSWORD), "token", "INVALID"),
        (lambda u: ("nobody@example.com", password_reset_token.make_token(u), NEW_PASSWORD), "token", "INVALID"),
        (lambda u: (u.email, password_reset_token.make_token(u), "short"), "password", "PASSWORD_TOO_SHORT"),
        (lambda u: (u.email, password_reset_token.make_token(u), "12345678901"), "password", "PASSWORD_ENTIRELY_NUMERIC"),
    ],
    ids=["bad-token", "unknown-email", "too-short", "numeric"],
)
def test_bad_set_password_changes_nothing(api_client, customer, make, field, code):
    key = customer.jwt_token_key
    email, token, password = make(customer)

    data = set_password(api_client, email, token, password)

    assert data["errors"][0]["field"] == field and code in [e["code"] for e in data["errors"]]
    assert data["token"] is None
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)
    assert customer.jwt_token_key == key


def test_reset_token_expires_after_the_timeout(api_client, customer, settings):
    token = password_reset_token.make_token(customer)
    later = timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)

    with mock.patch("django.utils.timezone.now", return_value=later):
        data = set_password(api_client, customer.email, token)

    assert data["errors"][0]["code"] == "INVALID"
