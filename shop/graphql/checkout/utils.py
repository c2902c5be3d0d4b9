"""Finding the checkout a mutation works on, and reading line inputs."""

from __future__ import annotations

import uuid

import graphene
from django.core.exceptions import ValidationError

from shop.checkout import services
from shop.checkout.error_codes import CheckoutErrorCode
from shop.checkout.models import Checkout

from ..core.context import is_staff
from ..core.ids import from_global_id_or_error
from ..core.types import MetadataInput

ID_ARGS = {
    "id": graphene.ID(description="The checkout's ID."),
    "token": graphene.UUID(deprecation_reason="Use `id` instead.", description="Checkout token."),
    "checkout_id": graphene.ID(deprecation_reason="Use `id` instead.", description="The ID of the checkout."),
}


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    variant_id = graphene.ID(required=True, description="ID of the product variant.")
    force_new_line = graphene.Boolean(default_value=False, description="Add the line separately even if the variant is already in the checkout.")
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="Fields required to update the object's metadata.")


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(description="The number of items purchased. Optional for apps, required for any other users.")
    line_id = graphene.ID(description="ID of the line.")


def not_found(field: str = "id") -> ValidationError:
    return ValidationError({field: ValidationError("Couldn't resolve to a node.", code=CheckoutErrorCode.NOT_FOUND.value)})


def checkout_token_from(*, id=None, token=None, checkout_id=None):
    raw = id or checkout_id
    if raw is not None:
        return from_global_id_or_error(raw, "Checkout", pk_type=uuid.UUID)
    if token is not None:
        return token
    raise ValidationError({"id": ValidationError("Provide the checkout's `id`.", code=CheckoutErrorCode.REQUIRED.value)})


def can_access(info, checkout: Checkout) -> bool:
    """A checkout's token is its key; one that belongs to a customer opens only for them (or staff)."""
    if checkout.user_id is None or is_staff(info):
        return True
    user = info.context.user
    return user.is_authenticated and user.pk == checkout.user_id


def checkout_for_update(info, **ids) -> Checkout:
    """Lock and return the checkout named by the arguments, or NOT_FOUND on ``id``."""
    try:
        checkout = services.checkout_lock(token=checkout_token_from(**ids))
    except Checkout.DoesNotExist:
        raise not_found()
    if not can_access(info, checkout):
        raise not_found()
    return checkout


def variant_pk(global_id) -> int:
    try:
        return from_global_id_or_error(global_id, "ProductVariant")
    except Exception:
        raise ValidationError(
            {"variant_id": ValidationError(f"Couldn't resolve to a variant: {global_id}", code=CheckoutErrorCode.GRAPHQL_ERROR.value)}
        )


def line_inputs(lines) -> list[services.LineInput]:
    return [
        services.LineInput(
            variant_id=variant_pk(line["variant_id"]), quantity=line["quantity"],
            force_new_line=bool(line.get("force_new_line")),
        )
        for line in lines
    ]
