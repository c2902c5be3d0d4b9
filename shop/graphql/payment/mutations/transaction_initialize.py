import ipaddress

import graphene
from django.core.exceptions import ValidationError

from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.payment.error_codes import TransactionInitializeErrorCode
from shop.payment.sessions import transaction_initialize

from ...core.auth import client_ip
from ...core.errors import PermissionDenied
from ...core.mutations import BaseMutation
from ..errors import TransactionInitializeError
from ..scalars import JSON, PositiveDecimal
from ..types import (
    PaymentGatewayToInitialize,
    TransactionEvent,
    TransactionFlowStrategyEnum,
    TransactionItem,
)
from ..utils import source_from_id

IDEMPOTENCY_KEY_MAX_LENGTH = 512


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=TransactionInitializeErrorCode.INVALID.value)})


def clean_idempotency_key(key):
    if key is not None and not key:
        raise _invalid("idempotency_key", "Cannot be provided as an empty string.")
    if key is not None and len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise _invalid("idempotency_key", f"Must be at most {IDEMPOTENCY_KEY_MAX_LENGTH} characters.")
    return key


def clean_customer_ip_address(info, address, *, code) -> str | None:
    """The shopper's IP as the request shows it; only payment staff may name another (Saleor: apps)."""
    if address is None:
        return client_ip(info.context)
    if not user_has_permissions(info.context.user, [PermissionEnum.HANDLE_PAYMENTS]):
        raise PermissionDenied(f"You need one of the following permissions: {PermissionEnum.HANDLE_PAYMENTS}")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        raise ValidationError({"customer_ip_address": ValidationError("Invalid IP address.", code=code.value)})


class TransactionInitialize(BaseMutation):
    transaction = graphene.Field(TransactionItem, description="The initialized transaction.")
    transaction_event = graphene.Field(TransactionEvent, description="The event created for the initialized transaction.")
    data = graphene.Field(JSON, description="The JSON data required to finalize the payment (Stripe: the PaymentIntent's client secret).")

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = PositiveDecimal(
            description="The amount requested for initializing the payment gateway. If not provided, the difference "
            "between checkout.total - transactions that are already processed will be send."
        )
        idempotency_key = graphene.String(
            description="The idempotency key assigned to the action: a repeat with the same key returns the same "
            "transaction and never starts a second payment. If not provided, one is generated. If empty string "
            "provided, INVALID error code will be raised."
        )
        action = graphene.Argument(
            TransactionFlowStrategyEnum,
            description="The expected action called for the transaction; CHARGE by default. The field can be used "
            "only by staff with `HANDLE_PAYMENTS` permission.",
        )
        customer_ip_address = graphene.String(
            description="The customer's IP address; taken from the request when not provided. The field can be used "
            "only by staff with `HANDLE_PAYMENTS` permission."
        )
        payment_gateway = PaymentGatewayToInitialize(required=True, description="Payment gateway used to initialize the transaction.")

    class Meta:
        description = (
            "Initializes a transaction session with a payment gateway (Stripe: creates the PaymentIntent, card or "
            "PromptPay, and answers its client secret in `data`). There is a limit of 100 transaction items per "
            "checkout / order."
        )
        error_type_class = TransactionInitializeError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, payment_gateway, amount=None, idempotency_key=None, action=None,
                         customer_ip_address=None):
        source = source_from_id(info, id, invalid_code=TransactionInitializeErrorCode.INVALID,
                                not_found_code=TransactionInitializeErrorCode.NOT_FOUND, lock=True)
        idempotency_key = clean_idempotency_key(idempotency_key)
        if action is not None and not user_has_permissions(info.context.user, [PermissionEnum.HANDLE_PAYMENTS]):
            raise PermissionDenied(f"You need one of the following permissions: {PermissionEnum.HANDLE_PAYMENTS}")
        ip = clean_customer_ip_address(info, customer_ip_address, code=TransactionInitializeErrorCode.INVALID)
        outcome = transaction_initialize(
            source=source, gateway_id=payment_gateway["id"], gateway_data=payment_gateway.get("data"), action=action,
            amount=amount, idempotency_key=idempotency_key, customer_ip_address=ip, source_locked=True,
        )
        return cls(transaction=outcome.transaction, transaction_event=outcome.event, data=outcome.data)
