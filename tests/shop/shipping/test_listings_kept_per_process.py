"""A channel's shipping listings are kept per process while the shipping configuration stands.

PostgreSQL bumps the configuration's version on every write to zones, their
channels, methods, listings and weight brackets (migration shipping.0002), so a
change made any way at all is seen by the next read; a change rolled back is
never served.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from shop.shipping.models import ShippingMethodChannelListing, ShippingWeightRate, ShippingZone
from shop.shipping.selectors import shipping_listings_for
from tests.factories.shipping import create_price_method, create_shipping_zone, create_weight_method

pytestmark = pytest.mark.django_db


def _prices(channel, country="TH"):
    return {
        listing.shipping_method.name: listing.price_amount
        for listing in shipping_listings_for(channel=channel, country=country, currency="THB")
    }


@pytest.fixture
def zone(channel):
    return create_shipping_zone(channel, countries=("TH",))


@pytest.fixture
def courier(zone, channel):
    return create_price_method(zone, channel, name="Courier", price="50.00")


def test_listings_are_read_once_while_nothing_changes(channel, courier, django_assert_num_queries):
    first = _prices(channel)

    with django_assert_num_queries(1):  # the configuration's version only
        again = _prices(channel)

    assert first == again == {"Courier": Decimal("50.000")}


def test_a_price_changed_by_a_bulk_update_is_seen_at_once(channel, courier):
    _prices(channel)

    ShippingMethodChannelListing.objects.filter(shipping_method=courier).update(price_amount=Decimal("65.00"))

    assert _prices(channel) == {"Courier": Decimal("65.000")}


def test_zones_channels_methods_and_brackets_changes_are_all_seen(channel, zone, courier):
    ems = create_weight_method(zone, channel, name="EMS")
    assert set(_prices(channel)) == {"Courier", "EMS"}

    ShippingWeightRate.objects.filter(channel_listing__shipping_method=ems).delete()
    brackets = [list(listing.weight_rates.all()) for listing in shipping_listings_for(
        channel=channel, country="TH", currency="THB") if listing.shipping_method_id == ems.pk]
    assert brackets == [[]]

    ems.delete()
    assert set(_prices(channel)) == {"Courier"}

    zone.channels.remove(channel)
    assert _prices(channel) == {}

    zone.channels.add(channel)
    ShippingZone.objects.filter(pk=zone.pk).update(countries=["LA"])
    assert _prices(channel) == {}
    assert _prices(channel, "LA") == {"Courier": Decimal("50.000")}


def test_a_change_rolled_back_is_never_served(channel, courier):
    # given a price change read inside a transaction that is then rolled back
    with pytest.raises(RuntimeError), transaction.atomic():
        ShippingMethodChannelListing.objects.filter(shipping_method=courier).update(price_amount=Decimal("99.00"))
        assert _prices(channel) == {"Courier": Decimal("99.000")}
        raise RuntimeError("rolled back")

    # then the committed price is served, and so is another change made afterwards
    assert _prices(channel) == {"Courier": Decimal("50.000")}
    ShippingMethodChannelListing.objects.filter(shipping_method=courier).update(price_amount=Decimal("70.00"))
    assert _prices(channel) == {"Courier": Decimal("70.000")}
