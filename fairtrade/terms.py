"""Fair-trade terms: what a group is paid per unit of a variant, never below the fair-wage floor.

A price is built from a cost sheet (materials + labour minutes x the wage basis
/ 480) or set directly; either way it must cover materials plus the labour time
valued at the province's legal minimum daily wage (Homeworkers Protection Act).
Terms have effective dates: new terms close the open-ended terms before them,
and any other overlap is refused (also by an exclusion constraint).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from cooperatives.models import ProducerGroup
from shop.catalog.models import ProductVariant
from shop.core.events import publish

from .error_codes import FairTradeErrorCode as Code
from .error_codes import fair_trade_error
from .events import FairTradeTermsSaved
from .models import FairTradeTerms, GroupFund, MinimumWage, PricingMethod
from .wages import fair_wage_floor, living_daily_wage, minimum_wage_for


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise fair_trade_error(field, "Not a number.", Code.INVALID)
    if not number.is_finite():
        raise fair_trade_error(field, "Not a number.", Code.INVALID)
    if number < 0:
        raise fair_trade_error(field, "Must not be negative.", Code.NEGATIVE_AMOUNT)
    return number


def group_minimum_wage(group: ProducerGroup, on: date) -> MinimumWage:
    wage = minimum_wage_for(province_code=group.province_code, district_code=group.district_code, on=on)
    if wage is None:
        raise fair_trade_error(
            "effective_from", f"No minimum wage is recorded for province {group.province_code} on {on}.",
            Code.NO_MINIMUM_WAGE,
        )
    return wage


def floor_check(*, group: ProducerGroup, materials_cost: Decimal, labour_minutes: Decimal, price: Decimal,
                on: date, field: str = "producer_price") -> tuple[Decimal, MinimumWage]:
    """Raise BELOW_FAIR_WAGE_FLOOR (with the shortfall) unless ``price`` pays the floor; returns the floor."""
    wage = group_minimum_wage(group, on)
    floor = fair_wage_floor(materials_cost=materials_cost, labour_minutes=labour_minutes, daily_wage=wage.daily_wage)
    if price < floor:
        shortfall = floor - price
        raise fair_trade_error(
            field,
            f"The price is THB {shortfall} below the fair-wage floor of THB {floor} "
            f"(materials {materials_cost} + {labour_minutes} minutes at {wage.daily_wage} THB/day, {wage.area}).",
            Code.BELOW_FAIR_WAGE_FLOOR, shortfall=str(shortfall), floor=str(floor),
        )
    return floor, wage


def group_premium_percent(group: ProducerGroup) -> Decimal:
    fund = GroupFund.objects.filter(group=group).first()
    return fund.premium_percent if fund else Decimal("10.00")


def terms_create(
    *, group: ProducerGroup, variant: ProductVariant, effective_from: date, pricing: str,
    materials_cost, labour_minutes, wage_basis_daily=None, producer_price=None, premium_percent=None,
    effective_to: date | None = None, note: str = "", user=None,
) -> FairTradeTerms:
    """Save new terms for ``group`` x ``variant`` (run inside a transaction).  Nothing is written on error."""
    if pricing not in PricingMethod.values:
        raise fair_trade_error("pricing", "Unknown pricing method.", Code.INVALID)
    materials = _decimal(materials_cost, "materials_cost")
    minutes = _decimal(labour_minutes, "labour_minutes")
    if materials is None or minutes is None:
        raise fair_trade_error("materials_cost" if materials is None else "labour_minutes",
                               "Materials cost and labour minutes are required.", Code.REQUIRED)
    premium = _decimal(premium_percent, "premium_percent")
    premium = group_premium_percent(group) if premium is None else premium
    if premium > 100:
        raise fair_trade_error("premium_percent", "A premium is at most 100 %.", Code.PREMIUM_OUT_OF_RANGE)
    if effective_to is not None and effective_to <= effective_from:
        raise fair_trade_error("effective_to", "The end date must be after the start date.", Code.INVALID)
    wage = group_minimum_wage(group, effective_from)
    basis = _decimal(wage_basis_daily, "wage_basis_daily")
    if basis is None:
        basis = max(wage.daily_wage, living_daily_wage())
    if pricing == PricingMethod.COST_SHEET:
        price = fair_wage_floor(materials_cost=materials, labour_minutes=minutes, daily_wage=basis)
    else:
        price = _decimal(producer_price, "producer_price")
        if price is None:
            raise fair_trade_error("producer_price", "A price set directly is required.", Code.REQUIRED)
    price = price.quantize(Decimal("0.01"))
    floor, wage = floor_check(group=group, materials_cost=materials, labour_minutes=minutes, price=price,
                              on=effective_from, field="producer_price" if pricing == PricingMethod.DIRECT else "wage_basis_daily")

    existing = list(
        FairTradeTerms.objects.select_for_update().filter(group=group, variant=variant).order_by("effective_from")
    )
    new_end = effective_to or date.max
    superseded = None
    for terms in existing:
        end = terms.effective_to or date.max
        if terms.effective_from < new_end and effective_from < end:
            if terms.effective_to is None and terms.effective_from < effective_from and new_end == date.max:
                superseded = terms  # open-ended terms before the new ones end where the new ones start
                continue
            raise fair_trade_error(
                "effective_from",
                f"Terms from {terms.effective_from} to {terms.effective_to or 'open'} already cover these dates.",
                Code.OVERLAPPING_TERMS,
            )
    try:
        with transaction.atomic():
            if superseded is not None:
                FairTradeTerms.objects.filter(pk=superseded.pk).update(effective_to=effective_from)
            terms = FairTradeTerms.objects.create(
                group=group, variant=variant, effective_from=effective_from, effective_to=effective_to,
                currency="THB", pricing=pricing, materials_cost=materials, labour_minutes=minutes,
                wage_basis_daily=basis, producer_price=price, premium_percent=premium,
                minimum_daily_wage=wage.daily_wage, minimum_wage=wage, floor_price=floor,
                living_daily_wage=living_daily_wage(), note=note or "", created_by=user,
            )
    except IntegrityError:
        raise fair_trade_error("effective_from", "Other terms cover these dates.", Code.OVERLAPPING_TERMS)
    publish(FairTradeTermsSaved(terms_id=str(terms.pk)))
    return terms


def terms_in_force(*, group_id, variant_id, on: date) -> FairTradeTerms | None:
    return (
        FairTradeTerms.objects.filter(group_id=group_id, variant_id=variant_id, effective_from__lte=on)
        .exclude(effective_to__lte=on)
        .order_by("-effective_from")
        .first()
    )
