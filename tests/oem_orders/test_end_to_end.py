"""The issue's "done when", over real HTTP: a brand client with an API token requests a quote,
staff quote, the client accepts, the deposit is paid, the contract is allocated to two groups who
accept (one asks for an advance), the client approves the sample, both batches pass inspection,
two partial deliveries, the balance invoice is paid and the contract closes; the ledger shows each
group's share and advance, exactly.

The server is Django's live server on a loopback port; the client, staff and the groups' members
send GraphQL over HTTP with ``Authorization: Bearer`` (the client's ``hnoem_`` API token, the
others' JWTs from ``tokenCreate``).
"""

from __future__ import annotations

import datetime
import io
import json
import urllib.request
from decimal import Decimal

import pytest
from django.utils import timezone

from fairtrade.ledger import balance, group_balances
from fairtrade.models import Account, Advance, LedgerEntry, LedgerJournal
from oem_orders.models import Allocation, Contract, ContractEvent, WebhookDelivery
from shop.account.permissions import PermissionEnum
from shop.graphql.core.ids import to_global
from tests.factories.account import PASSWORD, create_staff
from tests.factories.catalog import jpeg_bytes
from tests.factories.cooperatives import create_member, create_offer
from tests.factories.fairtrade import create_terms
from tests.factories.oem import thai_tax_id

pytestmark = pytest.mark.django_db(transaction=True)


class Api:
    """One caller of /graphql/ over HTTP, with its Bearer token."""

    def __init__(self, url: str, token: str | None = None):
        self.url, self.token = url + "/graphql/", token

    def _send(self, body: bytes, content_type: str) -> dict:
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            payload = json.loads(response.read())
        assert "errors" not in payload, payload["errors"]
        return payload["data"]

    def call(self, query: str, **variables) -> dict:
        return self._send(json.dumps({"query": query, "variables": variables}).encode(), "application/json")

    def mutate(self, query: str, **variables) -> dict:
        """A mutation whose one payload must have no errors."""
        (payload,) = self.call(query, **variables).values()
        assert payload["errors"] == [], payload["errors"]
        return payload

    def upload(self, query: str, variables: dict, files: dict[str, tuple[str, bytes]]) -> dict:
        """The GraphQL multipart request: operations, map, then the files."""
        boundary = "----homenet-e2e"
        parts = [("operations", json.dumps({"query": query, "variables": variables}).encode(), None),
                 ("map", json.dumps({key: [path] for key, (path, _) in files.items()}).encode(), None)]
        parts += [(key, data, f"{key}.jpg") for key, (_, data) in files.items()]
        body = io.BytesIO()
        for name, data, filename in parts:
            body.write(f"--{boundary}\r\n".encode())
            disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
            body.write(f"Content-Disposition: {disposition}\r\n".encode())
            if filename:
                body.write(b"Content-Type: image/jpeg\r\n")
            body.write(b"\r\n" + data + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        (payload,) = self._send(body.getvalue(), f"multipart/form-data; boundary={boundary}").values()
        assert payload["errors"] == [], payload["errors"]
        return payload


def login(url: str, email: str) -> Api:
    data = Api(url).call("mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) "
                         "{ token errors { code } } }", e=email, p=PASSWORD)
    assert data["tokenCreate"]["errors"] == []
    return Api(url, data["tokenCreate"]["token"])


CLIENT_CREATE = """
mutation($input: OemClientInput!) { oemClientCreate(input: $input) { client { id name taxId } errors { field code } } }
"""
TOKEN_CREATE = """
mutation($client: ID!) { oemApiTokenCreate(input: {client: $client, name: "ERP integration"}) {
  token apiToken { last4 isActive } errors { field code } } }
"""
RFQ_CREATE = """
mutation($input: OemQuoteRequestCreateInput!) { oemQuoteRequestCreate(input: $input) {
  quoteRequest { id number status } errors { field code message } } }
"""
QUOTE_CREATE = """
mutation($request: ID!, $input: OemQuoteCreateInput!) { oemQuoteCreate(requestId: $request, input: $input) {
  quote { id number } errors { field code message } } }
"""
QUOTES = "{ oemQuotes(first: 10) { edges { node { id number isExpired minimumOrderQuantity } } } }"
QUOTE_ACCEPT = """
mutation($id: ID!) { oemQuoteAccept(id: $id) { contract { id number status quantity unitPrice { amount }
  invoices { id kind number subtotal { amount } vat { amount } total { amount } } } errors { field code } } }
"""
BANK_TRANSFER = """
mutation($id: ID!, $amount: Decimal!, $ref: String!) { oemInvoiceBankTransferRecord(id: $id, amount: $amount,
  reference: $ref) { invoice { status } errors { field code message } } }
"""
PROPOSE = """
mutation($id: ID!) { oemAllocationsPropose(contractId: $id) { allocations { id quantity producerGroup { slug } }
  errors { field code message } } }
"""
GROUP_ALLOCATIONS = """
{ oemAllocations(first: 10) { edges { node { id quantity status contractNumber milestones { id kind } } } } }
"""
MILESTONE_DONE = "mutation($id: ID!) { oemMilestoneComplete(id: $id) { milestone { completedAt } errors { code } } }"
ACCEPT_ALLOCATION = "mutation($id: ID!) { oemAllocationAccept(id: $id) { allocation { status } errors { code } } }"
ADVANCE = """
mutation($id: ID!) { oemAdvanceRequest(allocationId: $id) { advance { amount { amount } } errors { code message } } }
"""
SAMPLE = """
mutation($id: ID!) { oemSampleApprove(id: $id, approved: true, comments: "Colours as agreed") {
  contract { sampleStatus } errors { code } } }
"""
PROGRESS = """
mutation($id: ID!, $done: Int!) { oemProductionReport(allocationId: $id, quantityDone: $done) {
  allocation { quantityDone progress } errors { code message } } }
"""
INSPECT = """
mutation($input: OemInspectionRecordInput!) { oemInspectionRecord(input: $input) {
  inspection { result photos { url } } errors { field code message } } }
"""
SHIP = """
mutation($id: ID!, $input: OemShipmentCreateInput!) { oemShipmentCreate(contractId: $id, input: $input) {
  shipment { number quantity } errors { field code message } } }
"""
STATUS = """
mutation($id: ID!, $status: OemContractStatusEnum!) { oemContractStatusUpdate(id: $id, status: $status) {
  contract { status } errors { code message } } }
"""
CONTRACT = """
query($id: ID!) { oemContract(id: $id) {
  number status sampleStatus
  milestones { kind isLate completedAt }
  allocations { id producerGroup { slug } quantity progress quantityShipped producerUnitPrice { amount } }
  inspections { result }
  shipments { number quantity trackingNumber }
  invoices { id kind status number sellerTaxId buyerTaxId buyerBranch subtotal { amount } vat { amount }
             total { amount } }
} }
"""


@pytest.fixture
def makers(channel, groups, variant):
    """Two groups make the variant, 40 units a week each (north first), on fair-trade terms above the floor."""
    north, south = groups[0], groups[2]
    create_offer(north, variant, priority=1, weekly_capacity=40, lead_time_days=14)
    create_offer(south, variant, priority=2, weekly_capacity=40, lead_time_days=14)
    create_terms(north, variant, price="150.00", premium="10")
    create_terms(south, variant, price="140.00", premium="5")
    return north, south


def test_a_token_client_goes_from_quote_to_closed_contract(live_server, variant, makers):
    north, south = makers
    url = live_server.url
    create_staff("oem-desk@homenet.example.com", permissions=[PermissionEnum.MANAGE_ORDERS])
    staff = login(url, "oem-desk@homenet.example.com")
    leaders = {}
    for group in (north, south):
        email = f"leader-{group.slug}@example.com"
        create_member(group, role="leader", email=email)
        leaders[group.slug] = login(url, email)

    # Staff register the brand and give it an API token, shown once.
    tax_id = thai_tax_id("010556400123")
    brand = staff.mutate(CLIENT_CREATE, input={
        "name": "Siam Natural Brands Co., Ltd.", "country": "TH", "taxId": tax_id, "branchCode": "00001",
        "contactName": "Khun Ploy", "contactEmail": "buying@siamnatural.example.com",
        "billingAddress": {"firstName": "Ploy", "lastName": "Chaiyaporn", "companyName": "Siam Natural Brands",
                           "streetAddress1": "99/1 Soi Ruam Rudee", "city": "Pathum Wan", "cityArea": "Lumphini",
                           "countryArea": "Bangkok", "postalCode": "10330", "country": "TH"},
    })["client"]
    issued = staff.mutate(TOKEN_CREATE, client=brand["id"])
    raw_token = issued["token"]
    assert raw_token.startswith("hnoem_") and issued["apiToken"]["last4"] == raw_token[-4:]
    client = Api(url, raw_token)

    # The client asks for 600 bags with a sample; staff quote 100 / 500-unit tiers.
    delivery = timezone.localdate() + datetime.timedelta(days=80)
    rfq = client.mutate(RFQ_CREATE, input={
        "variant": to_global("ProductVariant", variant.pk), "quantity": 600,
        "targetDeliveryDate": delivery.isoformat(), "sampleWanted": True, "note": "Brand label inside",
    })["quoteRequest"]
    assert rfq["status"] == "OPEN"
    staff.mutate(QUOTE_CREATE, request=rfq["id"], input={
        "variant": to_global("ProductVariant", variant.pk), "description": "Hand-woven tote, brand label",
        "minimumOrderQuantity": 100, "leadTimeDays": 45,
        "tiers": [{"minQuantity": 100, "unitPrice": "320.00"}, {"minQuantity": 500, "unitPrice": "300.00"}],
    })

    # The client sees the quote and accepts: a contract at 300.00 a unit, the 50 % deposit invoiced.
    (edge,) = client.call(QUOTES)["oemQuotes"]["edges"]
    assert edge["node"]["isExpired"] is False and edge["node"]["minimumOrderQuantity"] == 100
    contract = client.mutate(QUOTE_ACCEPT, id=edge["node"]["id"])["contract"]
    assert (contract["status"], contract["quantity"], contract["unitPrice"]["amount"]) == ("AWAITING_DEPOSIT", 600, 300)
    (deposit,) = contract["invoices"]
    assert (deposit["kind"], deposit["subtotal"]["amount"], deposit["vat"]["amount"], deposit["total"]["amount"]) == (
        "DEPOSIT", 90000.0, 6300.0, 96300.0)

    # The deposit arrives by bank transfer: production may start.
    staff.mutate(BANK_TRANSFER, id=deposit["id"], amount="96300.00", ref="KBANK-2026-1121-001")
    assert client.call(CONTRACT, id=contract["id"])["oemContract"]["status"] == "IN_PRODUCTION"

    # Staff allocate: the north group first, up to its capacity, the south group the rest.
    proposed = staff.mutate(PROPOSE, id=contract["id"])["allocations"]
    shares = {a["producerGroup"]["slug"]: a for a in proposed}
    assert set(shares) == {north.slug, south.slug}
    assert sum(a["quantity"] for a in proposed) == 600
    assert shares[north.slug]["quantity"] > shares[south.slug]["quantity"]

    # Each group sees only its own allocation, accepts it; the north group asks for an advance (50 %).
    for group in (north, south):
        (mine,) = leaders[group.slug].call(GROUP_ALLOCATIONS)["oemAllocations"]["edges"]
        assert mine["node"]["id"] == shares[group.slug]["id"]
        leaders[group.slug].mutate(ACCEPT_ALLOCATION, id=mine["node"]["id"])
    advance = leaders[north.slug].mutate(ADVANCE, id=shares[north.slug]["id"])["advance"]
    north_quantity, south_quantity = shares[north.slug]["quantity"], shares[south.slug]["quantity"]
    assert Decimal(str(advance["amount"]["amount"])) == Decimal("75.00") * north_quantity  # 50 % of 150.00

    # The client approves the sample; the groups get their materials and make everything.
    assert client.mutate(SAMPLE, id=contract["id"])["contract"]["sampleStatus"] == "APPROVED"
    for group, quantity in ((north, north_quantity), (south, south_quantity)):
        (mine,) = leaders[group.slug].call(GROUP_ALLOCATIONS)["oemAllocations"]["edges"]
        (materials,) = [m for m in mine["node"]["milestones"] if m["kind"] == "MATERIALS_READY"]
        leaders[group.slug].mutate(MILESTONE_DONE, id=materials["id"])
        made = leaders[group.slug].mutate(PROGRESS, id=shares[group.slug]["id"], done=quantity)["allocation"]
        assert made["progress"] == 100.0

    # Staff inspect each group's batch (with a photo): both pass.
    for group, quantity in ((north, north_quantity), (south, south_quantity)):
        inspection = staff.upload(INSPECT, {"input": {
            "allocationId": shares[group.slug]["id"], "batchQuantity": quantity, "sampleSize": 32,
            "checks": [{"name": "Width", "kind": "MEASURE", "unit": "cm", "minValue": "37.5", "maxValue": "38.5",
                        "measuredValue": "38.1"},
                       {"name": "Label stitched straight", "kind": "PASS_FAIL", "passed": True}],
            "photos": [None]}}, {"photo": ("variables.input.photos.0", jpeg_bytes())})["inspection"]
        assert inspection["result"] == "PASSED" and len(inspection["photos"]) == 1

    # Two partial deliveries: the north group's units, then the south group's.
    first = staff.mutate(SHIP, id=contract["id"], input={
        "lines": [{"allocationId": shares[north.slug]["id"], "quantity": north_quantity}],
        "carrier": "Kerry Express", "trackingNumber": "KEX0001"})["shipment"]
    assert client.call(CONTRACT, id=contract["id"])["oemContract"]["status"] == "PARTIALLY_DELIVERED"
    second = staff.mutate(SHIP, id=contract["id"], input={
        "lines": [{"allocationId": shares[south.slug]["id"], "quantity": south_quantity}],
        "carrier": "Kerry Express", "trackingNumber": "KEX0002"})["shipment"]
    assert (first["number"], second["number"]) == (1, 2)

    # Delivered: the balance is invoiced (a Thai tax invoice), the client pays it, staff close the contract.
    seen = client.call(CONTRACT, id=contract["id"])["oemContract"]
    assert seen["status"] == "DELIVERED"
    balance_invoice = next(invoice for invoice in seen["invoices"] if invoice["kind"] == "BALANCE")
    assert (balance_invoice["subtotal"]["amount"], balance_invoice["vat"]["amount"],
            balance_invoice["total"]["amount"]) == (90000.0, 6300.0, 96300.0)
    assert (balance_invoice["buyerTaxId"], balance_invoice["buyerBranch"]) == (tax_id, "00001")
    assert balance_invoice["number"].startswith("INV-") and balance_invoice["number"] != deposit["number"]
    staff.mutate(BANK_TRANSFER, id=balance_invoice["id"], amount="96300.00", ref="KBANK-2026-1230-007")
    assert staff.mutate(STATUS, id=contract["id"], status="CLOSED")["contract"]["status"] == "CLOSED"

    # What the client sees: every milestone done, nothing late, both shipments, both invoices paid; and
    # never what the groups are paid.
    final = client.call(CONTRACT, id=contract["id"])["oemContract"]
    assert final["status"] == "CLOSED"
    assert all(m["completedAt"] and not m["isLate"] for m in final["milestones"])
    assert [s["quantity"] for s in final["shipments"]] == [north_quantity, south_quantity]
    assert {i["status"] for i in final["invoices"]} == {"PAID"}
    assert all(a["producerUnitPrice"] is None for a in final["allocations"])

    # The ledger: each group's share and premium, the advance to net, the client's money, all exact.
    north_balances, south_balances = group_balances(north.pk), group_balances(south.pk)
    assert north_balances == {
        "producer_payable": Decimal("150.00") * north_quantity,
        "group_fund_payable": Decimal("15.00") * north_quantity,
        "advances_outstanding": Decimal("75.00") * north_quantity,
    }
    assert south_balances == {
        "producer_payable": Decimal("140.00") * south_quantity,
        "group_fund_payable": Decimal("7.00") * south_quantity,
        "advances_outstanding": Decimal(0),
    }
    north_allocation = Allocation.objects.get(group=north)
    assert Advance.objects.get(group=north).reference_id == str(north_allocation.pk)
    assert balance(Account.VAT_PAYABLE) == Decimal("-12600.00")
    groups_total = (Decimal("165.00") * north_quantity) + (Decimal("147.00") * south_quantity)
    assert balance(Account.OEM_SALES) == -(Decimal("180000.00") - groups_total)
    assert balance(Account.BANK) == Decimal("192600.00") - Decimal("75.00") * north_quantity
    # Posted once each: two invoice payments, one share per shipment, one advance; the books balance.
    kinds = sorted(LedgerJournal.objects.values_list("kind", flat=True))
    assert kinds == ["advance", "oem_invoice_payment", "oem_invoice_payment", "oem_producer_share",
                     "oem_producer_share"]
    assert sum(LedgerEntry.objects.values_list("amount", flat=True)) == 0

    # Every status change left an audit row.
    changes = list(ContractEvent.objects.filter(contract__number=contract["number"], type="status_changed")
                   .values_list("to_status", flat=True))
    assert changes == ["in_production", "quality_check", "partially_delivered", "delivered", "closed"]
    assert Contract.objects.get(number=contract["number"]).closed_at is not None
    assert not WebhookDelivery.objects.exists()  # the brand gave no webhook URL

