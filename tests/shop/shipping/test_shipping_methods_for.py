"""Which shipping methods a cart is offered, and at what price."""

from decimal import Decimal

import pytest
from prices import Money

from shop.shipping.selectors import shipping_method_applicable_get, shipping_methods_for
from tests.factories.catalog import create_channel
from tests.factories.shipping import create_price_method, create_shipping_zone, create_weight_method

pytestmark = pytest.mark.django_db


def thb(amount) -> Money:
    return Money(Decimal(amount), "THB")


def offered(channel, *, weight, subtotal="500.00", country="TH") -> dict[str, Decimal]:
    methods = shipping_methods_for(channel=channel, country=country, weight_grams=weight, subtotal_gross=thb(subtotal))
    return {m.name: m.price.amount for m in methods}


@pytest.fixture
def zone(channel):
    return create_shipping_zone(channel, name="Thailand")


@pytest.mark.parametrize(
    ("weight", "price"),
    [(0, "47.00"), (100, "47.00"), (250, "47.00"), (251, "57.00"), (1000, "72.00"), (1500, "107.00"), (5000, "172.00")],
)
def test_weight_brackets_choose_the_right_price(channel, zone, weight, price):
    # given EMS with brackets up to 250 g / 500 g / 1 kg / 2 kg / 5 kg
    create_weight_method(zone, channel, name="EMS")

    # when / then
    assert offered(channel, weight=weight) == {"EMS": Decimal(price)}


def test_method_above_its_max_weight_is_not_offered(channel, zone):
    # given registered mail up to 2 kg and EMS up to 5 kg
    create_weight_method(zone, channel, name="Registered mail", brackets=[(500, "30.00"), (2000, "55.00")])
    create_weight_method(zone, channel, name="EMS")

    # when a 3 kg parcel ships
    result = offered(channel, weight=3000)

    # then only EMS takes it
    assert result == {"EMS": Decimal("172.00")}
    assert offered(channel, weight=5001) == {}


def test_method_below_its_min_weight_is_not_offered(channel, zone):
    create_weight_method(zone, channel, name="Freight", brackets=[], price="300.00", min_weight=10000, max_weight=50000)

    assert offered(channel, weight=9999) == {}
    assert offered(channel, weight=Decimal("10000.000")) == {"Freight": Decimal("300.00")}


def test_unknown_weight_counts_as_zero(channel, zone):
    create_weight_method(zone, channel, name="EMS")

    assert offered(channel, weight=None) == {"EMS": Decimal("47.00")}


def test_free_threshold_gives_zero_and_keeps_the_undiscounted_price(channel, zone):
    # given registered mail is free from THB 1,500 in this channel, EMS never is
    create_weight_method(zone, channel, name="Registered mail", brackets=[(2000, "55.00")], free_above="1500.00")
    create_weight_method(zone, channel, name="EMS")

    # when
    below = shipping_methods_for(channel=channel, country="TH", weight_grams=800, subtotal_gross=thb("1499.99"))
    at = shipping_methods_for(channel=channel, country="TH", weight_grams=800, subtotal_gross=thb("1500.00"))

    # then
    assert [(m.name, m.price.amount) for m in below] == [("Registered mail", Decimal("55.00")), ("EMS", Decimal("72.00"))]
    assert [(m.name, m.price.amount) for m in at] == [("Registered mail", Decimal("0.00")), ("EMS", Decimal("72.00"))]
    assert at[0].undiscounted_price == thb("55.00")
    assert at[0].is_free and at[0].free_above == thb("1500.00")


def test_another_channels_zone_is_not_offered(channel, zone):
    # given a wholesale channel with its own zone and method
    wholesale = create_channel("wholesale")
    create_weight_method(create_shipping_zone(wholesale, name="Wholesale TH"), wholesale, name="Pallet")
    create_weight_method(zone, channel, name="EMS")

    # when / then
    assert offered(channel, weight=100) == {"EMS": Decimal("47.00")}
    assert offered(wholesale, weight=100) == {"Pallet": Decimal("47.00")}


def test_method_of_a_zone_not_in_the_channel_is_not_offered(channel, zone):
    # given a zone assigned to no channel, though the method has a listing for this channel
    orphan = create_shipping_zone(channel, name="Paused")
    orphan.channels.clear()
    create_weight_method(orphan, channel, name="Paused courier")

    assert offered(channel, weight=100) == {}


def test_zone_of_another_country_is_not_offered_and_a_default_zone_catches_the_rest(channel, zone):
    # given a Thai zone and a default zone for everywhere else
    create_weight_method(zone, channel, name="EMS")
    rest = create_shipping_zone(channel, name="Rest of world", countries=(), default=True)
    create_price_method(rest, channel, name="International", price="950.00")

    # when / then
    assert offered(channel, weight=100, country="TH") == {"EMS": Decimal("47.00")}
    assert offered(channel, weight=100, country="la") == {"International": Decimal("950.00")}


def test_price_based_method_follows_its_subtotal_range(channel, zone):
    create_price_method(zone, channel, name="Small orders", price="40.00", maximum="999.99")
    create_price_method(zone, channel, name="Big orders", price="20.00", minimum="1000.00")

    assert offered(channel, weight=99999, subtotal="999.99") == {"Small orders": Decimal("40.00")}
    assert offered(channel, weight=99999, subtotal="1000.00") == {"Big orders": Decimal("20.00")}


def test_order_is_price_then_name(channel, zone):
    # given
    create_price_method(zone, channel, name="Zeta", price="40.00")
    create_price_method(zone, channel, name="alpha", price="40.00")
    create_price_method(zone, channel, name="Cheap", price="10.00")

    # when
    names = list(offered(channel, weight=100))

    # then
    assert names == ["Cheap", "alpha", "Zeta"]


def test_listing_two_or_ten_methods_costs_the_same_queries(channel, zone, django_assert_num_queries):
    # given two methods, then ten
    for i in range(2):
        create_weight_method(zone, channel, name=f"Method {i}")
    with django_assert_num_queries(2):
        assert len(shipping_methods_for(channel=channel, country="TH", weight_grams=100, subtotal_gross=thb(1))) == 2
    for i in range(2, 10):
        create_weight_method(zone, channel, name=f"Method {i}")

    # when / then
    with django_assert_num_queries(2):
        assert len(shipping_methods_for(channel=channel, country="TH", weight_grams=100, subtotal_gross=thb(1))) == 10


def test_applicable_get_prices_the_chosen_method_or_says_it_no_longer_fits(channel, zone):
    # given
    ems = create_weight_method(zone, channel, name="EMS")

    # when
    fits = shipping_method_applicable_get(method_id=ems.pk, channel=channel, country="TH",
                                          weight_grams=600, subtotal_gross=thb(100))
    too_heavy = shipping_method_applicable_get(method_id=ems.pk, channel=channel, country="TH",
                                               weight_grams=6000, subtotal_gross=thb(100))

    # then
    assert fits.price == thb("72.00") and fits.id == ems.pk
    assert too_heavy is None
