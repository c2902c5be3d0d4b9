import graphene

from shop.order.error_codes import OrderErrorCode

from ..account.address_inputs import AddressTypeEnum
from ..core.mutations import error_type

OrderError = error_type(
    "OrderError",
    OrderErrorCode,
    warehouse=graphene.ID(description="Warehouse ID which causes the error."),
    order_lines=graphene.List(graphene.NonNull(graphene.ID), description="List of order line IDs that cause the error."),
    variants=graphene.List(graphene.NonNull(graphene.ID), description="List of product variants that are associated with the error"),
    address_type=graphene.Field(AddressTypeEnum, description="A type of address that causes the error."),
)
