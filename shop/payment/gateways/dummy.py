"""A gateway without a provider: pays at once.  For development, the demo and tests only.

By default a CHARGE succeeds at once and an AUTHORIZATION is authorized at once.
``paymentGateway.data`` may ask for another outcome, to try the storefront's
other paths: ``{"result": "CHARGE_FAILURE"}`` (or ``CHARGE_ACTION_REQUIRED``,
``CHARGE_REQUEST``, and the ``AUTHORIZATION_*`` ones for authorizations).
``transactionProcess`` then finishes an action-required payment
(``{"result": ...}`` again, success by default).  Staff actions (refund,
charge, cancel) succeed at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

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

DUMMY_GATEWAY_ID = "homenet.payments.dummy"

RESULTS = {
    TransactionFlowStrategy.CHARGE: (T.CHARGE_SUCCESS, T.CHARGE_FAILURE, T.CHARGE_REQUEST, T.CHARGE_ACTION_REQUIRED),
    TransactionFlowStrategy.AUTHORIZATION: (
        T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_FAILURE, T.AUTHORIZATION_REQUEST, T.AUTHORIZATION_ACTION_REQUIRED,
    ),
}
ACTION_SUCCESS = {
    TransactionAction.REFUND: T.REFUND_SUCCESS,
    TransactionAction.CHARGE: T.CHARGE_SUCCESS,
    TransactionAction.CANCEL: T.CANCEL_SUCCESS,
}


def _result(data, action: str, *, field: str) -> str:
    allowed = RESULTS[TransactionFlowStrategy(action)]
    wanted = (data or {}).get("result") if isinstance(data, dict) else None
    if wanted is None:
        return allowed[0]
    if str(wanted).lower() not in allowed:
        names = ", ".join(value.upper() for value in allowed)
        raise GatewayError(f"The dummy gateway's result must be one of {names}.", field=field)
    return str(wanted).lower()


class DummyGateway(Gateway):
    id = DUMMY_GATEWAY_ID
    name = "Dummy payment (test only)"

    def is_enabled(self) -> bool:
        return bool(getattr(settings, "DUMMY_GATEWAY_ENABLED", False))

    def initialize_gateway(self, *, source, amount: Decimal, data):
        return {"name": self.name, "results": [r.upper() for results in RESULTS.values() for r in results]}

    def initialize_transaction(self, request: SessionRequest) -> SessionResult:
        result = _result(request.data, request.action, field="payment_gateway")
        psp_reference = f"dummy-{request.transaction.token}"
        return SessionResult(
            event=GatewayEvent(type=result, amount=request.amount, psp_reference=psp_reference,
                               key=f"{psp_reference}:{result}", message="Dummy payment"),
            psp_reference=psp_reference, data={"result": result.upper()},
            payment_method=PaymentMethod(type="other", name="Dummy"),
        )

    def process_transaction(self, *, transaction, request_event, data) -> SessionResult:
        action = (TransactionFlowStrategy.AUTHORIZATION if request_event.type == T.AUTHORIZATION_REQUEST
                  else TransactionFlowStrategy.CHARGE)
        result = _result(data, action, field="data")
        return SessionResult(
            event=GatewayEvent(type=result, amount=request_event.amount_value, psp_reference=transaction.psp_reference,
                               key=f"{transaction.psp_reference}:{result}", message="Dummy payment processed"),
            psp_reference=transaction.psp_reference, data={"result": result.upper()},
        )

    def request_action(self, *, transaction, action: str, amount: Decimal, request_event) -> ActionResult:
        reference = f"{transaction.psp_reference or transaction.token}:{action}:{request_event.pk}"
        success = ACTION_SUCCESS[TransactionAction(action)]
        return ActionResult(
            request_psp_reference=reference,
            events=[GatewayEvent(type=success, amount=amount, psp_reference=reference, key=f"{reference}:success",
                                 message=f"Dummy {action} done")],
        )
