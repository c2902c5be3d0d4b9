"""The Bearer hook for OEM API tokens (``settings.GRAPHQL_BEARER_AUTHENTICATORS``).

``shop.graphql.core.auth.authenticate_request`` hands tokens that start with
``hnoem_`` here instead of decoding them as JWTs.  A token acts for its client, not
for a user: ``request.user`` stays anonymous and ``request.oem_token`` is set.

Like the JWT loader, the token is checked lazily, the first time something asks
for it (``oem_orders.selectors.oem_client_of``): a revoked, expired or unknown
token then becomes a top-level GraphQL error with code ``TOKEN_REVOKED``,
``TOKEN_EXPIRED`` or ``TOKEN_INVALID``; a request that never needs the caller
(the public catalog) is not refused.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import SimpleLazyObject

from shop.graphql.core.errors import CodedGraphQLError

from .access import OemTokenError, token_authenticate


def _token_loader(raw: str):
    outcome: dict = {}

    def load():
        if "token" not in outcome:
            try:
                outcome["token"] = token_authenticate(raw)
            except OemTokenError as error:
                outcome["error"] = (error.message, error.code.value)
                outcome["token"] = None
        if outcome["token"] is None:
            message, code = outcome["error"]
            raise CodedGraphQLError(message, code=code)
        return outcome["token"]

    return load


def authenticate_request(request, token: str) -> None:
    """Put the API token on ``request.oem_token`` (checked when first used); no user."""
    request.user = AnonymousUser()
    request.oem_token = SimpleLazyObject(_token_loader(token))
