from __future__ import annotations

import graphene

from shop.account import services

from ...core.types import LanguageCodeEnum, MetadataInput, metadata_from_input
from ..types import User, language_code_from_enum
from .base import AccountBaseMutation


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    email = graphene.String(required=True, description="The email address of the user.")
    password = graphene.String(required=True, description="Password.")
    redirect_url = graphene.String(
        description="Base of frontend URL that will be needed to create confirmation URL. Required when account confirmation is on."
    )
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="User public metadata.")
    channel = graphene.String(
        description="Slug of a channel which will be used to notify users. Optional when only one channel exists."
    )

    class Meta:
        description = "Fields required to create a user."


class AccountRegister(AccountBaseMutation):
    user = graphene.Field(
        User,
        deprecation_reason=(
            "The field always returns a `User` object constructed from the input data. The `user.id` is always "
            "empty. To determine whether the user exists in Saleor, query via an external app with the required "
            "permissions."
        ),
    )
    requires_confirmation = graphene.Boolean(description="Informs whether users need to confirm their email address.")

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a user.")

    class Meta:
        description = (
            "Register a new user. The answer is the same whether the email address already has an account; "
            "with account confirmation on, an email with a confirmation link is sent (Thai and/or English)."
        )

    @classmethod
    def perform_mutation(cls, _root, _info, *, input):
        registration = services.account_register(
            email=input["email"],
            password=input["password"],
            first_name=input.get("first_name") or "",
            last_name=input.get("last_name") or "",
            language_code=language_code_from_enum(input.get("language_code")),
            redirect_url=input.get("redirect_url"),
            channel_slug=input.get("channel"),
            metadata=metadata_from_input(input.get("metadata")),
        )
        return cls(user=registration.user, requires_confirmation=registration.requires_confirmation)
