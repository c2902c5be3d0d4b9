"""Writes: zones, methods, per-channel prices with weight brackets.

Each function checks its input and raises ``ValidationError({field: ...})`` with a
``ShippingErrorCode`` value before writing anything; callers wrap them in
``transaction.atomic`` when they write several rows as one change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from shop.core.money import quantize

from .error_codes import ShippingErrorCode
from .models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodTranslation,
    ShippingMethodType,
    ShippingWeightRate,
    ShippingZone,
)


def _invalid(field: str, message, code: ShippingErrorCode = ShippingErrorCode.INVALID) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code.value)})


def shipping_zone_create(
    *, name: str, countries: Sequence[str], channels: Iterable = (), warehouses: Iterable = (),
    description: str = "", default: bool = False,
) -> ShippingZone:
    countries = sorted({c.strip().upper() for c in countries})
    if any(len(c) != 2 or not c.isalpha() for c in countries):
        raise _invalid("countries", _("Use two-letter country codes."))
    if not name.strip():
        raise _invalid("name", _("This field is required."), ShippingErrorCode.REQUIRED)
    zone = ShippingZone.objects.create(name=name.strip(), countries=countries, description=description, default=default)
    zone.channels.add(*channels)
    zone.warehouses.add(*warehouses)
    return zone


def _check_range(low, high, field: str) -> None:
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise _invalid(field, _("The maximum must not be less than the minimum."), ShippingErrorCode.MAX_LESS_THAN_MIN)


def shipping_method_create(
    *, zone: ShippingZone, name: str, type: str, minimum_order_weight_grams=None,
    maximum_order_weight_grams=None, minimum_delivery_days: int | None = None,
    maximum_delivery_days: int | None = None, description: dict | None = None,
    metadata: dict | None = None,
) -> ShippingMethod:
    if type not in ShippingMethodType.values:
        raise _invalid("type", _("Choose a price or weight based method."))
    if not name.strip():
        raise _invalid("name", _("This field is required."), ShippingErrorCode.REQUIRED)
    for field, value in (("minimum_order_weight", minimum_order_weight_grams),
                         ("maximum_order_weight", maximum_order_weight_grams),
                         ("minimum_delivery_days", minimum_delivery_days),
                         ("maximum_delivery_days", maximum_delivery_days)):
        if value is not None and Decimal(value) < 0:
            raise _invalid(field, _("Must not be negative."))
    _check_range(minimum_order_weight_grams, maximum_order_weight_grams, "maximum_order_weight")
    _check_range(minimum_delivery_days, maximum_delivery_days, "maximum_delivery_days")
    return ShippingMethod.objects.create(
        shipping_zone=zone, name=name.strip(), type=type,
        minimum_order_weight_grams=minimum_order_weight_grams,
        maximum_order_weight_grams=maximum_order_weight_grams,
        minimum_delivery_days=minimum_delivery_days, maximum_delivery_days=maximum_delivery_days,
        description=description, metadata=metadata or {},
    )


def _money_amount(value, currency: str, field: str) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(value)
    if amount < 0:
        raise _invalid(field, _("Must not be negative."))
    if quantize(amount, currency) != amount:
        raise _invalid(field, _("Too many decimal places for the currency."))
    return amount


def _checked_brackets(brackets, currency: str) -> list[tuple[Decimal, Decimal]]:
    """``[(up_to_grams, price)]`` sorted by weight; weights unique and positive."""
    checked = sorted((Decimal(w), _money_amount(p, currency, "weight_rates")) for w, p in brackets)
    weights = [w for w, _p in checked]
    if any(w <= 0 for w in weights):
        raise _invalid("weight_rates", _("Bracket weights must be above zero."))
    if len(set(weights)) != len(weights):
        raise _invalid("weight_rates", _("Each bracket needs its own weight."), ShippingErrorCode.DUPLICATED_INPUT_ITEM)
    return checked


@transaction.atomic
def shipping_method_listing_set(
    *, method: ShippingMethod, channel, price=None, brackets: Sequence[tuple] = (),
    minimum_order_price=None, maximum_order_price=None, free_above=None,
) -> ShippingMethodChannelListing:
    """Create or replace the method's price in a channel (amounts VAT included, in the
    channel's currency).  ``brackets`` are ``(up_to_grams, price)`` pairs for a
    weight-based method; without ``price`` the listing shows the lightest bracket's."""
    currency = channel.currency_code
    checked = _checked_brackets(brackets, currency)
    if checked and method.type != ShippingMethodType.WEIGHT:
        raise _invalid("weight_rates", _("Only weight based methods have weight brackets."))
    price_amount = _money_amount(price, currency, "price")
    if price_amount is None:
        if not checked:
            raise _invalid("price", _("This field is required."), ShippingErrorCode.REQUIRED)
        price_amount = checked[0][1]
    minimum = _money_amount(minimum_order_price, currency, "minimum_order_price")
    maximum = _money_amount(maximum_order_price, currency, "maximum_order_price")
    _check_range(minimum, maximum, "maximum_order_price")
    listing, _created = ShippingMethodChannelListing.objects.update_or_create(
        shipping_method=method, channel=channel,
        defaults={
            "currency": currency, "price_amount": price_amount,
            "minimum_order_price_amount": minimum if minimum is not None else Decimal(0),
            "maximum_order_price_amount": maximum,
            "free_above_amount": _money_amount(free_above, currency, "free_above"),
        },
    )
    listing.weight_rates.all().delete()
    ShippingWeightRate.objects.bulk_create(
        ShippingWeightRate(channel_listing=listing, up_to_grams=w, price_amount=p) for w, p in checked
    )
    return listing


def shipping_method_translation_set(
    *, method: ShippingMethod, language_code: str, name: str | None = None, description: dict | None = None
) -> ShippingMethodTranslation:
    translation, _created = ShippingMethodTranslation.objects.update_or_create(
        shipping_method=method, language_code=language_code.lower(),
        defaults={"name": name, "description": description},
    )
    return translation
