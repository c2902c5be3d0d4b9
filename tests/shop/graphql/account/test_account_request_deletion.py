"""accountRequestDeletion: the logged-in user gets an e-mail with a deletion link."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from shop.account.models import User
from shop.account.tokens import account_deletion_token

pytestmark = pytest.mark.django_db

MUTATION_ACCOUNT_REQUEST_DELETION = """
mutation AccountRequestDeletion($redirectUrl: String!, $channel: String) {
  accountRequestDeletion(redirectUrl: $redirectUrl, channel: $channel) {
    errors { field message code }
  }
}
"""
REDIRECT = "http://localhost:3000/account/delete"


def test_user_gets_a_deletion_link_in_their_language(user_api_client, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = user_api_client.execute(MUTATION_ACCOUNT_REQUEST_DELETION, {"redirectUrl": REDIRECT})[
            "data"]["accountRequestDeletion"]

    assert data == {"errors": []}
    (message,) = mail.outbox
    assert message.to == [customer.email]
    assert message.subject == "ยืนยันการลบบัญชี HomeNet Thailand Brand ของคุณ"
    link = next(w for w in message.body.split() if w.startswith(REDIRECT))
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert account_deletion_token.check_token(customer, token)
    assert User.objects.filter(pk=customer.pk).exists()


@pytest.mark.parametrize(
    ("variables", "field", "code"),
    [
        ({"redirectUrl": "https://evil.example.net/delete"}, "redirectUrl", "INVALID"),
        ({"redirectUrl": REDIRECT, "channel": "nowhere"}, "channel", "NOT_FOUND"),
    ],
)
def test_bad_deletion_request_sends_nothing(user_api_client, variables, field, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = user_api_client.execute(MUTATION_ACCOUNT_REQUEST_DELETION, variables)["data"]["accountRequestDeletion"]

    assert (data["errors"][0]["field"], data["errors"][0]["code"]) == (field, code)
    assert mail.outbox == []


def test_anonymous_caller_cannot_request_deletion(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.execute(MUTATION_ACCOUNT_REQUEST_DELETION, {"redirectUrl": REDIRECT})

    assert response["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert mail.outbox == []
