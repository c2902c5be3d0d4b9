import graphene

from shop.checkout import services

from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, CheckoutLineInput, checkout_for_update, line_inputs


class CheckoutLinesAdd(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        lines = graphene.List(graphene.NonNull(CheckoutLineInput), required=True, description="A list of checkout lines.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Adds a checkout line to the existing checkout. If line was already in checkout, its quantity will be increased."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, lines, **ids):
        checkout = checkout_for_update(info, **ids)
        services.checkout_lines_add(checkout=checkout, lines=line_inputs(lines))
        return CheckoutLinesAdd(checkout=checkout)
