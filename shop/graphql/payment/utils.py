"""Finding what a payment mutation works on: a checkout or an order, or a transaction."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from graphql_relay import from_global_id

from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.checkout.models import Checkout
from shop.checkout.services import checkout_lock
from shop.order.models import Order
from shop.payment.models import TransactionItem

from ..checkout.utils import can_access
from ..core.errors import InvalidID


def _decode(global_id: str) -> tuple[str, str]:
    try:
        type_name, pk = from_global_id(str(global_id))
    except (ValueError, TypeError, UnicodeDecodeError):
        type_name, pk = "", ""
    if not type_name or not pk:
        raise InvalidID(f"Invalid ID: {global_id}. Expected one of: Checkout, Order.", field="id")
    return type_name, pk


def _can_pay_order(info, order: Order) -> bool:
    """Its customer, staff who manage orders or payments; a guest order opens by its ID (a UUID)."""
    user = info.context.user
    if user_has_permissions(user, [PermissionEnum.MANAGE_ORDERS]) or user_has_permissions(
        user, [PermissionEnum.HANDLE_PAYMENTS]
    ):
        return True
    return order.user_id is None or (user.is_authenticated and user.pk == order.user_id)


def source_from_id(info, global_id, *, invalid_code, not_found_code, lock: bool = False):
    """The checkout or order a payment is for; INVALID for another type, NOT_FOUND when hidden or gone.

    ``lock``: a checkout comes locked (``checkout_lock``), as the service would lock it.
    """
    type_name, pk = _decode(global_id)
    if type_name not in ("Checkout", "Order"):
        raise ValidationError({"id": ValidationError(
            f"Invalid ID: {global_id}. Expected one of: Checkout, Order, received: {type_name}.", code=invalid_code.value)})
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise InvalidID(f"Invalid ID: {global_id}.", field="id")
    if type_name == "Checkout" and lock:
        try:
            source = checkout_lock(token=key)
        except Checkout.DoesNotExist:
            source = None
        visible = source is not None and can_access(info, source)
    elif type_name == "Checkout":
        source = Checkout.objects.select_related("channel").filter(pk=key).first()
        visible = source is not None and can_access(info, source)
    else:
        source = Order.objects.select_related("channel").filter(pk=key).first()
        visible = source is not None and _can_pay_order(info, source)
    if not visible:
        raise ValidationError({"id": ValidationError("`Order` or `Checkout` not found.", code=not_found_code.value)})
    return source


def transaction_from_ids(*, id=None, token=None, code_enum) -> TransactionItem:
    """The transaction named by exactly one of ``id`` / ``token``, or a coded error."""
    if (id is None) == (token is None):
        raise ValidationError({"id": ValidationError(
            "Exactly one of the arguments id, token is required.", code=code_enum.GRAPHQL_ERROR.value)})
    if id is not None:
        type_name, pk = _decode(id)
        try:
            token = uuid.UUID(pk) if type_name == "TransactionItem" else None
        except ValueError:
            token = None
        if token is None:
            raise ValidationError({"id": ValidationError(
                f"Couldn't resolve to a TransactionItem: {id}", code=code_enum.GRAPHQL_ERROR.value)})
    transaction = TransactionItem.objects.filter(token=token).first()
    if transaction is None:
        raise ValidationError({"id": ValidationError("Didn't find the TransactionItem.", code=code_enum.NOT_FOUND.value)})
    return transaction
