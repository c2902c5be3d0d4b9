from django.apps import AppConfig


class OemOrdersConfig(AppConfig):
    name = "oem_orders"
    verbose_name = "OEM orders"

    def ready(self):
        from shop.core.events import subscribe
        from shop.payment.events import ExternalPaymentSucceeded

        from . import handlers
        from .events import (
            OemContractStatusChanged,
            OemInvoiceIssued,
            OemInvoicePaid,
            OemShipmentSent,
        )

        subscribe(ExternalPaymentSucceeded, handlers.on_external_payment_succeeded)
        subscribe(OemContractStatusChanged, handlers.on_contract_status_changed)
        subscribe(OemInvoiceIssued, handlers.on_invoice_issued)
        subscribe(OemInvoicePaid, handlers.on_invoice_paid)
        subscribe(OemShipmentSent, handlers.on_shipment_sent)
