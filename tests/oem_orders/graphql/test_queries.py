"""Reading OEM objects: a contract with everything in it, SQL queries that do not grow with the page,
what the client may not see (the groups' prices), filters and pages, quotes and their tiers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oem_orders.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    Inspection,
    InspectionCheck,
    InspectionPhoto,
    Shipment,
    ShipmentLine,
)
from tests.factories.catalog import jpeg_bytes
from tests.factories.cooperatives import create_member
from tests.factories.oem import create_contract, create_quote, create_quote_request

from .conftest import Api, gid, make_allocation, make_invoice
from .queries import QUERY_CONTRACT, QUERY_CONTRACTS, QUERY_QUOTES

pytestmark = pytest.mark.django_db


def _full_contract(client, variant, groups, n=0):
    """A contract with two groups' allocations, milestones, an inspection (checks, photo), a shipment,
    an invoice and events."""
    contract = create_contract(client, variant, quantity=100, status=ContractStatus.PARTIALLY_DELIVERED)
    first = make_allocation(contract, groups[0], 60, done=60, passed=60, shipped=40)
    make_allocation(contract, groups[1], 40, done=10)
    inspection = Inspection.objects.create(contract=contract, allocation=first, batch_quantity=60, sample_size=8,
                                           result="passed")
    InspectionCheck.objects.create(inspection=inspection, name="Width", kind="measure", unit="cm",
                                   min_value=Decimal("37"), max_value=Decimal("39"), measured_value=Decimal("38.2"),
                                   passed=True)
    InspectionCheck.objects.create(inspection=inspection, name="Label sewn straight", kind="pass_fail", passed=True)
    InspectionPhoto.objects.create(inspection=inspection,
                                   image=SimpleUploadedFile(f"batch{n}.jpg", jpeg_bytes(), content_type="image/jpeg"))
    shipment = Shipment.objects.create(contract=contract, number=1, carrier="Kerry", tracking_number=f"KER{n}")
    ShipmentLine.objects.create(shipment=shipment, allocation=first, quantity=40)
    make_invoice(contract, subtotal="5000.00")
    ContractEvent.objects.create(contract=contract, type="status_changed", from_status="awaiting_deposit",
                                 to_status="in_production")
    ContractEvent.objects.create(contract=contract, type="status_changed", from_status="quality_check",
                                 to_status="partially_delivered", token=None)
    ContractEvent.objects.create(contract=contract, type="advance_paid", parameters={"amount": "4500"})
    return contract


def test_contract_detail_shows_the_work_and_the_invoices(world_a, variant, groups):
    contract = _full_contract(world_a.client, variant, groups)
    data = Api(token=world_a.raw_token).execute(QUERY_CONTRACT, {"id": gid("OemContract", contract)})
    node = data["data"]["oemContract"]

    assert node["status"] == "PARTIALLY_DELIVERED" and node["quantity"] == 100 and node["maxDeliverable"] == 105
    assert node["unitPrice"] == {"amount": 100.0, "currency": "THB"} and node["value"] == {"amount": 10000.0}
    assert [(a["producerGroup"]["slug"], a["quantity"], a["quantityDone"], a["quantityPassed"], a["quantityShipped"],
             a["status"]) for a in node["allocations"]] == [
        (groups[0].slug, 60, 60, 60, 40, "ACCEPTED"), (groups[1].slug, 40, 10, 0, 0, "ACCEPTED")]
    # What the groups are paid is not the client's business.
    assert {a["producerUnitPrice"] for a in node["allocations"]} == {None}
    assert sorted(m["kind"] for m in node["milestones"]) == ["MATERIALS_READY", "MATERIALS_READY", "PRODUCTION_DONE",
                                                             "PRODUCTION_DONE"]
    assert all(m["isLate"] is False for m in node["milestones"])
    [inspection] = node["inspections"]
    assert inspection["result"] == "PASSED" and inspection["producerGroup"]["slug"] == groups[0].slug
    assert [(c["name"], c["kind"], c["measuredValue"]) for c in inspection["checks"]] == [
        ("Width", "MEASURE", 38.2), ("Label sewn straight", "PASS_FAIL", None)]
    [photo] = inspection["photos"]
    assert photo["url"].startswith("http://testserver/") and "batch0" in photo["url"]
    assert photo["thumbnail"].startswith("http://testserver/")
    [shipment] = node["shipments"]
    assert shipment["quantity"] == 40 and shipment["lines"] == [{"quantity": 40, "producerGroup": {"slug": groups[0].slug}}]
    [invoice] = node["invoices"]
    assert invoice["subtotal"] == {"amount": 5000.0} and invoice["vat"] == {"amount": 350.0}
    assert invoice["total"] == {"amount": 5350.0} and invoice["vatRate"] == 7.0 and invoice["isOverdue"] is False
    assert invoice["sellerTaxId"] == "0105563000000" and invoice["buyerName"] == world_a.client.name
    # The groups' side (an advance) is not the client's.
    assert [e["toStatus"] for e in node["events"]] == ["IN_PRODUCTION", "PARTIALLY_DELIVERED"]


def test_group_members_see_their_own_price_staff_see_all(world_a, variant, groups, staff_user):
    contract = _full_contract(world_a.client, variant, groups)
    node = Api(user=staff_user).execute(QUERY_CONTRACT, {"id": gid("OemContract", contract)})["data"]["oemContract"]
    assert [a["producerUnitPrice"] for a in node["allocations"]] == [{"amount": 150.0}, {"amount": 150.0}]
    assert [e["type"] for e in node["events"]] == ["status_changed", "status_changed", "advance_paid"]


def test_queries_do_not_grow_with_the_page(world_a, variant, groups):
    api = Api(token=world_a.raw_token)
    api.execute(QUERY_CONTRACTS)  # the token's first use is recorded once

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            result = api.execute(QUERY_CONTRACTS)
        assert "errors" not in result, result
        return len(captured), result["data"]["oemContracts"]["totalCount"]

    base = Contract.objects.filter(client=world_a.client).count()
    _full_contract(world_a.client, variant, groups, n=1)
    one, total = queries_for_page()
    assert total == base + 1
    for n in range(2, 6):
        _full_contract(world_a.client, variant, groups, n=n)
    five, total = queries_for_page()
    assert total == base + 5
    assert one == five, (one, five)
    assert one > 10  # the nested lists were read


def test_contracts_filter_by_status_and_search_and_page(world_a, variant):
    delivered = create_contract(world_a.client, variant, status=ContractStatus.DELIVERED, description="Indigo scarf")
    api = Api(user=world_a.member)
    result = api.execute(QUERY_CONTRACTS, {"filter": {"status": ["DELIVERED"]}})["data"]["oemContracts"]
    assert [e["node"]["number"] for e in result["edges"]] == [delivered.number]
    result = api.execute(QUERY_CONTRACTS, {"filter": {"search": "indigo"}})["data"]["oemContracts"]
    assert [e["node"]["number"] for e in result["edges"]] == [delivered.number]
    page = api.execute("""query { oemContracts(first: 2) { edges { node { number } } pageInfo { hasNextPage endCursor } } }""")
    second = api.execute("""query ($after: String) { oemContracts(first: 2, after: $after) { edges { node { number } }
        pageInfo { hasNextPage } } }""", {"after": page["data"]["oemContracts"]["pageInfo"]["endCursor"]})
    numbers = [e["node"]["number"] for r in (page, second) for e in r["data"]["oemContracts"]["edges"]]
    assert len(numbers) == 3 and len(set(numbers)) == 3
    assert page["data"]["oemContracts"]["pageInfo"]["hasNextPage"] is True
    assert second["data"]["oemContracts"]["pageInfo"]["hasNextPage"] is False


def test_quotes_show_tiers_prices_and_expiry(world_a, variant):
    request = create_quote_request(world_a.client, variant, quantity=300)
    expired = create_quote(request, variant, tiers=((100, "120.00"), (250, "110.00"), (500, "100.00")),
                           valid_until=timezone.localdate() - timedelta(days=1))
    result = Api(token=world_a.raw_token).execute(QUERY_QUOTES)["data"]["oemQuotes"]
    node = next(e["node"] for e in result["edges"] if e["node"]["number"] == expired.number)
    assert node["isExpired"] is True and node["minimumOrderQuantity"] == 100
    assert [(t["minQuantity"], t["unitPrice"]["amount"]) for t in node["priceTiers"]] == [
        (100, 120.0), (250, 110.0), (500, 100.0)]
    assert node["unitPrice"] == {"amount": 110.0} and node["request"]["number"] == request.number
    assert node["depositPercent"] == 50.0


def test_group_members_do_not_read_the_clients_contract(world_a, variant, groups):
    """A contract is the client's; a group member reads allocations through oemAllocations instead."""
    contract = _full_contract(world_a.client, variant, groups)
    member = create_member(groups[0])
    assert Api(user=member).execute(QUERY_CONTRACT, {"id": gid("OemContract", contract)}) == {
        "data": {"oemContract": None}}


def _count_queries(api, query):
    with CaptureQueriesContext(connection) as captured:
        result = api.execute(query)
    assert "errors" not in result, result
    return len(captured)


QUERY_REQUESTS_DEEP = """
query { oemQuoteRequests(first: 20) { edges { node { number variant { id } attachments { name url thumbnail }
  quotes { number priceTiers { minQuantity unitPrice { amount } } unitPrice { amount } request { number } } } } } }
"""


def test_quote_requests_with_attachments_and_quotes_do_not_grow_with_the_page(world_a, variant):
    from oem_orders.models import QuoteRequestAttachment

    api = Api(user=world_a.member)

    def add_request(n):
        request = create_quote_request(world_a.client, variant)
        create_quote(request, variant)
        QuoteRequestAttachment.objects.create(
            request=request, name=f"sketch{n}.jpg", content_type="image/jpeg", size=100, is_image=True,
            file=SimpleUploadedFile(f"sketch{n}.jpg", jpeg_bytes(), content_type="image/jpeg"))

    add_request(1)
    one = _count_queries(api, QUERY_REQUESTS_DEEP)
    for n in range(2, 6):
        add_request(n)
    assert _count_queries(api, QUERY_REQUESTS_DEEP) == one


def test_group_allocations_do_not_grow_with_the_page(world_a, variant, groups):
    member = create_member(groups[0])
    api = Api(user=member)
    query = """query { oemAllocations(first: 20) { edges { node { contractNumber variant { id } producerGroup { slug }
      producerUnitPrice { amount } milestones { kind isLate producerGroup { slug } } } } } }"""
    make_allocation(create_contract(world_a.client, variant), groups[0], 10)
    one = _count_queries(api, query)
    for _ in range(4):
        make_allocation(create_contract(world_a.client, variant), groups[0], 10)
    assert _count_queries(api, query) == one
