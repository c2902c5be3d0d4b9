"""What a gateway is asked and what it answers (Saleor's payment-app webhooks, as calls).

A gateway never touches the database: it talks to its provider and reports
facts as ``GatewayEvent``s, which the services record as ``TransactionEvent``s.
Every event carries an idempotency ``key`` derived from the provider's ids, so
the same fact reported twice (a retry, a webhook after a synchronous answer)
is recorded once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


class GatewayError(Exception):
    """The provider refused or could not be reached.

    With ``field`` the request itself was wrong (e.g. an amount below the
    provider's minimum): the mutation reports INVALID on that field and writes
    nothing.  Without it the attempt is recorded as a FAILURE event.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class PaymentMethod:
    """Saleor's ``CardPaymentMethodDetails`` (type "card") or ``OtherPaymentMethodDetails``."""

    type: str
    name: str
    brand: str = ""
    first_digits: str = ""
    last_digits: str = ""
    exp_month: int | None = None
    exp_year: int | None = None


@dataclass(frozen=True)
class GatewayEvent:
    """A fact reported by the provider; ``type`` is a ``TransactionEventType`` value."""

    type: str
    amount: Decimal
    psp_reference: str = ""
    key: str | None = None
    message: str = ""
    external_url: str = ""
    time: datetime | None = None


@dataclass(frozen=True)
class SessionRequest:
    """transactionInitialize, as a gateway sees it."""

    transaction: Any
    source: Any
    action: str
    amount: Decimal
    currency: str
    idempotency_key: str
    data: Any = None
    customer_ip_address: str | None = None
    customer_email: str = ""


@dataclass(frozen=True)
class SessionResult:
    """The answer to transactionInitialize / transactionProcess."""

    event: GatewayEvent
    psp_reference: str = ""
    data: Any = None
    payment_method: PaymentMethod | None = None
    external_url: str = ""


@dataclass(frozen=True)
class ActionResult:
    """The answer to a staff action: the provider's reference for the request, and what it knows now."""

    request_psp_reference: str
    events: list[GatewayEvent] = field(default_factory=list)


class Gateway:
    """Base of the gateways.  Subclasses set ``id`` and ``name`` and implement the calls."""

    id: str = ""
    name: str = ""

    def is_enabled(self) -> bool:
        raise NotImplementedError

    def supports_currency(self, currency: str) -> bool:
        return True

    def initialize_gateway(self, *, source, amount: Decimal, data) -> Any:
        """``PaymentGatewayConfig.data``: what the storefront needs to show this way to pay."""
        raise NotImplementedError

    def initialize_transaction(self, request: SessionRequest) -> SessionResult:
        raise NotImplementedError

    def process_transaction(self, *, transaction, request_event, data) -> SessionResult:
        raise NotImplementedError

    def request_action(self, *, transaction, action: str, amount: Decimal, request_event) -> ActionResult:
        raise NotImplementedError
