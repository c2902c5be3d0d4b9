from __future__ import annotations

import graphene

from shop.account import services

from .base import AccountBaseMutation, require_user


class AccountRequestDeletion(AccountBaseMutation):
    login_required = True

    class Arguments:
        channel = graphene.String(
            description="Slug of a channel which will be used to notify users. Optional when only one channel exists."
        )
        redirect_url = graphene.String(
            required=True,
            description="URL of a view where users should be redirected to delete their account. URL in RFC 1808 format.",
        )

    class Meta:
        description = (
            "Sends an email with the account removal link for the logged-in user. \n\n"
            "Requires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, redirect_url, channel=None):
        services.account_deletion_request(user=require_user(info), redirect_url=redirect_url, channel_slug=channel)
        return cls()
