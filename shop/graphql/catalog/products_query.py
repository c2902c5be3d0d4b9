"""The one resolver behind every products connection (root, category, collection)."""

from __future__ import annotations

from shop.catalog import selectors

from ..core.connection import paginate
from ..core.context import is_staff
from ..core.errors import InvalidArgument
from .filters import filter_products, search_q, sort_products, where_products_q


def resolve_products(
    info, *, channel, base=None, filter=None, where=None, sort_by=None, search=None, collection=None, name="products", **page
):
    staff = is_staff(info)
    if sort_by and sort_by.get("field") == "rank" and not (search or (filter or {}).get("search")):
        raise InvalidArgument("Sorting by RANK is available only when using a search filter.", field="sortBy")
    # The search text is never shown; do not carry it for every row of a page.
    qs = selectors.products_in_listings(channel=channel, staff=staff).defer("search_document")
    if base is not None:
        qs = qs.filter(base)
    if filter and filter.get("is_published") is not None and not staff:
        filter = {k: v for k, v in filter.items() if k != "is_published"}
    qs = filter_products(qs, filter, channel)
    if where:
        qs = qs.filter(where_products_q(where, channel))
    if search:
        qs = qs.filter(search_q(search))
    qs, fields, descending = sort_products(
        qs, sort_by, channel=channel, search=search or (filter or {}).get("search"), collection=collection
    )
    return paginate(qs, info, sort_fields=fields, descending=descending, name=name, channel=channel, **page)
