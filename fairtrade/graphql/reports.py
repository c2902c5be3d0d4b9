"""Fair trade GraphQL: reports for staff (the margin report).

Staff with MANAGE_ORDERS only; everyone else (anonymous users, other staff,
members of producer groups) gets ``PermissionDenied``.  The resolver calls
``fairtrade.reports.margin_report`` once: three SQL queries whatever the number of rows.
"""

from __future__ import annotations

import graphene

from fairtrade import reports
from shop.account.permissions import PermissionEnum
from shop.graphql.core.errors import InvalidArgument, require_permissions
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.types import money_field

MAX_DAYS = 3 * 366


class FairTradeReportGroupByEnum(graphene.Enum):
    PRODUCER_GROUP = reports.GroupBy.PRODUCER_GROUP
    PRODUCT = reports.GroupBy.PRODUCT
    CATEGORY = reports.GroupBy.CATEGORY
    CHANNEL = reports.GroupBy.CHANNEL
    MONTH = reports.GroupBy.MONTH

    class Meta:
        description = "What the rows of a fair trade report are: producer groups, products, categories, channels or months (Bangkok time)."


class FairTradeMarginReportFilterInput(graphene.InputObjectType):
    date_from = graphene.Date(required=True, description="First day (Bangkok time), inclusive.")
    date_to = graphene.Date(required=True, description="Last day (Bangkok time), inclusive.")
    group_by = graphene.Field(FairTradeReportGroupByEnum, required=True, description="What the rows are.")
    producer_groups = graphene.List(graphene.NonNull(graphene.ID), description="Only sales of these producer groups.")
    channels = graphene.List(graphene.NonNull(graphene.ID), description="Only sales in these channels.")


class FairTradeMarginRow(graphene.ObjectType):
    key = graphene.String(
        required=True,
        description="The row's key: a producer group, product, category or channel database id, a month (YYYY-MM), or 'total'.",
    )
    label = graphene.String(required=True, description="Name in Thai (groups) or as stored; the month in the request's language.")
    label_en = graphene.String(required=True, description="Name in English when there is one.")
    gross = money_field("gross", "What shoppers paid, VAT included, less what was given back.")
    vat = money_field("vat", "VAT in the gross.")
    producer_share = money_field("producer_share", "The producer groups' price for their work.")
    premium = money_field("premium", "The premium paid into the groups' funds.")
    fees = money_field("fees", "Payment processors' fees.")
    margin = money_field("margin", "What the social enterprise keeps.")
    courier_claims = money_field("courier_claims", "Refunds the couriers owe back (lost or damaged parcels).")
    producer_share_percent = graphene.Float(description="Producer share as a percent of gross (null when gross is 0).")
    premium_percent = graphene.Float(description="Premium as a percent of gross.")
    margin_percent = graphene.Float(description="Margin as a percent of gross.")

    class Meta:
        description = "One row of the margin report: gross = vat + producerShare + premium + fees + margin + courierClaims."

    @staticmethod
    def resolve_producer_share_percent(root, _info):
        return _float(root.producer_share_percent)

    @staticmethod
    def resolve_premium_percent(root, _info):
        return _float(root.premium_percent)

    @staticmethod
    def resolve_margin_percent(root, _info):
        return _float(root.margin_percent)


def _float(value):
    return None if value is None else float(value)


class FairTradeShippingTotals(graphene.ObjectType):
    gross = money_field("gross", "Shipping charged, VAT included, less shipping given back.")
    vat = money_field("vat", "VAT in the shipping charges.")
    net = money_field("net", "Shipping without VAT: what pays the couriers.")

    class Meta:
        description = "Shipping charges, reported apart from the sales of goods."


class FairTradeMarginReport(graphene.ObjectType):
    rows = graphene.List(graphene.NonNull(FairTradeMarginRow), required=True)
    totals = graphene.Field(FairTradeMarginRow, required=True, description="The sum of the rows.")
    shipping = graphene.Field(
        FairTradeShippingTotals, required=True,
        description="Shipping over the same days and channels (zero when the report is narrowed to producer groups).",
    )

    class Meta:
        description = "Where the money of each sale went, from the fair trade ledger (sales, cancellations, refunds)."


def _filter_arguments(filter) -> dict:
    date_from, date_to = filter["date_from"], filter["date_to"]
    if date_to < date_from:
        raise InvalidArgument("dateTo is before dateFrom.", field="dateTo")
    if (date_to - date_from).days > MAX_DAYS:
        raise InvalidArgument(f"At most {MAX_DAYS} days per report.", field="dateTo")
    group_by = filter["group_by"]
    return {
        "date_from": date_from, "date_to": date_to,
        "group_by": getattr(group_by, "value", group_by),
        "group_ids": [from_global_id_or_error(gid, "ProducerGroup") for gid in filter.get("producer_groups") or []],
        "channel_ids": [from_global_id_or_error(gid, "Channel") for gid in filter.get("channels") or []],
    }


class Queries(graphene.ObjectType):
    fair_trade_margin_report = graphene.Field(
        FairTradeMarginReport, required=True, filter=FairTradeMarginReportFilterInput(required=True),
        description="Gross, VAT, producer share, premium, fees and margin per producer group, product, category, "
                    "channel or month.  Requires one of the following permissions: MANAGE_ORDERS.",
    )

    @staticmethod
    def resolve_fair_trade_margin_report(_root, info, filter):
        require_permissions(info, [PermissionEnum.MANAGE_ORDERS])
        return reports.margin_report(**_filter_arguments(filter))


Mutations = None
TYPES: list = [FairTradeMarginReport, FairTradeMarginRow, FairTradeShippingTotals, FairTradeReportGroupByEnum]
