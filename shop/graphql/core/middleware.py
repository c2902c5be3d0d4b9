"""Execution middleware."""

from __future__ import annotations

from enum import Enum


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class EnumValuesMiddleware:
    """Give resolvers enum *values* ("desc", "TH"), not graphene 3's enum members.

    graphene 3 passes enum members whose equality with plain values depends on
    string identity; resolvers here compare values, so arguments are converted once.
    """

    def resolve(self, next_, root, info, **args):
        if args:
            args = {k: _plain(v) for k, v in args.items()}
        return next_(root, info, **args)
