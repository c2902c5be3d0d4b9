"""Payment sessions started by the storefront: gateway setup, transactionInitialize, transactionProcess.

Saleor's rules kept here: a checkout or an order holds at most 100 transactions;
without an amount, what is left to pay is asked; an idempotency key names one
transaction (a repeat with the same request finds it, a different request with
the same key is refused as UNIQUE); the request that started a session is kept
as an event that does not count towards the amounts.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from shop.checkout.delivery import checkout_pricing
from shop.checkout.models import Checkout
from shop.checkout.selectors import checkout_lines_get
from shop.checkout.services import checkout_lock
from shop.core.money import quantize
from shop.order.models import Order
from shop.order.services import order_lock

from .error_codes import (
    PaymentGatewayConfigErrorCode,
    TransactionInitializeErrorCode,
    TransactionProcessErrorCode,
)
from .gateways import (
    GatewayError,
    GatewayEvent,
    SessionRequest,
    SessionResult,
    gateway_get,
    gateways_enabled,
)
from .models import TransactionEvent, TransactionFlowStrategy, TransactionItem
from .models import TransactionEventType as T
from .selectors import transactions_amount_due
from .services import (
    transaction_create,
    transaction_event_record,
    transaction_events_report,
    transaction_lock,
)

TRANSACTION_ITEMS_LIMIT = 100
REQUEST_FOR = {TransactionFlowStrategy.CHARGE: T.CHARGE_REQUEST, TransactionFlowStrategy.AUTHORIZATION: T.AUTHORIZATION_REQUEST}
FAILURE_FOR = {TransactionFlowStrategy.CHARGE: T.CHARGE_FAILURE, TransactionFlowStrategy.AUTHORIZATION: T.AUTHORIZATION_FAILURE}
FINAL_SESSION_TYPES = (T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_FAILURE, T.CHARGE_SUCCESS, T.CHARGE_FAILURE)


def _error(field_name: str | None, message: str, code) -> ValidationError:
    if field_name is None:
        return ValidationError(message, code=code.value)
    return ValidationError({field_name: ValidationError(message, code=code.value)})


def source_total_gross(source) -> Decimal:
    """What the shopper pays for a checkout (delivery included) or an order."""
    if isinstance(source, Order):
        return source.total_gross_amount
    return checkout_pricing(source, checkout_lines_get(source)).totals.total.gross.amount


def source_transactions(source) -> list[TransactionItem]:
    lookup = {"order_id": source.pk} if isinstance(source, Order) else {"checkout_id": source.pk}
    return list(TransactionItem.objects.filter(**lookup).order_by("pk"))


def source_amount_due(source) -> Decimal:
    return transactions_amount_due(total=source_total_gross(source), transactions=source_transactions(source))


def _customer_email(source) -> str:
    return (source.user_email if isinstance(source, Order) else source.email) or ""


# --- paymentGatewayInitialize ---------------------------------------------------------------


@dataclass
class GatewayConfig:
    """Saleor's ``PaymentGatewayConfig``: one gateway's setup data, or why it cannot be used."""

    id: str
    data: object = None
    errors: list[dict] = field(default_factory=list)


def payment_gateways_initialize(*, source, amount: Decimal | None = None, gateways=None) -> list[GatewayConfig]:
    """Setup data of the requested gateways (``[(id, data)]``), or of every enabled one.

    Reads only.  A gateway that is unknown, switched off (the dummy in
    production) or without the source's currency answers NOT_FOUND in its own
    ``errors``; one that fails answers INVALID.
    """
    amount = quantize(amount, source.currency) if amount is not None else source_amount_due(source)
    requested = gateways if gateways else [(g.id, None) for g in gateways_enabled(source.currency)]
    configs = []
    for gateway_id, data in requested:
        gateway = gateway_get(gateway_id)
        if gateway is None or not gateway.supports_currency(source.currency):
            configs.append(GatewayConfig(id=gateway_id, errors=[{
                "field": "id", "message": f"Payment gateway {gateway_id} is not available.",
                "code": PaymentGatewayConfigErrorCode.NOT_FOUND,
            }]))
            continue
        try:
            configs.append(GatewayConfig(id=gateway_id, data=gateway.initialize_gateway(source=source, amount=amount, data=data)))
        except GatewayError as error:
            configs.append(GatewayConfig(id=gateway_id, errors=[
                {"field": "id", "message": error.message, "code": PaymentGatewayConfigErrorCode.INVALID}
            ]))
    return configs


# --- transactionInitialize ---------------------------------------------------------------------


@dataclass(frozen=True)
class SessionOutcome:
    transaction: TransactionItem
    event: TransactionEvent
    data: object = None


def _lock_source(source, *, locked: bool = False):
    if locked and isinstance(source, Checkout):
        return source
    if isinstance(source, Order):
        return order_lock(order_id=source.pk)
    try:
        return checkout_lock(token=source.pk)
    except Checkout.DoesNotExist:
        raise _error("id", "`Order` or `Checkout` not found.", TransactionInitializeErrorCode.NOT_FOUND)


def _initialize_request_event(transaction: TransactionItem) -> TransactionEvent | None:
    return transaction.events.filter(
        type__in=[T.CHARGE_REQUEST, T.AUTHORIZATION_REQUEST], include_in_calculations=False
    ).order_by("pk").first()


def _existing_for_key(*, gateway_id, key, source, amount, action) -> tuple[TransactionItem, Decimal] | None:
    """The transaction this idempotency key made and its amount, if the request is the same; UNIQUE if not.

    Without an explicit ``amount`` the first request's amount stands: what is
    left to pay has changed if the first attempt was paid, and a retry must still
    find it.
    """
    existing = TransactionItem.objects.select_for_update().filter(gateway=gateway_id, idempotency_key=key).first()
    if existing is None:
        return None
    request = _initialize_request_event(existing)
    same_source = existing.order_id == source.pk if isinstance(source, Order) else existing.checkout_id == source.pk
    same = same_source and request is not None and request.type == REQUEST_FOR[action] and (
        amount is None or request.amount_value == amount
    )
    if not same:
        raise _error("idempotency_key", "Different transaction with provided idempotency key already exists.",
                     TransactionInitializeErrorCode.UNIQUE)
    return existing, request.amount_value


def transaction_initialize(
    *, source, gateway_id: str, gateway_data=None, action: str | None = None, amount: Decimal | None = None,
    idempotency_key: str | None = None, customer_ip_address: str | None = None, source_locked: bool = False,
) -> SessionOutcome:
    """Start paying for a checkout or an order with a gateway.

    Locks the checkout (or order) row, then the transaction row, and calls the
    gateway while holding them, so concurrent calls for one checkout run one
    after the other.  A repeat with the same idempotency key returns the same
    transaction (the gateway is asked again; its answer is recorded once).
    Raises ValidationError (nothing written) for an unknown or disabled gateway,
    the 100-transaction limit, a reused key, or input the gateway refuses.
    ``source_locked``: a checkout the caller already locked (``checkout_lock``).
    """
    source = _lock_source(source, locked=source_locked)
    gateway = gateway_get(gateway_id)
    if gateway is None or not gateway.supports_currency(source.currency):
        raise _error("payment_gateway", f"Payment gateway {gateway_id} is not available.",
                     TransactionInitializeErrorCode.NOT_FOUND)
    action = TransactionFlowStrategy(action or TransactionFlowStrategy.CHARGE)
    amount = quantize(amount, source.currency) if amount is not None else None
    key = idempotency_key or str(uuid.uuid4())
    existing = _existing_for_key(gateway_id=gateway.id, key=key, source=source, amount=amount, action=action)
    if existing is not None:
        transaction, amount = existing
        request_event = None
    else:
        amount = amount if amount is not None else source_amount_due(source)
        if len(source_transactions(source)) >= TRANSACTION_ITEMS_LIMIT:
            raise _error("transactions", f"{source.__class__.__name__} transactions limit of "
                         f"{TRANSACTION_ITEMS_LIMIT} reached.", TransactionInitializeErrorCode.INVALID)
        is_order = isinstance(source, Order)
        transaction = transaction_create(
            gateway=gateway.id, name=gateway.name, currency=source.currency, order=source if is_order else None,
            checkout=None if is_order else source, idempotency_key=key, customer_ip_address=customer_ip_address,
        )
        request_event, _ = transaction_event_record(transaction=transaction, type=REQUEST_FOR[action], amount=amount,
                                                    key=_request_key(key), include_in_calculations=False)
    request = SessionRequest(
        transaction=transaction, source=source, action=action, amount=amount, currency=source.currency,
        idempotency_key=key, data=gateway_data, customer_ip_address=customer_ip_address,
        customer_email=_customer_email(source),
    )
    result = _call(lambda: gateway.initialize_transaction(request), action, amount)
    return _record_session(transaction, result, request_event=request_event)


def _request_key(key: str) -> str:
    """The session request's event key: prefixed so no gateway's key can equal it, within 512 characters."""
    if len(key) > 480:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return f"initialize:{key}"


def _call(call, action, amount) -> SessionResult:
    """The gateway's answer; a refusal without a field becomes a recorded failure."""
    try:
        return call()
    except GatewayError as error:
        if error.field:
            raise _error(error.field, error.message, TransactionInitializeErrorCode.INVALID)
        return SessionResult(
            event=GatewayEvent(type=FAILURE_FOR[action], amount=amount, key=f"failure:{uuid.uuid4()}", message=error.message),
            data={"error": error.message},
        )


def _record_session(transaction: TransactionItem, result: SessionResult, *, request_event=None) -> SessionOutcome:
    """Record the gateway's answer; ``request_event`` is the session's request event when the
    caller just recorded it (else it is read)."""
    request = request_event if request_event is not None else _initialize_request_event(transaction)
    if result.psp_reference and request is not None and request.psp_reference != result.psp_reference:
        request.psp_reference = result.psp_reference
        request.save(update_fields=["psp_reference"])
    recorded = transaction_events_report(
        transaction=transaction, events=[result.event], psp_reference=result.psp_reference or None,
        payment_method=result.payment_method, external_url=result.external_url,
    )
    # Locked and saved by this database transaction: the object is the row (no reread).
    return SessionOutcome(transaction=transaction, event=recorded[0][0], data=result.data)


# --- transactionProcess ---------------------------------------------------------------------------


def transaction_process(*, transaction_id, data=None) -> SessionOutcome:
    """Continue a session after the shopper acted (3-D Secure, a PromptPay scan).

    Locks the transaction row (then its order's).  A session that already has
    its final answer returns it without asking the gateway again (Saleor's
    rule).  Raises ValidationError for a transaction that was never
    initialized, has no checkout or order, or whose gateway is gone.
    """
    transaction = transaction_lock(transaction_id=transaction_id)
    events = list(transaction.events.order_by("-created_at", "-pk"))
    final = next((e for e in events if e.type in FINAL_SESSION_TYPES and e.include_in_calculations), None)
    if final is not None:
        return SessionOutcome(transaction=transaction, event=final)
    request = _initialize_request_event(transaction)
    if request is None:
        raise _error("id", "Missing call of `transactionInitialize` mutation.", TransactionProcessErrorCode.INVALID)
    if transaction.checkout_id is None and transaction.order_id is None:
        raise _error("id", "Transaction doesn't have attached order or checkout.", TransactionProcessErrorCode.INVALID)
    if not transaction.gateway:
        raise _error("id", "Transaction doesn't have attached app that could process the request.",
                     TransactionProcessErrorCode.MISSING_PAYMENT_APP_RELATION)
    gateway = gateway_get(transaction.gateway)
    if gateway is None:
        raise _error("id", "Payment app attached to the transaction, doesn't exist.",
                     TransactionProcessErrorCode.MISSING_PAYMENT_APP)
    try:
        result = gateway.process_transaction(transaction=transaction, request_event=request, data=data)
    except GatewayError as error:
        raise _error(error.field or "id", error.message, TransactionProcessErrorCode.INVALID)
    return _record_session(transaction, result)
