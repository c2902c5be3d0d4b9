from __future__ import annotations

import graphene
from graphene.types.generic import GenericScalar

from shop.account import services

from ..types import User
from .base import AccountBaseMutation


class VerifyToken(AccountBaseMutation):
    user = graphene.Field(User, description="User assigned to token.")
    is_valid = graphene.Boolean(required=True, default_value=False, description="Determine if token is valid or not.")
    payload = GenericScalar(description="JWT payload.")

    class Arguments:
        token = graphene.String(required=True, description="JWT token to validate.")

    class Meta:
        description = "Verify JWT token."

    @classmethod
    def perform_mutation(cls, _root, _info, *, token):
        payload, user = services.token_verify(token=token)
        return cls(user=user, is_valid=True, payload=payload)

    @classmethod
    def error_response(cls, error):
        response = super().error_response(error)
        response.is_valid = False
        return response
