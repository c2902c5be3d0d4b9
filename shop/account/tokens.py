"""Tokens: JWTs for API logins (Saleor's claims) and one-time tokens for e-mail links.

JWT claims, as Saleor writes them::

    iat, exp, iss, owner="saleor", type="access"|"refresh", token=<user.jwt_token_key>,
    email, user_id=<global ID "User:pk">, is_staff, [permissions] (staff, access only),
    [csrf_token] (refresh only), [aud="custom:<audience>"]

A token is valid while its signature holds, it has not expired and the user's
``jwt_token_key`` is still the one it carries: rotating the key
(``tokensDeactivateAll``, a password reset) invalidates every token of the user.

One-time tokens (account confirmation, password reset, account deletion) are
Django's ``PasswordResetTokenGenerator`` with a salt each; each hashes state that
its use changes, so a used token stops working.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass

import jwt
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac

from .error_codes import AccountErrorCode
from .models import User

ACCESS = "access"
REFRESH = "refresh"
OWNER = "saleor"
ALGORITHM = "HS256"


class TokenError(Exception):
    """A JWT that cannot be used; ``code`` is an ``AccountErrorCode``."""

    def __init__(self, message: str, code: AccountErrorCode):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    csrf: str


def _signing_keys() -> list[str]:
    """The key tokens are signed with first, then keys still accepted while rotating."""
    if settings.JWT_SECRET:
        return [settings.JWT_SECRET]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac("shop.account.tokens.jwt", "signing-key", secret=s, algorithm="sha256").hexdigest() for s in secrets]


def user_global_id(user: User) -> str:
    return base64.b64encode(f"User:{user.pk}".encode()).decode()


def issuer() -> str:
    return settings.PUBLIC_URL.rstrip("/") + "/graphql/"


def staff_permission_names(user: User) -> list[str]:
    """Saleor's names of the permissions a staff user holds (superusers: all)."""
    from .permissions import PermissionEnum

    if not (user.is_staff and user.is_active):
        return []
    if user.is_superuser:
        return [p.value for p in PermissionEnum]
    held = {name.split(".", 1)[1] for name in user.get_all_permissions() if name.startswith("account.")}
    return [p.value for p in PermissionEnum if p.value.lower() in held]


def _payload(user: User, token_type: str, lifetime: int, now: datetime.datetime, extra: dict) -> dict:
    payload = {
        "iat": int(now.timestamp()),
        "exp": int(now.timestamp()) + lifetime,
        "iss": issuer(),
        "owner": OWNER,
        "type": token_type,
        "token": user.jwt_token_key,
        "email": user.email,
        "user_id": user_global_id(user),
        "is_staff": user.is_staff,
    }
    payload.update(extra)
    return payload


def _encode(payload: dict) -> str:
    return jwt.encode(payload, _signing_keys()[0], algorithm=ALGORITHM)


def access_token_create(*, user: User, audience: str | None = None, now: datetime.datetime | None = None) -> str:
    """A 5-minute token that authenticates API requests (``Authorization: Bearer``)."""
    extra = {"aud": f"custom:{audience}"} if audience else {}
    if user.is_staff:
        extra["permissions"] = staff_permission_names(user)
    return _encode(_payload(user, ACCESS, settings.JWT_ACCESS_TTL_SECONDS, now or timezone.now(), extra))


def refresh_token_create(
    *, user: User, csrf_token: str, audience: str | None = None, now: datetime.datetime | None = None
) -> str:
    """A 30-day token that buys new access tokens; bound to a CSRF token for cookie use."""
    extra = {"csrf_token": csrf_token}
    if audience:
        extra["aud"] = f"custom:{audience}"
    return _encode(_payload(user, REFRESH, settings.JWT_REFRESH_TTL_SECONDS, now or timezone.now(), extra))


def token_pair_create(*, user: User, audience: str | None = None, now: datetime.datetime | None = None) -> TokenPair:
    csrf = get_random_string(32)
    return TokenPair(
        access=access_token_create(user=user, audience=audience, now=now),
        refresh=refresh_token_create(user=user, csrf_token=csrf, audience=audience, now=now),
        csrf=csrf,
    )


def token_decode(token: str, *, now: datetime.datetime | None = None) -> dict:
    """The verified payload, or ``TokenError`` (expired / bad signature / malformed)."""
    now_ts = (now or timezone.now()).timestamp()
    keys = _signing_keys()
    for index, key in enumerate(keys):
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                options={"verify_aud": False, "verify_exp": False, "verify_iat": False, "require": ["exp", "type"]},
            )
        except jwt.InvalidSignatureError:
            if index + 1 < len(keys):
                continue
            raise TokenError("Invalid token signature.", AccountErrorCode.JWT_INVALID_TOKEN)
        except jwt.DecodeError:
            raise TokenError("Error decoding signature.", AccountErrorCode.JWT_DECODE_ERROR)
        except jwt.InvalidTokenError:
            raise TokenError("Invalid token.", AccountErrorCode.JWT_INVALID_TOKEN)
        break
    # Expiry is checked against our clock (which tests can move), not PyJWT's.
    if not isinstance(payload.get("exp"), int | float) or payload["exp"] <= now_ts:
        raise TokenError("Signature has expired.", AccountErrorCode.JWT_SIGNATURE_EXPIRED)
    if payload.get("owner") != OWNER:
        raise TokenError("Invalid token.", AccountErrorCode.JWT_INVALID_TOKEN)
    return payload


def token_user(payload: dict) -> User:
    """The active user a verified payload belongs to, if its key is still current."""
    try:
        kind, pk = base64.b64decode(str(payload.get("user_id", ""))).decode().split(":", 1)
        user = User.objects.get(pk=int(pk)) if kind == "User" else None
    except (ValueError, TypeError, UnicodeDecodeError, User.DoesNotExist):
        user = None
    if user is None or not user.is_active or user.jwt_token_key != payload.get("token"):
        raise TokenError(
            "Invalid token. Create a new one by using the tokenCreate mutation.", AccountErrorCode.JWT_INVALID_TOKEN
        )
    return user


def user_from_token(token: str, *, token_type: str = ACCESS, now: datetime.datetime | None = None) -> tuple[dict, User]:
    payload = token_decode(token, now=now)
    if payload.get("type") != token_type:
        raise TokenError("Invalid token type.", AccountErrorCode.JWT_INVALID_TOKEN)
    return payload, token_user(payload)


class _SaltedTokenGenerator(PasswordResetTokenGenerator):
    """Django's one-time token, with the clock taken from ``django.utils.timezone``."""

    def _now(self):
        return timezone.now().replace(tzinfo=None)


class PasswordResetToken(_SaltedTokenGenerator):
    # Hashes the password and last login: setting the password spends it.
    key_salt = "shop.account.tokens.PasswordResetToken"


class AccountConfirmationToken(_SaltedTokenGenerator):
    key_salt = "shop.account.tokens.AccountConfirmationToken"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.is_confirmed}{user.is_active}{timestamp}"


class AccountDeletionToken(_SaltedTokenGenerator):
    key_salt = "shop.account.tokens.AccountDeletionToken"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.password}{timestamp}"


password_reset_token = PasswordResetToken()
account_confirmation_token = AccountConfirmationToken()
account_deletion_token = AccountDeletionToken()
