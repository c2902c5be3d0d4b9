"""Placing the order of a checkout its payments cover, when the storefront does not.

A shopper who pays by PromptPay scans the QR code with a banking app and may
never come back to the storefront's tab, so ``checkoutComplete`` may never be
called.  Saleor completes fully paid checkouts automatically when the channel
asks for it (``checkoutSettings.automaticallyCompleteFullyPaidCheckouts``, with
a delay); here PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS does the same for every
channel.  ``checkout_complete`` is idempotent by checkout token, so a storefront
completing at the same time gets the same order.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction

from shop.checkout.calculations import checkout_charged_amount
from shop.checkout.complete import checkout_complete
from shop.checkout.models import Checkout
from shop.order.models import Order

from .gateways import GatewayEvent
from .models import TransactionEventType as T
from .services import transaction_events_report, transaction_lock
from .sessions import source_total_gross, source_transactions

logger = logging.getLogger(__name__)


def checkout_complete_if_paid(*, checkout_token) -> Order | None:
    """The checkout's order, placed now if its charges (pending included) cover its total.

    Locks as ``checkout_complete`` does (checkout row, then stock rows).  When
    the order cannot be placed (stock ran out, an address is missing) nothing
    is placed and each of the checkout's transactions gets an INFO event saying
    why, for staff to refund or follow up; the checkout stays for the shopper.
    """
    with db_transaction.atomic():
        checkout = Checkout.objects.select_related("channel").filter(pk=checkout_token).first()
        if checkout is None:
            return Order.objects.filter(checkout_token=checkout_token).first()
        charged = checkout_charged_amount(checkout)
        if charged <= 0 or charged < source_total_gross(checkout):
            return None
        try:
            with db_transaction.atomic():
                return checkout_complete(token=checkout.pk, charged_amount=charged, placed_automatically=True)
        except ValidationError as error:
            reason = "; ".join(f"{e.code}: {e.message}" for errors in error.error_dict.values() for e in errors) \
                if hasattr(error, "error_dict") else str(error)
            logger.warning("Paid checkout %s could not be completed: %s", checkout.pk, reason)
            for transaction in source_transactions(checkout):
                transaction_events_report(transaction=transaction_lock(transaction_id=transaction.pk), events=[
                    GatewayEvent(T.INFO, Decimal(0), key=f"autocomplete-failed:{reason}"[:512],
                                 message=f"The paid checkout could not be completed automatically ({reason})")])
            return None
