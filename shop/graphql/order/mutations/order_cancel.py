import uuid

import graphene
from django.core.exceptions import ValidationError

from shop.account.permissions import PermissionEnum
from shop.order import services
from shop.order.models import Order as OrderModel

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..errors import OrderError
from ..types import Order


class OrderCancel(BaseMutation):
    order = graphene.Field(Order, description="Canceled order.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the order to cancel.")

    class Meta:
        description = "Cancel an order that has not shipped; its stock is released."
        error_type_class = OrderError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        order_id = from_global_id_or_error(id, "Order", pk_type=uuid.UUID)
        if not OrderModel.objects.filter(pk=order_id).exists():
            raise ValidationError({"id": ValidationError("Couldn't resolve to an order.", code="NOT_FOUND")})
        return cls(order=services.order_cancel(order_id=order_id, user=info.context.user))
