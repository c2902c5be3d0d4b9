"""Terms never pay below the fair-wage floor, never overlap, and are frozen onto what was sold."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperatives.models import GroupOrder
from fairtrade.ledger import group_balances
from fairtrade.models import FairTradeTerms, LedgerEntry, SoldLine, SoldLineStatus
from fairtrade.terms import terms_create, terms_in_force
from tests.factories.cooperatives import create_group, place_paid_order
from tests.factories.fairtrade import create_terms

from .conftest import accept_and_ship, product_made_by

pytestmark = pytest.mark.django_db


def _code(error: ValidationError) -> tuple[str, str]:
    field, errors = next(iter(error.error_dict.items()))
    return field, errors[0].code


@pytest.fixture
def scarf(channel, groups):
    return product_made_by(channel, [(groups[0], 5, 1, 0)], price="390.00")


def test_a_district_with_its_own_minimum_wage_has_a_higher_floor(channel):
    # given: Mueang Chiang Mai (5001) pays 380 a day, the rest of the province 357
    mueang = create_group(channel, district_code="5001")
    mae_rim = create_group(channel, district_code="5004")
    variant = product_made_by(channel, [(mueang, 5, 1, 0), (mae_rim, 5, 2, 0)])

    # when: 40.00 of materials and two hours of work, at 130.00
    accepted = create_terms(mae_rim, variant, price="130.00")
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        create_terms(mueang, variant, price="130.00")

    # then: 40 + 120 x 357 / 480 = 129.25 passes; 40 + 120 x 380 / 480 = 135.00 does not
    assert accepted.floor_price == Decimal("129.25") and accepted.minimum_daily_wage == Decimal("357.00")
    assert _code(refused.value) == ("producer_price", "BELOW_FAIR_WAGE_FLOOR")
    assert refused.value.error_dict["producer_price"][0].params["shortfall"] == "5.00"
    assert not FairTradeTerms.objects.filter(group=mueang).exists()


def test_a_cost_sheet_prices_materials_and_labour_at_the_wage_basis(groups, scarf):
    with transaction.atomic():
        terms = terms_create(group=groups[0], variant=scarf, effective_from=date(2025, 1, 1), pricing="cost_sheet",
                             materials_cost="40.00", labour_minutes="90", wage_basis_daily="420.00")

    assert terms.producer_price == Decimal("118.75")  # 40 + 90 x 420 / 480
    assert terms.floor_price == Decimal("106.94")  # 40 + 90 x 357 / 480 = 106.9375, rounded up
    assert terms.daily_wage_paid == Decimal("420.00")
    assert terms.premium_percent == Decimal("10.00")  # the group fund's default


def test_a_cost_sheet_below_the_minimum_wage_is_refused(groups, scarf):
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        terms_create(group=groups[0], variant=scarf, effective_from=date(2025, 1, 1), pricing="cost_sheet",
                     materials_cost="40.00", labour_minutes="90", wage_basis_daily="300.00")
    assert _code(refused.value) == ("wage_basis_daily", "BELOW_FAIR_WAGE_FLOOR")


def test_new_open_ended_terms_close_the_previous_open_ended_ones(groups, scarf):
    old = create_terms(groups[0], scarf, effective_from=date(2025, 1, 1))
    new = create_terms(groups[0], scarf, effective_from=date(2025, 7, 1), price="160.00")

    old.refresh_from_db()
    assert old.effective_to == date(2025, 7, 1) and new.effective_to is None
    assert terms_in_force(group_id=groups[0].pk, variant_id=scarf.pk, on=date(2025, 6, 30)) == old
    assert terms_in_force(group_id=groups[0].pk, variant_id=scarf.pk, on=date(2025, 7, 1)) == new


@pytest.mark.parametrize("start, end", [(date(2025, 3, 1), date(2025, 4, 1)), (date(2025, 2, 1), None),
                                        (date(2025, 5, 31), date(2025, 8, 1))])
def test_overlapping_terms_are_refused(groups, scarf, start, end):
    create_terms(groups[0], scarf, effective_from=date(2025, 1, 1), effective_to=date(2025, 6, 1))

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        create_terms(groups[0], scarf, effective_from=start, effective_to=end)

    assert _code(refused.value) == ("effective_from", "OVERLAPPING_TERMS")
    assert FairTradeTerms.objects.count() == 1


def test_the_database_refuses_overlapping_terms_written_directly(groups, scarf):
    terms = create_terms(groups[0], scarf, effective_from=date(2025, 1, 1))
    copy = {f.attname: getattr(terms, f.attname) for f in FairTradeTerms._meta.concrete_fields if f.attname != "id"}

    with pytest.raises(IntegrityError), transaction.atomic():
        FairTradeTerms.objects.create(**{**copy, "effective_from": date(2025, 6, 1)})
    assert FairTradeTerms.objects.count() == 1


def test_terms_changed_after_a_sale_leave_the_sold_line_and_the_ledger_alone(
    channel, groups, scarf, django_capture_on_commit_callbacks
):
    north = groups[0]
    create_terms(north, scarf, price="150.00", effective_from=date(2025, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    accept_and_ship(GroupOrder.objects.get(order=order), capture=django_capture_on_commit_callbacks)
    sold = SoldLine.objects.get()
    entries = list(LedgerEntry.objects.values_list("pk", "amount"))

    with django_capture_on_commit_callbacks(execute=True):
        create_terms(north, scarf, price="200.00", effective_from=order.created_at.date())
    # the new terms start on the sale's day: still, what was sold keeps the terms it was sold under
    sold_after = SoldLine.objects.get()
    assert (sold_after.terms_id, sold_after.producer_unit_price, sold_after.producer_share) == (
        sold.terms_id, Decimal("150.00"), Decimal("300.00"))
    assert list(LedgerEntry.objects.values_list("pk", "amount")) == entries
    assert group_balances(north.pk)["producer_payable"] == Decimal("300.00")


def test_a_sale_without_terms_is_held_and_posted_when_terms_arrive(
    channel, groups, scarf, django_capture_on_commit_callbacks
):
    north = groups[0]
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    accept_and_ship(GroupOrder.objects.get(order=order), capture=django_capture_on_commit_callbacks)
    held = SoldLine.objects.get()
    assert held.status == SoldLineStatus.HELD and not LedgerEntry.objects.filter(sold_line=held).exists()

    with django_capture_on_commit_callbacks(execute=True):  # FairTradeTermsSaved -> held_sales_post
        create_terms(north, scarf, price="150.00", effective_from=date(2025, 1, 1))

    posted = SoldLine.objects.get()
    assert posted.status == SoldLineStatus.POSTED and posted.producer_share == Decimal("300.00")
    assert group_balances(north.pk)["producer_payable"] == Decimal("300.00")
    with django_capture_on_commit_callbacks(execute=True):  # terms saved again (another variant): nothing new
        create_terms(north, product_made_by(channel, [(north, 5, 1, 0)]))
    assert group_balances(north.pk)["producer_payable"] == Decimal("300.00")
