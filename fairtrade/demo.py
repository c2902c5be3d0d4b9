"""Demo fair-trade data: every demo group's fund and terms for every variant it makes.

Called by ``manage.py populatedb`` (settings.DEMO_DATA_LOADERS) after the
producer groups are loaded; idempotent.  Each variant's terms come from a cost
sheet: materials at a fifth of the price before VAT, and labour time chosen so
that the producer price is about 45 % of that price, paid at the living-wage
figure (which the floor check then compares with the province's legal minimum).
Food groups pay a premium of 8 %, craft groups 10 %.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from cooperatives.models import ProducerGroup, ProducerOffer
from shop.catalog.models import ProductVariantChannelListing

from .models import FairTradeTerms, GroupFund, MinimumWage, PricingMethod
from .terms import terms_create
from .wages import living_daily_wage, minimum_wages_load

FOOD_CRAFTS = {"herbal-tea", "chili-paste", "dried-fruit", "rice-crackers", "honey"}
TERMS_FROM = date(2025, 1, 1)
VAT = Decimal("1.07")


def _premium(group: ProducerGroup) -> Decimal:
    return Decimal("8.00") if FOOD_CRAFTS & set(group.crafts) else Decimal("10.00")


def fairtrade_demo_load() -> int:
    """Create what is missing; returns how many terms were created."""
    if not MinimumWage.objects.exists():
        minimum_wages_load()
    groups = list(ProducerGroup.objects.all())
    have_funds = set(GroupFund.objects.values_list("group_id", flat=True))
    GroupFund.objects.bulk_create(
        GroupFund(group=group, name=f"กองทุนสวัสดิการ {group.name_th}", premium_percent=_premium(group))
        for group in groups if group.pk not in have_funds
    )
    prices = {}
    for variant_id, price in ProductVariantChannelListing.objects.order_by("price_amount").values_list(
        "variant_id", "price_amount"
    ):
        prices.setdefault(variant_id, price)  # the lowest price of any channel
    have_terms = set(FairTradeTerms.objects.values_list("group_id", "variant_id"))
    created = 0
    offers = ProducerOffer.objects.select_related("group").order_by("group_id", "variant_id")
    for offer in offers:
        price = prices.get(offer.variant_id)
        if price is None or (offer.group_id, offer.variant_id) in have_terms:
            continue
        net = price / VAT
        materials = (net * Decimal("0.20")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        labour_pay = net * Decimal("0.45") - materials
        minutes = (labour_pay * 480 / living_daily_wage()).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        with transaction.atomic():
            terms_create(
                group=offer.group, variant=offer.variant, effective_from=TERMS_FROM, pricing=PricingMethod.COST_SHEET,
                materials_cost=materials, labour_minutes=max(minutes, Decimal(1)), premium_percent=_premium(offer.group),
                note="Demo cost sheet.",
            )
        created += 1
    return created
