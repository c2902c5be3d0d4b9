"""Background work of the OEM module (Celery); every task is idempotent."""

from __future__ import annotations

from celery import shared_task

from . import invoices, webhooks


@shared_task(ignore_result=True)
def webhook_delivery_send_task(delivery_id: str) -> str | None:
    """Send one webhook delivery if it is pending and due (after commit, and from the retry beat)."""
    return webhooks.webhook_delivery_send(delivery_id)


@shared_task(ignore_result=True)
def webhook_deliveries_retry_task() -> int:
    """Beat: queue every delivery whose next attempt is due; returns how many were queued."""
    due = webhooks.webhook_deliveries_due()
    for delivery_id in due:
        webhook_delivery_send_task.delay(delivery_id)
    return len(due)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def invoice_overdue_notify_task(invoice_id: str) -> bool:
    return invoices.invoice_overdue_notify(invoice_id=invoice_id)


@shared_task(ignore_result=True)
def invoices_overdue_notify_task() -> int:
    """Beat: tell clients about overdue invoices, once per invoice; returns how many were told now."""
    told = 0
    for invoice_id in invoices.invoices_overdue().values_list("pk", flat=True):
        try:
            told += bool(invoices.invoice_overdue_notify(invoice_id=invoice_id))
        except OSError:  # the mail server: this invoice is tried again next run
            invoice_overdue_notify_task.apply_async((str(invoice_id),), countdown=300)
    return told
