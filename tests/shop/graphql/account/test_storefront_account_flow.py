"""A shopper's account life through the storefront's own documents (tests/operations/storefront/account.graphql):
register, confirm from the e-mail, log in, read themselves, keep an address book, refresh, log out."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from graphql import parse, print_ast

from tests.factories.account import BANGKOK_ADDRESS, CHIANG_MAI_ADDRESS, create_user

pytestmark = pytest.mark.django_db

DOCUMENT = parse((Path(__file__).resolve().parents[3] / "operations" / "storefront" / "account.graphql").read_text())
FRAGMENTS = {d.name.value: print_ast(d) for d in DOCUMENT.definitions if d.kind == "fragment_definition"}
OPERATIONS = {d.name.value: print_ast(d) for d in DOCUMENT.definitions if d.kind == "operation_definition"}


def document(name: str) -> str:
    """The operation with the fragments it spreads, transitively (GraphQL refuses unused ones)."""
    parts, pending, seen = [OPERATIONS[name]], [OPERATIONS[name]], set()
    while pending:
        text = pending.pop()
        for fragment, body in FRAGMENTS.items():
            if f"...{fragment}" in text and fragment not in seen:
                seen.add(fragment)
                parts.append(body)
                pending.append(body)
    return "\n".join(parts)
PASSWORD = "Mudmee-silk-2026"


def run(api_client, name, variables=None, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = api_client.post(document(name), variables, **extra).json()
    assert "errors" not in body, body
    return body["data"]


def _link_params(message):
    link = next(word for word in message.body.split() if word.startswith("http://localhost:3000/"))
    return {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}


def test_shopper_registers_confirms_logs_in_and_keeps_an_address_book(
    api_client, channel, django_capture_on_commit_callbacks
):
    # register and confirm from the e-mail
    with django_capture_on_commit_callbacks(execute=True):
        registered = run(api_client, "Register", {"input": {
            "email": "malee@example.com", "password": PASSWORD, "firstName": "Malee", "languageCode": "TH",
            "redirectUrl": "http://localhost:3000/account/confirm", "channel": channel.slug,
        }})["accountRegister"]
    assert registered == {"requiresConfirmation": True, "errors": []}
    params = _link_params(mail.outbox[0])
    confirmed = run(api_client, "ConfirmAccount", params)["confirmAccount"]
    assert confirmed["errors"] == [] and confirmed["user"]["isConfirmed"] is True

    # log in and read themselves
    login = run(api_client, "Login", {"email": "malee@example.com", "password": PASSWORD})["tokenCreate"]
    assert login["errors"] == [] and login["user"]["languageCode"] == "TH"
    token = login["token"]
    assert run(api_client, "CurrentUser", token=token)["me"]["email"] == "malee@example.com"
    assert run(api_client, "TokenVerify", {"token": token})["tokenVerify"]["isValid"] is True

    # keep an address book
    created = run(api_client, "AddressCreate", {"address": BANGKOK_ADDRESS, "type": "SHIPPING"}, token)[
        "accountAddressCreate"]
    assert created["errors"] == []
    address_id = created["address"]["id"]
    assert created["user"]["defaultShippingAddress"]["id"] == address_id
    updated = run(api_client, "AddressUpdate", {"id": address_id, "address": CHIANG_MAI_ADDRESS}, token)[
        "accountAddressUpdate"]
    assert updated["address"]["postalCode"] == "50200"
    billing = run(api_client, "AddressSetDefault", {"id": address_id, "type": "BILLING"}, token)[
        "accountSetDefaultAddress"]
    assert billing["user"]["defaultBillingAddress"]["id"] == address_id
    profile = run(api_client, "AccountUpdate", {"input": {"lastName": "Srisuk"}}, token)["accountUpdate"]
    assert profile["user"]["lastName"] == "Srisuk"
    deleted = run(api_client, "AddressDelete", {"id": address_id}, token)["accountAddressDelete"]
    assert deleted["user"]["addresses"] == []

    # refresh, change the password, log out everywhere
    refreshed = run(api_client, "TokenRefresh", {"refreshToken": login["refreshToken"]})["tokenRefresh"]
    assert refreshed["errors"] == [] and refreshed["token"]
    changed = run(api_client, "PasswordChange", {"oldPassword": PASSWORD, "newPassword": "Krajood-basket-77"},
                  refreshed["token"])["passwordChange"]
    assert changed["errors"] == []
    assert run(api_client, "Logout", token=refreshed["token"])["tokensDeactivateAll"]["errors"] == []
    stale = api_client.post(document("CurrentUser"), HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert stale["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"


def test_forgotten_password_flow(api_client, channel, django_capture_on_commit_callbacks):
    create_user("somchai@example.com", language_code="en")
    with django_capture_on_commit_callbacks(execute=True):
        asked = run(api_client, "RequestPasswordReset", {
            "email": "somchai@example.com", "redirectUrl": "http://localhost:3000/reset", "channel": channel.slug,
        })["requestPasswordReset"]
    assert asked["errors"] == []
    params = _link_params(mail.outbox[0])

    data = run(api_client, "SetPassword", {**params, "password": "Krajood-basket-77"})["setPassword"]

    assert data["errors"] == [] and data["user"]["email"] == "somchai@example.com"
    assert run(api_client, "CurrentUser", token=data["token"])["me"]["email"] == "somchai@example.com"
