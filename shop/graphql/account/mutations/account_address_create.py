from __future__ import annotations

import graphene

from shop.account import services

from ...core.errors import PermissionDenied
from ...warehouse.types import Address
from ..address_inputs import AddressInput, AddressTypeEnum, clean_address_input
from ..types import User
from .base import AccountBaseMutation, require_user


class AccountAddressCreate(AccountBaseMutation):
    login_required = True
    user = graphene.Field(User, description="A user instance for which the address was created.")
    address = graphene.Field(Address)

    class Arguments:
        customer_id = graphene.ID(
            description="ID of customer the application is impersonating. Apps only: this shop has no apps, so it is refused."
        )
        input = AddressInput(required=True, description="Fields required to create address.")
        type = AddressTypeEnum(
            description=(
                "A type of address. If provided, the new address will be automatically assigned as the "
                "customer's default address of that type."
            )
        )

    class Meta:
        description = (
            "Create a new address for the customer. \n\nRequires one of the following permissions: AUTHENTICATED_USER."
        )

    @classmethod
    def perform_mutation(cls, _root, info, *, input, type=None, customer_id=None):
        if customer_id is not None:
            raise PermissionDenied("Only apps may act for another customer.")
        user = require_user(info)
        data = clean_address_input(info, input, address_type=type)
        address = services.user_address_create(user=user, data=data, address_type=type)
        return cls(user=user, address=address)
