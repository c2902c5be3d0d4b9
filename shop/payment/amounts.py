"""A transaction's amounts, derived from its events (Saleor's price-calculation rules).

Pure functions: no database.  The rules, per kind of action (authorization,
charge, refund, cancel):

* Events are grouped by PSP reference; an event without one is its own group.
* A group counts as done (its SUCCESS amount) when it has a SUCCESS that no later
  FAILURE overrides; otherwise as pending (its latest REQUEST amount) when a
  REQUEST is newer than any FAILURE; otherwise it counts nothing.  "Later" is by
  ``created_at`` (the provider's time), then by row id.  So duplicates and
  replays of a fact change nothing, and a late-delivered older event cannot
  undo a newer one.
* ``authorized`` = latest AUTHORIZATION_ADJUSTMENT (if any) + authorizations
  done after it, minus charges done or pending, minus cancels done or pending.
* ``charged`` = charges done - chargebacks + refund reversals - refunds done
  or pending.  ``refunded`` = refunds done - refund reversals.
* Nothing is ever negative (a refund that arrives before its charge waits at 0).

When nothing is clamped, the parts add up:
``charged + refunded + refund_pending + chargebacks == charges done``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import TransactionAction
from .models import TransactionEventType as T

ZERO = Decimal(0)

KINDS = {
    "authorization": (T.AUTHORIZATION_REQUEST, T.AUTHORIZATION_SUCCESS, T.AUTHORIZATION_FAILURE),
    "charge": (T.CHARGE_REQUEST, T.CHARGE_SUCCESS, T.CHARGE_FAILURE),
    "refund": (T.REFUND_REQUEST, T.REFUND_SUCCESS, T.REFUND_FAILURE),
    "cancel": (T.CANCEL_REQUEST, T.CANCEL_SUCCESS, T.CANCEL_FAILURE),
}


@dataclass(frozen=True)
class TransactionAmounts:
    authorized: Decimal = ZERO
    authorize_pending: Decimal = ZERO
    charged: Decimal = ZERO
    charge_pending: Decimal = ZERO
    refunded: Decimal = ZERO
    refund_pending: Decimal = ZERO
    canceled: Decimal = ZERO
    cancel_pending: Decimal = ZERO

    def as_fields(self) -> dict[str, Decimal]:
        """The model's field names (``authorized_value``...) and values."""
        return {
            "authorized_value": self.authorized, "authorize_pending_value": self.authorize_pending,
            "charged_value": self.charged, "charge_pending_value": self.charge_pending,
            "refunded_value": self.refunded, "refund_pending_value": self.refund_pending,
            "canceled_value": self.canceled, "cancel_pending_value": self.cancel_pending,
        }

    def available_actions(self) -> list[str]:
        """What staff may still ask: refund what is charged, charge or cancel what is authorized."""
        actions = []
        if self.charged > 0:
            actions.append(TransactionAction.REFUND.value)
        if self.authorized > 0:
            actions += [TransactionAction.CHARGE.value, TransactionAction.CANCEL.value]
        return actions


def _position(event):
    return (event.created_at, event.pk or 0)


def _settle(events: list, request: str, success: str, failure: str) -> tuple[Decimal, Decimal]:
    """(done, pending) of one kind of action over its PSP-reference groups."""
    groups: dict[str, list] = {}
    for event in events:
        key = event.psp_reference or f"__event_{id(event)}"
        groups.setdefault(key, []).append(event)
    done = pending = ZERO
    for group in groups.values():
        latest = {}
        for event in group:
            if event.type not in latest or _position(event) >= _position(latest[event.type]):
                latest[event.type] = event
        last_success, last_failure, last_request = latest.get(success), latest.get(failure), latest.get(request)
        if last_success and not (last_failure and _position(last_failure) > _position(last_success)):
            done += last_success.amount_value
        elif last_request and not (last_failure and _position(last_failure) > _position(last_request)):
            pending += last_request.amount_value
    return done, pending


def amounts_from_events(events: Iterable) -> TransactionAmounts:
    """Amounts of a transaction from its events (objects with type, amount_value,
    psp_reference, created_at, pk and include_in_calculations)."""
    counted = sorted((e for e in events if e.include_in_calculations), key=_position)
    adjustments = [e for e in counted if e.type == T.AUTHORIZATION_ADJUSTMENT]
    base = ZERO
    if adjustments:
        base = adjustments[-1].amount_value
        since = _position(adjustments[-1])
        counted_auth = [e for e in counted if e.type in KINDS["authorization"] and _position(e) > since]
    else:
        counted_auth = [e for e in counted if e.type in KINDS["authorization"]]
    auth_done, auth_pending = _settle(counted_auth, *KINDS["authorization"])
    settled = {
        kind: _settle([e for e in counted if e.type in types], *types)
        for kind, types in KINDS.items() if kind != "authorization"
    }
    charge_done, charge_pending = settled["charge"]
    refund_done, refund_pending = settled["refund"]
    cancel_done, cancel_pending = settled["cancel"]
    chargebacks = sum((e.amount_value for e in counted if e.type == T.CHARGE_BACK), ZERO)
    reversals = sum((e.amount_value for e in counted if e.type == T.REFUND_REVERSE), ZERO)
    authorized = base + auth_done - charge_done - charge_pending - cancel_done - cancel_pending
    charged = charge_done - chargebacks + reversals - refund_done - refund_pending
    return TransactionAmounts(
        authorized=max(authorized, ZERO), authorize_pending=auth_pending,
        charged=max(charged, ZERO), charge_pending=charge_pending,
        refunded=max(refund_done - reversals, ZERO), refund_pending=refund_pending,
        canceled=cancel_done, cancel_pending=cancel_pending,
    )
