from __future__ import annotations

import graphene

from shop.account import services

from ...core.auth import remember_refresh_token
from ..types import User
from .base import AccountBaseMutation


class SetPassword(AccountBaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token, required to re-generate access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")
        token = graphene.String(required=True, description="A one-time token required to set the password.")

    class Meta:
        description = (
            "Sets the user's password from the token sent by email using the RequestPasswordReset mutation. "
            "Logs the user in; tokens issued before stop working."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, email, password, token):
        user, tokens = services.password_set(email=email, token=token, password=password)
        remember_refresh_token(info.context, tokens.refresh)
        return cls(token=tokens.access, refresh_token=tokens.refresh, csrf_token=tokens.csrf, user=user)
