import graphene

from shop.checkout import services

from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class CheckoutEmailUpdate(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        email = graphene.String(required=True, description="email.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Updates email address in the existing checkout object."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, email, **ids):
        checkout = checkout_for_update(info, **ids)
        services.checkout_email_update(checkout=checkout, email=email)
        return CheckoutEmailUpdate(checkout=checkout)
