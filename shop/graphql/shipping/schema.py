"""``Shop.availableShippingMethods(channel:, address:)`` (Saleor's), ready for the Shop type.

Wire it on ``shop.graphql.site.schema.Shop`` with
``available_shipping_methods = available_shipping_methods_field()`` and
``resolve_available_shipping_methods = staticmethod(resolve_available_shipping_methods)``.
"""

from __future__ import annotations

import graphene

from shop.shipping.selectors import shipping_methods_in_channel

from ..account.address_inputs import AddressInput, address_input_to_data
from ..channel.types import resolve_channel
from .types import ShippingMethod


def available_shipping_methods_field() -> graphene.List:
    return graphene.List(
        graphene.NonNull(ShippingMethod),
        description="Shipping methods that are available for the shop, at their listed price (no cart).",
        channel=graphene.Argument(graphene.String, required=True, description="Slug of a channel for which the data should be returned."),
        address=graphene.Argument(AddressInput, description="Address for which available shipping methods should be returned."),
    )


def resolve_available_shipping_methods(_root, info, *, channel, address=None):
    country = address_input_to_data(address).get("country") if address else None
    return shipping_methods_in_channel(channel=resolve_channel(info, channel), country=country)
