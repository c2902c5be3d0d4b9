from __future__ import annotations

import graphene

from shop.account import services
from shop.account.addresses import address_as_data

from ...warehouse.types import Address
from ..address_inputs import AddressInput, clean_address_input
from ..types import User
from .base import AccountBaseMutation, own_address, require_user


class AccountAddressUpdate(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User, description="A user object for which the address was edited.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields required to update the address.")

    class Meta:
        description = (
            "Updates an address of the logged-in user. Fields left out keep their values; the address as a "
            "whole is validated again. Another user's address is NOT_FOUND."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        user = require_user(info)
        address = own_address(user, id)
        # Fields left out (or null) keep their values; "" clears one.
        given = {key: value for key, value in input.items() if value is not None}
        data = clean_address_input(info, {**address_as_data(address), **given})
        address = services.user_address_update(user=user, address=address, data=data)
        return cls(user=user, address=address)
