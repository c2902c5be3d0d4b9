import graphene
from django.core.exceptions import ValidationError

from shop.account.permissions import PermissionEnum
from shop.order import services
from shop.order.models import Fulfillment as FulfillmentModel

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..errors import OrderError
from ..types import Fulfillment, Order


class FulfillmentUpdateTrackingInput(graphene.InputObjectType):
    tracking_number = graphene.String(description="Fulfillment tracking number.")
    notify_customer = graphene.Boolean(default_value=False, description="If true, send an email notification to the customer.")


class FulfillmentUpdateTracking(BaseMutation):
    fulfillment = graphene.Field(Fulfillment, description="A fulfillment with updated tracking.")
    order = graphene.Field(Order, description="Order for which fulfillment was updated.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of a fulfillment to update.")
        input = FulfillmentUpdateTrackingInput(required=True, description="Fields required to update a fulfillment.")

    class Meta:
        description = "Updates a fulfillment's tracking number."
        error_type_class = OrderError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        fulfillment = FulfillmentModel.objects.select_related("order").filter(pk=from_global_id_or_error(id, "Fulfillment")).first()
        if fulfillment is None:
            raise ValidationError({"id": ValidationError("Couldn't resolve to a fulfillment.", code="NOT_FOUND")})
        services.fulfillment_tracking_update(
            fulfillment=fulfillment, tracking_number=input.get("tracking_number") or "", user=info.context.user
        )
        return cls(fulfillment=fulfillment, order=fulfillment.order)
