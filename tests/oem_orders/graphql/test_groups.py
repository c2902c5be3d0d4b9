"""The producer groups' API: their own allocations (with their terms), accept / decline, production
reports, advances (leaders), their MATERIALS_READY milestones; nothing of other groups or clients."""

from __future__ import annotations

import pytest

from cooperatives.models import MembershipRole
from fairtrade.models import Advance
from oem_orders.models import Allocation, AllocationStatus, ContractStatus, ProductionReport
from tests.factories.cooperatives import create_member
from tests.factories.oem import create_contract

from .conftest import Api, gid, make_allocation, top_code
from .test_scope import _snapshot

pytestmark = pytest.mark.django_db

ALLOCATIONS = """
query ($filter: OemAllocationFilterInput) { oemAllocations(first: 20, filter: $filter) { totalCount edges { node {
  id status quantity quantityDone readyBy contractNumber description deliveryDate variant { id }
  producerGroup { slug } producerUnitPrice { amount } premiumPercent milestones { id kind isLate } } } } }
"""
ACCEPT = "mutation ($id: ID!) { oemAllocationAccept(id: $id) { allocation { status } errors { field code } } }"
DECLINE = """
mutation ($id: ID!, $reason: String!) { oemAllocationDecline(id: $id, reason: $reason) {
  allocation { status declineReason } errors { field code } } }"""
REPORT = """
mutation ($id: ID!, $done: Int!, $note: String) { oemProductionReport(allocationId: $id, quantityDone: $done, note: $note) {
  allocation { quantityDone } errors { field code } } }"""
ADVANCE = """
mutation ($id: ID!, $amount: Decimal) { oemAdvanceRequest(allocationId: $id, amount: $amount) {
  advance { amount { amount } referenceId } errors { field code } } }"""
MILESTONE = """
mutation ($id: ID!) { oemMilestoneComplete(id: $id) { milestone { kind completedAt } errors { field code } } }"""


@pytest.fixture
def work(world_a, world_b, variant, groups):
    """Group 0 has a proposed allocation of A's contract and an accepted one of B's; group 1 one of A's."""
    contract_a = create_contract(world_a.client, variant, quantity=100, status=ContractStatus.IN_PRODUCTION)
    contract_b = create_contract(world_b.client, variant, quantity=30, status=ContractStatus.IN_PRODUCTION)
    return {
        "proposed": make_allocation(contract_a, groups[0], 60, status=AllocationStatus.PROPOSED),
        "accepted": make_allocation(contract_b, groups[0], 30),
        "other_group": make_allocation(contract_a, groups[1], 40, price="160.00"),
        "leader": create_member(groups[0], role=MembershipRole.LEADER),
        "member": create_member(groups[0]),
        "outsider": create_member(groups[1]),
    }


def _payload(result, name):
    assert "errors" not in result, result
    return result["data"][name]


def test_members_list_their_groups_work_with_their_terms(work, groups):
    data = _payload(Api(user=work["member"]).execute(ALLOCATIONS), "oemAllocations")
    ids = {e["node"]["id"] for e in data["edges"]}
    assert ids == {gid("OemAllocation", work["proposed"]), gid("OemAllocation", work["accepted"])}
    node = next(e["node"] for e in data["edges"] if e["node"]["id"] == gid("OemAllocation", work["proposed"]))
    assert node["producerUnitPrice"] == {"amount": 150.0} and node["premiumPercent"] == 10.0
    assert node["contractNumber"] == work["proposed"].contract.number and node["producerGroup"]["slug"] == groups[0].slug
    assert sorted(m["kind"] for m in node["milestones"]) == ["MATERIALS_READY", "PRODUCTION_DONE"]
    data = _payload(Api(user=work["member"]).execute(ALLOCATIONS, {"filter": {"status": ["PROPOSED"]}}),
                    "oemAllocations")
    assert data["totalCount"] == 1


@pytest.mark.parametrize("who", ["client_member", "token", "shopper", "anonymous"])
def test_others_see_no_allocations(who, work, world_a, shopper):
    api = {"client_member": lambda: Api(user=world_a.member), "token": lambda: Api(token=world_a.raw_token),
           "shopper": lambda: Api(user=shopper), "anonymous": lambda: Api()}[who]()
    result = api.execute(ALLOCATIONS)
    assert top_code(result) == "PermissionDenied" and result["data"]["oemAllocations"] is None


def test_accept_and_decline_own_only(work):
    api = Api(user=work["member"])
    before = _snapshot()
    for target in ("other_group",):
        payload = _payload(api.execute(ACCEPT, {"id": gid("OemAllocation", work[target])}), "oemAllocationAccept")
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
        payload = _payload(api.execute(DECLINE, {"id": gid("OemAllocation", work[target]), "reason": "Busy"}),
                           "oemAllocationDecline")
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    payload = _payload(api.execute(DECLINE, {"id": gid("OemAllocation", work["proposed"]), "reason": " "}),
                       "oemAllocationDecline")
    assert payload["errors"][0]["code"] == "REQUIRED"
    assert _snapshot() == before
    payload = _payload(api.execute(ACCEPT, {"id": gid("OemAllocation", work["proposed"])}), "oemAllocationAccept")
    assert payload == {"allocation": {"status": "ACCEPTED"}, "errors": []}
    assert Allocation.objects.get(pk=work["proposed"].pk).decided_by == work["member"]


def test_decline(work):
    payload = _payload(Api(user=work["leader"]).execute(DECLINE, {"id": gid("OemAllocation", work["proposed"]),
                                                                  "reason": "Looms are busy"}), "oemAllocationDecline")
    assert payload["allocation"] == {"status": "DECLINED", "declineReason": "Looms are busy"}


def test_production_report(work):
    api = Api(user=work["member"])
    target = gid("OemAllocation", work["accepted"])
    before = ProductionReport.objects.count()
    payload = _payload(api.execute(REPORT, {"id": target, "done": 31}), "oemProductionReport")
    assert payload["errors"][0]["code"] == "INVALID_QUANTITY" and ProductionReport.objects.count() == before
    payload = _payload(api.execute(REPORT, {"id": target, "done": 12, "note": "Week 1"}), "oemProductionReport")
    assert payload == {"allocation": {"quantityDone": 12}, "errors": []}
    payload = _payload(Api(user=work["outsider"]).execute(REPORT, {"id": target, "done": 20}), "oemProductionReport")
    assert payload["errors"][0]["code"] == "NOT_FOUND" and ProductionReport.objects.count() == before + 1


def test_advances_are_for_leaders(work):
    target = gid("OemAllocation", work["accepted"])
    result = Api(user=work["member"]).execute(ADVANCE, {"id": target})
    assert top_code(result) == "PermissionDenied" and not Advance.objects.exists()
    payload = _payload(Api(user=work["leader"]).execute(ADVANCE, {"id": target, "amount": "1.00"}), "oemAdvanceRequest")
    assert payload["errors"][0]["code"] == "ADVANCE_TOO_SMALL" and not Advance.objects.exists()
    payload = _payload(Api(user=work["leader"]).execute(ADVANCE, {"id": target}), "oemAdvanceRequest")
    assert payload["errors"] == [], payload
    assert payload["advance"]["referenceId"] == str(work["accepted"].pk)
    assert payload["advance"]["amount"]["amount"] == 2250.0  # half of 30 x 150
    payload = _payload(Api(user=work["leader"]).execute(ADVANCE, {"id": target}), "oemAdvanceRequest")
    assert payload["errors"][0]["code"] == "ALREADY_ADVANCED" and Advance.objects.count() == 1


def test_members_complete_their_materials_milestone_only(work):
    api = Api(user=work["member"])
    materials = work["accepted"].milestones.get(kind="materials_ready")
    production = work["accepted"].milestones.get(kind="production_done")
    others = work["other_group"].milestones.get(kind="materials_ready")
    for milestone in (production, others):
        payload = _payload(api.execute(MILESTONE, {"id": gid("OemMilestone", milestone)}), "oemMilestoneComplete")
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    payload = _payload(api.execute(MILESTONE, {"id": gid("OemMilestone", materials)}), "oemMilestoneComplete")
    assert payload["errors"] == [] and payload["milestone"]["kind"] == "MATERIALS_READY"
    materials.refresh_from_db()
    assert materials.completed_at is not None and materials.completed_by == work["member"]
    production.refresh_from_db()
    others.refresh_from_db()
    assert production.completed_at is None and others.completed_at is None


def test_clients_complete_no_milestone(work, world_a):
    materials = work["proposed"].milestones.get(kind="materials_ready")
    result = Api(token=world_a.raw_token).execute(MILESTONE, {"id": gid("OemMilestone", materials)})
    assert top_code(result) == "PermissionDenied"
