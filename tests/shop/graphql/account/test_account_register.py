"""accountRegister: new customers, confirmation e-mail, password rules, no enumeration."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from shop.account.models import User
from tests.factories.account import PASSWORD, create_user

pytestmark = pytest.mark.django_db

MUTATION_ACCOUNT_REGISTER = """
mutation AccountRegister($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { id email firstName lastName languageCode }
    errors { field message code }
  }
}
"""
REDIRECT = "http://localhost:3000/account/confirm"


def register(api_client, **fields):
    variables = {"input": {"email": "new@example.com", "password": PASSWORD, "redirectUrl": REDIRECT, **fields}}
    return api_client.execute(MUTATION_ACCOUNT_REGISTER, variables)["data"]["accountRegister"]


def test_registration_creates_an_unconfirmed_account_and_sends_a_thai_confirmation_email(
    api_client, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        data = register(
            api_client, email="New@Example.com", firstName="Malee", lastName="Srisuk", languageCode="TH",
            metadata=[{"key": "source", "value": "line"}],
        )

    # then
    assert data["errors"] == []
    assert data["requiresConfirmation"] is True
    assert data["user"] == {"id": "", "email": "new@example.com", "firstName": "Malee", "lastName": "Srisuk", "languageCode": "TH"}
    user = User.objects.get(email="new@example.com")
    assert not user.is_active and not user.is_confirmed
    assert user.check_password(PASSWORD)
    assert user.metadata == {"source": "line"}
    assert user.language_code == "th"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.com"]
    assert "ยืนยัน" in message.subject and "Confirm" not in message.subject
    link = next(word for word in message.body.split() if word.startswith(REDIRECT))
    params = parse_qs(urlsplit(link).query)
    assert params["email"] == ["new@example.com"] and params["token"]
    assert message.alternatives[0][1] == "text/html"


def test_registration_without_confirmation_gives_an_active_account(api_client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_CONFIRMATION_REQUIRED = False

    with django_capture_on_commit_callbacks(execute=True):
        data = register(api_client, redirectUrl=None)

    assert data["errors"] == [] and data["requiresConfirmation"] is False
    user = User.objects.get(email="new@example.com")
    assert user.is_active and user.is_confirmed
    assert mail.outbox == []


def test_taken_email_answers_like_a_new_one_and_writes_nothing(api_client, django_capture_on_commit_callbacks):
    existing = create_user("taken@example.com", first_name="Old")

    with django_capture_on_commit_callbacks(execute=True):
        data = register(api_client, email="taken@example.com", firstName="Attacker")

    assert data["errors"] == []
    assert data["requiresConfirmation"] is True
    assert data["user"]["id"] == ""
    existing.refresh_from_db()
    assert existing.first_name == "Old" and existing.check_password(PASSWORD)
    assert User.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("short1", "PASSWORD_TOO_SHORT"),
        ("password123", "PASSWORD_TOO_COMMON"),
        ("4815162342", "PASSWORD_ENTIRELY_NUMERIC"),
        ("new@example.com", "PASSWORD_TOO_SIMILAR"),
    ],
)
def test_weak_password_is_refused_with_saleor_code(api_client, password, code):
    data = register(api_client, password=password)

    assert code in [e["code"] for e in data["errors"]]
    assert {e["field"] for e in data["errors"]} == {"password"}
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "INVALID"),
        ({"redirectUrl": None}, "redirectUrl", "REQUIRED"),
        ({"redirectUrl": "https://evil.example.net/steal"}, "redirectUrl", "INVALID"),
        ({"redirectUrl": "javascript:alert(1)"}, "redirectUrl", "INVALID"),
        ({"redirectUrl": "/relative/path"}, "redirectUrl", "INVALID"),
        ({"channel": "no-such-channel"}, "channel", "NOT_FOUND"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(api_client, fields, field, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        data = register(api_client, **fields)

    assert data["errors"][0]["field"] == field
    assert data["errors"][0]["code"] == code
    assert data["user"] is None
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_inactive_channel_is_refused(api_client, channel):
    channel.is_active = False
    channel.save()

    data = register(api_client, channel=channel.slug)

    assert data["errors"] == [
        {"field": "channel", "message": f"Channel with '{channel.slug}' is inactive.", "code": "CHANNEL_INACTIVE"}
    ]
    assert User.objects.count() == 0


def test_allowed_client_hosts_accepts_subdomain_patterns(api_client, settings):
    settings.ALLOWED_CLIENT_HOSTS = [".homenet.example"]

    accepted = register(api_client, redirectUrl="https://shop.homenet.example/confirm")
    refused = register(api_client, email="b@example.com", redirectUrl="https://homenet.example.evil.net/confirm")

    assert accepted["errors"] == []
    assert refused["errors"][0]["code"] == "INVALID"
