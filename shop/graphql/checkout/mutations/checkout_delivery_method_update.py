import graphene
from django.core.exceptions import ValidationError

from shop.checkout.delivery import checkout_delivery_method_update
from shop.checkout.error_codes import CheckoutErrorCode

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import checkout_for_update


class CheckoutDeliveryMethodUpdate(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.", description="Checkout token.")
        delivery_method_id = graphene.ID(description="Delivery method ID (a shipping method); null clears it.")

    class Meta:
        description = "Updates the delivery method (shipping method) of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, delivery_method_id=None, id=None, token=None):
        checkout = checkout_for_update(info, id=id, token=token)
        method_id = None
        if delivery_method_id is not None:
            try:
                method_id = from_global_id_or_error(delivery_method_id, "ShippingMethod")
            except Exception:
                raise ValidationError({"delivery_method_id": ValidationError(
                    "This delivery method does not exist.", code=CheckoutErrorCode.NOT_FOUND.value)})
        checkout_delivery_method_update(checkout=checkout, method_id=method_id)
        return cls(checkout=checkout)
