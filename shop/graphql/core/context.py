"""Per-request caches for things every resolver of a request shares (channel, VAT rate)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def request_cache(info, key: Any, compute: Callable[[], Any]) -> Any:
    request = info.context
    cache = getattr(request, "_graphql_cache", None)
    if cache is None:
        cache = {}
        request._graphql_cache = cache
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_staff(info) -> bool:
    user = getattr(info.context, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)
