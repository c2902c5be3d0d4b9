"""checkoutAddPromoCode and checkoutRemovePromoCode."""

import graphene

from shop.checkout import services

from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class CheckoutAddPromoCode(BaseMutation):
    checkout = graphene.Field(Checkout, description="The checkout with the added gift card or voucher.")

    class Arguments:
        promo_code = graphene.String(required=True, description="Gift card code or voucher code.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Adds a voucher code to the checkout (percentage or fixed amount off, per channel)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, promo_code, **ids):
        checkout = checkout_for_update(info, **ids)
        services.checkout_add_promo_code(checkout=checkout, code=promo_code)
        return cls(checkout=checkout)


class CheckoutRemovePromoCode(BaseMutation):
    checkout = graphene.Field(Checkout, description="The checkout with the removed voucher.")

    class Arguments:
        promo_code = graphene.String(description="Voucher code to remove.")
        promo_code_id = graphene.ID(description="Gift card or voucher ID.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Removes the voucher code from the checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, promo_code=None, promo_code_id=None, **ids):
        checkout = checkout_for_update(info, **ids)
        services.checkout_remove_promo_code(checkout=checkout, code=promo_code)
        return cls(checkout=checkout)
