"""tokenCreate: login with e-mail and password, brute-force delay, no account enumeration."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from shop.account.models import User
from shop.account.tokens import token_decode
from tests.factories.account import PASSWORD, create_staff, create_user

pytestmark = pytest.mark.django_db

MUTATION_TOKEN_CREATE = """
mutation TokenCreate($email: String!, $password: String!, $audience: String) {
  tokenCreate(email: $email, password: $password, audience: $audience) {
    token
    refreshToken
    csrfToken
    user { id email }
    errors { field message code }
    accountErrors { code }
  }
}
"""


def login(api_client, email, password, **extra):
    response = api_client.post(MUTATION_TOKEN_CREATE, {"email": email, "password": password}, **extra)
    return response.json()["data"]["tokenCreate"]


def test_correct_password_gives_access_refresh_and_csrf_tokens(api_client, customer):
    # when
    data = login(api_client, "Malee@Example.com", PASSWORD)

    # then
    assert data["errors"] == []
    assert data["user"]["email"] == "malee@example.com"
    access = token_decode(data["token"])
    refresh = token_decode(data["refreshToken"])
    assert access["type"] == "access" and refresh["type"] == "refresh"
    assert access["exp"] - access["iat"] == 5 * 60
    assert refresh["exp"] - refresh["iat"] == 30 * 24 * 60 * 60
    assert access["email"] == "malee@example.com"
    assert access["user_id"] == data["user"]["id"]
    assert access["is_staff"] is False and "permissions" not in access
    assert refresh["csrf_token"] == data["csrfToken"]
    customer.refresh_from_db()
    assert customer.last_login is not None


def test_login_sets_http_only_refresh_token_cookie(api_client, customer):
    response = api_client.post(MUTATION_TOKEN_CREATE, {"email": customer.email, "password": PASSWORD})

    cookie = response.cookies["refreshToken"]
    assert cookie.value == response.json()["data"]["tokenCreate"]["refreshToken"]
    assert cookie["httponly"]


def test_audience_is_written_with_custom_prefix(api_client, customer):
    response = api_client.post(
        MUTATION_TOKEN_CREATE, {"email": customer.email, "password": PASSWORD, "audience": "pos"}
    )

    assert token_decode(response.json()["data"]["tokenCreate"]["token"])["aud"] == "custom:pos"


def test_staff_token_carries_saleor_permission_names(api_client):
    create_staff("staff@homenet.example", permissions=["MANAGE_ORDERS", "MANAGE_PRODUCTS"])

    data = login(api_client, "staff@homenet.example", PASSWORD)

    payload = token_decode(data["token"])
    assert payload["is_staff"] is True
    assert sorted(payload["permissions"]) == ["MANAGE_ORDERS", "MANAGE_PRODUCTS"]


def test_wrong_password_and_unknown_email_answer_the_same(api_client, customer):
    wrong = login(api_client, customer.email, "not-the-password")
    unknown = login(api_client, "nobody@example.com", "not-the-password")

    assert wrong["errors"] == unknown["errors"] == [
        {"field": "email", "message": "Please, enter valid credentials", "code": "INVALID_CREDENTIALS"}
    ]
    assert wrong["token"] is None and wrong["user"] is None
    assert wrong["accountErrors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_unconfirmed_account_cannot_log_in(api_client):
    create_user("new@example.com", is_confirmed=False, is_active=False)

    data = login(api_client, "new@example.com", PASSWORD)

    assert data["errors"][0]["code"] == "ACCOUNT_NOT_CONFIRMED"
    assert data["token"] is None


def test_deactivated_account_cannot_log_in(api_client):
    create_user("gone@example.com", is_active=False)

    data = login(api_client, "gone@example.com", PASSWORD)

    assert data["errors"][0]["code"] == "INACTIVE"
    assert User.objects.get(email="gone@example.com").last_login is None


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_correct_password_is_refused_while_delayed_and_works_after_the_window(api_client, customer, settings):
    # given five failures for one e-mail
    settings.LOGIN_FAILURES_PER_EMAIL = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 900
    start = timezone.now()
    with _at(start):
        for _ in range(5):
            assert login(api_client, customer.email, "guess")["errors"][0]["code"] == "INVALID_CREDENTIALS"

    # when the right password comes within the window
    with _at(start + datetime.timedelta(seconds=899)):
        delayed = login(api_client, customer.email, PASSWORD)

    # then it is refused without a token
    assert delayed["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert delayed["errors"][0]["field"] == "email"
    assert delayed["token"] is None

    # and after the window it works
    with _at(start + datetime.timedelta(seconds=900)):
        later = login(api_client, customer.email, PASSWORD)
    assert later["errors"] == []
    assert later["token"]


def test_delay_does_not_reveal_whether_an_email_has_an_account(api_client, customer, settings):
    settings.LOGIN_FAILURES_PER_EMAIL = 3
    answers = {}
    for email in (customer.email, "nobody@example.com"):
        for _ in range(3):
            login(api_client, email, "guess")
        answers[email] = login(api_client, email, "guess")["errors"][0]["code"]

    assert answers == {customer.email: "LOGIN_ATTEMPT_DELAYED", "nobody@example.com": "LOGIN_ATTEMPT_DELAYED"}


def test_many_failures_from_one_ip_delay_every_email_from_that_ip(api_client, customer, settings):
    # given an attacker trying many addresses from one IP
    settings.LOGIN_FAILURES_PER_EMAIL = 100
    settings.LOGIN_FAILURES_PER_IP = 4
    for n in range(4):
        login(api_client, f"victim{n}@example.com", "guess", REMOTE_ADDR="203.0.113.9")

    # when a real password is tried from that IP, and from another
    from_attacker = login(api_client, customer.email, PASSWORD, REMOTE_ADDR="203.0.113.9")
    from_elsewhere = login(api_client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.7")

    # then only the attacker's IP is delayed
    assert from_attacker["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert from_elsewhere["errors"] == []


def test_a_successful_login_clears_the_email_failure_count(api_client, customer, settings):
    settings.LOGIN_FAILURES_PER_EMAIL = 3
    for _ in range(2):
        login(api_client, customer.email, "typo")
    assert login(api_client, customer.email, PASSWORD)["errors"] == []

    for _ in range(2):
        login(api_client, customer.email, "typo")

    assert login(api_client, customer.email, PASSWORD)["errors"] == []


def test_client_ip_is_taken_from_forwarded_for_only_behind_trusted_proxies(api_client, customer, settings):
    settings.LOGIN_FAILURES_PER_EMAIL = 100
    settings.LOGIN_FAILURES_PER_IP = 2
    settings.TRUSTED_PROXY_COUNT = 1
    # the proxy appends the real client; what the client itself sent comes before
    for forged in ("1.1.1.1", "2.2.2.2"):
        login(api_client, "x@example.com", "guess", HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9")

    data = login(api_client, customer.email, PASSWORD, HTTP_X_FORWARDED_FOR="3.3.3.3, 203.0.113.9")

    assert data["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
