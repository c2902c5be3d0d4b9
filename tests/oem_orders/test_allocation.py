"""Allocation of a contract to producer groups: proposals, staff adjustments, the groups' answers, advances."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cooperatives.capacity import (
    CooperativeSourcing,
    InsufficientCapacity,
    capacity_left,
    capacity_left_in,
    reference_claim,
    reference_release,
    week_of,
    weeks_between,
)
from cooperatives.models import CapacityClaim
from fairtrade.models import Advance
from oem_orders.actors import Actor
from oem_orders.allocation import (
    QC_AND_SHIPPING_DAYS,
    AllocationPart,
    allocation_accept,
    allocation_advance_request,
    allocation_decline,
    allocation_propose,
    allocations_set,
)
from oem_orders.events import OemAllocationDecided, OemAllocationProposed
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    ContractEvent,
    ContractStatus,
    Milestone,
    MilestoneKind,
)
from tests.concurrency import run_at_once
from tests.factories.account import create_user
from tests.factories.cooperatives import create_member, create_offer
from tests.factories.fairtrade import create_terms
from tests.factories.oem import create_contract, create_oem_client
from tests.oem_orders.conftest import atomic
from tests.oem_orders.fixtures_production import (
    counts,
    error_code,
    error_params,
    make_allocation,
    published,
)


@pytest.fixture
def staff():
    return Actor(user=create_user("staff@homenet.example.com", is_staff=True))


@pytest.fixture
def client_():
    return create_oem_client()


def _weeks(contract):
    return weeks_between(timezone.localdate(), contract.delivery_date - timedelta(days=QC_AND_SHIPPING_DAYS))


def _refused(fn, **kwargs):
    before = counts()
    with pytest.raises(ValidationError) as info:
        atomic(fn, **kwargs)
    assert counts() == before, "a refusal writes nothing"
    return info.value


@pytest.fixture
def makers(groups, variant):
    """Two groups with terms: the first (priority 1) takes 5 units a week, the second 100."""
    first, second, _third = groups
    offers = [
        create_offer(first, variant, priority=1, weekly_capacity=5),
        create_offer(second, variant, priority=2, weekly_capacity=100),
    ]
    create_terms(first, variant, price="150.00")
    create_terms(second, variant, price="160.00", premium="5")
    return offers


# --- capacity --------------------------------------------------------------------------------------


def test_weeks_between_gives_the_mondays_of_both_ends():
    from datetime import date

    assert weeks_between(date(2026, 1, 7), date(2026, 1, 19)) == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]
    assert weeks_between(date(2026, 1, 19), date(2026, 1, 7)) == []


def test_reference_claim_fills_the_earliest_weeks_and_releases_the_latest_first(groups, variant):
    offer = create_offer(groups[0], variant, weekly_capacity=10)
    weeks = weeks_between(timezone.localdate(), timezone.localdate() + timedelta(days=21))
    with transaction.atomic():
        claims = reference_claim(offer=offer, reference="oem_allocation:x", quantity=25, weeks=weeks)
    assert [(c.week, c.quantity) for c in claims] == [(weeks[0], 10), (weeks[1], 10), (weeks[2], 5)]
    assert all(c.order_line_id is None for c in claims)
    assert capacity_left_in(offer, weeks) == {weeks[0]: 0, weeks[1]: 0, weeks[2]: 5, weeks[3]: 10}

    with transaction.atomic():
        assert reference_release(reference="oem_allocation:x", keep=8) == 17
    assert list(CapacityClaim.objects.filter(reference="oem_allocation:x").values_list("week", "quantity")) == [
        (weeks[0], 8)
    ]
    with transaction.atomic():
        reference_release(reference="oem_allocation:x")
    assert not CapacityClaim.objects.exists()


def test_reference_claim_beyond_the_weeks_writes_nothing(groups, variant):
    offer = create_offer(groups[0], variant, weekly_capacity=10)
    weeks = weeks_between(timezone.localdate(), timezone.localdate() + timedelta(days=7))
    with pytest.raises(InsufficientCapacity) as info, transaction.atomic():
        reference_claim(offer=offer, reference="oem_allocation:y", quantity=len(weeks) * 10 + 3, weeks=weeks)
    assert info.value.short == 3
    assert not CapacityClaim.objects.exists()


# --- propose ------------------------------------------------------------------------------------


def test_propose_fills_by_priority_up_to_each_groups_capacity(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=120)
    weeks = _weeks(contract)
    first_share = 5 * len(weeks)

    allocations = atomic(allocation_propose, contract=contract, actor=staff)

    assert [(a.group_id, a.quantity) for a in allocations] == [
        (groups[0].pk, first_share), (groups[1].pk, 120 - first_share)
    ]
    first, second = allocations
    assert first.status == AllocationStatus.PROPOSED and first.offer == makers[0]
    assert (first.producer_unit_price, first.materials_cost, first.labour_minutes, first.premium_percent) == (
        Decimal("150.00"), Decimal("40.00"), Decimal("120.00"), Decimal("10.00")
    )
    assert second.producer_unit_price == Decimal("160.00") and second.premium_percent == Decimal("5.00")
    assert first.floor_unit_price == Decimal("129.25") and first.terms is not None
    assert first.ready_by == contract.delivery_date - timedelta(days=7)
    # Capacity: the first group's every week, the second's earliest weeks first.
    assert sorted(CapacityClaim.objects.filter(reference=f"oem_allocation:{first.pk}").values_list("week", "quantity")) == [
        (week, 5) for week in weeks
    ]
    second_claims = list(CapacityClaim.objects.filter(reference=f"oem_allocation:{second.pk}").order_by("week"))
    assert second_claims[0].week == weeks[0] and sum(c.quantity for c in second_claims) == 120 - first_share
    # Milestones, audit rows and events per allocation.
    materials = Milestone.objects.get(allocation=first, kind=MilestoneKind.MATERIALS_READY)
    done = Milestone.objects.get(allocation=first, kind=MilestoneKind.PRODUCTION_DONE)
    today = timezone.localdate()
    assert materials.due_date == today + timedelta(days=(first.ready_by - today).days // 3)
    assert done.due_date == first.ready_by
    assert ContractEvent.objects.filter(contract=contract, type="allocated").count() == 2
    assert ContractEvent.objects.filter(contract=contract, type="allocated").first().user == staff.user
    assert [p["allocation_id"] for p in published(OemAllocationProposed)] == [str(first.pk), str(second.pk)]


def test_propose_skips_groups_whose_lead_time_is_too_long(client_, groups, variant, staff):
    create_offer(groups[0], variant, priority=1, weekly_capacity=1000, lead_time_days=200)
    create_offer(groups[1], variant, priority=2, weekly_capacity=1000)
    create_terms(groups[0], variant)
    create_terms(groups[1], variant)
    contract = create_contract(client_, variant, quantity=50)

    [allocation] = atomic(allocation_propose, contract=contract, actor=staff)

    assert allocation.group_id == groups[1].pk and allocation.quantity == 50


def test_propose_short_of_capacity_is_refused(client_, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=10_000)
    error = _refused(allocation_propose, contract=contract, actor=staff)
    assert error_code(error) == "OVER_CAPACITY"
    assert error_params(error)["short"] == 10_000 - 105 * len(_weeks(contract))


def test_propose_without_terms_names_the_group(client_, groups, variant, staff):
    create_offer(groups[2], variant, weekly_capacity=1000)
    contract = create_contract(client_, variant, quantity=50)
    error = _refused(allocation_propose, contract=contract, actor=staff)
    assert error_code(error) == "REQUIRED"
    assert groups[2].name_en in error.messages[0] and error_params(error)["group"] == str(groups[2].pk)


def test_propose_below_the_floor_is_refused(client_, groups, variant, staff):
    from fairtrade.models import FairTradeTerms

    create_offer(groups[0], variant, weekly_capacity=1000)
    terms = create_terms(groups[0], variant)
    # Terms that no longer pay the floor (e.g. the minimum wage rose since they were set).
    FairTradeTerms.objects.filter(pk=terms.pk).update(labour_minutes=Decimal("480"))
    contract = create_contract(client_, variant, quantity=50)
    error = _refused(allocation_propose, contract=contract, actor=staff)
    assert error_code(error) == "BELOW_FAIR_WAGE_FLOOR"
    assert "shortfall" in error_params(error)


@pytest.mark.parametrize("status", [ContractStatus.QUALITY_CHECK, ContractStatus.ON_HOLD, ContractStatus.DELIVERED])
def test_propose_outside_its_statuses_is_refused(client_, variant, makers, staff, status):
    contract = create_contract(client_, variant, quantity=50, status=status)
    assert error_code(_refused(allocation_propose, contract=contract, actor=staff)) == "INVALID_STATUS"


def test_propose_twice_is_refused(client_, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=50)
    atomic(allocation_propose, contract=contract, actor=staff)
    assert error_code(_refused(allocation_propose, contract=contract, actor=staff)) == "INVALID_STATUS"


def test_shop_capacity_sees_oem_claims(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=120)
    assert capacity_left(makers, week_of()) == {makers[0].pk: 5, makers[1].pk: 100}

    atomic(allocation_propose, contract=contract, actor=staff)

    first_share = 5 * len(_weeks(contract))
    second_this_week = min(100, 120 - first_share)
    assert capacity_left(makers, week_of()) == {makers[0].pk: 0, makers[1].pk: 100 - second_this_week}
    assert CooperativeSourcing().made_to_order_available([variant.pk]) == {variant.pk: 100 - second_this_week}


@pytest.mark.django_db(transaction=True)
def test_two_contracts_cannot_both_take_the_last_capacity(variant, groups):
    """Each contract alone fits the group's capacity, both together do not: one is refused."""
    from tests.factories.fairtrade import ensure_minimum_wages

    ensure_minimum_wages()
    create_offer(groups[0], variant, weekly_capacity=10)
    create_terms(groups[0], variant)
    client = create_oem_client()
    first = create_contract(client, variant, quantity=1)
    weeks = _weeks(first)
    half = 10 * len(weeks) // 2 + 1
    contracts = [create_contract(client, variant, quantity=half) for _ in range(2)]

    results = run_at_once([
        lambda c=c: atomic(allocation_propose, contract=c, actor=Actor()) for c in contracts
    ], catch=(ValidationError,))

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and error_code(refused[0]) == "OVER_CAPACITY"
    assert Allocation.objects.count() == 1
    assert sum(CapacityClaim.objects.values_list("quantity", flat=True)) == half
    assert all(left >= 0 for left in capacity_left_in(groups[0].offers.get(), weeks).values())


# --- staff adjust -----------------------------------------------------------------------------------


def test_set_replaces_proposals_and_keeps_accepted_shares(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=60)
    create_offer(groups[2], variant, weekly_capacity=100)
    first, second = atomic(allocation_propose, contract=contract, actor=staff)
    atomic(allocation_accept, allocation_id=first.pk, user=create_member(groups[0]))
    first.refresh_from_db()

    live = atomic(allocations_set, contract=contract, actor=staff, parts=[
        AllocationPart(groups[0], first.quantity),
        AllocationPart(groups[2], 60 - first.quantity, producer_unit_price=Decimal("200"),
                       materials_cost=Decimal("40"), labour_minutes=Decimal("120"), premium_percent=Decimal("8")),
    ])

    assert [(a.group_id, a.quantity, a.status) for a in live] == [
        (groups[0].pk, first.quantity, AllocationStatus.ACCEPTED),
        (groups[2].pk, 60 - first.quantity, AllocationStatus.PROPOSED),
    ]
    second.refresh_from_db()
    assert second.status == AllocationStatus.CANCELLED
    assert not CapacityClaim.objects.filter(reference=f"oem_allocation:{second.pk}").exists()
    assert not Milestone.objects.filter(allocation=second).exists()
    new = live[1]
    assert new.producer_unit_price == Decimal("200") and new.terms is None and new.premium_percent == Decimal("8")
    assert sum(CapacityClaim.objects.filter(reference=f"oem_allocation:{new.pk}").values_list("quantity", flat=True)) == (
        60 - first.quantity
    )
    assert ContractEvent.objects.filter(contract=contract, type="allocation_cancelled").count() == 1


def test_set_fills_missing_terms_from_the_terms_in_force(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=30)
    [allocation] = atomic(allocations_set, contract=contract, actor=staff,
                          parts=[AllocationPart(groups[1], 30, producer_unit_price=Decimal("170"))])
    assert allocation.producer_unit_price == Decimal("170") and allocation.materials_cost == Decimal("40.00")
    assert allocation.premium_percent == Decimal("5.00")


@pytest.fixture
def proposed(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=60)
    allocations = atomic(allocation_propose, contract=contract, actor=staff)
    return contract, allocations


def test_set_changing_an_accepted_share_is_refused(proposed, groups, staff):
    contract, (first, _second) = proposed
    atomic(allocation_accept, allocation_id=first.pk, user=create_member(groups[0]))
    error = _refused(allocations_set, contract=contract, actor=staff, parts=[
        AllocationPart(groups[0], first.quantity - 1), AllocationPart(groups[1], 60 - first.quantity + 1),
    ])
    assert error_code(error) == "INVALID_STATUS"


def test_set_not_adding_up_is_refused(proposed, groups, staff):
    contract, _ = proposed
    error = _refused(allocations_set, contract=contract, actor=staff,
                     parts=[AllocationPart(groups[0], 20), AllocationPart(groups[1], 30)])
    assert error_code(error) == "ALLOCATION_MISMATCH"
    assert error_params(error) == {"allocated": 50, "quantity": 60}


def test_set_a_group_that_does_not_make_the_product_is_refused(proposed, groups, staff):
    contract, _ = proposed
    error = _refused(allocations_set, contract=contract, actor=staff,
                     parts=[AllocationPart(groups[0], 30), AllocationPart(groups[2], 30)])
    assert error_code(error) == "NOT_A_MAKER"


def test_set_beyond_a_groups_capacity_is_refused(proposed, groups, staff):
    contract, _ = proposed
    contract.quantity = 5 * len(_weeks(contract)) + 1
    contract.save(update_fields=["quantity"])
    error = _refused(allocations_set, contract=contract, actor=staff, parts=[AllocationPart(groups[0], contract.quantity)])
    assert error_code(error) == "OVER_CAPACITY" and error_params(error)["short"] == 1


def test_set_below_the_floor_is_refused(proposed, groups, staff):
    contract, _ = proposed
    error = _refused(allocations_set, contract=contract, actor=staff,
                     parts=[AllocationPart(groups[1], 60, producer_unit_price=Decimal("100"))])
    assert error_code(error) == "BELOW_FAIR_WAGE_FLOOR"
    assert error_params(error)["shortfall"] == "29.25"
    assert "29.25 below the fair-wage floor of THB 129.25" in error.messages[0]


@pytest.mark.parametrize("quantity", [0, -5])
def test_set_a_quantity_below_one_is_refused(proposed, groups, staff, quantity):
    contract, _ = proposed
    error = _refused(allocations_set, contract=contract, actor=staff,
                     parts=[AllocationPart(groups[0], quantity), AllocationPart(groups[1], 60 - quantity)])
    assert error_code(error) == "INVALID_QUANTITY"


def test_set_without_terms_or_prices_is_refused(proposed, groups, variant, staff):
    contract, _ = proposed
    create_offer(groups[2], variant, weekly_capacity=100)
    error = _refused(allocations_set, contract=contract, actor=staff, parts=[AllocationPart(groups[2], 60)])
    assert error_code(error) == "REQUIRED"


def test_set_on_a_closed_contract_is_refused(client_, groups, variant, makers, staff):
    contract = create_contract(client_, variant, quantity=60, status=ContractStatus.DELIVERED)
    error = _refused(allocations_set, contract=contract, actor=staff, parts=[AllocationPart(groups[0], 60)])
    assert error_code(error) == "INVALID_STATUS"


# --- the groups' answers ---------------------------------------------------------------------------


def test_accept(proposed, groups):
    _contract, (first, _second) = proposed
    member = create_member(groups[0])

    allocation = atomic(allocation_accept, allocation_id=first.pk, user=member)

    assert allocation.status == AllocationStatus.ACCEPTED and allocation.decided_by == member
    assert allocation.decided_at is not None
    assert ContractEvent.objects.filter(type="allocation_accepted", user=member).count() == 1
    assert published(OemAllocationDecided) == [{"allocation_id": str(first.pk), "status": "accepted"}]
    assert CapacityClaim.objects.filter(reference=f"oem_allocation:{first.pk}").exists()


def test_decline_gives_the_capacity_back(proposed, groups):
    _contract, (first, _second) = proposed
    member = create_member(groups[0])

    allocation = atomic(allocation_decline, allocation_id=first.pk, user=member, reason="Loom broken")

    assert allocation.status == AllocationStatus.DECLINED and allocation.decline_reason == "Loom broken"
    assert not CapacityClaim.objects.filter(reference=f"oem_allocation:{first.pk}").exists()
    assert published(OemAllocationDecided) == [{"allocation_id": str(first.pk), "status": "declined"}]
    assert ContractEvent.objects.get(type="allocation_declined").reason == "Loom broken"


def test_decline_without_a_reason_is_refused(proposed, groups):
    _contract, (first, _second) = proposed
    assert error_code(_refused(allocation_decline, allocation_id=first.pk, user=create_member(groups[0]),
                               reason="  ")) == "REQUIRED"


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_answering_twice_is_refused(proposed, groups, answer):
    _contract, (first, _second) = proposed
    member = create_member(groups[0])
    atomic(allocation_accept, allocation_id=first.pk, user=member)
    if answer == "accept":
        error = _refused(allocation_accept, allocation_id=first.pk, user=member)
    else:
        error = _refused(allocation_decline, allocation_id=first.pk, user=member, reason="Changed our mind")
    assert error_code(error) == "INVALID_STATUS"


def test_answering_an_unknown_allocation_is_refused(groups):
    import uuid

    assert error_code(_refused(allocation_accept, allocation_id=uuid.uuid4(), user=None)) == "NOT_FOUND"


def test_after_a_decline_staff_reallocate(proposed, groups, staff):
    contract, (first, second) = proposed
    atomic(allocation_decline, allocation_id=first.pk, user=create_member(groups[0]), reason="Busy")
    live = atomic(allocations_set, contract=contract, actor=staff, parts=[AllocationPart(groups[1], 60)])
    assert [(a.group_id, a.quantity) for a in live] == [(groups[1].pk, 60)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (AllocationStatus.DECLINED, AllocationStatus.CANCELLED)


# --- advances ---------------------------------------------------------------------------------------


@pytest.fixture
def accepted(client_, groups, variant):
    contract = create_contract(client_, variant, quantity=100, status=ContractStatus.IN_PRODUCTION)
    return make_allocation(contract, groups[0], 100)  # worth 15,000 THB


def test_advance_on_an_accepted_allocation(accepted, groups):
    member = create_member(groups[0])

    advance = atomic(allocation_advance_request, allocation_id=accepted.pk, user=member)

    assert advance.amount == Decimal("7500.00") and advance.group == groups[0]
    assert (advance.reference_type, advance.reference_id) == ("oem_allocation", str(accepted.pk))
    assert ContractEvent.objects.filter(type="advance_paid").count() == 1


@pytest.mark.parametrize(("amount", "code"), [("100", "ADVANCE_TOO_SMALL"), ("15000.01", "ADVANCE_TOO_LARGE")])
def test_advance_out_of_range_is_refused(accepted, groups, amount, code):
    error = _refused(allocation_advance_request, allocation_id=accepted.pk, amount=Decimal(amount),
                     user=create_member(groups[0]))
    assert error_code(error) == code
    assert "advance" in error.messages[0]


def test_a_second_advance_is_refused(accepted, groups):
    member = create_member(groups[0])
    atomic(allocation_advance_request, allocation_id=accepted.pk, amount=Decimal("9000"), user=member)
    error = _refused(allocation_advance_request, allocation_id=accepted.pk, user=member)
    assert error_code(error) == "ALREADY_ADVANCED"
    assert Advance.objects.count() == 1


def test_an_advance_on_a_proposed_allocation_is_refused(accepted, groups):
    Allocation.objects.filter(pk=accepted.pk).update(status=AllocationStatus.PROPOSED)
    error = _refused(allocation_advance_request, allocation_id=accepted.pk, user=create_member(groups[0]))
    assert error_code(error) == "INVALID_STATUS"

