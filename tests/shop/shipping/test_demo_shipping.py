"""Demo shipping data: three Thai methods with realistic prices, loaded once."""

from decimal import Decimal

import pytest
from prices import Money

from shop.demo.load_shipping import shipping_demo_load
from shop.shipping.models import ShippingMethod, ShippingMethodTranslation, ShippingZone
from shop.shipping.selectors import shipping_methods_for

pytestmark = pytest.mark.django_db


def test_demo_shipping_offers_post_ems_and_a_courier_and_loads_once(channel):
    # given the demo channel (slug default-channel)
    # when
    created = shipping_demo_load()
    again = shipping_demo_load()

    # then
    assert (created, again) == (3, 0)
    assert ShippingZone.objects.count() == 1
    assert ShippingMethodTranslation.objects.filter(language_code="th").count() == 3
    assert all(m.description["blocks"] for m in ShippingMethod.objects.all())
    offer = shipping_methods_for(channel=channel, country="TH", weight_grams=700,
                                 subtotal_gross=Money(Decimal("890.00"), "THB"))
    assert [(m.name, m.price.amount) for m in offer] == [
        ("Siam Swift Express", Decimal("39.00")),
        ("Thailand Post registered parcel", Decimal("48.00")),
        ("Thailand Post EMS", Decimal("70.00")),
    ]


def test_demo_courier_is_free_from_1500_baht_and_post_stops_at_2_kg(channel):
    # given
    shipping_demo_load()

    # when a 2.5 kg order of THB 1,500
    offer = shipping_methods_for(channel=channel, country="TH", weight_grams=2500,
                                 subtotal_gross=Money(Decimal("1500.00"), "THB"))

    # then
    assert [(m.name, m.price.amount) for m in offer] == [
        ("Siam Swift Express", Decimal("0.00")),
        ("Thailand Post EMS", Decimal("140.00")),
    ]
