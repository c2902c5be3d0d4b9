"""The manager's OEM reports: exact figures on a small book, and a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from oem_orders import reports
from oem_orders.models import ContractStatus
from tests.factories.oem import create_contract, create_oem_client

from .manager.scenario import create_allocation, create_invoice, oem_book, post_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(groups, variant):
    return oem_book(groups, variant)


def test_the_pipeline_counts_and_values_every_status(book):
    rows = {row.status: row for row in reports.contract_pipeline()}

    assert list(rows) == list(ContractStatus.values)  # every status, in the workflow's order
    assert (rows["awaiting_deposit"].count, rows["awaiting_deposit"].value) == (1, Decimal("12000.00"))
    assert (rows["in_production"].count, rows["in_production"].value) == (1, Decimal("50000.00"))
    assert all(row.count == 0 and row.value == 0 for key, row in rows.items()
               if key not in ("awaiting_deposit", "in_production"))


def test_late_milestones_are_open_and_past_due(book, groups):
    late = reports.late_milestones()

    assert [(row.milestone.pk, row.days_late) for row in late] == [
        (book.late_materials.pk, 3), (book.late_sample.pk, 1)]
    materials, sample = late
    assert materials.contract_number == book.running.number and materials.client == "Siam Test Brands Co., Ltd."
    assert materials.group == groups[0] and sample.group is None


def test_late_milestones_count_from_the_day_asked(book):
    later = timezone.localdate() + timedelta(days=11)

    days = {row.milestone.kind: row.days_late for row in reports.late_milestones(today=later)}

    assert days == {"materials_ready": 14, "sample_approved": 12, "production_done": 1}


def test_contract_economics_are_exact(book):
    rows = {row.number: row for row in reports.contract_economics()}

    running = rows[book.running.number]
    assert running.value == Decimal("50000.00")
    assert running.invoiced == Decimal("50000.00") and running.paid == Decimal("25000.00")
    assert running.group_share == Decimal("14850.00")  # 9,000 + 900 + 4,500 + 450
    assert running.group_share_percent == Decimal("29.70")
    assert running.advances == Decimal("6750.00")
    waiting = rows[book.waiting.number]
    assert (waiting.invoiced, waiting.paid, waiting.group_share, waiting.advances) == (0, 0, 0, 0)
    assert waiting.group_share_percent is None
    totals = reports.economics_totals(list(rows.values()))
    assert totals["group_share"] == Decimal("14850.00") and totals["group_share_percent"] == Decimal("29.70")


def test_economics_count_only_the_groups_credits_of_the_contracts_allocations(book, groups, variant):
    other = create_contract(book.client, variant, quantity=50, unit_price="200.00")
    elsewhere = create_allocation(other, groups[2], quantity=50)
    post_share(elsewhere, 50)

    [running] = reports.contract_economics([book.running])

    assert running.group_share == Decimal("14850.00")
    assert reports.contract_economics([]) == []


@pytest.mark.parametrize("how_many", [1, 5])
def test_economics_take_four_queries_whatever_the_number_of_contracts(groups, variant, how_many,
                                                                       django_assert_num_queries):
    client = create_oem_client()
    for _ in range(how_many):
        contract = create_contract(client, variant, status=ContractStatus.IN_PRODUCTION)
        allocation = create_allocation(contract, groups[0], quantity=100)
        create_invoice(contract, "deposit", "25000.00", paid=True)
        post_share(allocation, 10)

    with django_assert_num_queries(4):
        rows = reports.contract_economics()

    assert len(rows) == how_many and all(row.group_share == Decimal("495.00") for row in rows)


def test_the_pipeline_and_late_milestones_take_one_query_each(book, django_assert_num_queries):
    with django_assert_num_queries(1):
        reports.contract_pipeline()
    with django_assert_num_queries(1):
        reports.late_milestones()
