"""The Bearer hook: hnoem_ tokens go to oem_orders.auth, JWTs still to the JWT decoder."""

from datetime import timedelta

import graphene
import pytest
from django.test import RequestFactory
from django.utils import timezone

from oem_orders import access, selectors
from oem_orders.actors import Actor
from oem_orders.models import OemApiToken
from shop.account.tokens import access_token_create
from shop.graphql.core import auth as shop_auth
from shop.graphql.core.errors import CodedGraphQLError
from shop.graphql.core.views import GraphQLView
from tests.factories.account import create_user
from tests.factories.oem import create_client_member, create_oem_client

from .conftest import atomic

pytestmark = pytest.mark.django_db

QUERY_ME = "query Me { me { email } }"


class _Query(graphene.ObjectType):
    """A resolver that asks for the caller, as the OEM fields do."""

    oem_client_name = graphene.String()

    @staticmethod
    def resolve_oem_client_name(_root, info):
        client = selectors.oem_client_of(info.context)
        return client.name if client else None


CALLER_SCHEMA = graphene.Schema(query=_Query)


def bearer_request(token: str, user=None):
    request = RequestFactory().post("/graphql/", HTTP_AUTHORIZATION=f"Bearer {token}")
    if user is not None:
        request.user = user  # as a session login would have
    shop_auth.authenticate_request(request)
    return request


def ask_for_caller(request) -> dict:
    """Run the caller query and format it as the shop's GraphQL view does."""
    result = CALLER_SCHEMA.execute("{ oemClientName }", context_value=request)
    return {
        "data": result.data,
        "errors": [GraphQLView.format_error(error) for error in result.errors or ()],
    }


def new_token(client=None, **kwargs):
    return atomic(access.token_create, client=client or create_oem_client(), name="ERP", actor=Actor(), **kwargs)


def test_a_valid_token_acts_for_its_client_with_no_user():
    token, raw = new_token()

    request = bearer_request(raw)

    assert not request.user.is_authenticated
    assert ask_for_caller(request) == {"data": {"oemClientName": token.client.name}, "errors": []}
    assert OemApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_the_token_wins_over_a_session_login():
    client = create_oem_client()
    member = create_client_member(create_oem_client())
    _, raw = new_token(client)

    request = bearer_request(raw, user=member)

    assert not request.user.is_authenticated
    assert selectors.oem_client_of(request) == client


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown"])
def test_a_bad_token_is_a_top_level_error_when_the_caller_is_needed(state):
    token, raw = new_token()
    if state == "revoked":
        atomic(access.token_revoke, token_id=token.pk, actor=Actor())
    elif state == "expired":
        OemApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        raw = "hnoem_" + "x" * 43

    body = ask_for_caller(bearer_request(raw))

    assert body["data"] == {"oemClientName": None}
    assert body["errors"][0]["extensions"]["exception"]["code"] == {
        "revoked": "TOKEN_REVOKED", "expired": "TOKEN_EXPIRED", "unknown": "TOKEN_INVALID",
    }[state]
    assert body["errors"][0]["path"] == ["oemClientName"]


def test_the_token_is_checked_once_per_request_and_only_when_needed():
    token, raw = new_token()
    atomic(access.token_revoke, token_id=token.pk, actor=Actor())

    request = bearer_request(raw)  # no error yet: nothing asked for the caller

    for _ in range(2):
        with pytest.raises(CodedGraphQLError) as caught:
            selectors.oem_client_of(request)
        assert caught.value.code == "TOKEN_REVOKED"
    with pytest.raises(CodedGraphQLError):
        selectors.oem_actor(request)


def test_through_the_graphql_endpoint_an_oem_token_is_not_decoded_as_a_jwt(client):
    token, raw = new_token()
    atomic(access.token_revoke, token_id=token.pk, actor=Actor())

    response = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")

    # ``me`` asks for the user, who is anonymous: no JWT_DECODE_ERROR (the JWT path
    # would refuse the token), and no OEM error either (nothing asked for the client).
    assert response.json() == {"data": {"me": None}}


def test_through_the_graphql_endpoint_a_jwt_still_works(client):
    user = create_user()

    response = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {access_token_create(user=user)}")
    garbage = client.post("/graphql/", {"query": QUERY_ME}, content_type="application/json",
                          HTTP_AUTHORIZATION="Bearer hnoem-is-not-the-prefix")

    assert response.json() == {"data": {"me": {"email": user.email}}}
    assert garbage.json()["errors"][0]["extensions"]["exception"]["code"] == "JWT_DECODE_ERROR"


def test_the_hook_calls_the_registered_authenticator_only(settings):
    settings.GRAPHQL_BEARER_AUTHENTICATORS = {}
    _, raw = new_token()

    request = bearer_request(raw)

    assert not hasattr(request, "oem_token")
    with pytest.raises(CodedGraphQLError) as caught:
        request.user.is_authenticated  # noqa: B018 (the JWT loader refuses it)
    assert caught.value.code.startswith("JWT_")


def test_a_member_logged_in_with_a_jwt_acts_for_their_client():
    client = create_oem_client()
    member = create_client_member(client)

    request = bearer_request(access_token_create(user=member))

    assert not hasattr(request, "oem_token")
    assert selectors.oem_client_of(request) == client
    assert selectors.oem_actor(request).user == member
