"""Sourcing policy: which warehouse serves a variant first, and made-to-order capacity.

The shop itself knows stock only.  A downstream app (cooperatives) knows who
makes what: it registers a policy in its ``AppConfig.ready()`` so that

* reservations and allocations take a variant's units from the warehouses in
  the policy's order (the producer groups' priorities) instead of stock pk
  order; the stock rows are still locked in pk order, so nobody deadlocks;
* variants that do not track inventory (made to order) are limited to the
  capacity the makers have left, checked when a line is added and claimed
  when the order is placed, inside the same transaction.

Without a registered policy the shop behaves as Saleor: stock in pk order and
no limit on untracked variants.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime


class SourcingPolicy:
    """The default policy: no preference, no made-to-order limit."""

    def warehouse_rank(self, variant_ids: Iterable[int]) -> dict[tuple[int, int], int]:
        """``{(variant_id, warehouse_id): rank}``; lower ranks serve first, unranked last."""
        return {}

    def made_to_order_available(self, variant_ids: Iterable[int], *, at: datetime | None = None) -> dict[int, int] | None:
        """Units of made-to-order variants that can still be promised; None = unlimited."""
        return None

    def made_to_order_claim(self, requests: Sequence, *, at: datetime) -> None:
        """Promise capacity to order lines (``request.line_id`` = order line id).

        Raises ``shop.warehouse.services.InsufficientStock`` when the makers
        cannot take the quantity; must run inside the order's transaction.
        """


_policy: SourcingPolicy = SourcingPolicy()


def register(policy: SourcingPolicy) -> None:
    global _policy
    _policy = policy


def policy() -> SourcingPolicy:
    return _policy
