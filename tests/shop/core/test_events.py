"""The domain-event hub: events leave only with their transaction, reach each handler once."""

import dataclasses
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.db import transaction
from django.utils import timezone

from shop.core import events
from shop.core.models import EventDelivery, EventOutbox
from shop.core.tasks import dispatch_event_task, redispatch_pending_events_task
from shop.site.models import SiteSettings

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class ThingHappened:
    name: str


CALLS: list[str] = []


def on_thing_happened(event: ThingHappened) -> None:
    CALLS.append(event.name)
    SiteSettings.objects.update_or_create(pk=1, defaults={"name": f"renamed by {event.name}"})


def on_thing_happened_fails(event: ThingHappened) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"name": "must roll back"})
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _handlers():
    CALLS.clear()
    events.subscribe(ThingHappened, on_thing_happened)
    yield
    events._handlers.pop(events.event_name(ThingHappened), None)


def test_event_is_handled_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish(ThingHappened(name="a"))
        assert CALLS == []

    assert CALLS == ["a"]
    assert EventOutbox.objects.get().completed_at is not None
    assert SiteSettings.objects.get().name == "renamed by a"


def test_event_of_a_rolled_back_transaction_never_leaves(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValueError), transaction.atomic():
        events.publish(ThingHappened(name="lost"))
        raise ValueError

    assert CALLS == []
    assert EventOutbox.objects.count() == 0


def test_second_delivery_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event_id = events.publish(ThingHappened(name="once"))

    ran_again = events.deliver(str(event_id), events.handler_name(on_thing_happened))
    dispatch_event_task.delay(str(event_id))

    assert ran_again is False
    assert CALLS == ["once"]
    assert EventDelivery.objects.count() == 1


def test_sweep_delivers_events_whose_dispatch_was_lost():
    # given an event committed but never dispatched (a crash right after commit)
    with transaction.atomic():
        event_id = events.publish(ThingHappened(name="late"))
    EventOutbox.objects.filter(pk=event_id).update(created_at=timezone.now() - timedelta(minutes=5))
    assert CALLS == []

    # when the periodic sweep runs
    swept = redispatch_pending_events_task.delay().get()

    # then the handler ran exactly once
    assert swept == 1
    assert CALLS == ["late"]
    assert redispatch_pending_events_task.delay().get() == 0


def test_failing_handler_leaves_no_trace_and_no_delivery(django_capture_on_commit_callbacks):
    events.subscribe(ThingHappened, on_thing_happened_fails)
    SiteSettings.objects.create(pk=1, name="original")
    with pytest.raises(Retry), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event_id = events.publish(ThingHappened(name="x"))

    failing = events.handler_name(on_thing_happened_fails)
    assert not EventDelivery.objects.filter(handler=failing).exists()
    assert EventOutbox.objects.get(pk=event_id).completed_at is None
    assert SiteSettings.objects.get().name == "renamed by x"


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        events.publish(ThingHappened(name="no"))
