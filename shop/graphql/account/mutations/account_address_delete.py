from __future__ import annotations

import graphene

from shop.account import services

from ...warehouse.types import Address
from ..types import User
from .base import AccountBaseMutation, own_address, require_user


class AccountAddressDelete(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User, description="A user instance for which the address was deleted.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    class Meta:
        description = "Deletes an address of the logged-in user. Another user's address is NOT_FOUND."

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        user = require_user(info)
        address = own_address(user, id)
        services.user_address_delete(user=user, address=address)
        return cls(user=user, address=address)
