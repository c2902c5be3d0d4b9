import uuid

import graphene

from shop.account.permissions import PermissionEnum
from shop.order import services
from shop.order.models import Order as OrderModel

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..errors import OrderError
from ..types import Fulfillment, Order


class OrderFulfillStockInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of line items to be fulfilled from given warehouse.")
    warehouse = graphene.ID(required=True, description="ID of the warehouse from which the item will be fulfilled.")


class OrderFulfillLineInput(graphene.InputObjectType):
    order_line_id = graphene.ID(description="The ID of the order line.")
    stocks = graphene.List(graphene.NonNull(OrderFulfillStockInput), required=True, description="List of stock items to create.")


class OrderFulfillInput(graphene.InputObjectType):
    lines = graphene.List(graphene.NonNull(OrderFulfillLineInput), required=True, description="List of items informing how to fulfill the order.")
    notify_customer = graphene.Boolean(description="If true, send an email notification to the customer.")
    allow_stock_to_be_exceeded = graphene.Boolean(default_value=False, description="If true, then allow proceed fulfillment when stock is exceeded.")
    tracking_number = graphene.String(description="Fulfillment tracking number.")


class OrderFulfill(BaseMutation):
    fulfillments = graphene.List(graphene.NonNull(Fulfillment), description="List of created fulfillments.")
    order = graphene.Field(Order, description="Fulfilled order.")

    class Arguments:
        order = graphene.ID(description="ID of the order to be fulfilled.")
        input = OrderFulfillInput(required=True, description="Fields required to create a fulfillment.")

    class Meta:
        description = "Creates new fulfillments for an order: items leave the given warehouses."
        error_type_class = OrderError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, _info, *, input, order=None):
        order_id = from_global_id_or_error(order, "Order", pk_type=uuid.UUID)
        if not OrderModel.objects.filter(pk=order_id).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError({"order": ValidationError("Couldn't resolve to an order.", code="NOT_FOUND")})
        lines = [
            services.FulfillLine(
                order_line_id=from_global_id_or_error(line["order_line_id"], "OrderLine", pk_type=uuid.UUID),
                warehouse_id=from_global_id_or_error(stock["warehouse"], "Warehouse"),
                quantity=stock["quantity"],
            )
            for line in input["lines"]
            for stock in line["stocks"]
        ]
        fulfillment = services.order_fulfill(
            order_id=order_id, lines=lines, tracking_number=input.get("tracking_number") or "", user=_info.context.user
        )
        return cls(fulfillments=[fulfillment], order=fulfillment.order)
