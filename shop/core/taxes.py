"""VAT.  Thai consumer prices include VAT; the rate in force comes from dated data (TaxRate).

VAT included in a gross price = gross x rate / (100 + rate), rounded to the satang.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.utils import timezone
from prices import Money, TaxedMoney

from .money import quantize

# Rates change once in years; every price needs one.  Kept per process for a
# few minutes, and dropped whenever a TaxRate row is saved or deleted here.
_RATE_TTL_SECONDS = 300
_rates: dict[tuple[str, datetime.date], tuple[Decimal, float]] = {}


def vat_rate(country: str, on: datetime.date | None = None) -> Decimal:
    """The VAT rate (percent) in force for ``country`` on a date; 0 when none is recorded."""
    from shop.channel.models import TaxRate

    on = on or timezone.localdate()
    cached = _rates.get((country, on))
    if cached is not None and cached[1] > time.monotonic():
        return cached[0]
    rate = (
        TaxRate.objects.filter(country=country, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    rate = rate if rate is not None else Decimal(0)
    _rates[(country, on)] = (rate, time.monotonic() + _RATE_TTL_SECONDS)
    return rate


def vat_rates_forget() -> None:
    _rates.clear()


def taxed_from_gross(gross: Money, rate: Decimal) -> TaxedMoney:
    tax = quantize(gross.amount * rate / (Decimal(100) + rate), gross.currency)
    return TaxedMoney(net=Money(gross.amount - tax, gross.currency), gross=gross)


def taxed_from_net(net: Money, rate: Decimal) -> TaxedMoney:
    tax = quantize(net.amount * rate / Decimal(100), net.currency)
    return TaxedMoney(net=net, gross=Money(net.amount + tax, net.currency))
