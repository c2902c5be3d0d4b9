"""checkoutCustomerAttach and checkoutCustomerDetach."""

import graphene
from django.core.exceptions import ValidationError

from shop.checkout import services
from shop.checkout.error_codes import CheckoutErrorCode

from ...core.errors import PermissionDenied
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class CheckoutCustomerAttach(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        customer_id = graphene.ID(description="ID of customer to attach to checkout. Staff only; others attach themselves.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Sets the customer as the owner of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, customer_id=None, **ids):
        user = info.context.user
        if not user.is_authenticated:
            raise PermissionDenied("Log in to attach a checkout to your account.")
        if customer_id is not None:
            # Attaching someone else needs staff rights (Saleor: IMPERSONATE_USER); shoppers attach themselves.
            raise PermissionDenied("Only the customer can attach a checkout to their account.")
        checkout = checkout_for_update(info, **ids)
        if checkout.user_id not in (None, user.pk):
            raise ValidationError({"customer_id": ValidationError(
                "Checkout is assigned to another customer.", code=CheckoutErrorCode.INVALID.value
            )})
        services.checkout_customer_attach(checkout=checkout, user=user)
        return cls(checkout=checkout)


class CheckoutCustomerDetach(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Removes the user assigned as the owner of the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, **ids):
        if not info.context.user.is_authenticated:
            raise PermissionDenied()
        checkout = checkout_for_update(info, **ids)
        services.checkout_customer_detach(checkout=checkout)
        return cls(checkout=checkout)
