"""Batch loading for GraphQL resolvers: the SQL query count does not grow with page size.

graphql-core resolves a list depth-first, one object at a time, so a resolver
cannot see the other objects of its list.  Every list a resolver returns (a
connection page, a list field) is therefore wrapped in a ``Batch``: each object
remembers its batch, and the first time any object of it needs related data
(variants, prices, thumbnails...), the data is loaded for the whole batch in
one query and cached on the batch.  Children loaded that way form a child batch
of their own, so nested fields batch too.

A batch also carries the request's channel, so channel-scoped fields (prices,
availability, published state) know which channel they answer for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model, prefetch_related_objects

T = TypeVar("T", bound=Model)


class Batch:
    def __init__(self, items: Iterable[Model], *, channel=None, request=None):
        self.items: list[Model] = list(items)
        self.channel = channel
        self.request = request
        self._cache: dict[Any, Any] = {}
        for item in self.items:
            item._batch = self
        batches = getattr(request, "_graphql_batches", None) if request is not None else None
        if batches is not None:
            batches.append(self)

    def release(self) -> None:
        """Drop the batch's objects and cache.

        Objects and their batch point at each other; releasing every batch when
        the request's result is built turns that garbage into plain reference-
        counted garbage, so the cyclic collector does not pause later requests.
        """
        self.items = []
        self._cache.clear()

    def load(self, key: Any, loader: Callable[[list[Model]], Any]) -> Any:
        """Run ``loader(items)`` once for the batch and return its cached result."""
        if key not in self._cache:
            self._cache[key] = loader(self.items)
        return self._cache[key]

    def child(self, items: Iterable[Model]) -> Batch:
        return Batch(items, channel=self.channel, request=self.request)

    def related_list(self, key: Any, lookup, attr: str) -> None:
        """Prefetch a to-many relation for the whole batch into ``attr`` (a ``Prefetch``
        with ``to_attr=attr``) and put all the related objects in one child batch."""

        def load(items):
            prefetch_related_objects(items, lookup)
            return self.child(obj for item in items for obj in getattr(item, attr))

        self.load(key, load)

    def related_one(self, key: Any, field: str) -> None:
        """Prefetch a to-one relation (``category``) for the whole batch into one child batch."""

        def load(items):
            prefetch_related_objects(items, field)
            related = {id(o): o for item in items if (o := getattr(item, field)) is not None}
            # Objects already batched (a variant's product listed with its siblings) keep their batch.
            return self.child(o for o in related.values() if not hasattr(o, "_batch"))

        self.load(key, load)


def batch_of(obj: Model) -> Batch:
    batch = getattr(obj, "_batch", None)
    if batch is None:
        batch = Batch([obj])
    return batch


def release_batches(request) -> None:
    for batch in getattr(request, "_graphql_batches", ()):
        batch.release()
    request._graphql_batches = []


def new_batch(items: Iterable[T], info, *, channel=None) -> list[T]:
    """Wrap objects a resolver returns; they and their children batch together."""
    batch = Batch(items, channel=channel, request=getattr(info, "context", None))
    return batch.items


def channel_of(obj: Model):
    return batch_of(obj).channel
