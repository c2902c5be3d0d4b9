"""Exact money.  Amounts are Decimal with a currency; THB has 2 decimal places (satang).

``allocate`` is the project's one function for splitting an amount into parts:
it works in minor units and hands the remainder out deterministically, so the
parts always add up to the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision
from prices import Money


def currency_precision(currency: str) -> int:
    return get_currency_precision(currency)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round half up to the currency's minor unit (satang for THB)."""
    exp = Decimal(1).scaleb(-currency_precision(currency))
    return Decimal(amount).quantize(exp, rounding=ROUND_HALF_UP)


def to_minor_units(amount: Decimal, currency: str) -> int:
    return int(quantize(amount, currency).scaleb(currency_precision(currency)))


def from_minor_units(units: int, currency: str) -> Decimal:
    return Decimal(units).scaleb(-currency_precision(currency))


def allocate(total: Money, weights: Sequence[Decimal | int]) -> list[Money]:
    """Split ``total`` in proportion to ``weights``; the parts sum exactly to ``total``.

    Each part gets the floor of its share in minor units; the units left over go
    one by one to the parts with the largest remainders (ties: the earlier part).
    Negative totals are split as their absolute value and negated.
    """
    if not weights:
        raise ValueError("allocate needs at least one weight")
    if any(Decimal(w) < 0 for w in weights):
        raise ValueError("weights must not be negative")
    currency = total.currency
    units = to_minor_units(total.amount, currency)
    sign = -1 if units < 0 else 1
    units = abs(units)
    weight_sum = sum(Decimal(w) for w in weights)
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    shares = [Decimal(units) * Decimal(w) / weight_sum for w in weights]
    floors = [int(share) for share in shares]
    left = units - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Money(from_minor_units(sign * part, currency), currency) for part in floors]
