from __future__ import annotations

import graphene

from shop.account import services

from .base import AccountBaseMutation


class RequestPasswordReset(AccountBaseMutation):
    class Arguments:
        channel = graphene.String(description="Slug of a channel which will be used for notify user. Optional when only one channel exists.")
        email = graphene.String(required=True, description="Email of the user that will be used for password recovery.")
        redirect_url = graphene.String(
            required=True,
            description="URL of a view where users should be redirected to reset the password. URL in RFC 1808 format.",
        )

    class Meta:
        description = (
            "Sends an email with the account password modification link. The answer is the same whether "
            "the email address has an account or not."
        )

    @classmethod
    def perform_mutation(cls, _root, _info, *, email, redirect_url, channel=None):
        services.password_reset_request(email=email, redirect_url=redirect_url, channel_slug=channel)
        return cls()
