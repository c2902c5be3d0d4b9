"""Saleor's payment types: TransactionItem, TransactionEvent, payment gateway configs, payment method details."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import graphene
from django.db.models import Prefetch, prefetch_related_objects
from prices import Money as PricesMoney

from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.payment import models
from shop.payment.selectors import checkout_transactions, order_transactions

from ..account.types import User
from ..core.context import is_staff
from ..core.errors import PermissionDenied
from ..core.ids import to_global
from ..core.types import Money, ObjectWithMetadata
from .errors import PaymentGatewayConfigError
from .scalars import JSON

TransactionEventTypeEnum = graphene.Enum(
    "TransactionEventTypeEnum", [(c.name, c.value) for c in models.TransactionEventType],
    description="Represents possible event types.",
)
TransactionActionEnum = graphene.Enum(
    "TransactionActionEnum", [(c.name, c.value) for c in models.TransactionAction],
    description="Represents possible actions on payment transaction.",
)
TransactionFlowStrategyEnum = graphene.Enum(
    "TransactionFlowStrategyEnum", [(c.name, c.value) for c in models.TransactionFlowStrategy],
    description="Determine the transaction flow strategy: charge at once, or authorize and charge later.",
)
PaymentChargeStatusEnum = graphene.Enum(
    "PaymentChargeStatusEnum",
    [(name, name.lower()) for name in (
        "NOT_CHARGED", "PENDING", "PARTIALLY_CHARGED", "FULLY_CHARGED", "PARTIALLY_REFUNDED", "FULLY_REFUNDED",
        "REFUSED", "CANCELLED",
    )],
)


def _money(amount, currency) -> PricesMoney:
    return PricesMoney(amount, currency)


class PaymentMethodDetails(graphene.Interface):
    name = graphene.String(required=True, description="Name of the payment method used for the transaction.")

    @classmethod
    def resolve_type(cls, instance, info):
        return CardPaymentMethodDetails if instance.payment_method_type == "card" else OtherPaymentMethodDetails


class CardPaymentMethodDetails(graphene.ObjectType):
    name = graphene.String(required=True)
    brand = graphene.String(description="Card brand.")
    first_digits = graphene.String(description="First digits of the card number.")
    last_digits = graphene.String(description="Last digits of the card number.")
    exp_month = graphene.Int(description="Two-digit number representing the card’s expiration month.")
    exp_year = graphene.Int(description="Four-digit number representing the card’s expiration year.")

    class Meta:
        interfaces = (PaymentMethodDetails,)
        description = "Represents a card payment method used for a transaction."

    @staticmethod
    def resolve_name(root, _info):
        return root.payment_method_name

    @staticmethod
    def resolve_brand(root, _info):
        return root.cc_brand or None

    @staticmethod
    def resolve_first_digits(root, _info):
        return root.cc_first_digits or None

    @staticmethod
    def resolve_last_digits(root, _info):
        return root.cc_last_digits or None

    @staticmethod
    def resolve_exp_month(root, _info):
        return root.cc_exp_month

    @staticmethod
    def resolve_exp_year(root, _info):
        return root.cc_exp_year


class OtherPaymentMethodDetails(graphene.ObjectType):
    name = graphene.String(required=True)

    class Meta:
        interfaces = (PaymentMethodDetails,)
        description = "Represents a payment method used for a transaction (e.g. PromptPay)."

    @staticmethod
    def resolve_name(root, _info):
        return root.payment_method_name


class App(graphene.ObjectType):
    """A payment gateway, in the place where Saleor shows the payment app that acted."""

    id = graphene.ID(required=True, description="The ID of the app.")
    identifier = graphene.String(description="Canonical app ID (the gateway's identifier).")
    name = graphene.String(description="Name of the app.")
    is_active = graphene.Boolean(description="Determine if app will be set active or not.")

    class Meta:
        description = "Represents app data; here, a built-in payment gateway."

    @staticmethod
    def resolve_id(root, _info):
        return to_global("App", root.identifier)


@dataclass(frozen=True)
class GatewayApp:
    identifier: str
    name: str
    is_active: bool


def gateway_app(identifier: str) -> GatewayApp:
    from shop.payment.gateways import gateway_get

    gateway = gateway_get(identifier)
    return GatewayApp(identifier=identifier, name=gateway.name if gateway else identifier, is_active=gateway is not None)


class UserOrApp(graphene.Union):
    class Meta:
        types = (User, App)

    @classmethod
    def resolve_type(cls, instance, info):
        return App if isinstance(instance, GatewayApp) else User


class TransactionEvent(graphene.ObjectType):
    created_at = graphene.DateTime(required=True, description="Date and time at which a transaction event was created.")
    psp_reference = graphene.String(required=True, description="PSP reference of transaction.")
    message = graphene.String(required=True, description="Message related to the transaction's event.")
    reason_reference = graphene.Field("shop.graphql.page.schema.Page", description="Reason model of the transaction refund.")
    external_url = graphene.String(required=True, description="The url that will allow to redirect user to payment provider page with transaction details.")
    amount = graphene.Field(Money, required=True, description="The amount related to this event.")
    type = graphene.Field(TransactionEventTypeEnum, description="The type of action related to this event.")
    idempotency_key = graphene.String(description="Idempotency key assigned to the event.")
    created_by = graphene.Field(UserOrApp, description="User or App that created the transaction event.")

    class Meta:
        description = "Represents transaction's event."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_amount(root, _info):
        return _money(root.amount_value, root.currency)

    @staticmethod
    def resolve_type(root, _info):
        return str(root.type)

    @staticmethod
    def resolve_reason_reference(root, _info):
        return root.reason_reference

    @staticmethod
    def resolve_created_by(root, info):
        if root.created_by_id is not None:  # a staff member: shown to staff only
            return root.created_by if is_staff(info) else None
        if not root.include_in_calculations:  # the shopper's request that started a session
            return None
        return gateway_app(root.transaction.gateway)


def _events(transaction) -> list:
    """A transaction's events, oldest first; from the batch prefetch when its list was loaded by one."""
    return sorted(transaction.events.all(), key=lambda e: (e.created_at, e.pk))


def with_events(transactions: list) -> list:
    """Load the events of a list of transactions in one query (no query per transaction)."""
    prefetch_related_objects(transactions, Prefetch(
        "events", queryset=models.TransactionEvent.objects.select_related("created_by", "reason_reference"),
    ))
    return transactions


class TransactionItem(graphene.ObjectType):
    token = graphene.UUID(required=True, description="The transaction token.")
    created_at = graphene.DateTime(required=True, description="Date and time at which payment transaction was created.")
    modified_at = graphene.DateTime(required=True, description="Date and time at which payment transaction was modified.")
    actions = graphene.List(graphene.NonNull(TransactionActionEnum), required=True, description="List of actions that can be performed in the current state of a payment.")
    authorized_amount = graphene.Field(Money, required=True, description="Total amount authorized for this payment.")
    authorize_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing authorization requests for the transaction.")
    refunded_amount = graphene.Field(Money, required=True, description="Total amount refunded for this payment.")
    refund_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing refund requests for the transaction.")
    canceled_amount = graphene.Field(Money, required=True, description="Total amount canceled for this payment.")
    cancel_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing cancel requests for the transaction.")
    charged_amount = graphene.Field(Money, required=True, description="Total amount charged for this payment.")
    charge_pending_amount = graphene.Field(Money, required=True, description="Total amount of ongoing charge requests for the transaction.")
    name = graphene.String(required=True, description="Name of the transaction.")
    message = graphene.String(required=True, description="Message related to the transaction.")
    psp_reference = graphene.String(required=True, description="PSP reference of transaction.")
    order = graphene.Field("shop.graphql.order.types.Order", description="The related order.")
    checkout = graphene.Field("shop.graphql.checkout.types.Checkout", description="The related checkout.")
    events = graphene.List(graphene.NonNull(TransactionEvent), required=True, description="List of all transaction's events.")
    external_url = graphene.String(required=True, description="The url that will allow to redirect user to payment provider page with transaction details.")
    payment_method_details = graphene.Field(PaymentMethodDetails, description="The payment method used for this transaction.")
    reason = graphene.String(description="Reason of the refund.")
    reason_reference = graphene.Field("shop.graphql.page.schema.Page", description="Reason model of the transaction refund.")
    created_by = graphene.Field(UserOrApp, description="User or App that created the transaction.")

    class Meta:
        description = "Represents a payment transaction: its amounts follow its events."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_id(root, _info):
        return root.token

    @staticmethod
    def resolve_actions(root, _info):
        return list(root.available_actions)

    @staticmethod
    def resolve_authorized_amount(root, _info):
        return _money(root.authorized_value, root.currency)

    @staticmethod
    def resolve_authorize_pending_amount(root, _info):
        return _money(root.authorize_pending_value, root.currency)

    @staticmethod
    def resolve_refunded_amount(root, _info):
        return _money(root.refunded_value, root.currency)

    @staticmethod
    def resolve_refund_pending_amount(root, _info):
        return _money(root.refund_pending_value, root.currency)

    @staticmethod
    def resolve_canceled_amount(root, _info):
        return _money(root.canceled_value, root.currency)

    @staticmethod
    def resolve_cancel_pending_amount(root, _info):
        return _money(root.cancel_pending_value, root.currency)

    @staticmethod
    def resolve_charged_amount(root, _info):
        return _money(root.charged_value, root.currency)

    @staticmethod
    def resolve_charge_pending_amount(root, _info):
        return _money(root.charge_pending_value, root.currency)

    @staticmethod
    def resolve_events(root, _info):
        return _events(root)

    @staticmethod
    def resolve_created_by(root, _info):
        return gateway_app(root.gateway)

    @staticmethod
    def resolve_payment_method_details(root, _info):
        return root if root.payment_method_type else None

    @staticmethod
    def _refund_request(root):
        return next((e for e in reversed(_events(root)) if e.type == models.TransactionEventType.REFUND_REQUEST), None)

    @staticmethod
    def resolve_reason(root, _info):
        request = TransactionItem._refund_request(root)
        return (request.message or None) if request else None

    @staticmethod
    def resolve_reason_reference(root, _info):
        request = TransactionItem._refund_request(root)
        return request.reason_reference if request else None


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True, description="The app identifier.")
    data = graphene.Field(JSON, description="The JSON data required to initialize the payment gateway.")
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True, description="The identifier of the payment gateway app to initialize.")
    data = graphene.Field(JSON, description="The data that will be passed to the payment gateway.")


# --- Checkout and Order fields that follow the transactions ---------------------------------
# Mixed into shop.graphql.checkout.types.Checkout and shop.graphql.order.types.Order.


def _can_see_transactions(info, *permissions) -> bool:
    user = info.context.user
    return any(user_has_permissions(user, [permission]) for permission in permissions)


class CheckoutTransactionFields:
    transactions = graphene.List(
        graphene.NonNull(TransactionItem),
        description="List of transactions for the checkout. Requires one of the following permissions: "
        "MANAGE_CHECKOUTS, HANDLE_PAYMENTS.",
    )

    @staticmethod
    def resolve_transactions(root, info):
        if not _can_see_transactions(info, PermissionEnum.MANAGE_CHECKOUTS, PermissionEnum.HANDLE_PAYMENTS):
            raise PermissionDenied("You need one of the following permissions: MANAGE_CHECKOUTS, HANDLE_PAYMENTS")
        return with_events(checkout_transactions(root))


def _sum(order, field: str) -> PricesMoney:
    return _money(sum((getattr(t, field) for t in order_transactions(order)), Decimal(0)), order.currency)


def _total(description: str, **kwargs):
    return graphene.Field(Money, required=True, description=description, **kwargs)


class OrderPaymentFields:
    transactions = graphene.List(
        graphene.NonNull(TransactionItem), required=True,
        description="List of transactions for the order. Requires one of the following permissions: "
        "MANAGE_ORDERS, HANDLE_PAYMENTS.",
    )
    payment_status = graphene.Field(PaymentChargeStatusEnum, required=True, description="Internal payment status.")
    payment_status_display = graphene.String(required=True, description="User-friendly payment status.")
    total_captured = _total("Amount captured for the order.", deprecation_reason="Use `totalCharged` instead.")
    total_canceled = _total("Amount canceled for the order.")
    total_refunded = _total("Total refund amount for the order.")
    total_refund_pending = _total("Total amount of ongoing refund requests for the order's transactions.")
    total_authorize_pending = _total("Total amount of ongoing authorize requests for the order's transactions.")
    total_charge_pending = _total("Total amount of ongoing charge requests for the order's transactions.")
    total_cancel_pending = _total("Total amount of ongoing cancel requests for the order's transactions.")

    @staticmethod
    def resolve_transactions(root, info):
        if not _can_see_transactions(info, PermissionEnum.MANAGE_ORDERS, PermissionEnum.HANDLE_PAYMENTS):
            raise PermissionDenied("You need one of the following permissions: MANAGE_ORDERS, HANDLE_PAYMENTS")
        return with_events(order_transactions(root))

    @staticmethod
    def resolve_payment_status(root, _info):
        return order_payment_status(root)

    @staticmethod
    def resolve_payment_status_display(root, _info):
        return order_payment_status(root).replace("_", " ").capitalize()

    @staticmethod
    def resolve_total_captured(root, _info):
        return _sum(root, "charged_value")

    @staticmethod
    def resolve_total_canceled(root, _info):
        return _sum(root, "canceled_value")

    @staticmethod
    def resolve_total_refunded(root, _info):
        return _sum(root, "refunded_value")

    @staticmethod
    def resolve_total_refund_pending(root, _info):
        return _sum(root, "refund_pending_value")

    @staticmethod
    def resolve_total_authorize_pending(root, _info):
        return _sum(root, "authorize_pending_value")

    @staticmethod
    def resolve_total_charge_pending(root, _info):
        return _sum(root, "charge_pending_value")

    @staticmethod
    def resolve_total_cancel_pending(root, _info):
        return _sum(root, "cancel_pending_value")


def order_payment_status(order) -> str:
    """Saleor's ``Order.paymentStatus`` for transactions: charged / refunded against the total."""
    transactions = order_transactions(order)
    total = order.total_gross_amount
    charged = sum((t.charged_value for t in transactions), Decimal(0))
    refunded = sum((t.refunded_value for t in transactions), Decimal(0))
    if refunded > 0:
        return "fully_refunded" if refunded >= total and charged <= 0 else "partially_refunded"
    if charged > 0:
        return "fully_charged" if charged >= total else "partially_charged"
    if any(t.charge_pending_value or t.authorize_pending_value for t in transactions):
        return "pending"
    if any(t.canceled_value for t in transactions):
        return "cancelled"
    if transactions and models.TransactionEvent.objects.filter(
        transaction__in=transactions, type=models.TransactionEventType.CHARGE_FAILURE
    ).exists():
        return "refused"
    return "not_charged"
