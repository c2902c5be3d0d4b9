"""Shop.availableShippingMethods(channel:, address:): the channel's methods at their listed price."""

from types import SimpleNamespace

import graphene
import pytest

from shop.graphql.core.middleware import EnumValuesMiddleware
from shop.graphql.shipping.schema import (
    available_shipping_methods_field,
    resolve_available_shipping_methods,
)
from tests.factories.catalog import create_channel
from tests.factories.shipping import create_price_method, create_shipping_zone, create_weight_method

pytestmark = pytest.mark.django_db

QUERY_AVAILABLE_SHIPPING_METHODS = """
query Available($channel: String!, $address: AddressInput) {
  availableShippingMethods(channel: $channel, address: $address) { name price { amount } }
}
"""


class Query(graphene.ObjectType):
    # Stands in for Shop, where the field belongs.
    available_shipping_methods = available_shipping_methods_field()
    resolve_available_shipping_methods = staticmethod(resolve_available_shipping_methods)


SCHEMA = graphene.Schema(query=Query)


def run(variables):
    result = SCHEMA.execute(QUERY_AVAILABLE_SHIPPING_METHODS, variables=variables,
                            context_value=SimpleNamespace(user=None), middleware=[EnumValuesMiddleware()])
    return result


def test_lists_the_channels_methods_for_the_address_country(channel, django_assert_max_num_queries):
    # given a Thai zone, a default zone, and another channel's zone
    create_weight_method(create_shipping_zone(channel), channel, name="EMS")
    rest = create_shipping_zone(channel, countries=(), default=True)
    create_price_method(rest, channel, name="International", price="950.00")
    other = create_channel("wholesale")
    create_weight_method(create_shipping_zone(other), other, name="Pallet")

    # when
    with django_assert_max_num_queries(3):
        everything = run({"channel": "default-channel"})
    thai = run({"channel": "default-channel", "address": {"country": "TH"}})
    lao = run({"channel": "default-channel", "address": {"country": "LA"}})

    # then
    assert everything.errors is None, everything.errors
    assert everything.data["availableShippingMethods"] == [
        {"name": "EMS", "price": {"amount": 47.0}}, {"name": "International", "price": {"amount": 950.0}}]
    assert [m["name"] for m in thai.data["availableShippingMethods"]] == ["EMS"]
    assert [m["name"] for m in lao.data["availableShippingMethods"]] == ["International"]


def test_unknown_channel_is_channel_not_found(channel):
    result = run({"channel": "nope"})
    assert result.errors[0].original_error.code == "CHANNEL_NOT_FOUND"
