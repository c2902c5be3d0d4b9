"""checkoutShippingAddressUpdate and checkoutBillingAddressUpdate."""

import graphene

from shop.checkout import services

from ...account.address_inputs import AddressInput, clean_address_input
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class CheckoutShippingAddressUpdate(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        shipping_address = AddressInput(required=True, description="The mailing address to where the checkout will be shipped.")
        save_address = graphene.Boolean(default_value=True, description="Indicates whether the address should be saved to the user's address book.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Update shipping address in the existing checkout (validated against Thailand's provinces, districts and postcodes)."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, shipping_address, save_address=True, **ids):
        checkout = checkout_for_update(info, **ids)
        data = clean_address_input(info, shipping_address, address_type="shipping")
        services.checkout_address_update(checkout=checkout, kind="shipping", data=data)
        return cls(checkout=checkout)


class CheckoutBillingAddressUpdate(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        billing_address = AddressInput(required=True, description="The billing address of the checkout.")
        save_address = graphene.Boolean(default_value=True, description="Indicates whether the address should be saved to the user's address book.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Update billing address in the existing checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, billing_address, save_address=True, **ids):
        checkout = checkout_for_update(info, **ids)
        data = clean_address_input(info, billing_address, address_type="billing")
        services.checkout_address_update(checkout=checkout, kind="billing", data=data)
        return cls(checkout=checkout)
