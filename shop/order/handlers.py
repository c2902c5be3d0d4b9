"""Reactions of the order module to its own events (delivered by shop.core.events)."""

from django.db import transaction

from .events import OrderCreated
from .tasks import send_order_confirmation_email_task


def on_order_created(event: OrderCreated) -> None:
    transaction.on_commit(lambda: send_order_confirmation_email_task.delay(event.order_id))
