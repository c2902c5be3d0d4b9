"""Background work of the cooperatives module (Celery); every task is idempotent."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import GroupOrder, GroupOrderStatus
from .services import group_orders_expire_due


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_group_order_created_task(group_order_id: str, rerouted: bool = False) -> int:
    return notifications.group_order_created_notify(group_order_id=group_order_id, rerouted=rerouted)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_shopper_line_refunded_task(line_id: str, quantity: int, amount: str) -> int:
    return notifications.line_refunded_notify_shopper(line_id=line_id, quantity=quantity, amount=amount)


@shared_task
def expire_group_orders_task() -> int:
    """Beat: group orders past their acceptance deadline expire; their lines are rerouted."""
    return group_orders_expire_due()


@shared_task
def send_deadline_reminders_task() -> int:
    """Beat: one reminder per group order that is still waiting when its deadline comes near."""
    now = timezone.now()
    soon = now + timedelta(hours=settings.GROUP_ORDER_REMINDER_HOURS)
    due = GroupOrder.objects.filter(status=GroupOrderStatus.AWAITING_ACCEPTANCE, reminder_sent_at__isnull=True,
                                    accept_by__gt=now, accept_by__lte=soon)
    sent = 0
    for group_order_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = GroupOrder.objects.filter(pk=group_order_id, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
            if claimed:
                notifications.group_order_reminder_notify(group_order_id=group_order_id)
                sent += 1
    return sent
