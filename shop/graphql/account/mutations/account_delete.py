from __future__ import annotations

import graphene

from shop.account import services

from ..types import User
from .base import AccountBaseMutation, require_user


class AccountDelete(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User)

    class Arguments:
        token = graphene.String(
            required=True,
            description="A one-time token required to remove account. Sent by email using AccountRequestDeletion mutation.",
        )

    class Meta:
        description = (
            "Remove user account, with its saved addresses. \n\nRequires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, token):
        return cls(user=services.account_delete(user=require_user(info), token=token))
