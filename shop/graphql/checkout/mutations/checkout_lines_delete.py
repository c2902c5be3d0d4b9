import uuid

import graphene
from django.core.exceptions import ValidationError

from shop.checkout import services
from shop.checkout.error_codes import CheckoutErrorCode

from ...core.ids import from_global_id_or_error
from ...core.mutations import BaseMutation
from ..types import Checkout, CheckoutError
from ..utils import ID_ARGS, checkout_for_update


class CheckoutLinesDelete(BaseMutation):
    checkout = graphene.Field(Checkout, description="An updated checkout.")

    class Arguments:
        lines_ids = graphene.List(graphene.NonNull(graphene.ID), required=True, description="A list of checkout lines.")
        id, token = ID_ARGS["id"], ID_ARGS["token"]

    class Meta:
        description = "Deletes checkout lines."
        error_type_class = CheckoutError

    @classmethod
    def perform_mutation(cls, _root, info, *, lines_ids, **ids):
        checkout = checkout_for_update(info, **ids)
        wanted = {from_global_id_or_error(gid, "CheckoutLine", pk_type=uuid.UUID) for gid in lines_ids}
        lines = list(checkout.lines.filter(pk__in=wanted))
        if len(lines) != len(wanted):
            raise ValidationError({"line_id": ValidationError(
                "Provided line_ids aren't part of checkout.", code=CheckoutErrorCode.INVALID.value,
                params={"lines": sorted(wanted - {line.pk for line in lines})},
            )})
        services.checkout_lines_delete(checkout=checkout, lines=lines)
        return CheckoutLinesDelete(checkout=checkout)
