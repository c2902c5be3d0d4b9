"""Payment transactions and their events, as Saleor's Transactions API keeps them.

A ``TransactionItem`` is one payment attempt with one gateway (a Stripe
PaymentIntent, a dummy payment) for a checkout or, once the checkout is
completed, for its order.  Its eight amounts are a cache: they are derived from
its ``TransactionEvent`` rows by ``shop.payment.amounts.amounts_from_events``
and written only by ``shop.payment.services.transaction_amounts_recalculate``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from shop.core.models import ModelWithMetadata


class TransactionEventType(models.TextChoices):
    """Saleor's ``TransactionEventTypeEnum`` (values stored in lower case, as Saleor does)."""

    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"
    AUTHORIZATION_ADJUSTMENT = "authorization_adjustment"
    AUTHORIZATION_REQUEST = "authorization_request"
    AUTHORIZATION_ACTION_REQUIRED = "authorization_action_required"
    CHARGE_ACTION_REQUIRED = "charge_action_required"
    CHARGE_SUCCESS = "charge_success"
    CHARGE_FAILURE = "charge_failure"
    CHARGE_BACK = "charge_back"
    CHARGE_REQUEST = "charge_request"
    REFUND_SUCCESS = "refund_success"
    REFUND_FAILURE = "refund_failure"
    REFUND_REVERSE = "refund_reverse"
    REFUND_REQUEST = "refund_request"
    CANCEL_SUCCESS = "cancel_success"
    CANCEL_FAILURE = "cancel_failure"
    CANCEL_REQUEST = "cancel_request"
    INFO = "info"


class TransactionAction(models.TextChoices):
    """Saleor's ``TransactionActionEnum``: what staff may ask of a transaction."""

    CHARGE = "charge"
    REFUND = "refund"
    CANCEL = "cancel"


class TransactionFlowStrategy(models.TextChoices):
    """Saleor's ``TransactionFlowStrategyEnum``: charge at once, or authorize and charge later."""

    AUTHORIZATION = "authorization"
    CHARGE = "charge"


def _amount(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0), **kwargs)


AMOUNT_FIELDS = (
    "authorized_value", "authorize_pending_value", "charged_value", "charge_pending_value",
    "refunded_value", "refund_pending_value", "canceled_value", "cancel_pending_value",
)


class TransactionItem(ModelWithMetadata):
    """One payment with one gateway, for a checkout and then for the order made from it.

    Invariants: every amount is >= 0 (database constraints); amounts change only
    through ``transaction_amounts_recalculate``, which holds this row's lock;
    ``(gateway, idempotency_key)`` names at most one transaction, so a repeated
    ``transactionInitialize`` finds the transaction it made the first time.
    """

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    # The gateway's identifier (Saleor's app identifier), e.g. "homenet.payments.stripe".
    gateway = models.CharField(max_length=256)
    name = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    psp_reference = models.CharField(max_length=512, blank=True, default="", db_index=True)
    available_actions = ArrayField(
        models.CharField(max_length=16, choices=TransactionAction.choices), default=list, blank=True
    )
    currency = models.CharField(max_length=3)
    authorized_value = _amount()
    authorize_pending_value = _amount()
    charged_value = _amount()
    charge_pending_value = _amount()
    refunded_value = _amount()
    refund_pending_value = _amount()
    canceled_value = _amount()
    cancel_pending_value = _amount()
    checkout = models.ForeignKey(
        "checkout.Checkout", null=True, blank=True, related_name="payment_transactions", on_delete=models.SET_NULL
    )
    order = models.ForeignKey(
        "order.Order", null=True, blank=True, related_name="payment_transactions", on_delete=models.PROTECT
    )
    idempotency_key = models.CharField(max_length=512, null=True, blank=True)
    customer_ip_address = models.GenericIPAddressField(null=True, blank=True)
    external_url = models.URLField(max_length=1000, blank=True, default="")
    # Payment method, when the gateway tells (Saleor's paymentMethodDetails).
    payment_method_type = models.CharField(max_length=32, blank=True, default="")
    payment_method_name = models.CharField(max_length=256, blank=True, default="")
    cc_brand = models.CharField(max_length=40, blank=True, default="")
    cc_first_digits = models.CharField(max_length=6, blank=True, default="")
    cc_last_digits = models.CharField(max_length=4, blank=True, default="")
    cc_exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    cc_exp_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "idempotency_key"], condition=Q(idempotency_key__isnull=False),
                name="transactionitem_gateway_idempotency_uniq",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": 0 for name in AMOUNT_FIELDS}), name="transactionitem_amounts_gte_0"
            ),
        ]

    def __str__(self):
        return f"{self.gateway} {self.psp_reference or self.token}"


class TransactionEvent(models.Model):
    """A fact about a transaction: requested, succeeded, failed, refunded... (append-only).

    ``created_at`` is when it happened (the provider's time when it says so), which
    orders the events when amounts are derived; ``recorded_at`` is when we learnt it.
    ``idempotency_key`` is unique per transaction: recording the same fact twice
    (a replayed webhook, a retried request) finds the first row and adds nothing.
    Request events made by ``transactionInitialize`` are kept with
    ``include_in_calculations=False``: they are what was asked, not a pending amount.
    """

    transaction = models.ForeignKey(TransactionItem, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(max_length=128, choices=TransactionEventType.choices, default=TransactionEventType.INFO)
    amount_value = _amount()
    currency = models.CharField(max_length=3)
    psp_reference = models.CharField(max_length=512, blank=True, default="")
    message = models.CharField(max_length=512, blank=True, default="")
    external_url = models.URLField(max_length=1000, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    include_in_calculations = models.BooleanField(default=True)
    idempotency_key = models.CharField(max_length=512, null=True, blank=True)
    created_by = models.ForeignKey(
        "account.User", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    reason_reference = models.ForeignKey(
        "page.Page", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["transaction", "idempotency_key"], condition=Q(idempotency_key__isnull=False),
                name="transactionevent_idempotency_uniq",
            ),
            models.CheckConstraint(condition=Q(amount_value__gte=0), name="transactionevent_amount_gte_0"),
        ]

    def __str__(self):
        return f"{self.type} {self.amount_value} {self.currency}"


class StripeWebhookOutcome(models.TextChoices):
    APPLIED = "applied"
    STALE = "stale"
    IGNORED = "ignored"
    UNKNOWN_TRANSACTION = "unknown_transaction"


class StripeWebhookEvent(models.Model):
    """Every signed Stripe event received, once (its id is unique): a replay changes nothing.

    ``created`` is Stripe's time of the event; ``outcome`` says what it did:
    applied to a transaction, stale (older than what the transaction already
    knows), ignored (a type we do not handle) or for a PaymentIntent we did not make.
    """

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField()
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=32, choices=StripeWebhookOutcome.choices)
    transaction = models.ForeignKey(
        TransactionItem, null=True, blank=True, related_name="stripe_webhook_events", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("-received_at",)

    def __str__(self):
        return f"{self.type} {self.event_id}"
