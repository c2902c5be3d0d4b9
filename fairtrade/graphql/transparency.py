"""Fair trade GraphQL: where the shopper's money goes (public).

* ``Product.fairTrade`` / ``ProductVariant.fairTrade``: per unit, the maker's
  share and premium in the product's channel (null without terms or channel).
* ``OrderLine.fairTrade``: how a line's money was split once the groups
  accepted it.  Lines are reached only through the shop's order queries, which
  already limit orders to their shopper (or a staff member with MANAGE_ORDERS)
  and to whoever holds an order's token.
* ``fairTradeImpact``: what the shop has paid the groups, and how fast.

Every resolver loads for its whole batch (a page of products, the lines of a
page of orders) in a fixed number of queries.
"""

from __future__ import annotations

import graphene
from prices import Money as PricesMoney

from cooperatives.graphql.types import ProducerGroup
from fairtrade.transparency import (
    ProductFairTrade as ProductFigures,
)
from fairtrade.transparency import (
    fair_trade_impact,
    order_line_breakdown,
    product_fair_trade,
    variant_fair_trade,
)
from shop.graphql.catalog.types.products import Product, ProductVariant
from shop.graphql.core.batching import batch_of
from shop.graphql.core.extensions import extend_type
from shop.graphql.core.ids import to_global
from shop.graphql.core.types import Money, money_field
from shop.graphql.order.types import OrderLine
from shop.order.models import OrderLine as OrderLineModel


def _money(amount, currency):
    return PricesMoney(amount, currency)


def _groups_batched(root, groups):
    """Put the groups of a loader's answer in one child batch (their own fields batch too)."""
    unique = {id(group): group for group in groups if not hasattr(group, "_batch")}
    batch_of(root).child(unique.values())


# --- products ------------------------------------------------------------------------------


class ProductFairTrade(graphene.ObjectType):
    producer_share = graphene.Field(Money, required=True, description="What the maker is paid for one unit.")
    producer_share_percent = graphene.Float(
        description="The maker's share as a percent of the price the shopper pays (VAT included)."
    )
    premium = graphene.Field(
        Money, required=True, description="Fair-trade premium per unit, paid into the maker's group fund."
    )
    price = graphene.Field(Money, required=True, description="The price the shopper pays for one unit, VAT included.")
    producer_groups = graphene.List(
        graphene.NonNull(ProducerGroup), required=True, description="The producer groups these figures pay."
    )

    class Meta:
        description = (
            "Where the money for one unit goes, under the fair-trade terms in force today with its lead maker "
            "(HomeNet addition)."
        )

    @staticmethod
    def resolve_producer_share(root: ProductFigures, _info):
        return _money(root.unit.producer_share, root.unit.currency)

    @staticmethod
    def resolve_producer_share_percent(root: ProductFigures, _info):
        percent = root.unit.producer_share_percent
        return float(percent) if percent is not None else None

    @staticmethod
    def resolve_premium(root: ProductFigures, _info):
        return _money(root.unit.premium, root.unit.currency)

    @staticmethod
    def resolve_price(root: ProductFigures, _info):
        return _money(root.unit.price, root.unit.currency)

    @staticmethod
    def resolve_producer_groups(root: ProductFigures, _info):
        return root.groups


def _product_fair_trade(root, info):
    channel = batch_of(root).channel
    if channel is None:
        return None

    def load(products):
        found = product_fair_trade([product.pk for product in products], channel)
        _groups_batched(root, [group for figures in found.values() for group in figures.groups])
        return found

    return batch_of(root).load(("fair-trade", channel.pk), load).get(root.pk)


def _variant_fair_trade(root, info):
    channel = batch_of(root).channel
    if channel is None:
        return None

    def load(variants):
        units = variant_fair_trade([variant.pk for variant in variants], channel)
        _groups_batched(root, [unit.group for unit in units.values()])
        return {pk: ProductFigures(unit=unit, groups=[unit.group]) for pk, unit in units.items()}

    return batch_of(root).load(("fair-trade", channel.pk), load).get(root.pk)


extend_type(
    Product, "fair_trade",
    graphene.Field(ProductFairTrade, description=(
        "Where the money for one unit goes (the default variant, else the cheapest with fair-trade terms); "
        "null without a channel or terms in force (HomeNet addition)."
    )),
    _product_fair_trade,
)
extend_type(
    ProductVariant, "fair_trade",
    graphene.Field(ProductFairTrade, description=(
        "Where the money for one unit goes; null without a channel or terms in force (HomeNet addition)."
    )),
    _variant_fair_trade,
)


# --- order lines ---------------------------------------------------------------------------


class OrderLineProducerGroup(graphene.ObjectType):
    id = graphene.ID(required=True, description="ID of this part (a FairTradeSoldLine): what fairTradeSaleRefund takes.")
    producer_group = graphene.Field(ProducerGroup, required=True)
    quantity = graphene.Int(required=True, description="Units of the line this group makes.")
    producer_share = money_field("producer_share", "What the group is paid for them.")
    premium = money_field("premium", "The premium paid into the group's fund.")

    class Meta:
        description = "One producer group's part of an order line (HomeNet addition)."

    @staticmethod
    def resolve_id(root, _info):
        return to_global("FairTradeSoldLine", root.sold_line_id)

    @staticmethod
    def resolve_producer_group(root, _info):
        return root.group




class OrderLineFairTrade(graphene.ObjectType):
    gross = money_field("gross", "What the shopper paid for the line, less what was given back.")
    vat = money_field("vat", "VAT in it.")
    producer_share = money_field("producer_share", "Paid to the producer groups.")
    premium = money_field("premium", "Paid into the groups' funds.")
    payment_fees = money_field("fee", "Kept by the payment processor.")
    margin = money_field("margin", "Kept by the social enterprise (the rest).")
    refunded = money_field("refunded", "Given back to the shopper.")
    producer_groups = graphene.List(graphene.NonNull(OrderLineProducerGroup), required=True)

    class Meta:
        description = (
            "How an order line's money was split once the groups accepted it, net of what was given back: "
            "gross = vat + producerShare + premium + paymentFees + margin.  A group's share only drops for "
            "refunds the group bears; the processor keeps its fee (HomeNet addition)."
        )

    @staticmethod
    def resolve_producer_groups(root, _info):
        return root.groups


def _order_line_fair_trade(root, info):
    """The line's breakdown, loaded for every line of the orders batched with its order."""
    if OrderLineModel.order.is_cached(root):
        order = root.order

        def load_orders(orders):
            found = order_line_breakdown(order_ids=[o.pk for o in orders])
            _groups_batched(order, [part.group for line in found.values() for part in line.groups])
            return found

        return batch_of(order).load("fair-trade-lines", load_orders).get(root.pk)

    def load_lines(lines):
        found = order_line_breakdown([line.pk for line in lines])
        _groups_batched(root, [part.group for line in found.values() for part in line.groups])
        return found

    return batch_of(root).load("fair-trade", load_lines).get(root.pk)


extend_type(
    OrderLine, "fair_trade",
    graphene.Field(OrderLineFairTrade, description=(
        "Where the line's money went; null until a producer group accepts it (HomeNet addition)."
    )),
    _order_line_fair_trade,
)


# --- impact --------------------------------------------------------------------------------


class FairTradeImpact(graphene.ObjectType):
    paid_to_producer_groups = graphene.Field(
        Money, required=True, description="Money paid out to the producer groups (statements and advances)."
    )
    producer_groups_count = graphene.Int(required=True, description="Active producer groups.")
    members_count = graphene.Int(required=True, description="Members of the active groups.")
    women_members_percent = graphene.Float(description="Share of those members who are women, in percent.")
    average_days_to_payment = graphene.Float(
        description="Average days from a group's delivery to its payment; null until something is paid."
    )

    class Meta:
        description = "What fair trade has meant for the producer groups so far (HomeNet addition)."

    @staticmethod
    def resolve_paid_to_producer_groups(root, _info):
        return _money(root.paid_to_groups, root.currency)

    @staticmethod
    def resolve_producer_groups_count(root, _info):
        return root.groups_count

    @staticmethod
    def resolve_women_members_percent(root, _info):
        return float(root.women_members_percent) if root.women_members_percent is not None else None

    @staticmethod
    def resolve_average_days_to_payment(root, _info):
        return float(root.average_days_to_payment) if root.average_days_to_payment is not None else None


class Queries(graphene.ObjectType):
    fair_trade_impact = graphene.Field(
        FairTradeImpact, required=True, description="The shop's fair-trade figures (public; HomeNet addition).",
    )

    @staticmethod
    def resolve_fair_trade_impact(_root, _info):
        return fair_trade_impact()


Mutations = None
TYPES: list = []
