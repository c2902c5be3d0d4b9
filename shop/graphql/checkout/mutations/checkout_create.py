import graphene

from shop.checkout import services

from ...account.address_inputs import AddressInput, clean_address_input
from ...channel.types import resolve_channel
from ...core.mutations import BaseMutation
from ...core.types import LanguageCodeEnum, language_code_to_django
from ..types import Checkout, CheckoutError
from ..utils import CheckoutLineInput, line_inputs


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout.")
    lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True, description="A list of checkout lines.")
    email = graphene.String(description="The customer's email address.")
    shipping_address = graphene.Field(AddressInput, description="The mailing address to where the checkout will be shipped.")
    billing_address = graphene.Field(AddressInput, description="Billing address of the customer.")
    language_code = graphene.Argument(LanguageCodeEnum, description="Checkout language code.")


class CheckoutCreate(BaseMutation):
    checkout = graphene.Field(Checkout)
    created = graphene.Boolean(deprecation_reason="Always returns `true`.")

    class Arguments:
        input = CheckoutCreateInput(required=True, description="Fields required to create checkout.")

    class Meta:
        description = "Create a new checkout."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        channel = resolve_channel(info, input.get("channel"))
        user = info.context.user if info.context.user.is_authenticated else None
        addresses = {
            kind: clean_address_input(info, input[f"{kind}_address"], address_type=kind)
            for kind in ("shipping", "billing")
            if input.get(f"{kind}_address")
        }
        checkout = services.checkout_create(
            channel=channel, user=user, email=input.get("email"), lines=line_inputs(input["lines"]),
            language_code=language_code_to_django(input.get("language_code") or "TH"),
        )
        for kind, data in addresses.items():
            services.checkout_address_update(checkout=checkout, kind=kind, data=data)
        return CheckoutCreate(checkout=checkout, created=True)
