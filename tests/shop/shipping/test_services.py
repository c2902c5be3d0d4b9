"""Shipping writes: bad input gets a ShippingErrorCode on its field and writes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from shop.shipping.models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingWeightRate,
    ShippingZone,
)
from shop.shipping.services import (
    shipping_method_create,
    shipping_method_listing_set,
    shipping_method_translation_set,
    shipping_zone_create,
)
from tests.factories.shipping import create_shipping_zone, create_weight_method

pytestmark = pytest.mark.django_db


def counts():
    return (ShippingZone.objects.count(), ShippingMethod.objects.count(),
            ShippingMethodChannelListing.objects.count(), ShippingWeightRate.objects.count())


def code_of(call) -> tuple[str, str]:
    before = counts()
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        call()
    assert counts() == before, "nothing is written on error"
    [(field, [error])] = caught.value.error_dict.items()
    return field, error.code


def test_listing_keeps_brackets_sorted_and_shows_the_lightest_price(channel):
    # given
    zone = create_shipping_zone(channel)
    method = shipping_method_create(zone=zone, name="EMS", type=ShippingMethodType.WEIGHT)

    # when brackets arrive out of order
    listing = shipping_method_listing_set(method=method, channel=channel, brackets=[(1000, "72"), (250, "47")],
                                          free_above="1500")

    # then
    assert [(r.up_to_grams, r.price_amount) for r in listing.weight_rates.all()] == [
        (Decimal(250), Decimal(47)), (Decimal(1000), Decimal(72))]
    assert listing.price_amount == Decimal(47)
    assert listing.currency == "THB"
    assert listing.free_above_amount == Decimal(1500)


def test_setting_a_listing_again_replaces_it(channel):
    # given
    method = create_weight_method(create_shipping_zone(channel), channel)

    # when
    shipping_method_listing_set(method=method, channel=channel, brackets=[(2000, "60.00")])

    # then
    listing = method.channel_listings.get()
    assert [r.up_to_grams for r in listing.weight_rates.all()] == [Decimal(2000)]
    assert listing.free_above_amount is None


def test_translation_is_stored_per_language(channel):
    method = create_weight_method(create_shipping_zone(channel), channel, name_th="อีเอ็มเอส")
    shipping_method_translation_set(method=method, language_code="TH", name="ไปรษณีย์ด่วนพิเศษ (EMS)")

    assert method.translations.get().name == "ไปรษณีย์ด่วนพิเศษ (EMS)"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"countries": ["THA"]}, ("countries", "INVALID")),
        ({"countries": ["T1"]}, ("countries", "INVALID")),
        ({"name": "  "}, ("name", "REQUIRED")),
    ],
)
def test_bad_zone_input(channel, kwargs, expected):
    args = {"name": "Thailand", "countries": ["TH"], "channels": [channel], **kwargs}
    assert code_of(lambda: shipping_zone_create(**args)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"type": "distance"}, ("type", "INVALID")),
        ({"name": ""}, ("name", "REQUIRED")),
        ({"minimum_order_weight_grams": -1}, ("minimum_order_weight", "INVALID")),
        ({"minimum_order_weight_grams": 2000, "maximum_order_weight_grams": 1000}, ("maximum_order_weight", "MAX_LESS_THAN_MIN")),
        ({"minimum_delivery_days": 5, "maximum_delivery_days": 2}, ("maximum_delivery_days", "MAX_LESS_THAN_MIN")),
    ],
)
def test_bad_method_input(channel, kwargs, expected):
    zone = create_shipping_zone(channel)
    args = {"zone": zone, "name": "EMS", "type": ShippingMethodType.WEIGHT, **kwargs}
    assert code_of(lambda: shipping_method_create(**args)) == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"price": "-1"}, ("price", "INVALID")),
        ({"price": "10.005"}, ("price", "INVALID")),
        ({}, ("price", "REQUIRED")),
        ({"brackets": [(0, "10")]}, ("weight_rates", "INVALID")),
        ({"brackets": [(500, "10"), (500, "12")]}, ("weight_rates", "DUPLICATED_INPUT_ITEM")),
        ({"brackets": [(500, "-10")]}, ("weight_rates", "INVALID")),
        ({"price": "10", "free_above": "-5"}, ("free_above", "INVALID")),
        ({"price": "10", "minimum_order_price": "100", "maximum_order_price": "50"}, ("maximum_order_price", "MAX_LESS_THAN_MIN")),
    ],
)
def test_bad_listing_input(channel, kwargs, expected):
    method = shipping_method_create(zone=create_shipping_zone(channel), name="EMS", type=ShippingMethodType.WEIGHT)
    assert code_of(lambda: shipping_method_listing_set(method=method, channel=channel, **kwargs)) == expected


def test_price_based_method_cannot_have_weight_brackets(channel):
    method = shipping_method_create(zone=create_shipping_zone(channel), name="Courier", type=ShippingMethodType.PRICE)
    assert code_of(lambda: shipping_method_listing_set(
        method=method, channel=channel, brackets=[(500, "10")])) == ("weight_rates", "INVALID")
