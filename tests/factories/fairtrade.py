"""Fair-trade terms for the fair-trade tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from fairtrade.models import FairTradeTerms, MinimumWage
from fairtrade.terms import terms_create
from fairtrade.wages import minimum_wages_load


def ensure_minimum_wages() -> None:
    """The 2025 table (a transactional test's flush empties the migration's rows)."""
    if not MinimumWage.objects.exists():
        minimum_wages_load()


def create_terms(group, variant, *, price="150.00", premium="10", materials="40.00", minutes="120",
                 effective_from=date(2025, 1, 1), **extra) -> FairTradeTerms:
    """Terms set directly at ``price`` (the floor in Chiang Mai for 120 minutes + 40 is 129.25)."""
    ensure_minimum_wages()
    with transaction.atomic():
        return terms_create(
            group=group, variant=variant, effective_from=effective_from, pricing="direct",
            materials_cost=Decimal(materials), labour_minutes=Decimal(minutes), producer_price=Decimal(price),
            premium_percent=Decimal(premium), **extra,
        )
