"""confirmAccount: the link of the confirmation e-mail activates the account, once."""

import pytest

from shop.account.models import User
from shop.account.tokens import account_confirmation_token, password_reset_token
from tests.factories.account import create_user

pytestmark = pytest.mark.django_db

MUTATION_CONFIRM_ACCOUNT = """
mutation ConfirmAccount($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) {
    user { email isActive isConfirmed }
    errors { field message code }
  }
}
"""


@pytest.fixture
def unconfirmed(db):
    return create_user("new@example.com", is_active=False, is_confirmed=False)


def confirm(api_client, email, token):
    return api_client.execute(MUTATION_CONFIRM_ACCOUNT, {"email": email, "token": token})["data"]["confirmAccount"]


def test_confirmation_token_activates_the_account(api_client, unconfirmed):
    data = confirm(api_client, "New@example.com", account_confirmation_token.make_token(unconfirmed))

    assert data["errors"] == []
    assert data["user"] == {"email": "new@example.com", "isActive": True, "isConfirmed": True}


def test_a_confirmation_token_works_once(api_client, unconfirmed):
    token = account_confirmation_token.make_token(unconfirmed)
    confirm(api_client, unconfirmed.email, token)

    again = confirm(api_client, unconfirmed.email, token)

    assert again["errors"][0]["code"] == "INVALID"


@pytest.mark.parametrize(
    "make",
    [
        lambda user: ("new@example.com", "wrong-token"),
        lambda user: ("new@example.com", password_reset_token.make_token(user)),
        lambda user: ("nobody@example.com", account_confirmation_token.make_token(user)),
    ],
    ids=["bad-token", "token-of-another-kind", "unknown-email"],
)
def test_bad_token_or_unknown_email_is_the_same_error_and_changes_nothing(api_client, unconfirmed, make):
    email, token = make(unconfirmed)

    data = confirm(api_client, email, token)

    assert data["errors"] == [{"field": "token", "message": "Invalid or expired token.", "code": "INVALID"}]
    assert data["user"] is None
    user = User.objects.get(pk=unconfirmed.pk)
    assert not user.is_active and not user.is_confirmed
