"""Where the shopper's money goes: reads for the public transparency fields.

* ``variant_fair_trade`` / ``product_fair_trade``: per unit, what the lead maker
  of a variant (the active ``ProducerOffer`` with the best priority) is paid
  under the terms in force today, and its premium, against the price the
  shopper pays in the channel (VAT included).
* ``order_line_breakdown``: how an order line's money was split, from its sold
  lines and what was given back.  The figures follow the ledger: a group's
  share only shrinks by reversals the group bears, the payment processor keeps
  its fee, and the margin is what the social enterprise keeps.
* ``fair_trade_impact``: the totals the shop publishes (paid to groups, members,
  days from delivery to payment).

Each read is a fixed number of queries, whatever the number of ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, F, Min, Q, Sum
from django.utils import timezone

from cooperatives.models import LineStatus, ProducerGroup, ProducerOffer
from shop.catalog.models import ProductVariant, ProductVariantChannelListing
from shop.core.money import quantize

from .models import (
    Account,
    Bearer,
    FairTradeTerms,
    JournalKind,
    LedgerEntry,
    SaleReversal,
    SoldLine,
    SoldLineStatus,
    StatementStatus,
)

PERCENT = Decimal("0.1")


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(PERCENT) if whole else None


# --- products ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitFairTrade:
    """One unit of a variant: the maker's price and premium against what the shopper pays."""

    variant_id: int
    currency: str
    price: Decimal
    producer_share: Decimal
    premium: Decimal
    producer_share_percent: Decimal | None
    group: ProducerGroup


def _lead_makers(variant_ids) -> dict[int, int]:
    """variant id -> group id of its active offer with the best priority (ties: lower group id)."""
    lead: dict[int, int] = {}
    offers = (
        ProducerOffer.objects.filter(variant_id__in=variant_ids, is_active=True, group__is_active=True)
        .order_by("priority", "group_id", "pk").values_list("variant_id", "group_id")
    )
    for variant_id, group_id in offers:
        lead.setdefault(variant_id, group_id)
    return lead


def _terms_today(pairs: set[tuple[int, int]], on: date) -> dict[tuple[int, int], FairTradeTerms]:
    """(group id, variant id) -> the terms in force on ``on`` (at most one: terms never overlap)."""
    if not pairs:
        return {}
    rows = (
        FairTradeTerms.objects.filter(group_id__in={g for g, _ in pairs}, variant_id__in={v for _, v in pairs},
                                      effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
    )
    return {(t.group_id, t.variant_id): t for t in rows if (t.group_id, t.variant_id) in pairs}


def variant_fair_trade(variant_ids, channel, *, on: date | None = None) -> dict[int, UnitFairTrade]:
    """Per variant priced in ``channel`` whose lead maker has terms in force: its unit figures (4 queries)."""
    on = on or timezone.localdate()
    listings = {
        row["variant_id"]: row
        for row in ProductVariantChannelListing.objects.filter(variant_id__in=list(variant_ids), channel=channel)
        .values("variant_id", "discounted_price_amount", "currency")
    }
    lead = _lead_makers(list(listings))
    terms = _terms_today({(group_id, variant_id) for variant_id, group_id in lead.items()}, on)
    groups = ProducerGroup.objects.in_bulk({group_id for group_id, _ in terms})
    result = {}
    for variant_id, listing in listings.items():
        found = terms.get((lead.get(variant_id), variant_id))
        if found is None:
            continue
        currency, price = listing["currency"], listing["discounted_price_amount"]
        share = quantize(found.producer_price, currency)
        premium = quantize(share * found.premium_percent / 100, currency)
        result[variant_id] = UnitFairTrade(
            variant_id=variant_id, currency=currency, price=price, producer_share=share, premium=premium,
            producer_share_percent=_percent(share, price), group=groups[found.group_id],
        )
    return result


@dataclass(frozen=True)
class ProductFairTrade:
    """A product's figures: those of its default variant (else its cheapest with terms), and its makers."""

    unit: UnitFairTrade
    groups: list[ProducerGroup]


def product_fair_trade(product_ids, channel, *, on: date | None = None) -> dict[int, ProductFairTrade]:
    """Per product with at least one variant under terms in ``channel`` (5 queries for any number of products).

    ``groups`` are the lead makers of the product's variants under terms, by slug.
    """
    variants = list(
        ProductVariant.objects.filter(product_id__in=list(product_ids))
        .values_list("pk", "product_id", "product__default_variant_id")
    )
    units = variant_fair_trade([pk for pk, _, _ in variants], channel, on=on)
    per_product: dict[int, list[UnitFairTrade]] = defaultdict(list)
    defaults = {}
    for pk, product_id, default_id in variants:
        defaults[product_id] = default_id
        if pk in units:
            per_product[product_id].append(units[pk])
    result = {}
    for product_id, found in per_product.items():
        chosen = next((u for u in found if u.variant_id == defaults[product_id]), None)
        chosen = chosen or min(found, key=lambda u: (u.price, u.variant_id))
        groups = sorted({u.group.pk: u.group for u in found}.values(), key=lambda g: g.slug)
        result[product_id] = ProductFairTrade(unit=chosen, groups=groups)
    return result


# --- order lines ---------------------------------------------------------------------------


@dataclass
class GroupPart:
    sold_line_id: object
    group: ProducerGroup
    currency: str
    quantity: int
    producer_share: Decimal
    premium: Decimal


@dataclass
class LineBreakdown:
    """An order line's money net of what was given back: ``gross = vat + producer_share + premium + fee + margin``."""

    currency: str
    gross: Decimal = Decimal(0)
    vat: Decimal = Decimal(0)
    producer_share: Decimal = Decimal(0)
    premium: Decimal = Decimal(0)
    fee: Decimal = Decimal(0)
    margin: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    groups: list[GroupPart] = field(default_factory=list)


def _reversed_by_sold_line(sold_ids) -> dict:
    """sold line id -> what was given back: gross, VAT, and the group's parts of group-borne reversals."""
    zero = Decimal(0)
    rows = (
        SaleReversal.objects.filter(sold_line_id__in=sold_ids).values("sold_line_id")
        .annotate(gross=Sum("gross"), vat=Sum("vat"),
                  producer_share=Sum("producer_share", filter=Q(bearer=Bearer.GROUP), default=zero),
                  premium=Sum("premium", filter=Q(bearer=Bearer.GROUP), default=zero))
    )
    return {row.pop("sold_line_id"): row for row in rows}


def order_line_breakdown(order_line_ids=(), *, order_ids=()) -> dict[object, LineBreakdown]:
    """Per order line with a posted sale (of ``order_line_ids`` or of the orders ``order_ids``): 3 queries.

    The group's share and premium drop only by reversals the group bears; the
    payment processor keeps its fee; the margin is the rest.
    """
    sold_lines = list(
        SoldLine.objects.filter(Q(order_line_id__in=list(order_line_ids)) | Q(order_id__in=list(order_ids)),
                                status=SoldLineStatus.POSTED)
        .exclude(group_order_line__status=LineStatus.DECLINED)  # moved to another group with the line
        .select_related("group").order_by("order_line_id", "created_at", "pk")
    )
    reversed_ = _reversed_by_sold_line([sold.pk for sold in sold_lines])
    result: dict[object, LineBreakdown] = {}
    for sold in sold_lines:
        back = reversed_.get(sold.pk, {})
        given = back.get("gross") or Decimal(0)
        line = result.setdefault(sold.order_line_id, LineBreakdown(currency=sold.currency))
        share = sold.producer_share - back.get("producer_share", Decimal(0))
        premium = sold.premium - back.get("premium", Decimal(0))
        gross, vat = sold.gross - given, sold.vat - (back.get("vat") or Decimal(0))
        line.gross += gross
        line.vat += vat
        line.producer_share += share
        line.premium += premium
        line.fee += sold.fee
        line.margin += gross - vat - share - premium - sold.fee
        line.refunded += given
        line.groups.append(GroupPart(sold_line_id=sold.pk, group=sold.group, currency=sold.currency, quantity=sold.quantity, producer_share=share, premium=premium))
    return result


# --- impact --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Impact:
    currency: str
    paid_to_groups: Decimal
    groups_count: int
    members_count: int
    women_members_percent: Decimal | None
    average_days_to_payment: Decimal | None


def paid_to_groups() -> Decimal:
    """Money that left the bank for the groups: payouts of statements and advances (-sum of BANK)."""
    total = LedgerEntry.objects.filter(
        account=Account.BANK, kind__in=[JournalKind.PAYOUT, JournalKind.ADVANCE],
    ).aggregate(total=Sum("amount"))["total"]
    return -(total or Decimal(0))


def average_days_to_payment() -> Decimal | None:
    """Mean days from a sold line becoming payable to the first paid statement that paid it (None: none paid)."""
    paid = Q(entries__statement_line__statement__status=StatementStatus.PAID)
    waits = (
        SoldLine.objects.filter(payable_from__isnull=False)
        .annotate(paid_at=Min("entries__statement_line__statement__paid_at", filter=paid))
        .filter(paid_at__isnull=False)
        .annotate(wait=F("paid_at") - F("payable_from"))
    )
    average = waits.aggregate(average=Avg("wait"))["average"]
    if average is None:
        return None
    return (Decimal(average.total_seconds()) / 86400).quantize(PERCENT)


def fair_trade_impact() -> Impact:
    """What fair trade has meant for the groups so far (4 queries)."""
    groups = ProducerGroup.objects.filter(is_active=True).aggregate(
        count=Count("pk"), members=Sum("members_count", default=0), women=Sum("women_members_count", default=0),
    )
    return Impact(
        currency="THB", paid_to_groups=paid_to_groups(), groups_count=groups["count"] or 0,
        members_count=groups["members"], women_members_percent=_percent(Decimal(groups["women"]), Decimal(groups["members"])),
        average_days_to_payment=average_days_to_payment(),
    )
