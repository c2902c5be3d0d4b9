"""Celery's production configuration: every task has a queue of its kind, and redelivery fits the longest task."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from shop.celery import app

ROOT = Path(__file__).resolve().parents[2]
OUR_PACKAGES = ("shop.", "cooperatives.", "fairtrade.", "oem_orders.")


@pytest.fixture(scope="module")
def our_tasks() -> list[str]:
    app.loader.import_default_modules()
    names = sorted(name for name in app.tasks if name.startswith(OUR_PACKAGES))
    assert len(names) >= 20, names  # the autodiscovery found the apps' tasks
    return names


def queue_of(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name)
    return route["queue"].name


def test_every_task_is_routed_to_a_queue_of_its_kind(our_tasks):
    queues = {name: queue_of(name) for name in our_tasks}
    assert set(queues.values()) <= set(settings.CELERY_QUEUES_BY_KIND), queues
    # Routes are by name: a route that names no task is a typo and would leave
    # that task on "default" without anyone noticing.
    for pattern in settings.CELERY_TASK_ROUTES:
        regex = re.compile(re.escape(pattern).replace(r"\*", ".*") + "$")
        assert any(regex.match(name) for name in our_tasks), f"route {pattern!r} matches no task"


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("shop.core.tasks.deliver_event_task", "default"),
        ("cooperatives.tasks.expire_group_orders_task", "default"),
        ("shop.payment.tasks.complete_paid_checkout_task", "payments"),
        ("oem_orders.tasks.webhook_delivery_send_task", "payments"),
        ("shop.account.tasks.send_password_reset_email_task", "notifications"),
        ("shop.order.tasks.send_order_confirmation_email_task", "notifications"),
        ("cooperatives.tasks.notify_group_order_created_task", "notifications"),
        ("fairtrade.tasks.generate_monthly_statements_task", "reports"),
        ("shop.catalog.tasks.update_products_search_document_task", "reports"),
    ],
)
def test_tasks_go_to_the_queue_of_their_kind(our_tasks, task_name, queue):
    assert task_name in our_tasks
    assert queue_of(task_name) == queue


def test_every_beat_entry_names_a_registered_task(our_tasks):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(our_tasks), scheduled - set(our_tasks)
    # Deadlines, statements and reminders are all there.
    assert {
        "cooperatives.tasks.expire_group_orders_task",
        "cooperatives.tasks.send_deadline_reminders_task",
        "fairtrade.tasks.generate_monthly_statements_task",
        "oem_orders.tasks.invoices_overdue_notify_task",
        "shop.core.tasks.redispatch_pending_events_task",
    } <= scheduled


def test_no_task_runs_longer_than_the_broker_waits_before_redelivering(our_tasks):
    """With Redis, a message unacknowledged for the visibility timeout goes to another worker.

    A task still running (up to its hard time limit) or waiting for a retry countdown
    must come back within it, or it would run twice at once.
    """
    longest_limit = max(
        [settings.CELERY_TASK_TIME_LIMIT]
        + [options.get("time_limit", 0) for options in settings.CELERY_TASK_ANNOTATIONS.values()]
    )
    countdowns = [
        int(value)
        for path in ROOT.glob("*/**/tasks.py")
        if ".venv" not in path.parts
        for value in re.findall(r"min\([^,]+,\s*(\d+)\)", path.read_text())  # capped retry countdowns
    ]
    assert countdowns, "expected capped retry countdowns in the tasks modules"
    # retry_backoff's own cap (Celery's retry_backoff_max default) is 600 s.
    longest_wait = max([*countdowns, 600])
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > longest_limit + longest_wait
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    for name in settings.CELERY_TASK_ANNOTATIONS:
        assert name in our_tasks, f"annotation for unknown task {name}"


@pytest.mark.django_db
def test_the_monthly_statements_ride_out_a_database_outage_by_retrying(monkeypatch):
    """Beat sends it once a month: a lost database connection schedules a retry, not a month's wait."""
    from celery.exceptions import Retry
    from django.db import OperationalError

    from fairtrade import tasks

    def outage(**period):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(tasks, "statements_generate_for_period", outage)
    with pytest.raises(Retry) as retry:
        tasks.generate_monthly_statements_task.delay("2026-11-01")
    assert isinstance(retry.value.exc, OperationalError)
    # Backoff with jitter: the first retry comes within the first minute.
    assert 0 <= retry.value.when <= 60

    def other_bug(**period):
        raise ValueError("a bug is not retried")

    monkeypatch.setattr(tasks, "statements_generate_for_period", other_bug)
    with pytest.raises(ValueError):
        tasks.generate_monthly_statements_task.delay("2026-11-01")
