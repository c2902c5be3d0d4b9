"""Facts the fair-trade module announces through the hub (shop.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FairTradeTermsSaved:
    terms_id: str


@dataclass(frozen=True)
class StatementPaid:
    statement_id: str
