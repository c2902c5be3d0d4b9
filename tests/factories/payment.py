"""Transactions for tests, made the way gateways make them: through the services."""

from decimal import Decimal

from shop.payment.gateways import DUMMY_GATEWAY_ID, GatewayEvent
from shop.payment.models import TransactionEventType as T
from shop.payment.services import transaction_create, transaction_events_report, transaction_lock


def create_transaction(*, checkout=None, order=None, charged=None, authorized=None, gateway=DUMMY_GATEWAY_ID,
                       psp_reference="psp-1"):
    source = checkout or order
    transaction = transaction_create(gateway=gateway, name="Test payment", currency=source.currency,
                                     checkout=checkout, order=order)
    events = []
    if charged is not None:
        events.append(GatewayEvent(T.CHARGE_SUCCESS, Decimal(charged), psp_reference=psp_reference,
                                   key=f"{psp_reference}:charged"))
    if authorized is not None:
        events.append(GatewayEvent(T.AUTHORIZATION_SUCCESS, Decimal(authorized), psp_reference=psp_reference,
                                   key=f"{psp_reference}:authorized"))
    transaction_events_report(transaction=transaction_lock(transaction_id=transaction.pk), events=events,
                              psp_reference=psp_reference)
    transaction.refresh_from_db()
    return transaction
