import uuid
from enum import Enum

import graphene

from shop.checkout.models import Checkout as CheckoutModel

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation, error_type
from ..types import Delivery, pricing_of
from ..utils import can_access


class DeliveryOptionsCalculateErrorCode(Enum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"


DeliveryOptionsCalculateError = error_type("DeliveryOptionsCalculateError", DeliveryOptionsCalculateErrorCode)


class DeliveryOptionsCalculate(BaseMutation):
    deliveries = graphene.List(graphene.NonNull(Delivery), required=True, description="List of the available deliveries.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the checkout.")

    class Meta:
        description = "Calculates available delivery options for a checkout, each priced for it."
        error_type_class = DeliveryOptionsCalculateError

    @staticmethod
    def resolve_deliveries(root, _info):
        return root.deliveries or []

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        from django.core.exceptions import ValidationError

        token = from_global_id_or_error(id, "Checkout", pk_type=uuid.UUID)
        checkout = CheckoutModel.objects.select_related("channel", "shipping_address").filter(pk=token).first()
        if checkout is None or not can_access(info, checkout):
            raise ValidationError({"id": ValidationError("Couldn't resolve to a checkout.", code="NOT_FOUND")})
        return cls(deliveries=pricing_of(checkout).options)
