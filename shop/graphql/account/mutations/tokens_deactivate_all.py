from __future__ import annotations

from shop.account import services

from .base import AccountBaseMutation, require_user


class DeactivateAllUserTokens(AccountBaseMutation):
    login_required = True

    class Meta:
        description = (
            "Deactivate all JWT tokens of the currently authenticated user. \n\n"
            "Requires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def perform_mutation(cls, _root, info):
        services.user_tokens_deactivate(user=require_user(info))
        return cls()
