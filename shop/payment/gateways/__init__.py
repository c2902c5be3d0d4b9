"""The payment gateways this shop offers (Saleor's payment apps, built in).

``homenet.payments.stripe``: card and PromptPay through Stripe PaymentIntents,
enabled when STRIPE_SECRET_KEY is set.  ``homenet.payments.dummy``: pays at once
without a provider, for development, the demo and tests; enabled by
DUMMY_GATEWAY_ENABLED (never in production settings).
"""

from __future__ import annotations

from .base import (
    ActionResult,
    Gateway,
    GatewayError,
    GatewayEvent,
    PaymentMethod,
    SessionRequest,
    SessionResult,
)
from .dummy import DUMMY_GATEWAY_ID, DummyGateway
from .stripe_gateway import STRIPE_GATEWAY_ID, StripeGateway

__all__ = [
    "DUMMY_GATEWAY_ID", "STRIPE_GATEWAY_ID", "ActionResult", "Gateway", "GatewayError", "GatewayEvent",
    "PaymentMethod", "SessionRequest", "SessionResult", "gateway_get", "gateways_enabled",
]

_GATEWAYS: tuple[Gateway, ...] = (StripeGateway(), DummyGateway())


def gateways_enabled(currency: str | None = None) -> list[Gateway]:
    """Gateways that can take payments now (in ``currency``, when given), in display order."""
    return [g for g in _GATEWAYS if g.is_enabled() and (currency is None or g.supports_currency(currency))]


def gateway_get(gateway_id: str) -> Gateway | None:
    """The enabled gateway with this id, or None (unknown, or switched off by settings)."""
    return next((g for g in _GATEWAYS if g.id == gateway_id and g.is_enabled()), None)
