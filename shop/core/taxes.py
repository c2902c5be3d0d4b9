"""VAT.  Thai consumer prices include VAT; the rate in force comes from dated data (TaxRate).

VAT included in a gross price = gross x rate / (100 + rate), rounded to the satang.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from prices import Money, TaxedMoney

from .money import quantize


def vat_rate(country: str, on: datetime.date | None = None) -> Decimal:
    """The VAT rate (percent) in force for ``country`` on a date; 0 when none is recorded."""
    from shop.channel.models import TaxRate

    on = on or timezone.localdate()
    rate = (
        TaxRate.objects.filter(country=country, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    return rate if rate is not None else Decimal(0)


def taxed_from_gross(gross: Money, rate: Decimal) -> TaxedMoney:
    tax = quantize(gross.amount * rate / (Decimal(100) + rate), gross.currency)
    return TaxedMoney(net=Money(gross.amount - tax, gross.currency), gross=gross)


def taxed_from_net(net: Money, rate: Decimal) -> TaxedMoney:
    tax = quantize(net.amount * rate / Decimal(100), net.currency)
    return TaxedMoney(net=net, gross=Money(net.amount + tax, net.currency))
