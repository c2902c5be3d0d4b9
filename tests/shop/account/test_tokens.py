"""JWT and one-time tokens: claims, expiry against our clock, key rotation, one use."""

import datetime

import pytest
from django.utils import timezone

from shop.account import services
from shop.account.tokens import (
    TokenError,
    access_token_create,
    account_confirmation_token,
    token_decode,
    token_pair_create,
    user_from_token,
)
from tests.factories.account import create_staff, create_user

pytestmark = pytest.mark.django_db


def test_access_token_has_saleors_claims():
    user = create_user("malee@example.com")
    now = timezone.now()

    payload = token_decode(access_token_create(user=user, now=now), now=now)

    assert payload["iat"] == int(now.timestamp()) and payload["exp"] == int(now.timestamp()) + 300
    assert payload["iss"].endswith("/graphql/")
    assert payload["owner"] == "saleor" and payload["type"] == "access"
    assert payload["token"] == user.jwt_token_key
    assert payload["email"] == "malee@example.com" and payload["is_staff"] is False


def test_superuser_token_lists_every_permission():
    staff = create_staff(is_superuser=True)

    payload = token_decode(access_token_create(user=staff))

    assert "MANAGE_ORDERS" in payload["permissions"] and len(payload["permissions"]) == 25


def test_refresh_token_lasts_thirty_days_and_carries_its_csrf_token():
    user = create_user()
    now = timezone.now()
    pair = token_pair_create(user=user, now=now)

    payload = token_decode(pair.refresh, now=now + datetime.timedelta(days=29))

    assert payload["csrf_token"] == pair.csrf
    with pytest.raises(TokenError) as error:
        token_decode(pair.refresh, now=now + datetime.timedelta(days=30))
    assert error.value.code.value == "JWT_SIGNATURE_EXPIRED"


def test_rotating_the_users_key_invalidates_their_tokens_only():
    user, other = create_user(), create_user()
    mine, theirs = access_token_create(user=user), access_token_create(user=other)

    services.user_tokens_deactivate(user=user)

    with pytest.raises(TokenError):
        user_from_token(mine)
    assert user_from_token(theirs)[1] == other


def test_every_user_has_a_key_of_their_own():
    assert create_user().jwt_token_key != create_user().jwt_token_key


def test_confirmation_token_is_spent_by_confirming():
    user = create_user(is_confirmed=False, is_active=False)
    token = account_confirmation_token.make_token(user)

    services.account_confirm(email=user.email, token=token)

    user.refresh_from_db()
    assert not account_confirmation_token.check_token(user, token)
