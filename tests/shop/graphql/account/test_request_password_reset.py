"""requestPasswordReset: a reset e-mail for an account that may log in; the same answer for any address."""

import datetime
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from shop.account.models import User
from shop.account.tokens import token_decode
from tests.factories.account import create_user

pytestmark = pytest.mark.django_db

MUTATION_REQUEST_PASSWORD_RESET = """
mutation RequestPasswordReset($email: String!, $redirectUrl: String!, $channel: String) {
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl, channel: $channel) {
    errors { field message code }
  }
}
"""
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
REDIRECT = "http://localhost:3000/reset-password?next=/cart"
NEW_PASSWORD = "Krajood-basket-77"


def request_reset(api_client, email, redirect_url=REDIRECT, **variables):
    return api_client.execute(
        MUTATION_REQUEST_PASSWORD_RESET, {"email": email, "redirectUrl": redirect_url, **variables}
    )["data"]["requestPasswordReset"]


def set_password(api_client, email, token, password=NEW_PASSWORD):
    return api_client.execute(
        MUTATION_SET_PASSWORD, {"email": email, "token": token, "password": password}
    )["data"]["setPassword"]


def test_reset_email_link_sets_a_new_password_and_logs_in(api_client, customer, django_capture_on_commit_callbacks):
    # given a reset e-mail
    with django_capture_on_commit_callbacks(execute=True):
        assert request_reset(api_client, customer.email)["errors"] == []
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if w.startswith("http://localhost:3000/reset-password"))
    params = parse_qs(urlsplit(link).query)
    assert params["next"] == ["/cart"] and params["email"] == [customer.email]

    # when the storefront sends the token from the link
    data = set_password(api_client, params["email"][0], params["token"][0])

    # then
    assert data["errors"] == []
    assert data["user"]["email"] == customer.email
    assert token_decode(data["token"])["type"] == "access"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)


def test_reset_answers_the_same_for_an_unknown_email_and_sends_nothing(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = request_reset(api_client, "nobody@example.com")

    assert data == {"errors": []}
    assert mail.outbox == []


def test_second_request_within_a_minute_sends_no_second_email(api_client, customer, django_capture_on_commit_callbacks):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch("django.utils.timezone.now", return_value=start):
            request_reset(api_client, customer.email)
        with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=30)):
            assert request_reset(api_client, customer.email) == {"errors": []}
        with mock.patch("django.utils.timezone.now", return_value=start + datetime.timedelta(seconds=61)):
            request_reset(api_client, customer.email)

    assert len(mail.outbox) == 2


def test_deactivated_account_gets_no_reset_email(api_client, django_capture_on_commit_callbacks):
    create_user("gone@example.com", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert request_reset(api_client, "gone@example.com") == {"errors": []}

    assert mail.outbox == []


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"redirect_url": "https://evil.example.net/reset"}, "redirectUrl", "INVALID"),
        ({"channel": "no-such-channel"}, "channel", "NOT_FOUND"),
    ],
)
def test_bad_reset_request_is_refused_and_sends_nothing(
    api_client, customer, variables, field, code, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = request_reset(api_client, customer.email, **variables)

    assert data["errors"][0]["field"] == field and data["errors"][0]["code"] == code
    assert mail.outbox == []
    assert User.objects.get(pk=customer.pk).last_password_reset_request is None
