"""Background work of the fair-trade module (Celery); every task is idempotent."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .payouts import previous_month, statements_generate_for_period


# Beat sends it once a month, so a database outage is ridden out by retrying (1, 2, 4 ...
# minutes, at most 10 between tries, for about an hour) rather than waiting a month.
@shared_task(autoretry_for=(OperationalError, OSError), retry_backoff=60, retry_backoff_max=600, max_retries=8)
def generate_monthly_statements_task(today: str | None = None) -> list[str]:
    """Beat, on the 1st (Bangkok): a statement for the previous calendar month for every active group
    with something to pay.  ``today`` (ISO date) re-runs a missed month by hand.  Running it again
    creates nothing: the entries are taken."""
    period_start, period_end = previous_month(date.fromisoformat(today) if today else timezone.localdate())
    return [statement.number for statement in
            statements_generate_for_period(period_start=period_start, period_end=period_end)]
