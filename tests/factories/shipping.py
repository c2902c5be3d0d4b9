"""Builders for shipping zones and methods (through the services, so rows are valid)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from shop.shipping.models import ShippingMethodType
from shop.shipping.services import (
    shipping_method_create,
    shipping_method_listing_set,
    shipping_method_translation_set,
    shipping_zone_create,
)

_seq = itertools.count(1)

# Thailand Post-like EMS brackets (grams, THB with VAT), as in the demo data.
EMS_BRACKETS = [(250, "47.00"), (500, "57.00"), (1000, "72.00"), (2000, "107.00"), (5000, "172.00")]


def create_shipping_zone(channel, *, countries=("TH",), name=None, default=False):
    return shipping_zone_create(
        name=name or f"Zone {next(_seq)}", countries=countries, channels=[channel], default=default
    )


def create_weight_method(
    zone, channel, *, name="EMS", brackets=EMS_BRACKETS, price=None, max_weight=None, min_weight=None,
    free_above=None, days=(1, 3), name_th=None,
):
    method = shipping_method_create(
        zone=zone, name=name, type=ShippingMethodType.WEIGHT,
        minimum_order_weight_grams=min_weight,
        maximum_order_weight_grams=max_weight if max_weight is not None else (
            Decimal(brackets[-1][0]) if brackets else None),
        minimum_delivery_days=days[0], maximum_delivery_days=days[1],
    )
    shipping_method_listing_set(method=method, channel=channel, price=price, brackets=brackets, free_above=free_above)
    if name_th:
        shipping_method_translation_set(method=method, language_code="th", name=name_th)
    return method


def create_price_method(zone, channel, *, name="Courier", price="50.00", minimum=None, maximum=None, free_above=None):
    method = shipping_method_create(zone=zone, name=name, type=ShippingMethodType.PRICE,
                                    minimum_delivery_days=1, maximum_delivery_days=2)
    shipping_method_listing_set(method=method, channel=channel, price=price, minimum_order_price=minimum,
                                maximum_order_price=maximum, free_above=free_above)
    return method
