from celery import shared_task

from .emails import order_confirmation_email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_order_confirmation_email_task(order_id: str) -> bool:
    return order_confirmation_email_send(order_id=order_id)
