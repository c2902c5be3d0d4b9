"""Domain events: the one hub through which upstream apps announce facts to downstream ones.

* Events are frozen dataclasses named in the past tense (``OrderPaid``) whose
  fields are JSON-friendly (ids, strings, numbers).
* ``publish(event)`` must run inside the transaction that made the change: it
  writes an ``EventOutbox`` row there, and after commit a Celery task hands the
  event to every subscribed handler.  A crash between commit and dispatch
  loses nothing: ``redispatch_pending_events_task`` sends undelivered events again.
* Handlers (``on_<event>`` functions, subscribed in ``AppConfig.ready()``) run
  one per Celery task, inside a transaction that also records their
  ``EventDelivery`` row, so a handler's database work happens once even if the
  event is delivered twice.  Handlers must still be idempotent for effects
  outside the database.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import defaultdict
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

_event_types: dict[str, type] = {}
_handlers: dict[str, dict[str, Callable]] = defaultdict(dict)


def event_name(event_type: type) -> str:
    return f"{event_type.__module__}.{event_type.__qualname__}"


def handler_name(handler: Callable) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def subscribe(event_type: type, handler: Callable) -> None:
    """Register ``handler(event)`` for an event type (call from ``AppConfig.ready``)."""
    if not dataclasses.is_dataclass(event_type):
        raise TypeError("Domain events are dataclasses.")
    name = event_name(event_type)
    _event_types[name] = event_type
    _handlers[name][handler_name(handler)] = handler


def handlers_for(name: str) -> dict[str, Callable]:
    return dict(_handlers.get(name, {}))


def publish(event) -> uuid.UUID:
    """Record the event in the outbox; it is dispatched after the current transaction commits."""
    from .models import EventOutbox
    from .tasks import dispatch_event_task

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() must run inside the transaction that made the change.")
    name = event_name(type(event))
    _event_types.setdefault(name, type(event))
    row = EventOutbox.objects.create(id=uuid.uuid4(), event_type=name, payload=dataclasses.asdict(event))
    transaction.on_commit(lambda: dispatch_event_task.delay(str(row.id)))
    return row.id


def publish_many(events) -> list[uuid.UUID]:
    """``publish`` for several events in one INSERT (constant queries for a batch of facts)."""
    from .models import EventOutbox
    from .tasks import dispatch_event_task

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish_many() must run inside the transaction that made the change.")
    rows = []
    for event in events:
        name = event_name(type(event))
        _event_types.setdefault(name, type(event))
        rows.append(EventOutbox(id=uuid.uuid4(), event_type=name, payload=dataclasses.asdict(event)))
    EventOutbox.objects.bulk_create(rows)
    ids = [str(row.id) for row in rows]
    transaction.on_commit(lambda: [dispatch_event_task.delay(event_id) for event_id in ids])
    return [row.id for row in rows]


def load_event(row):
    event_type = _event_types.get(row.event_type)
    if event_type is None:
        return None
    return event_type(**row.payload)


def deliver(event_id: str, name: str) -> bool:
    """Run one handler for one event, at most once; returns whether it ran now."""
    from .models import EventDelivery, EventOutbox

    row = EventOutbox.objects.get(pk=event_id)
    handler = handlers_for(row.event_type).get(name)
    if handler is None:
        return False
    try:
        with transaction.atomic():
            # The delivery row first: a concurrent second delivery blocks here and then fails.
            EventDelivery.objects.create(event=row, handler=name)
            handler(load_event(row))
    except IntegrityError:
        return False
    _complete_if_done(row)
    return True


def _complete_if_done(row) -> None:
    from .models import EventDelivery, EventOutbox

    wanted = set(handlers_for(row.event_type))
    done = set(EventDelivery.objects.filter(event=row).values_list("handler", flat=True))
    if wanted <= done:
        EventOutbox.objects.filter(pk=row.pk, completed_at__isnull=True).update(completed_at=timezone.now())
