import uuid

import graphene

from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.order.models import Order as OrderModel

from ..core.connection import ConnectionField, paginate
from ..core.errors import PermissionDenied
from ..core.ids import from_global_id_or_error
from .mutations.fulfillment_update_tracking import FulfillmentUpdateTracking
from .mutations.order_cancel import OrderCancel
from .mutations.order_fulfill import OrderFulfill
from .types import Order


def _can_manage(info) -> bool:
    return user_has_permissions(info.context.user, [PermissionEnum.MANAGE_ORDERS])


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(
        Order, id=graphene.ID(description="ID of an order."), external_reference=graphene.String(),
        description="Look up an order by ID: its customer or staff with MANAGE_ORDERS.",
    )
    orders = ConnectionField(
        Order, channel=graphene.String(), search=graphene.String(description="Order number or customer e-mail."),
        description="List of orders. Staff with MANAGE_ORDERS only.",
    )
    order_by_token = graphene.Field(
        Order, token=graphene.UUID(required=True), deprecation_reason="Use the `order` query instead.",
        description="Look up an order by its token (the confirmation page of a guest).",
    )

    @staticmethod
    def resolve_order(_root, info, id=None, external_reference=None):
        if id is None:
            return None
        order = OrderModel.objects.filter(pk=from_global_id_or_error(id, "Order", pk_type=uuid.UUID)).first()
        if order is None:
            return None
        user = info.context.user
        if _can_manage(info) or (user.is_authenticated and order.user_id == user.pk):
            return order
        return None

    @staticmethod
    def resolve_orders(_root, info, channel=None, search=None, **page):
        if not _can_manage(info):
            raise PermissionDenied()
        qs = OrderModel.objects.all()
        if channel:
            qs = qs.filter(channel__slug=channel)
        if search:
            qs = qs.filter(number=int(search)) if search.isdigit() else qs.filter(user_email__icontains=search)
        return paginate(qs, info, sort_fields=["number"], descending=True, name="orders", **page)

    @staticmethod
    def resolve_order_by_token(_root, _info, token):
        return OrderModel.objects.filter(pk=token).first()


class OrderMutations(graphene.ObjectType):
    order_fulfill = OrderFulfill.Field()
    order_cancel = OrderCancel.Field()
    order_fulfillment_update_tracking = FulfillmentUpdateTracking.Field()
