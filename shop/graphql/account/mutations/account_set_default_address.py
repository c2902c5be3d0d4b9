from __future__ import annotations

import graphene

from shop.account import services

from ..address_inputs import AddressTypeEnum
from ..types import User
from .base import AccountBaseMutation, own_address, require_user


class AccountSetDefaultAddress(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User, description="An updated user instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = AddressTypeEnum(required=True, description="The type of address.")

    class Meta:
        description = (
            "Sets a default address for the authenticated user. \n\n"
            "Requires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, id, type):
        user = require_user(info)
        address = own_address(user, id)
        return cls(user=services.user_default_address_set(user=user, address=address, address_type=type))
