"""Facts the OEM module announces through the hub (shop.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class OemQuoteRequested:
    request_id: str


@dataclass(frozen=True)
class OemQuoteSent:
    quote_id: str


@dataclass(frozen=True)
class OemContractCreated:
    contract_id: str


@dataclass(frozen=True)
class OemContractStatusChanged:
    contract_id: str
    event_id: int
    from_status: str
    to_status: str


@dataclass(frozen=True)
class OemSampleReviewed:
    contract_id: str
    review_id: int
    decision: str


@dataclass(frozen=True)
class OemAllocationProposed:
    allocation_id: str


@dataclass(frozen=True)
class OemAllocationDecided:
    allocation_id: str
    status: str


@dataclass(frozen=True)
class OemMilestoneReached:
    milestone_id: int
    contract_id: str
    kind: str


@dataclass(frozen=True)
class OemInspectionRecorded:
    inspection_id: str
    result: str


@dataclass(frozen=True)
class OemShipmentSent:
    shipment_id: str


@dataclass(frozen=True)
class OemInvoiceIssued:
    invoice_id: str


@dataclass(frozen=True)
class OemInvoicePaid:
    invoice_id: str
