"""Abstract models shared by the storefront core."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models, transaction
from django.db.models import F, Max


class ModelWithMetadata(models.Model):
    """Public and private key/value metadata, as Saleor's ``ObjectWithMetadata``."""

    metadata = models.JSONField(blank=True, default=dict)
    private_metadata = models.JSONField(blank=True, default=dict)

    class Meta:
        abstract = True
        indexes = [
            GinIndex(fields=["metadata"], name="%(app_label)s_%(class)s_meta_idx"),
        ]


class SortableModel(models.Model):
    """A row with a position among its siblings; new rows go last."""

    sort_order = models.IntegerField(editable=False, db_index=True, null=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.sort_order is None:
            current = self.get_ordering_queryset().aggregate(m=Max("sort_order"))["m"]
            self.sort_order = 0 if current is None else current + 1
        super().save(*args, **kwargs)

    @transaction.atomic
    def delete(self, *args, **kwargs):
        if self.sort_order is not None:
            self.get_ordering_queryset().filter(sort_order__gt=self.sort_order).update(
                sort_order=F("sort_order") - 1
            )
        return super().delete(*args, **kwargs)

    def get_ordering_queryset(self):  # pragma: no cover - overridden
        raise NotImplementedError


class PublishableModel(models.Model):
    published_at = models.DateTimeField(null=True, blank=True)
    is_published = models.BooleanField(default=False)

    class Meta:
        abstract = True


class TranslationModel(models.Model):
    """One language's text for a translatable object (the object itself holds English)."""

    language_code = models.CharField(max_length=35)

    class Meta:
        abstract = True


class EventOutbox(models.Model):
    """A domain event waiting to reach its handlers (transactional outbox).

    Written in the same transaction as the change it announces, so an event
    exists if and only if the change committed.  ``completed_at`` is set once
    every handler has a delivery row; until then a periodic task sends it again.
    """

    id = models.UUIDField(primary_key=True)
    event_type = models.CharField(max_length=200)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("created_at",)

    def __str__(self):
        return f"{self.event_type} {self.id}"


class EventDelivery(models.Model):
    """One handler's successful run for one event; the unique pair makes delivery at most once."""

    event = models.ForeignKey(EventOutbox, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(max_length=300)
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "handler"], name="event_delivery_uniq")]

    def __str__(self):
        return f"{self.handler} <- {self.event_id}"
