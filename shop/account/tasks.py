"""Account e-mails, sent by Celery workers.  Each task takes ids and strings only.

Sending is retried on connection and SMTP failures.  A task whose user is
gone (deleted meanwhile) does nothing.
"""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import emails
from .models import User

_RETRY = {"autoretry_for": (SMTPException, OSError), "retry_backoff": 30, "max_retries": 5}


@shared_task(**_RETRY)
def send_account_confirmation_email_task(user_id: int, redirect_url: str) -> bool:
    user = User.objects.filter(pk=user_id, is_confirmed=False).first()
    if user is None:
        return False
    emails.account_confirmation_email_send(user=user, redirect_url=redirect_url)
    return True


@shared_task(**_RETRY)
def send_password_reset_email_task(user_id: int, redirect_url: str) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    emails.password_reset_email_send(user=user, redirect_url=redirect_url)
    return True


@shared_task(**_RETRY)
def send_account_deletion_email_task(user_id: int, redirect_url: str) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    emails.account_deletion_email_send(user=user, redirect_url=redirect_url)
    return True
