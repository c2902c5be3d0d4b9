"""Facts the order module announces through the hub (shop.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OrderCreated:
    order_id: str


@dataclass(frozen=True)
class OrderPaid:
    order_id: str


@dataclass(frozen=True)
class OrderCancelled:
    order_id: str


@dataclass(frozen=True)
class OrderRefunded:
    order_id: str
    amount: str


@dataclass(frozen=True)
class OrderFulfilled:
    order_id: str
    fulfillment_id: str
