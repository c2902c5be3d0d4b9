"""Saleor's ``ShippingMethod``: a method as one cart can use it, with the price for that cart.

The root is a ``shop.shipping.selectors.ApplicableMethod`` (from
``shipping_methods_for``), so ``price`` is what this checkout pays for the
method: its weight bracket, or 0 above the channel's free-shipping threshold.
"""

from __future__ import annotations

import graphene
from prices import Money as PricesMoney

from shop.shipping.models import ShippingMethodType
from shop.shipping.selectors import shipping_method_translations

from ..core.context import request_cache
from ..core.translations import TranslationType, translation_field
from ..core.types import Money, ObjectWithMetadata, Weight, language_code_to_django

# A plain string: graphene cannot serialise the WeightUnits TextChoices member itself.
_KG = "kg"

ShippingMethodTypeEnum = graphene.Enum(
    "ShippingMethodTypeEnum", [(member.name, member.value) for member in ShippingMethodType]
)


class ShippingMethodTranslation(TranslationType):
    name = graphene.String()
    description = graphene.JSONString(description="Translated description of the shipping method (Editor.js JSON).")

    class Meta:
        interfaces = (graphene.relay.Node,)


class ShippingMethod(graphene.ObjectType):
    type = graphene.Field(
        ShippingMethodTypeEnum, description="Type of the shipping method.",
        deprecation_reason="This field will be removed in 4.0.",
    )
    name = graphene.String(required=True, description="Shipping method name.")
    description = graphene.JSONString(description="Shipping method description (Editor.js JSON).")
    maximum_delivery_days = graphene.Int(description="Maximum delivery days for this shipping method.")
    minimum_delivery_days = graphene.Int(description="Minimum delivery days for this shipping method.")
    maximum_order_weight = graphene.Field(
        Weight, description="Maximum order weight for this shipping method.",
        deprecation_reason="This field will be removed in 4.0.",
    )
    minimum_order_weight = graphene.Field(
        Weight, description="Minimum order weight for this shipping method.",
        deprecation_reason="This field will be removed in 4.0.",
    )
    translation = translation_field(ShippingMethodTranslation, "Returns translated shipping method fields for the given language code.")
    price = graphene.Field(
        Money, required=True,
        description="The price of selected shipping method for this cart, VAT included; 0 once the subtotal reaches the channel's free-shipping threshold.",
    )
    maximum_order_price = graphene.Field(
        Money, description="Maximum order price for this shipping method.",
        deprecation_reason="This field will be removed in 4.0.",
    )
    minimum_order_price = graphene.Field(
        Money, description="Minimal order price for this shipping method.",
        deprecation_reason="This field will be removed in 4.0.",
    )
    active = graphene.Boolean(required=True, description="Describes if this shipping method is active and can be selected.")
    message = graphene.String(description="Message connected to this shipping method.")

    class Meta:
        description = "Shipping methods that can be used as means of shipping for orders and checkouts."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_type(root, _info):
        return root.method.type

    @staticmethod
    def resolve_description(root, _info):
        return root.method.description

    @staticmethod
    def resolve_maximum_delivery_days(root, _info):
        return root.method.maximum_delivery_days

    @staticmethod
    def resolve_minimum_delivery_days(root, _info):
        return root.method.minimum_delivery_days

    @staticmethod
    def resolve_maximum_order_weight(root, _info):
        return Weight.from_grams(root.method.maximum_order_weight_grams, _KG)

    @staticmethod
    def resolve_minimum_order_weight(root, _info):
        return Weight.from_grams(root.method.minimum_order_weight_grams, _KG)

    @staticmethod
    def resolve_translation(root, info, *, language_code):
        code = language_code_to_django(language_code)
        # One query per request and language for every method listed (there are a handful).
        rows = request_cache(info, ("shipping_method_translations", code),
                             lambda: shipping_method_translations(language_code=code))
        return rows.get(root.method.pk)

    @staticmethod
    def resolve_price(root, _info):
        return root.price

    @staticmethod
    def resolve_maximum_order_price(root, _info):
        return _listing_money(root, "maximum_order_price_amount")

    @staticmethod
    def resolve_minimum_order_price(root, _info):
        return _listing_money(root, "minimum_order_price_amount")

    @staticmethod
    def resolve_active(_root, _info):
        # Every method the selector returns can be chosen for the cart.
        return True

    @staticmethod
    def resolve_message(_root, _info):
        return None


def _listing_money(root, field: str):
    amount = getattr(root.listing, field)
    return None if amount is None else PricesMoney(amount, root.listing.currency)
