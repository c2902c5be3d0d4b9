"""Relay connections with Saleor's names, and keyset pagination.

``<Name>CountableConnection { pageInfo, edges: [<Name>CountableEdge!]!, totalCount }``.
Pages are cut with keyset conditions on the sort fields plus the primary key
(never OFFSET), so deep pages cost the same as the first one; the cursor is the
sort key of the edge, base64-encoded JSON.  At most 100 objects per page.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

import graphene
from django.conf import settings
from django.db.models import Q, QuerySet
from graphene.relay import PageInfo

from .batching import new_batch
from .errors import PaginationError

CONNECTION_ARGS = {
    "before": graphene.String(description="Return the elements in the list that come before the specified cursor."),
    "after": graphene.String(description="Return the elements in the list that come after the specified cursor."),
    "first": graphene.Int(description="Retrieve the first n elements from the list. Note that the system only allows fetching a maximum of 100 objects in a single query."),
    "last": graphene.Int(description="Retrieve the last n elements from the list. Note that the system only allows fetching a maximum of 100 objects in a single query."),
}

_connection_types: dict[str, type] = {}


def connection_type(node_type, name: str | None = None) -> type:
    """The ``CountableConnection`` type for a node type (one per name)."""
    name = name or node_type._meta.name
    if name in _connection_types:
        return _connection_types[name]
    edge = type(
        f"{name}CountableEdge",
        (graphene.ObjectType,),
        {
            "node": graphene.Field(node_type, required=True, description="The item at the end of the edge."),
            "cursor": graphene.String(required=True, description="A cursor for use in pagination."),
        },
    )
    connection = type(
        f"{name}CountableConnection",
        (graphene.ObjectType,),
        {
            "page_info": graphene.Field(PageInfo, required=True, description="Pagination data for this connection."),
            "edges": graphene.List(graphene.NonNull(edge), required=True),
            "total_count": graphene.Int(description="A total count of items in the collection."),
            "resolve_page_info": staticmethod(lambda root, _info: root.page_info),
            "resolve_edges": staticmethod(lambda root, _info: root.edges),
            "resolve_total_count": staticmethod(lambda root, _info: root.total_count()),
        },
    )
    _connection_types[name] = connection
    return connection


def ConnectionField(node_type, description: str | None = None, **arguments):  # noqa: N802
    """A field returning a connection of ``node_type`` (or a lambda giving it) with the
    standard pagination arguments."""
    if isinstance(node_type, type):
        target = connection_type(node_type)
    else:
        def target():
            return connection_type(node_type())
    return graphene.Field(target, description=description, **arguments, **CONNECTION_ARGS)


@dataclass
class Edge:
    node: Any
    cursor: str


@dataclass
class ConnectionResult:
    edges: list[Edge]
    page_info: PageInfo
    queryset: QuerySet

    def total_count(self) -> int:
        return self.queryset.count()


def encode_cursor(values: list) -> str:
    return base64.b64encode(json.dumps(values, default=str, ensure_ascii=False).encode()).decode()


def decode_cursor(cursor: str, expected: int) -> list:
    try:
        values = json.loads(base64.b64decode(cursor.encode(), validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError, ValueError):
        raise PaginationError("Received cursor is invalid.", code="INVALID_CURSOR")
    if not isinstance(values, list) or len(values) != expected:
        raise PaginationError("Received cursor is invalid.", code="INVALID_CURSOR")
    return values


def validate_pagination(*, first, last, before, after, name: str) -> None:
    limit = settings.GRAPHQL_MAX_PAGE_SIZE
    if first is None and last is None:
        raise PaginationError(
            f"You must provide a `first` or `last` value to properly paginate the `{name}` connection."
        )
    if first is not None and last is not None:
        raise PaginationError(f"Including a `first` and `last` value on the `{name}` connection is not supported.")
    for arg, value in (("first", first), ("last", last)):
        if value is None:
            continue
        if value < 0:
            raise PaginationError(f"Argument `{arg}` on the `{name}` connection cannot be less than zero.")
        if value > limit:
            raise PaginationError(
                f"Requesting {value} records on the `{name}` connection exceeds the `{arg}` limit of {limit} records."
            )
    if before is not None and after is not None:
        raise PaginationError(f"Including a `before` and `after` value on the `{name}` connection is not supported.")


def _keyset_q(fields: list[str], values: list, *, descending: bool, after: bool) -> Q:
    """Rows strictly after (or before) the cursor in the (field..., pk) order."""
    op = "gt" if after != descending else "lt"
    condition = Q()
    for i, field in enumerate(fields):
        step = Q(**{f"{field}__{op}": values[i]})
        for prev, value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{prev: value})
        condition |= step
    return condition


def _sort_value(obj, field: str):
    value = obj.pk if field == "pk" else getattr(obj, field)
    return value if isinstance(value, int | bool) or value is None else str(value)


def paginate(
    queryset: QuerySet,
    info,
    *,
    sort_fields: list[str],
    descending: bool = False,
    first: int | None = None,
    last: int | None = None,
    before: str | None = None,
    after: str | None = None,
    name: str,
    channel=None,
) -> ConnectionResult:
    """One page of ``queryset`` ordered by ``sort_fields`` (attributes or annotations, never
    null) then pk.  The page's objects form one ``Batch`` for their nested fields."""
    # Saleor's storefronts send ``after: ""`` for the first page: an empty cursor is no cursor.
    before, after = before or None, after or None
    validate_pagination(first=first, last=last, before=before, after=after, name=name)
    fields = [*[f for f in sort_fields if f != "pk"], "pk"]
    backwards = last is not None
    order_desc = descending != backwards
    qs = queryset.order_by(*[f"-{f}" if order_desc else f for f in fields])
    if after is not None:
        qs = qs.filter(_keyset_q(fields, decode_cursor(after, len(fields)), descending=descending, after=True))
    if before is not None:
        qs = qs.filter(_keyset_q(fields, decode_cursor(before, len(fields)), descending=descending, after=False))
    size = first if first is not None else last
    rows = list(qs[: size + 1])
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    new_batch(rows, info, channel=channel)
    edges = [Edge(node=row, cursor=encode_cursor([_sort_value(row, f) for f in fields])) for row in rows]
    page_info = PageInfo(
        has_next_page=has_more if not backwards else before is not None,
        has_previous_page=has_more if backwards else after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return ConnectionResult(edges=edges, page_info=page_info, queryset=queryset)
