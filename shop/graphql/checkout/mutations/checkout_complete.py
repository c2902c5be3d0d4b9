import graphene

from shop.checkout.complete import checkout_complete
from shop.checkout.models import Checkout as CheckoutModel
from shop.checkout.services import checkout_lock
from shop.order.models import Order as OrderModel

from ...core.mutations import BaseMutation
from ...core.types import MetadataInput
from ...order.types import Order
from ..types import CheckoutError
from ..utils import ID_ARGS, can_access, checkout_token_from, not_found


class CheckoutComplete(BaseMutation):
    order = graphene.Field(Order, description="Placed order.")
    confirmation_needed = graphene.Boolean(required=True, description="Set to true if payment needs to be confirmed before checkout is complete.")
    confirmation_data = graphene.JSONString(description="Confirmation data used to process additional authorization steps.")

    class Arguments:
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]
        payment_data = graphene.JSONString(description="Client-side generated data required to finalize the payment.")
        redirect_url = graphene.String(description="URL of a view where users should be redirected to see the order details.")
        metadata = graphene.List(graphene.NonNull(MetadataInput), description="Fields required to update the checkout metadata.")
        store_source = graphene.Boolean(default_value=False, deprecation_reason="Use checkoutPaymentCreate for this action.")

    class Meta:
        description = "Completes the checkout: allocates stock and places the order. Repeating it returns the same order."
        error_type_class = CheckoutError

    @staticmethod
    def resolve_confirmation_needed(root, _info):
        return bool(root.confirmation_needed)

    @classmethod
    def perform_mutation(cls, _root, info, *, redirect_url=None, metadata=None, payment_data=None, store_source=False, **ids):
        token = checkout_token_from(**ids)
        try:
            checkout = checkout_lock(token=token)
        except CheckoutModel.DoesNotExist:
            # Completed already (the checkout is deleted in the transaction that places its
            # order), maybe by a concurrent request that held the lock first: the same order.
            order = OrderModel.objects.filter(checkout_token=token).first()
            if order is not None:
                return cls(order=order, confirmation_needed=False)
            raise not_found()
        if not can_access(info, checkout):
            raise not_found()
        user = info.context.user if info.context.user.is_authenticated else None
        order = checkout_complete(
            checkout=checkout, user=user, amounts_from_transactions=True, redirect_url=redirect_url or "",
        )
        return cls(order=order, confirmation_needed=False)
