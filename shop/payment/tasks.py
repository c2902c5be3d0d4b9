"""Background work of payments: completing paid checkouts, catching up with Stripe when a webhook is lost."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from .autocomplete import checkout_complete_if_paid
from .gateways import STRIPE_GATEWAY_ID, gateway_get
from .stripe_webhooks import stripe_transaction_sync, stripe_transactions_to_sync

# Stripe retries webhooks for three days; a payment still waiting after a quarter
# of an hour is asked about directly, for as long as Stripe would have retried.
SYNC_AFTER = timedelta(minutes=15)
SYNC_WITHIN = timedelta(days=3)


@shared_task
def sync_waiting_stripe_transactions_task() -> int:
    """Periodic: queue a sync for each Stripe transaction still waiting for its outcome."""
    if gateway_get(STRIPE_GATEWAY_ID) is None:
        return 0
    ids = stripe_transactions_to_sync(older_than=SYNC_AFTER, newer_than=SYNC_WITHIN)
    for transaction_id in ids:
        sync_stripe_transaction_task.delay(transaction_id)
    return len(ids)


@shared_task(bind=True, max_retries=5, acks_late=True)
def sync_stripe_transaction_task(self, transaction_id: int) -> bool:
    try:
        return stripe_transaction_sync(transaction_id=transaction_id)
    except Exception as exc:  # Stripe unreachable: try again later; the next sweep is the last resort
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 30, 900))


@shared_task(bind=True, max_retries=5, acks_late=True)
def complete_paid_checkout_task(self, checkout_token: str) -> str | None:
    """Place the order of a fully paid checkout the storefront has not completed.

    Run eagerly (tests, no worker) the countdown cannot be honoured, so with a
    delay configured it does nothing rather than complete before the storefront.
    """
    if self.request.is_eager and settings.PAID_CHECKOUT_AUTOCOMPLETE_AFTER_SECONDS:
        return None
    try:
        order = checkout_complete_if_paid(checkout_token=checkout_token)
    except Exception as exc:  # the database was busy or gone: try again later
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 30, 900))
    return str(order.pk) if order else None
