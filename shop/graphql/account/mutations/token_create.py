from __future__ import annotations

import graphene

from shop.account import services

from ...core.auth import client_ip, remember_refresh_token
from ..types import User
from .base import AccountBaseMutation


class CreateToken(AccountBaseMutation):
    token = graphene.String(description="JWT token, required to authenticate.")
    refresh_token = graphene.String(description="JWT refresh token, required to re-generate access token.")
    csrf_token = graphene.String(description="CSRF token required to re-generate access token.")
    user = graphene.Field(User, description="A user instance.")

    class Arguments:
        audience = graphene.String(description="The audience that will be included to JWT tokens with prefix `custom:`.")
        email = graphene.String(required=True, description="Email of a user.")
        password = graphene.String(required=True, description="Password of a user.")

    class Meta:
        description = (
            "Create JWT token. After too many failed attempts for one email or from one IP address, "
            "logins are refused with LOGIN_ATTEMPT_DELAYED for a while."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, email, password, audience=None):
        user, tokens = services.token_create(
            email=email, password=password, ip=client_ip(info.context), audience=audience
        )
        remember_refresh_token(info.context, tokens.refresh)
        return cls(token=tokens.access, refresh_token=tokens.refresh, csrf_token=tokens.csrf, user=user)
