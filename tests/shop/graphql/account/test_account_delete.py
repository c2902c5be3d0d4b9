"""accountDelete: the token of the deletion e-mail deletes the account and its addresses."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from shop.account.models import Address, User
from shop.account.tokens import account_deletion_token, password_reset_token
from tests.factories.account import create_address, create_staff
from tests.shop.graphql.account.conftest import TokenClient

pytestmark = pytest.mark.django_db

MUTATION_ACCOUNT_REQUEST_DELETION = """
mutation AccountRequestDeletion($redirectUrl: String!, $channel: String) {
  accountRequestDeletion(redirectUrl: $redirectUrl, channel: $channel) {
    errors { field message code }
  }
}
"""
MUTATION_ACCOUNT_DELETE = """
mutation AccountDelete($token: String!) {
  accountDelete(token: $token) {
    user { id email }
    errors { field message code }
  }
}
"""
REDIRECT = "http://localhost:3000/account/delete"


def test_deletion_email_token_deletes_the_account_and_its_addresses(
    user_api_client, customer, django_capture_on_commit_callbacks
):
    # given
    address = create_address(customer)
    with django_capture_on_commit_callbacks(execute=True):
        requested = user_api_client.execute(MUTATION_ACCOUNT_REQUEST_DELETION, {"redirectUrl": REDIRECT})
    assert requested["data"]["accountRequestDeletion"]["errors"] == []
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [customer.email]
    link = next(w for w in mail.outbox[0].body.split() if w.startswith(REDIRECT))
    token = parse_qs(urlsplit(link).query)["token"][0]

    # when
    data = user_api_client.execute(MUTATION_ACCOUNT_DELETE, {"token": token})["data"]["accountDelete"]

    # then
    assert data["errors"] == []
    assert data["user"]["email"] == customer.email and data["user"]["id"]
    assert not User.objects.filter(pk=customer.pk).exists()
    assert not Address.objects.filter(pk=address.pk).exists()


@pytest.mark.parametrize(
    "make_token",
    [lambda user: "wrong", lambda user: password_reset_token.make_token(user)],
    ids=["bad-token", "token-of-another-kind"],
)
def test_bad_token_deletes_nothing(user_api_client, customer, make_token):
    data = user_api_client.execute(MUTATION_ACCOUNT_DELETE, {"token": make_token(customer)})["data"]["accountDelete"]

    assert data["errors"] == [{"field": "token", "message": "Invalid or expired token.", "code": "INVALID"}]
    assert User.objects.filter(pk=customer.pk).exists()


def test_token_of_another_user_deletes_nothing(user_api_client, customer, other_customer):
    data = user_api_client.execute(
        MUTATION_ACCOUNT_DELETE, {"token": account_deletion_token.make_token(other_customer)}
    )["data"]["accountDelete"]

    assert data["errors"][0]["code"] == "INVALID"
    assert User.objects.count() == 2


def test_staff_account_is_not_deleted_this_way(client):
    staff = create_staff("admin@homenet.example")

    data = TokenClient(client, staff).execute(
        MUTATION_ACCOUNT_DELETE, {"token": account_deletion_token.make_token(staff)}
    )["data"]["accountDelete"]

    assert data["errors"][0]["code"] == "DELETE_STAFF_ACCOUNT"
    assert User.objects.filter(pk=staff.pk).exists()


def test_anonymous_caller_cannot_delete(api_client, customer):
    response = api_client.execute(MUTATION_ACCOUNT_DELETE, {"token": account_deletion_token.make_token(customer)})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert User.objects.filter(pk=customer.pk).exists()
