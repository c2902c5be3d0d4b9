"""Reactions to OEM and payment events (delivered after commit by shop.core.events, once per handler)."""

from __future__ import annotations

from shop.payment.events import ExternalPaymentSucceeded

from . import invoices, webhooks
from .events import OemContractStatusChanged, OemInvoiceIssued, OemInvoicePaid, OemShipmentSent


def on_external_payment_succeeded(event: ExternalPaymentSucceeded) -> None:
    """A Stripe intent with ``homenet_reference = oem_invoice:<id>`` succeeded: the invoice is paid."""
    invoices.invoice_card_payment_succeeded(reference=event.reference, intent_id=event.intent_id,
                                            amount=event.amount, currency=event.currency)


def on_contract_status_changed(event: OemContractStatusChanged) -> None:
    webhooks.contract_status_changed_enqueue(contract_id=event.contract_id, event_id=event.event_id,
                                             from_status=event.from_status, to_status=event.to_status)


def on_invoice_issued(event: OemInvoiceIssued) -> None:
    webhooks.invoice_enqueue(invoice_id=event.invoice_id, event_type=webhooks.INVOICE_ISSUED)


def on_invoice_paid(event: OemInvoicePaid) -> None:
    webhooks.invoice_enqueue(invoice_id=event.invoice_id, event_type=webhooks.INVOICE_PAID)


def on_shipment_sent(event: OemShipmentSent) -> None:
    webhooks.shipment_sent_enqueue(shipment_id=event.shipment_id)
