from datetime import timedelta

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from . import events
from .models import EventOutbox

REDISPATCH_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 20


@shared_task
def dispatch_event_task(event_id: str) -> int:
    """Send an outbox event to each of its handlers that has not had it yet."""
    row = EventOutbox.objects.filter(pk=event_id).first()
    if row is None or row.completed_at is not None:
        return 0
    EventOutbox.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
    done = set(row.deliveries.values_list("handler", flat=True))
    pending = [name for name in events.handlers_for(row.event_type) if name not in done]
    for name in pending:
        deliver_event_task.delay(event_id, name)
    if not pending:
        events._complete_if_done(row)
    return len(pending)


@shared_task(bind=True, max_retries=8, acks_late=True)
def deliver_event_task(self, event_id: str, handler: str) -> bool:
    try:
        return events.deliver(event_id, handler)
    except Exception as exc:  # retried with backoff; the outbox sweep is the last resort
        raise self.retry(exc=exc, countdown=min(2**self.request.retries * 5, 600))


@shared_task
def redispatch_pending_events_task() -> int:
    """Periodic sweep: events committed but not yet handled everywhere are sent again."""
    cutoff = timezone.now() - REDISPATCH_AFTER
    ids = list(
        EventOutbox.objects.filter(completed_at__isnull=True, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)[:500]
    )
    for event_id in ids:
        dispatch_event_task.delay(str(event_id))
    return len(ids)
