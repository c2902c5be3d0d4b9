"""The legal minimum daily wage in force for a place and a date, and the fair-wage floor it sets.

The Homeworkers Protection Act B.E. 2553 values home work at no less than the
province's minimum daily wage for 8 hours: per minute, the daily wage / 480.
"""

from __future__ import annotations

import csv
from datetime import date
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

from django.conf import settings

from .models import MinimumWage

WAGES_CSV = Path(__file__).resolve().parent / "data" / "minimum_wages.csv"
MINUTES_PER_DAY = 8 * 60


def minimum_wages_load(model=MinimumWage) -> int:
    """Load the dated table shipped in ``fairtrade/data/minimum_wages.csv`` (rows already there are kept)."""
    with WAGES_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [model(**row) for row in csv.DictReader(handle)]
    model.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def minimum_wage_for(*, province_code: str, district_code: str = "", on: date) -> MinimumWage | None:
    """The rate in force on ``on``: a district's own rate first, else the province's."""
    rows = (
        MinimumWage.objects.filter(province_code=province_code, effective_from__lte=on, district_code__in=["", district_code or ""])
        .order_by("-effective_from")
    )
    candidates = list(rows)
    for row in candidates:
        if district_code and row.district_code == district_code:
            return row
    return next((row for row in candidates if row.district_code == ""), None)


def fair_wage_floor(*, materials_cost: Decimal, labour_minutes: Decimal, daily_wage: Decimal) -> Decimal:
    """Materials plus labour valued at ``daily_wage`` per 8 hours, rounded up to the satang."""
    labour = Decimal(labour_minutes) * Decimal(daily_wage) / MINUTES_PER_DAY
    return (Decimal(materials_cost) + labour).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def living_daily_wage() -> Decimal:
    """The living-wage figure terms are compared with (settings.FAIRTRADE_LIVING_WAGE_DAILY)."""
    return Decimal(str(settings.FAIRTRADE_LIVING_WAGE_DAILY))
