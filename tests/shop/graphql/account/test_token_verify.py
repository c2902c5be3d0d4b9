"""tokenVerify: whether an access token is valid, with its payload and user."""

import datetime

import pytest
from django.utils import timezone

from shop.account.tokens import access_token_create, refresh_token_create

pytestmark = pytest.mark.django_db

MUTATION_TOKEN_VERIFY = """
mutation TokenVerify($token: String!) {
  tokenVerify(token: $token) {
    isValid
    payload
    user { email }
    errors { field message code }
  }
}
"""


def verify(api_client, token):
    return api_client.execute(MUTATION_TOKEN_VERIFY, {"token": token})["data"]["tokenVerify"]


def test_valid_access_token_has_its_payload_and_user(api_client, customer):
    data = verify(api_client, access_token_create(user=customer))

    assert data["isValid"] is True
    assert data["errors"] == []
    assert data["user"] == {"email": customer.email}
    assert data["payload"]["email"] == customer.email
    assert data["payload"]["type"] == "access"
    assert set(data["payload"]) >= {"iat", "exp", "iss", "owner", "token", "user_id", "is_staff"}


@pytest.mark.parametrize(
    ("make_token", "code"),
    [
        (lambda u: access_token_create(user=u, now=timezone.now() - datetime.timedelta(minutes=5)), "JWT_SIGNATURE_EXPIRED"),
        (lambda u: "abc.def.ghi", "JWT_DECODE_ERROR"),
        (lambda u: access_token_create(user=u)[:-4] + "AAAA", "JWT_INVALID_TOKEN"),
        (lambda u: refresh_token_create(user=u, csrf_token="x"), "JWT_INVALID_TOKEN"),
    ],
    ids=["expired", "malformed", "bad-signature", "refresh-token"],
)
def test_unusable_token_is_not_valid(api_client, customer, make_token, code):
    data = verify(api_client, make_token(customer))

    assert data["isValid"] is False
    assert data["payload"] is None and data["user"] is None
    assert data["errors"][0]["code"] == code
    assert data["errors"][0]["field"] == "token"


def test_token_signed_with_another_key_is_invalid(api_client, customer, settings):
    settings.JWT_SECRET = "someone-elses-key-that-is-long-enough-for-hs256"
    token = access_token_create(user=customer)
    settings.JWT_SECRET = ""

    assert verify(api_client, token)["errors"][0]["code"] == "JWT_INVALID_TOKEN"


def test_tokens_stay_valid_while_secret_key_rotates(api_client, customer, settings):
    old_key = settings.SECRET_KEY
    token = access_token_create(user=customer)
    settings.SECRET_KEY = "a-brand-new-secret-key-for-this-test-only"
    settings.SECRET_KEY_FALLBACKS = [old_key]

    assert verify(api_client, token)["isValid"] is True
