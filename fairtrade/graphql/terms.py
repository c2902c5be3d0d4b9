"""Fair trade GraphQL: price terms, the minimum-wage table, and refunds staff attribute.

* ``fairTradeTerms`` and ``fairTradeTermsCreate``: staff with MANAGE_PRODUCTS.
* ``minimumWages``: public reference data (the dated legal table).
* ``fairTradeSaleRefund``: staff with MANAGE_ORDERS give money back on one
  group's part of an order line and say who bears it; the shop refunds the
  payment in the same transaction.

Everyone else gets ``PermissionDenied``.  Mutations answer ``FairTradeError``
with a ``FairTradeErrorCode``, and write nothing when they fail.
"""

from __future__ import annotations

import uuid

import graphene
from prices import Money as PricesMoney

from cooperatives.graphql.types import ProducerGroup
from cooperatives.models import ProducerGroup as ProducerGroupModel
from fairtrade import models, sales
from fairtrade.error_codes import FairTradeErrorCode as Code
from fairtrade.error_codes import fair_trade_error
from fairtrade.terms import terms_create
from shop.account.permissions import PermissionEnum
from shop.catalog.models import ProductVariant as ProductVariantModel
from shop.graphql.catalog.types.products import ProductVariant
from shop.graphql.core.batching import batch_of, new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import require_permissions
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.mutations import BaseMutation
from shop.graphql.core.types import Money, money_field
from shop.graphql.order.types import OrderLine
from shop.order.models import OrderLine as OrderLineModel
from shop.payment.actions import order_refund

from .errors import FairTradeError

FairTradePricingEnum = graphene.Enum(
    "FairTradePricingEnum", [(choice.name, choice.value) for choice in models.PricingMethod],
    description="How a producer price was set: from the cost sheet, or directly.",
)
FairTradeBearerEnum = graphene.Enum(
    "FairTradeBearerEnum", [(choice.name, choice.value) for choice in models.Bearer],
    description="Who carries the cost of money given back to a shopper.",
)


def _thb(amount, currency="THB"):
    return PricesMoney(amount, currency) if amount is not None else None


def _reversal_money(attribute: str, description: str) -> graphene.Field:
    return money_field(attribute, description, currency=lambda root: root.sold_line.currency)


# --- types ---------------------------------------------------------------------------------


class MinimumWage(graphene.ObjectType):
    province_code = graphene.String(required=True, description="Thai province code (DOPA).")
    district_code = graphene.String(description="District code when the district has its own rate.")
    area = graphene.String(required=True, description="Province or district name.")
    daily_wage = graphene.Field(Money, required=True, description="Legal minimum wage for a day (8 hours).")
    effective_from = graphene.Date(required=True)
    source = graphene.String(required=True, description="The announcement the rate comes from.")

    class Meta:
        description = "The legal minimum daily wage of a Thai province or district, from a date (HomeNet addition)."

    @staticmethod
    def resolve_district_code(root, _info):
        return root.district_code or None

    @staticmethod
    def resolve_daily_wage(root, _info):
        return _thb(root.daily_wage)


class FairTradeTerms(graphene.ObjectType):
    producer_group = graphene.Field(ProducerGroup, required=True)
    variant = graphene.Field(ProductVariant, required=True)
    effective_from = graphene.Date(required=True)
    effective_to = graphene.Date(description="Exclusive; null while the terms are open-ended.")
    pricing = graphene.Field(FairTradePricingEnum, required=True)
    materials_cost = money_field("materials_cost", "Materials for one unit.")
    labour_minutes = graphene.Float(required=True, description="Minutes of work for one unit.")
    wage_basis_daily = money_field("wage_basis_daily", "The daily wage (8 hours) the cost sheet pays.")
    producer_price = money_field("producer_price", "What the group is paid for one unit.")
    premium_percent = graphene.Float(required=True, description="Premium on the producer price, for the group fund.")
    minimum_daily_wage = money_field("minimum_daily_wage", "The legal minimum daily wage the floor was computed from.")
    floor_price = money_field("floor_price", "Materials plus the labour time at the minimum wage.")
    living_daily_wage = money_field("living_daily_wage", "The living wage the terms are compared with.")
    daily_wage_paid = money_field("daily_wage_paid", "The daily wage the price implies.")
    living_wage_gap = money_field("living_wage_gap_daily", "How far that daily wage is below the living wage (0: not).")
    minimum_wage_source = graphene.String(required=True, description="Where the minimum wage comes from.")
    note = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "What a producer group is paid per unit of a variant, for a period (HomeNet addition)."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_producer_group(root, _info):
        batch_of(root).related_one("group", "group")
        return root.group

    @staticmethod
    def resolve_variant(root, _info):
        batch_of(root).related_one("variant", "variant")
        return root.variant

    @staticmethod
    def resolve_pricing(root, _info):
        return root.pricing

    @staticmethod
    def resolve_labour_minutes(root, _info):
        return float(root.labour_minutes)

    @staticmethod
    def resolve_premium_percent(root, _info):
        return float(root.premium_percent)

    @staticmethod
    def resolve_minimum_wage_source(root, _info):
        batch_of(root).related_one("minimum-wage", "minimum_wage")
        return f"{root.minimum_wage.area}: {root.minimum_wage.source}"


class FairTradeSaleReversal(graphene.ObjectType):
    kind = graphene.String(required=True, description="refund or cancellation.")
    bearer = graphene.Field(FairTradeBearerEnum, required=True)
    gross = _reversal_money("gross", "Given back, VAT included.")
    vat = _reversal_money("vat", "VAT in it.")
    producer_share = _reversal_money("producer_share", "Part of the group's share it came out of (nominal).")
    premium = _reversal_money("premium", "Part of the premium it came out of (nominal).")
    reason = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "Money given back on one group's part of an order line (HomeNet addition)."

    @staticmethod
    def resolve_bearer(root, _info):
        return root.bearer


# --- queries -------------------------------------------------------------------------------


class FairTradeTermsFilterInput(graphene.InputObjectType):
    producer_group = graphene.ID(description="Only this producer group's terms.")
    variant = graphene.ID(description="Only this variant's terms.")
    active_on = graphene.Date(description="Only terms in force on this day.")


def _terms_queryset(filter):
    qs = models.FairTradeTerms.objects.all()
    if filter.get("producer_group"):
        qs = qs.filter(group_id=from_global_id_or_error(filter["producer_group"], "ProducerGroup"))
    if filter.get("variant"):
        qs = qs.filter(variant_id=from_global_id_or_error(filter["variant"], "ProductVariant"))
    if filter.get("active_on"):
        day = filter["active_on"]
        qs = qs.filter(effective_from__lte=day).exclude(effective_to__lte=day)
    return qs


class Queries(graphene.ObjectType):
    fair_trade_terms = ConnectionField(
        FairTradeTerms, filter=FairTradeTermsFilterInput(),
        description="Fair-trade terms, newest first.  Requires one of the following permissions: MANAGE_PRODUCTS.",
    )
    minimum_wages = graphene.List(
        graphene.NonNull(MinimumWage), required=True,
        province_code=graphene.String(description="Only this province (DOPA code, e.g. \"50\")."),
        description="The legal minimum daily wages, dated (public reference data).",
    )

    @staticmethod
    def resolve_fair_trade_terms(_root, info, filter=None, **page):
        require_permissions(info, [PermissionEnum.MANAGE_PRODUCTS])
        return paginate(_terms_queryset(filter or {}), info, sort_fields=["created_at"], descending=True,
                        name="fairTradeTerms", **page)

    @staticmethod
    def resolve_minimum_wages(_root, _info, province_code=None):
        qs = models.MinimumWage.objects.all()
        return list(qs.filter(province_code=province_code) if province_code else qs)


# --- mutations -----------------------------------------------------------------------------


def _object_or_error(model, global_id, type_name, field, *, pk_type=int, **filters):
    found = model.objects.filter(pk=from_global_id_or_error(global_id, type_name, pk_type=pk_type), **filters).first()
    if found is None:
        raise fair_trade_error(field, f"Couldn't resolve to a {type_name}.", Code.NOT_FOUND)
    return found


class FairTradeTermsCreateInput(graphene.InputObjectType):
    producer_group = graphene.ID(required=True)
    variant = graphene.ID(required=True)
    effective_from = graphene.Date(required=True)
    effective_to = graphene.Date(description="Exclusive; leave empty for terms until further notice.")
    pricing = FairTradePricingEnum(required=True)
    materials_cost = graphene.Decimal(description="Materials for one unit (required).")
    labour_minutes = graphene.Decimal(description="Minutes of work for one unit (required).")
    wage_basis_daily = graphene.Decimal(
        description="Daily wage the cost sheet pays (default: the minimum wage or the living wage, the higher)."
    )
    producer_price = graphene.Decimal(description="The price, for DIRECT pricing.")
    premium_percent = graphene.Decimal(description="Premium for the group fund (default: the group fund's percent).")
    note = graphene.String()


class FairTradeTermsCreate(BaseMutation):
    fair_trade_terms = graphene.Field(FairTradeTerms)

    class Arguments:
        input = FairTradeTermsCreateInput(required=True)

    class Meta:
        description = (
            "Agree new terms with a producer group.  The price may not be below the fair-wage floor "
            "(materials + the labour time at the legal minimum wage); open-ended terms before them end "
            "where they start.  Requires one of the following permissions: MANAGE_PRODUCTS."
        )
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        group = _object_or_error(ProducerGroupModel, input["producer_group"], "ProducerGroup", "producer_group")
        variant = _object_or_error(ProductVariantModel, input["variant"], "ProductVariant", "variant")
        terms = terms_create(
            group=group, variant=variant, effective_from=input["effective_from"],
            effective_to=input.get("effective_to"), pricing=input["pricing"],
            materials_cost=input.get("materials_cost"), labour_minutes=input.get("labour_minutes"),
            wage_basis_daily=input.get("wage_basis_daily"), producer_price=input.get("producer_price"),
            premium_percent=input.get("premium_percent"), note=input.get("note") or "", user=info.context.user,
        )
        return cls(fair_trade_terms=new_batch([terms], info)[0])


def _sold_line_id(sold_line, order_line, producer_group):
    if sold_line:
        if order_line or producer_group:
            raise fair_trade_error("sold_line", "Give a sold line, or an order line and a producer group.", Code.INVALID)
        found = models.SoldLine.objects.filter(
            pk=from_global_id_or_error(sold_line, "FairTradeSoldLine", pk_type=uuid.UUID)
        ).values_list("pk", flat=True).first()
        if found is None:
            raise fair_trade_error("sold_line", "Couldn't resolve to a sold line.", Code.NOT_FOUND)
        return found
    if not (order_line and producer_group):
        raise fair_trade_error("sold_line", "Give a sold line, or an order line and a producer group.", Code.REQUIRED)
    line_pk = from_global_id_or_error(order_line, "OrderLine", pk_type=uuid.UUID)
    group_pk = from_global_id_or_error(producer_group, "ProducerGroup")
    found = list(models.SoldLine.objects.filter(order_line_id=line_pk, group_id=group_pk).values_list("pk", flat=True))
    if not found:
        raise fair_trade_error("order_line", "This group sold nothing on this order line.", Code.NOT_SOLD)
    if len(found) > 1:
        raise fair_trade_error("order_line", "The group sold this line in several parts: give the sold line.",
                               Code.INVALID)
    return found[0]


class FairTradeSaleRefund(BaseMutation):
    reversal = graphene.Field(FairTradeSaleReversal, description="What was given back and how it was split.")
    order_line = graphene.Field(OrderLine)

    class Arguments:
        sold_line = graphene.ID(description="ID of the group's part of the order line (FairTradeSoldLine).")
        order_line = graphene.ID(description="ID of the order line (with producerGroup).")
        producer_group = graphene.ID(description="The group whose part is refunded (with orderLine).")
        amount = graphene.Decimal(required=True, description="Amount to give back, VAT included.")
        bearer = FairTradeBearerEnum(required=True)
        reason = graphene.String(required=True)

    class Meta:
        description = (
            "Give money back on one producer group's part of an order line, refund the shopper's payment, and "
            "say who bears the cost.  Requires one of the following permissions: MANAGE_ORDERS."
        )
        error_type_class = FairTradeError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, amount, bearer, reason, sold_line=None, order_line=None,
                         producer_group=None):
        user = info.context.user
        sold_line_id = _sold_line_id(sold_line, order_line, producer_group)

        def request_refund(order_id, refund_amount):
            refunded = order_refund(order_id=order_id, amount=refund_amount, user=user, reason=reason)
            if refunded < refund_amount:
                # Nothing is recorded; what a gateway did refund reaches the ledger through refund_reconcile.
                raise fair_trade_error("amount", f"The payment could only refund {refunded} of {refund_amount}.",
                                       Code.INVALID)

        reversal = sales.sale_refund(sold_line_id=sold_line_id, amount=amount, bearer=bearer, reason=reason,
                                     user=user, request_refund=request_refund)
        line = OrderLineModel.objects.get(pk=reversal.sold_line.order_line_id)
        return cls(reversal=reversal, order_line=new_batch([line], info)[0])


class Mutations(graphene.ObjectType):
    fair_trade_terms_create = FairTradeTermsCreate.Field()
    fair_trade_sale_refund = FairTradeSaleRefund.Field()


TYPES: list = [FairTradeTerms, MinimumWage]

