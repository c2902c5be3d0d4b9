"""Stripe: one PaymentIntent per transaction, in THB, paid by card or PromptPay.

* Amounts go to Stripe in satang (``shop.core.money.to_minor_units``).
* Every POST carries a Stripe idempotency key derived from our own keys
  (the transaction's idempotency key and its checkout / order, the request
  event of a staff action), so a retried request never makes a second intent
  or refund.  A transaction that already knows its intent retrieves it instead.
* PromptPay has no separate authorization (see docs/decisions/0006-payments.md):
  with the AUTHORIZATION flow only cards are held (``capture_method: manual``
  for cards); PromptPay is charged at once.
* The storefront confirms the intent with Stripe.js using the client secret
  returned in ``transactionInitialize.data.paymentIntent.client_secret``.

``intent_event`` maps a PaymentIntent's state to the one fact it stands for;
webhooks (``shop.payment.stripe_webhooks``) and transactionProcess share it.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import stripe
from django.conf import settings

from shop.core.money import from_minor_units, to_minor_units

from ..models import TransactionAction, TransactionFlowStrategy
from ..models import TransactionEventType as T
from .base import (
    ActionResult,
    Gateway,
    GatewayError,
    GatewayEvent,
    PaymentMethod,
    SessionRequest,
    SessionResult,
)

STRIPE_GATEWAY_ID = "homenet.payments.stripe"
PAYMENT_METHOD_TYPES = ("card", "promptpay")
# Stripe's minimum charge in THB (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
MINIMUM_AMOUNT = {"THB": Decimal("10.00")}


def stripe_client() -> stripe.StripeClient:
    """A client for the configured account; STRIPE_API_BASE points it at a fake in tests."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT_SECONDS),
        max_network_retries=2,
    )


def idempotency_key(*parts) -> str:
    """A Stripe idempotency key (at most 255 characters) from our own identifiers."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"homenet-{digest}"


def stripe_amount(minor: int | None, currency: str) -> Decimal:
    """An amount in Stripe's minor units (satang) as a Decimal in the currency."""
    return from_minor_units(int(minor or 0), currency.upper())


def _dashboard_url(intent_id: str) -> str:
    return f"https://dashboard.stripe.com/payments/{intent_id}"


def _is_authorization(intent: dict) -> bool:
    options = (intent.get("payment_method_options") or {}).get("card") or {}
    return intent.get("capture_method") == "manual" or options.get("capture_method") == "manual"


def _charge_id(intent: dict) -> str:
    charge = intent.get("latest_charge")
    return charge.get("id", "") if isinstance(charge, dict) else (charge or "")


def intent_event(intent: dict, *, authorized: Decimal = Decimal(0), event_id: str = "", time=None) -> GatewayEvent:
    """The fact a PaymentIntent's state stands for (see the module docstring).

    ``authorized`` is what the transaction holds authorized now (a canceled
    intent with a hold is a cancel; without one, a failed charge).
    """
    pi, status, currency = intent["id"], intent["status"], intent["currency"]
    amount = stripe_amount(intent.get("amount"), currency)
    auth = _is_authorization(intent)
    common = {"psp_reference": pi, "time": time, "external_url": _dashboard_url(pi)}
    if status == "succeeded":
        return GatewayEvent(T.CHARGE_SUCCESS, stripe_amount(intent.get("amount_received"), currency),
                            key=f"{pi}:succeeded", message="Payment succeeded", **common)
    if status == "requires_capture":
        return GatewayEvent(T.AUTHORIZATION_SUCCESS, stripe_amount(intent.get("amount_capturable"), currency),
                            key=f"{pi}:requires_capture", message="Payment authorized", **common)
    if status == "processing":
        return GatewayEvent(T.AUTHORIZATION_REQUEST if auth else T.CHARGE_REQUEST, amount,
                            key=f"{pi}:processing:{_charge_id(intent) or event_id}", message="Payment processing",
                            **common)
    if status == "canceled":
        reason = intent.get("cancellation_reason") or "canceled"
        if authorized > 0:
            return GatewayEvent(T.CANCEL_SUCCESS, authorized, key=f"{pi}:canceled",
                                message=f"Authorization canceled ({reason})", **common)
        return GatewayEvent(T.AUTHORIZATION_FAILURE if auth else T.CHARGE_FAILURE, amount, key=f"{pi}:canceled",
                            message=f"Payment canceled ({reason})", **common)
    error = intent.get("last_payment_error")
    if status == "requires_payment_method" and error:
        attempt = _charge_id(intent) or event_id or error.get("code") or "error"
        return GatewayEvent(T.AUTHORIZATION_FAILURE if auth else T.CHARGE_FAILURE, amount,
                            key=f"{pi}:failed:{attempt}", message=(error.get("message") or "Payment failed")[:512],
                            **common)
    return GatewayEvent(T.AUTHORIZATION_ACTION_REQUIRED if auth else T.CHARGE_ACTION_REQUIRED, amount,
                        key=f"{pi}:action_required", message="Waiting for the customer", **common)


def intent_events(intent: dict, *, authorized: Decimal = Decimal(0), event_id: str = "", time=None) -> list[GatewayEvent]:
    """``intent_event``, plus the release of what a capture left of an authorization.

    Stripe captures once: capturing less than was authorized releases the rest,
    which is recorded as a cancel of that rest.
    """
    fact = intent_event(intent, authorized=authorized, event_id=event_id, time=time)
    if fact.type != T.CHARGE_SUCCESS or authorized <= fact.amount:
        return [fact]
    pi = intent["id"]
    released = GatewayEvent(T.CANCEL_SUCCESS, authorized - fact.amount, psp_reference=pi, key=f"{pi}:released",
                            message="The rest of the authorization was released", time=time,
                            external_url=_dashboard_url(pi))
    return [fact, released]


def intent_payment_method(intent: dict) -> PaymentMethod | None:
    """Card or PromptPay, when the intent's latest charge is expanded."""
    charge = intent.get("latest_charge")
    details = (charge or {}).get("payment_method_details") if isinstance(charge, dict) else None
    if not details:
        return None
    if details.get("type") == "card":
        card = details.get("card") or {}
        return PaymentMethod(
            type="card", name="Card", brand=card.get("brand") or "", last_digits=card.get("last4") or "",
            exp_month=card.get("exp_month"), exp_year=card.get("exp_year"),
        )
    return PaymentMethod(type="other", name="PromptPay" if details.get("type") == "promptpay" else str(details.get("type")))


def _session_data(intent: dict) -> dict:
    return {
        "paymentIntent": {"id": intent["id"], "client_secret": intent.get("client_secret"), "status": intent["status"]},
        "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
    }


def _failure(error: stripe.StripeError) -> str:
    message = getattr(error, "user_message", None) or str(error) or error.__class__.__name__
    return f"Stripe: {message}"[:512]


class StripeGateway(Gateway):
    id = STRIPE_GATEWAY_ID
    name = "Card or PromptPay (Stripe)"

    def is_enabled(self) -> bool:
        return bool(getattr(settings, "STRIPE_SECRET_KEY", ""))

    def supports_currency(self, currency: str) -> bool:
        return currency.upper() == "THB"

    def initialize_gateway(self, *, source, amount: Decimal, data):
        return {
            "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            "paymentMethodTypes": list(PAYMENT_METHOD_TYPES),
            "currency": "THB",
        }

    def _payment_method_types(self, data) -> list[str]:
        wanted = (data or {}).get("paymentMethodTypes") if isinstance(data, dict) else None
        if wanted is None:
            return list(PAYMENT_METHOD_TYPES)
        if not isinstance(wanted, list) or not wanted or not set(wanted) <= set(PAYMENT_METHOD_TYPES):
            raise GatewayError("paymentMethodTypes must be a non-empty list of card, promptpay.", field="payment_gateway")
        return wanted

    def _intent_params(self, request: SessionRequest) -> dict:
        minimum = MINIMUM_AMOUNT.get(request.currency.upper(), Decimal(0))
        if request.amount < minimum:
            raise GatewayError(f"Stripe's minimum payment is {minimum} {request.currency}.", field="amount")
        source = request.source
        params = {
            "amount": to_minor_units(request.amount, request.currency),
            "currency": request.currency.lower(),
            "payment_method_types": self._payment_method_types(request.data),
            "description": f"HomeNet Thailand {source.__class__.__name__.lower()} {source.pk}",
            # Only what a retry repeats exactly: Stripe refuses a reused idempotency key
            # with other parameters, and a retry after a lost answer has a new transaction row.
            "metadata": {
                f"{source.__class__.__name__.lower()}_id": str(source.pk),
                "idempotency_key": request.idempotency_key[:500],
            },
        }
        if request.customer_email:
            params["receipt_email"] = request.customer_email
        if request.action == TransactionFlowStrategy.AUTHORIZATION:
            params["payment_method_options"] = {"card": {"capture_method": "manual"}}
        return params

    def initialize_transaction(self, request: SessionRequest) -> SessionResult:
        transaction = request.transaction
        params = self._intent_params(request)
        try:
            if transaction.psp_reference:  # a repeat: the intent exists already
                intent = stripe_client().v1.payment_intents.retrieve(transaction.psp_reference)
            else:
                key = idempotency_key("transaction-initialize", request.source.pk, request.idempotency_key)
                intent = stripe_client().v1.payment_intents.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise GatewayError(_failure(error))
        intent = intent.to_dict()
        return SessionResult(
            event=intent_event(intent, authorized=transaction.authorized_value), psp_reference=intent["id"],
            data=_session_data(intent), external_url=_dashboard_url(intent["id"]),
        )

    def process_transaction(self, *, transaction, request_event, data) -> SessionResult:
        if not transaction.psp_reference:
            raise GatewayError("This transaction has no PaymentIntent.")
        try:
            intent = stripe_client().v1.payment_intents.retrieve(
                transaction.psp_reference, params={"expand": ["latest_charge"]}
            ).to_dict()
        except stripe.StripeError as error:
            raise GatewayError(_failure(error))
        return SessionResult(
            event=intent_event(intent, authorized=transaction.authorized_value), psp_reference=intent["id"],
            data=_session_data(intent), payment_method=intent_payment_method(intent),
        )

    def request_action(self, *, transaction, action: str, amount: Decimal, request_event) -> ActionResult:
        pi, minor = transaction.psp_reference, to_minor_units(amount, transaction.currency)
        # From the request and the amounts it left: a retry after a lost answer (the
        # database work rolled back) repeats them, so Stripe replays instead of refunding twice.
        key = idempotency_key("transaction-action", transaction.token, action, minor, *(
            getattr(transaction, name) for name in
            ("charged_value", "refund_pending_value", "refunded_value", "authorized_value", "canceled_value")
        ))
        client = stripe_client()
        try:
            if action == TransactionAction.REFUND:
                refund = client.v1.refunds.create(
                    params={"payment_intent": pi, "amount": minor, "metadata": {"transaction_token": str(transaction.token)}},
                    options={"idempotency_key": key},
                ).to_dict()
                return ActionResult(request_psp_reference=refund["id"], events=refund_events(refund))
            if action == TransactionAction.CHARGE:
                intent = client.v1.payment_intents.capture(
                    pi, params={"amount_to_capture": minor}, options={"idempotency_key": key}
                ).to_dict()
            else:
                intent = client.v1.payment_intents.cancel(pi, options={"idempotency_key": key}).to_dict()
        except stripe.StripeError as error:
            raise GatewayError(_failure(error))
        # The request already moved ``amount`` out of what the transaction shows authorized.
        held = transaction.authorized_value + amount
        return ActionResult(request_psp_reference=pi, events=intent_events(intent, authorized=held))


def refund_events(refund: dict, *, time=None) -> list[GatewayEvent]:
    """A Stripe Refund as the fact it stands for; a pending refund is a request.

    ``time`` is when we learnt it (None: now); a refund's ``created`` is when it
    was asked, not when it succeeded or failed.
    """
    re, currency, status = refund["id"], refund["currency"], refund.get("status")
    amount = stripe_amount(refund.get("amount"), currency)
    when = time
    if status == "succeeded":
        return [GatewayEvent(T.REFUND_SUCCESS, amount, psp_reference=re, key=f"{re}:succeeded",
                             message="Refund succeeded", time=when)]
    if status in ("failed", "canceled"):
        reason = refund.get("failure_reason") or status
        return [GatewayEvent(T.REFUND_FAILURE, amount, psp_reference=re, key=f"{re}:{status}",
                             message=f"Refund {status} ({reason})", time=when)]
    return [GatewayEvent(T.REFUND_REQUEST, amount, psp_reference=re, key=f"{re}:pending",
                         message="Refund pending", time=when)]


def payment_intent_for_reference(*, amount: Decimal, currency: str, reference: str, description: str,
                                 key: str) -> dict:
    """A card PaymentIntent for a payment that is not a shop transaction (e.g. an OEM invoice).

    ``reference`` goes to ``metadata.homenet_reference``: the webhook publishes
    ``shop.payment.events.ExternalPaymentSucceeded`` with it when the intent succeeds.
    ``key`` (the caller's own identifier of the payment) makes a repeated call answer
    the same intent.  GatewayError when Stripe refuses or the amount is below its minimum.
    """
    minimum = MINIMUM_AMOUNT.get(currency.upper(), Decimal(0))
    if amount < minimum:
        raise GatewayError(f"Stripe's minimum payment is {minimum} {currency}.", field="amount")
    params = {
        "amount": to_minor_units(amount, currency),
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "description": description[:1000],
        "metadata": {"homenet_reference": reference},
    }
    try:
        intent = stripe_client().v1.payment_intents.create(
            params=params, options={"idempotency_key": idempotency_key("external-payment", reference, key)}
        )
    except stripe.StripeError as error:
        raise GatewayError(_failure(error))
    return intent.to_dict()
