"""Facts the payment module announces through the hub (shop.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ExternalPaymentSucceeded:
    """A Stripe PaymentIntent that is not a shop transaction succeeded.

    ``reference`` is the intent's ``metadata.homenet_reference`` (e.g. ``oem_invoice:<id>``):
    the app that started the payment recognises it.  ``amount`` is a decimal string.
    """

    reference: str
    intent_id: str
    amount: str
    currency: str
