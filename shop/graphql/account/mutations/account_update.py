from __future__ import annotations

import graphene

from shop.account import services
from shop.account.addresses import AddressType

from ...core.errors import PermissionDenied
from ...core.types import LanguageCodeEnum, MetadataInput, metadata_from_input
from ..address_inputs import AddressInput, clean_address_input
from ..types import User, language_code_from_enum
from .base import AccountBaseMutation, require_user


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    default_billing_address = AddressInput(description="Billing address of the customer.")
    default_shipping_address = AddressInput(description="Shipping address of the customer.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Fields required to update the user metadata.")

    class Meta:
        description = "Fields required to update the user."


class AccountUpdate(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User)

    class Arguments:
        customer_id = graphene.ID(
            description="ID of customer the application is impersonating. Apps only: this shop has no apps, so it is refused."
        )
        input = AccountInput(required=True, description="Fields required to update the account of the logged-in user.")

    class Meta:
        description = (
            "Updates the account of the logged-in user. \n\nRequires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def clean_input(cls, info, data: dict) -> dict:
        cleaned = {}
        for name in ("first_name", "last_name"):
            if data.get(name) is not None:  # left out or null: kept
                cleaned[name] = data[name]
        if data.get("language_code"):
            cleaned["language_code"] = language_code_from_enum(data["language_code"])
        if data.get("metadata") is not None:
            cleaned["metadata"] = metadata_from_input(data["metadata"])
        for address_type in (AddressType.BILLING.value, AddressType.SHIPPING.value):
            address = data.get(f"default_{address_type}_address")
            if address is not None:
                cleaned[f"default_{address_type}_address"] = clean_address_input(
                    info, address, address_type=address_type
                )
        return cleaned

    @classmethod
    def perform_mutation(cls, _root, info, *, input, customer_id=None):
        if customer_id is not None:
            raise PermissionDenied("Only apps may act for another customer.")
        user = require_user(info)
        return cls(user=services.account_update(user=user, data=cls.clean_input(info, input)))
