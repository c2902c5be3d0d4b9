from __future__ import annotations

import graphene

from shop.account import services

from ..types import User
from .base import AccountBaseMutation


class ConfirmAccount(AccountBaseMutation):
    user = graphene.Field(User, description="An activated user account.")

    class Arguments:
        email = graphene.String(required=True, description="E-mail of the user performing account confirmation.")
        password = graphene.String(description="Password of the user confirming their account. Not used by this shop.")
        token = graphene.String(required=True, description="A one-time token required to confirm the account.")

    class Meta:
        description = "Confirm user account with token sent by email during registration."

    @classmethod
    def perform_mutation(cls, _root, _info, *, email, token, password=None):
        return cls(user=services.account_confirm(email=email, token=token))
