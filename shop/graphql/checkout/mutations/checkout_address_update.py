"""checkoutShippingAddressUpdate and checkoutBillingAddressUpdate: one behaviour, two names."""

import graphene

from shop.checkout import services

from ...account.address_inputs import AddressInput, clean_address_input
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class _CheckoutAddressUpdate(BaseMutation):
    """Validates the address (Thai provinces, districts, subdistricts, postcodes) and stores it."""

    checkout = graphene.Field(Checkout, description="An updated checkout.")
    kind = ""  # "shipping" or "billing"

    class Meta:
        abstract = True

    @classmethod
    def perform_mutation(cls, _root, info, *, save_address=True, **data):
        address = data.pop(f"{cls.kind}_address")
        checkout = checkout_for_update(info, **data)
        cleaned = clean_address_input(info, address, address_type=cls.kind)
        services.checkout_address_update(checkout=checkout, kind=cls.kind, data=cleaned, save=save_address)
        return cls(checkout=checkout)


class CheckoutShippingAddressUpdate(_CheckoutAddressUpdate):
    kind = "shipping"

    class Arguments:
        shipping_address = AddressInput(required=True, description="The mailing address to where the checkout will be shipped.")
        save_address = graphene.Boolean(default_value=True, description="Indicates whether the address should be saved to the user's address book.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Update shipping address in the existing checkout (validated against Thailand's provinces, districts and postcodes)."
        error_type_class = CheckoutError


class CheckoutBillingAddressUpdate(_CheckoutAddressUpdate):
    kind = "billing"

    class Arguments:
        billing_address = AddressInput(required=True, description="The billing address of the checkout.")
        save_address = graphene.Boolean(default_value=True, description="Indicates whether the address should be saved to the user's address book.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Update billing address in the existing checkout."
        error_type_class = CheckoutError
