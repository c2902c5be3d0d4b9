"""Who is asking: a JWT access token (``Authorization: Bearer <token>``) or the session.

Storefronts send access tokens; staff in GraphiQL and the admin keep their
session login, which Django's AuthenticationMiddleware has already put on
``request.user``.  A token, when sent, wins over the session.

The token is checked lazily, the first time a resolver asks for the user (as
Saleor does): a request with a stale token can still read the catalog, log in
again (``tokenCreate``) or refresh (``tokenRefresh``).  A resolver that needs
the user gets a top-level error with code ``JWT_SIGNATURE_EXPIRED``,
``JWT_INVALID_TOKEN`` or ``JWT_DECODE_ERROR`` instead.

Tokens that are not JWTs go elsewhere: a token that starts with a prefix named in
``settings.GRAPHQL_BEARER_AUTHENTICATORS`` (``{"hnoem_": "dotted.path"}``) is handed
to ``import_string(path)(request, token)`` instead of the JWT decoder, with
``request.user`` anonymous (the token wins over a session).  The shop names no
downstream app here: settings do.

The refresh token is also kept in an http-only cookie (``refreshToken``) when a
mutation asks for it, for storefronts that prefer the cookie and a CSRF token.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string

from shop.account.tokens import TokenError, user_from_token

from .errors import CodedGraphQLError

REFRESH_TOKEN_COOKIE = "refreshToken"
_SCHEMES = ("bearer", "jwt")


def token_from_request(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() in _SCHEMES and token.strip():
        return token.strip()
    return None


def _user_loader(token: str):
    outcome: dict = {}

    def load():
        if "user" not in outcome:
            try:
                outcome["user"] = user_from_token(token)[1]
            except TokenError as error:
                outcome["error"] = (error.message, error.code.value)
                outcome["user"] = None
        if outcome["user"] is None:
            message, code = outcome["error"]
            raise CodedGraphQLError(message, code=code)
        return outcome["user"]

    return load


def bearer_authenticator(token: str):
    """The authenticator registered for the token's prefix (``GRAPHQL_BEARER_AUTHENTICATORS``), or None."""
    for prefix, path in getattr(settings, "GRAPHQL_BEARER_AUTHENTICATORS", {}).items():
        if prefix and token.startswith(prefix):
            return import_string(path)
    return None


def authenticate_request(request) -> None:
    """Put the token's user on ``request.user`` (lazily) when a token is sent; tokens with a
    registered prefix go to their authenticator instead, ``request.user`` anonymous."""
    token = token_from_request(request)
    if token is None:
        return
    authenticator = bearer_authenticator(token)
    if authenticator is not None:
        request.user = AnonymousUser()
        authenticator(request, token)
        return
    request.user = SimpleLazyObject(_user_loader(token))


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry our own proxies added to
    X-Forwarded-For (``TRUSTED_PROXY_COUNT`` of them; entries before are the client's word)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def refresh_token_from_cookie(request) -> str | None:
    return request.COOKIES.get(REFRESH_TOKEN_COOKIE) or None


def remember_refresh_token(request, token: str) -> None:
    """Ask the view to set the refresh token cookie on the response."""
    request._refresh_token_cookie = token


def set_auth_cookies(request, response) -> None:
    token = getattr(request, "_refresh_token_cookie", None)
    if not token:
        return
    secure = request.is_secure()
    response.set_cookie(
        REFRESH_TOKEN_COOKIE,
        token,
        max_age=settings.JWT_REFRESH_TTL_SECONDS,
        httponly=True,
        secure=secure,
        # A storefront on another site sends the cookie only with SameSite=None, which needs HTTPS.
        samesite="None" if secure else "Lax",
    )
