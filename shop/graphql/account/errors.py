"""``AccountError``: Saleor's error type of every account mutation."""

from __future__ import annotations

import graphene

from shop.account.error_codes import AccountErrorCode

from ..core.mutations import error_type
from .address_inputs import AddressTypeEnum

AccountError = error_type(
    "AccountError",
    AccountErrorCode,
    address_type=graphene.Field(AddressTypeEnum, description="A type of address that causes the error."),
    attributes=graphene.List(
        graphene.NonNull(graphene.ID), description="List of attributes IDs which causes the error."
    ),
)
