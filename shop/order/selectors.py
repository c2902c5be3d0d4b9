"""Reading orders."""

from __future__ import annotations

from .models import Order, OrderLine


def order_lines_get(order: Order) -> list[OrderLine]:
    """The order's lines in their order (created_at, then id), with variant and product.

    Once per order object: an order placed in this request keeps the lines it
    was saved with (``checkout_complete``), so answering with them reads nothing.
    """
    lines = getattr(order, "_lines", None)
    if lines is None:
        lines = order._lines = list(order.lines.select_related("variant__product"))
    return sorted(lines, key=lambda line: (line.created_at, line.pk))
