"""The ShippingMethod GraphQL type shows a method as one cart sees it (Saleor's shape)."""

from decimal import Decimal
from types import SimpleNamespace

import graphene
import pytest
from graphql_relay import to_global_id
from prices import Money

from shop.graphql.core.middleware import EnumValuesMiddleware
from shop.graphql.shipping.types import ShippingMethod
from shop.shipping.selectors import shipping_methods_for
from tests.factories.shipping import create_shipping_zone, create_weight_method

pytestmark = pytest.mark.django_db

QUERY_SHIPPING_METHODS = """
query Methods($subtotal: Float!) {
  shippingMethods(subtotal: $subtotal) {
    id name type description minimumDeliveryDays maximumDeliveryDays
    price { amount currency } active message
    maximumOrderWeight { unit value } minimumOrderPrice { amount }
    metadata { key value }
    translation(languageCode: TH) { name language { code } }
  }
}
"""


def schema_for(channel):
    # The checkout exposes these methods on Checkout.shippingMethods; a root field is enough here.
    class Query(graphene.ObjectType):
        shipping_methods = graphene.List(graphene.NonNull(ShippingMethod), subtotal=graphene.Float(required=True))

        @staticmethod
        def resolve_shipping_methods(_root, _info, subtotal):
            return shipping_methods_for(channel=channel, country="TH", weight_grams=700,
                                        subtotal_gross=Money(Decimal(str(subtotal)), "THB"))

    return graphene.Schema(query=Query)


def run(channel, subtotal):
    context = SimpleNamespace(user=None)
    result = schema_for(channel).execute(QUERY_SHIPPING_METHODS, variables={"subtotal": subtotal}, context_value=context,
                                      middleware=[EnumValuesMiddleware()])  # as the /graphql/ view
    assert result.errors is None, result.errors
    return result.data["shippingMethods"]


def test_methods_carry_the_price_for_the_cart_and_thai_names(channel, django_assert_num_queries):
    # given
    zone = create_shipping_zone(channel)
    ems = create_weight_method(zone, channel, name="EMS", name_th="ไปรษณีย์ด่วนพิเศษ (EMS)", days=(1, 2))
    ems.metadata = {"carrier": "thailand-post"}
    ems.save()
    create_weight_method(zone, channel, name="Registered mail", brackets=[(2000, "55.00")], free_above="1500.00",
                         days=(3, 7))

    # when (listing, brackets, translations: three queries for any number of methods)
    with django_assert_num_queries(3):
        methods = run(channel, 800)

    # then
    assert [(m["name"], m["price"]["amount"]) for m in methods] == [("Registered mail", 55.0), ("EMS", 72.0)]
    ems_data = methods[1]
    assert ems_data["id"] == to_global_id("ShippingMethod", ems.pk)
    assert ems_data["type"] == "WEIGHT"
    assert (ems_data["minimumDeliveryDays"], ems_data["maximumDeliveryDays"]) == (1, 2)
    assert ems_data["active"] is True and ems_data["message"] is None
    assert ems_data["maximumOrderWeight"] == {"unit": "KG", "value": 5.0}
    assert ems_data["metadata"] == [{"key": "carrier", "value": "thailand-post"}]
    assert ems_data["translation"] == {"name": "ไปรษณีย์ด่วนพิเศษ (EMS)", "language": {"code": "TH"}}
    assert methods[0]["translation"] is None


def test_free_shipping_shows_a_zero_price(channel):
    # given
    zone = create_shipping_zone(channel)
    create_weight_method(zone, channel, name="Registered mail", brackets=[(2000, "55.00")], free_above="1500.00")

    # when
    methods = run(channel, 1500)

    # then
    assert methods[0]["price"] == {"amount": 0.0, "currency": "THB"}
