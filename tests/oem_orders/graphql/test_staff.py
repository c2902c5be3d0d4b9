"""The staff API (MANAGE_ORDERS): clients, quotes, contract status, allocation, inspections with
photos (multipart), shipments and bank transfers; anyone else is refused and nothing is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from oem_orders.models import (
    AllocationStatus,
    Contract,
    ContractStatus,
    InspectionPhoto,
    Invoice,
    InvoiceStatus,
    OemClient,
    OemClientMember,
    Quote,
)
from tests.factories.account import create_staff
from tests.factories.catalog import jpeg_bytes
from tests.factories.cooperatives import create_offer
from tests.factories.fairtrade import create_terms
from tests.factories.oem import create_contract, create_quote_request, thai_tax_id

from .conftest import Api, gid, make_allocation, top_code
from .test_scope import _snapshot

pytestmark = pytest.mark.django_db

CLIENT_CREATE = """
mutation ($input: OemClientInput!) { oemClientCreate(input: $input) { client { id name taxId } errors { field code } } }
"""
CLIENT_UPDATE = """
mutation ($id: ID!, $input: OemClientInput!) {
  oemClientUpdate(id: $id, input: $input) { client { name isActive } errors { field code } } }
"""
MEMBER_ADD = """
mutation ($client: ID!, $email: String!, $role: OemClientRoleEnum) {
  oemClientMemberAdd(client: $client, email: $email, role: $role) { client { name } errors { field code } } }
"""
QUOTE_CREATE = """
mutation ($requestId: ID!, $input: OemQuoteCreateInput!) {
  oemQuoteCreate(requestId: $requestId, input: $input) {
    quote { number status minimumOrderQuantity priceTiers { minQuantity unitPrice { amount } } validUntil }
    errors { field code } } }
"""
STATUS_UPDATE = """
mutation ($id: ID!, $status: OemContractStatusEnum!, $reason: String) {
  oemContractStatusUpdate(id: $id, status: $status, reason: $reason) { contract { status } errors { field code } } }
"""
CANCEL = """
mutation ($id: ID!, $fault: OemCancellationFaultEnum!, $reason: String!) {
  oemContractCancel(id: $id, fault: $fault, reason: $reason) { contract { status } errors { field code } } }
"""
PROPOSE = """
mutation ($id: ID!) { oemAllocationsPropose(contractId: $id) {
  allocations { producerGroup { slug } quantity status producerUnitPrice { amount } } errors { field code } } }
"""
ALLOCATIONS_SET = """
mutation ($id: ID!, $allocations: [OemAllocationInput!]!) { oemAllocationsSet(contractId: $id, allocations: $allocations) {
  allocations { producerGroup { slug } quantity producerUnitPrice { amount } } errors { field code } } }
"""
INSPECTION_RECORD = """
mutation ($input: OemInspectionRecordInput!) { oemInspectionRecord(input: $input) {
  inspection { result checks { name passed } photos { url thumbnail width } } contract { status }
  errors { field code } } }
"""
SHIPMENT_CREATE = """
mutation ($id: ID!, $input: OemShipmentCreateInput!) { oemShipmentCreate(contractId: $id, input: $input) {
  shipment { number quantity trackingNumber lines { quantity } } contract { status } errors { field code } } }
"""
BANK_TRANSFER = """
mutation ($id: ID!, $amount: Decimal!, $reference: String!) {
  oemInvoiceBankTransferRecord(id: $id, amount: $amount, reference: $reference) {
    invoice { status paymentMethod paymentReference paidAt } errors { field code } } }
"""
MILESTONE_COMPLETE = """
mutation ($id: ID!, $note: String) { oemMilestoneComplete(id: $id, note: $note) {
  milestone { kind completedAt note } errors { field code } } }
"""


def _payload(result, name):
    assert "errors" not in result, result
    return result["data"][name]


def _codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


def _client_input(**extra):
    return {"name": "Siam Brand Co., Ltd.", "taxId": thai_tax_id("010556300123"), "contactName": "Khun Dao",
            "contactEmail": "dao@siambrand.example.com", **extra}


# --- who may -------------------------------------------------------------------------------------


def _staff_calls(world):
    contract_id = gid("OemContract", world.contract)
    return [
        (CLIENT_CREATE, "oemClientCreate", {"input": _client_input()}),
        (CLIENT_UPDATE, "oemClientUpdate", {"id": gid("OemClient", world.client), "input": {"isActive": False}}),
        (MEMBER_ADD, "oemClientMemberAdd", {"client": gid("OemClient", world.client), "email": "x@example.com"}),
        (QUOTE_CREATE, "oemQuoteCreate", {"requestId": gid("OemQuoteRequest", world.request), "input": {
            "variant": "UHJvZHVjdFZhcmlhbnQ6MQ==", "description": "x", "minimumOrderQuantity": 1,
            "tiers": [{"minQuantity": 1, "unitPrice": "10"}], "leadTimeDays": 10}}),
        (STATUS_UPDATE, "oemContractStatusUpdate", {"id": contract_id, "status": "ON_HOLD"}),
        (CANCEL, "oemContractCancel", {"id": contract_id, "fault": "CLIENT", "reason": "x"}),
        (PROPOSE, "oemAllocationsPropose", {"id": contract_id}),
        (ALLOCATIONS_SET, "oemAllocationsSet", {"id": contract_id, "allocations": []}),
        (SHIPMENT_CREATE, "oemShipmentCreate", {"id": contract_id, "input": {"lines": [], "carrier": "x",
                                                                              "trackingNumber": "y"}}),
        (BANK_TRANSFER, "oemInvoiceBankTransferRecord", {"id": gid("OemInvoice", world.invoice), "amount": "1",
                                                         "reference": "r"}),
    ]


@pytest.mark.parametrize("who", ["staff_without_permission", "client_admin", "token", "anonymous"])
def test_only_staff_with_manage_orders(who, world_a):
    api = {
        "staff_without_permission": lambda: Api(user=create_staff("clerk@example.com")),
        "client_admin": lambda: Api(user=world_a.admin),
        "token": lambda: Api(token=world_a.raw_token),
        "anonymous": lambda: Api(),
    }[who]()
    before = _snapshot()
    clients = OemClient.objects.count()
    for mutation, name, variables in _staff_calls(world_a):
        result = api.execute(mutation, variables)
        assert top_code(result) == "PermissionDenied", (name, result)
        assert result["data"][name] is None
    assert _snapshot() == before and OemClient.objects.count() == clients


# --- clients -----------------------------------------------------------------------------------------


def test_client_create_update_and_members(staff_api, world_a, shopper):
    payload = _payload(staff_api.execute(CLIENT_CREATE, {"input": _client_input(taxId="0105563001230")}),
                       "oemClientCreate")
    assert _codes(payload) == [("taxId", "INVALID_TAX_ID")] and not OemClient.objects.filter(name__startswith="Siam")
    payload = _payload(staff_api.execute(CLIENT_CREATE, {"input": _client_input()}), "oemClientCreate")
    assert payload["errors"] == [] and payload["client"]["name"] == "Siam Brand Co., Ltd."
    client_id = payload["client"]["id"]

    payload = _payload(staff_api.execute(CLIENT_UPDATE, {"id": client_id, "input": {"name": "Siam Brand Plc"}}),
                       "oemClientUpdate")
    assert payload["client"] == {"name": "Siam Brand Plc", "isActive": True}

    payload = _payload(staff_api.execute(MEMBER_ADD, {"client": client_id, "email": "nobody@example.com"}),
                       "oemClientMemberAdd")
    assert _codes(payload) == [("email", "NOT_FOUND")]
    payload = _payload(staff_api.execute(MEMBER_ADD, {"client": client_id, "email": world_a.member.email}),
                       "oemClientMemberAdd")
    assert _codes(payload) == [("user", "INVALID")], "one client per user"
    payload = _payload(staff_api.execute(MEMBER_ADD, {"client": client_id, "email": shopper.email, "role": "ADMIN"}),
                       "oemClientMemberAdd")
    assert payload["errors"] == [] and OemClientMember.objects.get(user=shopper).role == "admin"


# --- quotes -------------------------------------------------------------------------------------------


def test_quote_create_with_tiers(staff_api, world_a, variant):
    request = create_quote_request(world_a.client, variant, quantity=500)
    variables = {"requestId": gid("OemQuoteRequest", request), "input": {
        "variant": gid("ProductVariant", variant), "description": "Tote bag with the client's label",
        "minimumOrderQuantity": 200, "leadTimeDays": 45,
        "tiers": [{"minQuantity": 200, "unitPrice": "120.00"}, {"minQuantity": 500, "unitPrice": "130.00"}]}}
    quotes = Quote.objects.count()
    payload = _payload(staff_api.execute(QUOTE_CREATE, variables), "oemQuoteCreate")
    assert _codes(payload) == [("tiers", "INVALID_PRICE_TIERS")] and Quote.objects.count() == quotes
    variables["input"]["tiers"][1]["unitPrice"] = "100.00"
    payload = _payload(staff_api.execute(QUOTE_CREATE, variables), "oemQuoteCreate")
    assert payload["errors"] == []
    quote = payload["quote"]
    assert quote["status"] == "SENT" and quote["minimumOrderQuantity"] == 200
    assert [(t["minQuantity"], t["unitPrice"]["amount"]) for t in quote["priceTiers"]] == [(200, 120.0), (500, 100.0)]


# --- contract status ----------------------------------------------------------------------------------------


def test_status_update_follows_the_guards(staff_api, world_a):
    contract_id = gid("OemContract", world_a.contract)
    before = _snapshot()
    payload = _payload(staff_api.execute(STATUS_UPDATE, {"id": contract_id, "status": "IN_PRODUCTION"}),
                       "oemContractStatusUpdate")
    assert _codes(payload) == [("status", "DEPOSIT_NOT_PAID")] and _snapshot() == before
    payload = _payload(staff_api.execute(STATUS_UPDATE, {"id": contract_id, "status": "CLOSED"}),
                       "oemContractStatusUpdate")
    assert _codes(payload) == [("status", "INVALID_STATUS")] and _snapshot() == before
    payload = _payload(staff_api.execute(STATUS_UPDATE, {"id": contract_id, "status": "ON_HOLD", "reason": "Audit"}),
                       "oemContractStatusUpdate")
    assert payload == {"contract": {"status": "ON_HOLD"}, "errors": []}


def test_cancel_needs_a_reason(staff_api, world_a):
    contract_id = gid("OemContract", world_a.contract)
    before = _snapshot()
    payload = _payload(staff_api.execute(CANCEL, {"id": contract_id, "fault": "CLIENT", "reason": " "}),
                       "oemContractCancel")
    assert _codes(payload) == [("reason", "REQUIRED")] and _snapshot() == before
    payload = _payload(staff_api.execute(CANCEL, {"id": contract_id, "fault": "NONE", "reason": "Flood"}),
                       "oemContractCancel")
    assert payload == {"contract": {"status": "CANCELLED"}, "errors": []}
    assert Contract.objects.get(pk=world_a.contract.pk).cancellation_fault == "none"


# --- allocation ----------------------------------------------------------------------------------------------


def test_propose_then_set(staff_api, world_a, variant, groups):
    first, second, _third = groups
    create_offer(first, variant, priority=1, weekly_capacity=100)
    create_offer(second, variant, priority=2, weekly_capacity=100)
    create_terms(first, variant, price="150.00")
    create_terms(second, variant, price="160.00")
    contract = create_contract(world_a.client, variant, quantity=60)
    contract_id = gid("OemContract", contract)

    payload = _payload(staff_api.execute(PROPOSE, {"id": contract_id}), "oemAllocationsPropose")
    assert payload["errors"] == []
    assert [(a["producerGroup"]["slug"], a["quantity"], a["status"], a["producerUnitPrice"]["amount"])
            for a in payload["allocations"]] == [(first.slug, 60, "PROPOSED", 150.0)]

    before = _snapshot()
    payload = _payload(staff_api.execute(ALLOCATIONS_SET, {"id": contract_id, "allocations": [
        {"groupId": gid("ProducerGroup", first), "quantity": 30}]}), "oemAllocationsSet")
    assert [e["code"] for e in payload["errors"]] == ["ALLOCATION_MISMATCH"]
    assert _snapshot() == before
    payload = _payload(staff_api.execute(ALLOCATIONS_SET, {"id": contract_id, "allocations": [
        {"groupId": gid("ProducerGroup", first), "quantity": 30},
        {"groupId": gid("ProducerGroup", second), "quantity": 30, "producerUnitPrice": "175.00"}]}),
        "oemAllocationsSet")
    assert payload["errors"] == []
    assert [(a["producerGroup"]["slug"], a["quantity"], a["producerUnitPrice"]["amount"])
            for a in payload["allocations"]] == [(first.slug, 30, 150.0), (second.slug, 30, 175.0)]


# --- production -------------------------------------------------------------------------------------------------


def test_inspection_with_a_photo_through_multipart(staff_api, world_a, variant, groups):
    contract = create_contract(world_a.client, variant, quantity=50, status=ContractStatus.IN_PRODUCTION)
    allocation = make_allocation(contract, groups[0], 50, done=50)
    variables = {"input": {
        "allocationId": gid("OemAllocation", allocation), "batchQuantity": 50, "sampleSize": 8,
        "checks": [{"name": "Width", "kind": "MEASURE", "unit": "cm", "minValue": "37", "maxValue": "39",
                    "measuredValue": "38.1"}, {"name": "Stitching", "kind": "PASS_FAIL", "passed": True}],
        "photos": [None], "note": "Good batch"}}
    photo = SimpleUploadedFile("batch.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = staff_api.multipart(INSPECTION_RECORD, variables, {"0": photo}, {"0": ["variables.input.photos.0"]})
    assert response.status_code == 200, response.content
    payload = _payload(response.json(), "oemInspectionRecord")
    assert payload["errors"] == [], payload
    inspection = payload["inspection"]
    assert inspection["result"] == "PASSED" and [c["passed"] for c in inspection["checks"]] == [True, True]
    [shown] = inspection["photos"]
    assert shown["width"] == 400 and shown["url"].startswith("http://testserver/")
    assert InspectionPhoto.objects.count() == 1

    allocation.refresh_from_db()
    assert allocation.quantity_passed == 50
    before = _snapshot()
    variables["input"]["photos"] = None
    payload = _payload(staff_api.execute(INSPECTION_RECORD, variables), "oemInspectionRecord")
    assert payload["errors"][0]["code"] == "INVALID_QUANTITY" and _snapshot() == before


def test_inspection_photo_must_be_an_image(staff_api, world_a, variant, groups):
    contract = create_contract(world_a.client, variant, quantity=50, status=ContractStatus.IN_PRODUCTION)
    allocation = make_allocation(contract, groups[0], 50, done=50)
    variables = {"input": {"allocationId": gid("OemAllocation", allocation), "batchQuantity": 50, "sampleSize": 8,
                           "checks": [{"name": "Stitching", "kind": "PASS_FAIL", "passed": True}], "photos": [None]}}
    before = _snapshot()
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = staff_api.multipart(INSPECTION_RECORD, variables, {"0": pdf}, {"0": ["variables.input.photos.0"]})
    payload = _payload(response.json(), "oemInspectionRecord")
    assert _codes(payload) == [("photos", "INVALID_IMAGE")] and _snapshot() == before


def test_shipment_and_bank_transfer(staff_api, world_a, variant, groups):
    contract = create_contract(world_a.client, variant, quantity=50, status=ContractStatus.QUALITY_CHECK)
    allocation = make_allocation(contract, groups[0], 50, done=50, passed=50)
    variables = {"id": gid("OemContract", contract), "input": {
        "lines": [{"allocationId": gid("OemAllocation", allocation), "quantity": 60}], "carrier": "Kerry",
        "trackingNumber": "KER123"}}
    before = _snapshot()
    payload = _payload(staff_api.execute(SHIPMENT_CREATE, variables), "oemShipmentCreate")
    assert payload["errors"] and _snapshot() == before
    variables["input"]["lines"][0]["quantity"] = 20
    payload = _payload(staff_api.execute(SHIPMENT_CREATE, variables), "oemShipmentCreate")
    assert payload["errors"] == [], payload
    assert payload["shipment"]["quantity"] == 20 and payload["contract"]["status"] == "PARTIALLY_DELIVERED"

    # Another contract's allocation is not this shipment's.
    other = create_contract(world_a.client, variant, quantity=10, status=ContractStatus.QUALITY_CHECK)
    variables["id"] = gid("OemContract", other)
    payload = _payload(staff_api.execute(SHIPMENT_CREATE, variables), "oemShipmentCreate")
    assert _codes(payload) == [("lines", "NOT_FOUND")]

    invoice = world_a.invoice
    before = _snapshot()
    payload = _payload(staff_api.execute(BANK_TRANSFER, {"id": gid("OemInvoice", invoice), "amount": "1.00",
                                                         "reference": "SCB-1"}), "oemInvoiceBankTransferRecord")
    assert _codes(payload)[0][1] == "AMOUNT_MISMATCH" and _snapshot() == before
    payload = _payload(staff_api.execute(BANK_TRANSFER, {"id": gid("OemInvoice", invoice), "amount": str(invoice.total),
                                                         "reference": "SCB-1"}), "oemInvoiceBankTransferRecord")
    assert payload["errors"] == [] and payload["invoice"]["status"] == "PAID"
    assert payload["invoice"]["paymentMethod"] == "BANK_TRANSFER"
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.PAID


def test_staff_complete_any_milestone(staff_api, world_a, variant, groups):
    contract = create_contract(world_a.client, variant, quantity=50, status=ContractStatus.IN_PRODUCTION)
    allocation = make_allocation(contract, groups[0], 50, status=AllocationStatus.ACCEPTED)
    milestone = allocation.milestones.get(kind="production_done")
    payload = _payload(staff_api.execute(MILESTONE_COMPLETE, {"id": gid("OemMilestone", milestone), "note": "Seen"}),
                       "oemMilestoneComplete")
    assert payload["errors"] == [] and payload["milestone"]["kind"] == "PRODUCTION_DONE"
    payload = _payload(staff_api.execute(MILESTONE_COMPLETE, {"id": gid("OemMilestone", milestone)}),
                       "oemMilestoneComplete")
    assert _codes(payload) == [("id", "INVALID_STATUS")]



CLIENTS = """
query ($filter: OemClientFilterInput) { oemClients(first: 20, filter: $filter) { totalCount edges { node {
  id name isActive tokens { name } } } } }"""


def test_staff_list_clients_others_are_refused(staff_api, world_a, world_b):
    data = _payload(staff_api.execute(CLIENTS), "oemClients")
    assert [e["node"]["name"] for e in data["edges"]] == ["Brand A Co., Ltd.", "Brand B Co., Ltd."]
    assert data["edges"][0]["node"]["tokens"] == [{"name": "ERP"}]
    data = _payload(staff_api.execute(CLIENTS, {"filter": {"search": "brand b"}}), "oemClients")
    assert [e["node"]["name"] for e in data["edges"]] == ["Brand B Co., Ltd."]
    one = staff_api.execute("query ($id: ID!) { oemClient(id: $id) { name } }", {"id": gid("OemClient", world_b.client)})
    assert one == {"data": {"oemClient": {"name": "Brand B Co., Ltd."}}}
    for api in (Api(user=world_a.admin), Api(token=world_a.raw_token), Api(user=create_staff("clerk@example.com"))):
        assert top_code(api.execute(CLIENTS)) == "PermissionDenied"
        result = api.execute("query ($id: ID!) { oemClient(id: $id) { name } }", {"id": gid("OemClient", world_a.client)})
        assert top_code(result) == "PermissionDenied"
