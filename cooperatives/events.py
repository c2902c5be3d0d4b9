"""Facts the cooperatives module announces through the hub (shop.core.events)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GroupOrderCreated:
    group_order_id: str
    rerouted: bool = False


@dataclass(frozen=True)
class GroupOrderStatusChanged:
    group_order_id: str
    from_status: str
    to_status: str


@dataclass(frozen=True)
class GroupOrderAccepted:
    group_order_id: str
    line_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupOrderLineDeclined:
    line_id: str
    reason: str


@dataclass(frozen=True)
class GroupOrderLineExpired:
    line_id: str


@dataclass(frozen=True)
class GroupOrderLineRerouted:
    line_id: str
    new_line_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroupOrderLineRefunded:
    line_id: str
    quantity: int
    amount: str


@dataclass(frozen=True)
class GroupOrderShipped:
    group_order_id: str
    shipment_id: int
    fulfillment_id: str
