import uuid

import graphene
from django.core.exceptions import ValidationError

from shop.checkout import services
from shop.checkout.error_codes import CheckoutErrorCode

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, CheckoutLineUpdateInput, checkout_for_update, variant_pk


class CheckoutLinesUpdate(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        lines = graphene.List(graphene.NonNull(CheckoutLineUpdateInput), required=True, description="A list of checkout lines.")
        id, token, checkout_id = ID_ARGS["id"], ID_ARGS["token"], ID_ARGS["checkout_id"]

    class Meta:
        description = "Sets the quantity of checkout lines; 0 removes a line."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, lines, **ids):
        checkout = checkout_for_update(info, **ids)
        existing = {line.pk: line for line in checkout.lines.all()}
        by_variant = {line.variant_id: line for line in existing.values()}
        updates = []
        for item in lines:
            if item.get("line_id"):
                line = existing.get(from_global_id_or_error(item["line_id"], "CheckoutLine", pk_type=uuid.UUID))
            elif item.get("variant_id"):
                line = by_variant.get(variant_pk(item["variant_id"]))
            else:
                raise ValidationError({"line_id": ValidationError("Provide `lineId`.", code=CheckoutErrorCode.REQUIRED.value)})
            if line is None:
                raise ValidationError({"line_id": ValidationError("Couldn't resolve to a line.", code=CheckoutErrorCode.NOT_FOUND.value)})
            quantity = item.get("quantity")
            if quantity is None or quantity < 0:
                raise ValidationError({"quantity": ValidationError(
                    "The quantity should be zero or more.", code=CheckoutErrorCode.INVALID.value,
                    params={"lines": [line.pk]},
                )})
            updates.append((line, quantity))
        services.checkout_lines_update(checkout=checkout, updates=updates)
        return CheckoutLinesUpdate(checkout=checkout)
