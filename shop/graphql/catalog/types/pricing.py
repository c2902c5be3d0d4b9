from __future__ import annotations

import graphene

from ...core.types import TaxedMoney, TaxedMoneyRange


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    discount_prior = graphene.Field(TaxedMoney, description="The discount amount compared to prior price.")
    display_gross_prices = graphene.Boolean(required=True, description="Determines whether displayed prices should include taxes.")
    price_range = graphene.Field(TaxedMoneyRange, description="The discounted price range of the product variants.")
    price_range_undiscounted = graphene.Field(TaxedMoneyRange, description="The undiscounted price range of the product variants.")
    price_range_prior = graphene.Field(TaxedMoneyRange, description="The prior price range of the product variants.")

    class Meta:
        description = "Represents product's pricing information. Prices include Thai VAT."

    @staticmethod
    def resolve_discount_prior(root, _info):
        if root.price_range_prior is None:
            return None
        diff = root.price_range_prior.start - root.price_range.start
        return diff if diff.gross.amount > 0 else None


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean(description="Whether it is in sale or not.")
    discount = graphene.Field(TaxedMoney, description="The discount amount if in sale (null otherwise).")
    discount_prior = graphene.Field(TaxedMoney, description="The discount amount compared to prior price.")
    price = graphene.Field(TaxedMoney, description="The price, with any discount subtracted.")
    price_undiscounted = graphene.Field(TaxedMoney, description="The price without any discount.")
    price_prior = graphene.Field(TaxedMoney, description="The price prior to discount.")

    class Meta:
        description = "Represents availability of a variant in the storefront."

    @staticmethod
    def resolve_discount_prior(root, _info):
        if root.price_prior is None:
            return None
        diff = root.price_prior - root.price
        return diff if diff.gross.amount > 0 else None
