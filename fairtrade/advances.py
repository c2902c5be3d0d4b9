"""Advances: money paid to a group before it makes an order (WFTO pre-payment).

On the producer's request at least FAIRTRADE_ADVANCE_MIN_PERCENT (50 %) of the
order's value is paid in advance, interest-free.  An advance is posted as
``producer_advances(group) +amount, bank -amount``: the group owes it back, and
the next statement nets it from what it pays the group (``fairtrade.payouts``).
One advance per (group, reference): the OEM module calls ``advance_pay`` with
``reference_type="oem_allocation"`` and the allocation's id.
"""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from cooperatives.models import ProducerGroup
from shop.core.money import currency_precision, quantize

from .error_codes import FairTradeErrorCode as Code
from .error_codes import fair_trade_error
from .ledger import Line, journal_post
from .models import Account, Advance, JournalKind, ReferenceType


def advance_minimum(value: Decimal, currency: str) -> Decimal:
    """The smallest advance for an order worth ``value``: the minimum percent, rounded up to the satang."""
    exponent = Decimal(1).scaleb(-currency_precision(currency))
    return (value * Decimal(settings.FAIRTRADE_ADVANCE_MIN_PERCENT) / 100).quantize(exponent, rounding=ROUND_UP)


def _check(*, reference_type: str, reference_id, value: Decimal, amount: Decimal, minimum: Decimal, currency: str):
    if reference_type not in ReferenceType.values:
        raise fair_trade_error("reference_type", f"Unknown reference type {reference_type!r}.", Code.INVALID)
    if not str(reference_id or "").strip():
        raise fair_trade_error("reference_id", "Say which order the advance is for.", Code.REQUIRED)
    if value <= 0:
        raise fair_trade_error("allocation_value", "The order's value must be positive.", Code.NEGATIVE_AMOUNT)
    if amount < minimum:
        raise fair_trade_error(
            "amount", f"An advance is at least {settings.FAIRTRADE_ADVANCE_MIN_PERCENT} per cent of the order's value: "
            f"{minimum} {currency}.", Code.ADVANCE_TOO_SMALL, minimum=str(minimum),
        )
    if amount > value:
        raise fair_trade_error("amount", f"An advance cannot be more than the order's value ({value} {currency}).",
                               Code.ADVANCE_TOO_LARGE, maximum=str(value))


def advance_pay(*, group: ProducerGroup, reference_type: str, reference_id, allocation_value, amount=None,
                currency: str = "THB", user=None, note: str = "") -> Advance:
    """Pay ``group`` an advance on an order worth ``allocation_value`` (default: the minimum percent of it).

    ADVANCE_TOO_SMALL below the minimum, ADVANCE_TOO_LARGE above the value,
    ALREADY_ADVANCED for a second advance on the same reference.  Holds the group's
    row lock (``FOR NO KEY UPDATE``) while it checks and posts, so two requests for
    one reference cannot both pay; the journal's key and the unique constraint on
    (group, reference) back that up.
    """
    value = quantize(Decimal(str(allocation_value)), currency)
    minimum = advance_minimum(value, currency)
    amount = minimum if amount is None else quantize(Decimal(str(amount)), currency)
    _check(reference_type=reference_type, reference_id=reference_id, value=value, amount=amount, minimum=minimum,
           currency=currency)
    reference_id = str(reference_id).strip()
    ProducerGroup.objects.select_for_update(no_key=True).only("pk").get(pk=group.pk)
    if Advance.objects.filter(group=group, reference_type=reference_type, reference_id=reference_id).exists():
        raise _already(reference_type, reference_id)
    try:
        journal = journal_post(
            key=f"advance:{group.pk}:{reference_type}:{reference_id}", kind=JournalKind.ADVANCE,
            reference_type=reference_type, reference_id=reference_id, currency=currency,
            lines=[Line(Account.PRODUCER_ADVANCES, amount, group.pk), Line(Account.BANK, -amount)],
            memo=note or f"Advance on {reference_type} {reference_id}", actor=user,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == Code.DUPLICATE_POSTING.value:
            raise _already(reference_type, reference_id)
        raise
    return Advance.objects.create(
        group=group, reference_type=reference_type, reference_id=reference_id, allocation_value=value, amount=amount,
        currency=currency, journal=journal, requested_by=user if getattr(user, "pk", None) else None, note=note or "",
    )


def _already(reference_type: str, reference_id: str) -> ValidationError:
    return fair_trade_error("reference_id", f"An advance was already paid on {reference_type} {reference_id}.",
                            Code.ALREADY_ADVANCED)
