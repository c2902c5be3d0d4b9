from __future__ import annotations

import graphene

from shop.account import services

from ...core.auth import refresh_token_from_cookie
from ..types import User
from .base import AccountBaseMutation


class RefreshToken(AccountBaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        csrf_token = graphene.String(
            description="CSRF token required to refresh token. This argument is required when `refreshToken` is provided as a cookie."
        )
        refresh_token = graphene.String(description="Refresh token.")

    class Meta:
        description = (
            "Refresh JWT token. Mutation tries to take refreshToken from the input. If it fails it will try to take "
            "`refreshToken` from the http-only cookie `refreshToken`. `csrfToken` is required when `refreshToken` "
            "is provided as a cookie."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, refresh_token=None, csrf_token=None):
        from_cookie = not refresh_token
        if from_cookie:
            refresh_token = refresh_token_from_cookie(info.context)
        user, access = services.token_refresh(
            refresh_token=refresh_token, csrf_token=csrf_token, from_cookie=from_cookie
        )
        return cls(token=access, user=user)
