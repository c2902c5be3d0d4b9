"""Who a request is: a Bearer access token, or a staff session; bad tokens are coded errors."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from shop.account.tokens import access_token_create, refresh_token_create

pytestmark = pytest.mark.django_db

QUERY_ME = "query Me { me { email isStaff } }"
QUERY_PRODUCTS = "query { products(first: 1) { totalCount } }"


def me(api_client, token=None, **extra):
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = api_client.post(QUERY_ME, **extra)
    assert response.status_code == 200
    return response.json()


def test_bearer_access_token_authenticates(api_client, customer):
    assert me(api_client, access_token_create(user=customer))["data"]["me"] == {"email": customer.email, "isStaff": False}


def test_jwt_prefix_is_accepted_as_saleor_does(api_client, customer):
    body = me(api_client, HTTP_AUTHORIZATION=f"JWT {access_token_create(user=customer)}")

    assert body["data"]["me"]["email"] == customer.email


def test_no_token_is_anonymous(api_client):
    assert me(api_client) == {"data": {"me": None}}


def test_access_token_expires_after_five_minutes(api_client, customer):
    issued = timezone.now()
    token = access_token_create(user=customer, now=issued)

    with mock.patch("django.utils.timezone.now", return_value=issued + datetime.timedelta(seconds=299)):
        fresh = me(api_client, token)
    with mock.patch("django.utils.timezone.now", return_value=issued + datetime.timedelta(seconds=300)):
        expired = me(api_client, token)

    assert fresh["data"]["me"]["email"] == customer.email
    assert expired["data"]["me"] is None
    assert expired["errors"][0]["extensions"]["exception"]["code"] == "JWT_SIGNATURE_EXPIRED"
    assert expired["errors"][0]["message"] == "Signature has expired."


@pytest.mark.parametrize(
    ("token", "code"),
    [("garbage", "JWT_DECODE_ERROR"), ("a.b.c", "JWT_DECODE_ERROR")],
)
def test_malformed_token_is_a_coded_error_not_a_server_error(api_client, token, code):
    body = me(api_client, token)

    assert body["errors"][0]["extensions"]["exception"]["code"] == code


def test_refresh_token_does_not_authenticate(api_client, customer):
    body = me(api_client, refresh_token_create(user=customer, csrf_token="x"))

    assert body["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"


def test_token_of_a_deactivated_user_is_invalid(api_client, customer):
    token = access_token_create(user=customer)
    customer.is_active = False
    customer.save()

    assert me(api_client, token)["errors"][0]["extensions"]["exception"]["code"] == "JWT_INVALID_TOKEN"


def test_a_stale_token_does_not_block_queries_that_do_not_need_the_user(api_client, customer, channel):
    token = access_token_create(user=customer, now=timezone.now() - datetime.timedelta(hours=1))

    body = api_client.post(
        "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token errors { code } } }",
        {"e": customer.email, "p": "Mudmee-silk-2026"}, HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()

    assert body["data"]["tokenCreate"]["errors"] == []


def test_staff_session_login_still_works_without_a_token(client, django_user_model):
    staff = django_user_model.objects.create_user("admin@homenet.example", "pw", is_staff=True)
    client.force_login(staff)

    body = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json").json()

    assert body["data"]["me"] == {"email": "admin@homenet.example", "isStaff": True}


def test_token_wins_over_session(client, django_user_model, customer):
    staff = django_user_model.objects.create_user("admin@homenet.example", "pw", is_staff=True)
    client.force_login(staff)

    body = client.post(
        "/graphql/", {"query": QUERY_ME}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=customer)}",
    ).json()

    assert body["data"]["me"]["email"] == customer.email
