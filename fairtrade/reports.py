"""Reports for the social enterprise's managers: where the money of each sale went.

``margin_report`` reads the ledger only.  A sale journal splits a sold line's
gross into VAT, the producer's price, the group fund's premium, the payment fee
and the social enterprise's margin; cancellations and refunds give parts back
(the bearer decides whose account carries them, courier claims included).  So
for every row of the report, and for the totals::

    gross = vat + producer_share + premium + fees + margin + courier_claims

because each journal balances and all entries of a journal share the row's
dimensions.  Shipping charges (and shipping given back) are kept out of the
rows and reported on their own.  Payouts, advances, netting and deductions
move money between accounts after the sale and are not part of the margin.

Queries: one grouped scan of the ledger for the rows, one for shipping, and one
for the labels of the dimension (none for months), plus the SET LOCAL that keeps
PostgreSQL planning them for their dates: constant in the number of rows.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperatives.models import ProducerGroup
from shop.catalog.models import Category, CategoryTranslation, Product, ProductTranslation
from shop.channel.models import Channel

from . import payouts
from .models import Account, JournalKind, LedgerEntry

BANGKOK = ZoneInfo("Asia/Bangkok")
MARGIN_KINDS = (JournalKind.SALE, JournalKind.CANCELLATION, JournalKind.REFUND)
SHIPPING_KINDS = (JournalKind.SHIPPING_CHARGE, JournalKind.CANCELLATION, JournalKind.REFUND)
PERCENT_PLACES = Decimal("0.01")


class GroupBy:
    PRODUCER_GROUP = "producer_group"
    PRODUCT = "product"
    CATEGORY = "category"
    CHANNEL = "channel"
    MONTH = "month"

    ALL = (PRODUCER_GROUP, PRODUCT, CATEGORY, CHANNEL, MONTH)


# Column -> (account, sign): the report shows credits of the sale as positive shares.
COLUMNS = {
    "vat": (Account.VAT_PAYABLE, -1),
    "producer_share": (Account.PRODUCER_PAYABLE, -1),
    "premium": (Account.GROUP_FUND_PAYABLE, -1),
    "fees": (Account.PAYMENT_FEES, -1),
    "margin": (Account.SE_MARGIN, -1),
    "courier_claims": (Account.COURIER_CLAIMS, -1),
}
PARTS = tuple(COLUMNS)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(PERCENT_PLACES)


@dataclass(frozen=True)
class MarginRow:
    """One row of the margin report (or its totals); amounts in ``currency``."""

    key: str
    label: str
    currency: str
    gross: Decimal
    vat: Decimal
    producer_share: Decimal
    premium: Decimal
    fees: Decimal
    margin: Decimal
    courier_claims: Decimal
    label_en: str = ""

    @property
    def producer_share_percent(self) -> Decimal | None:
        return _percent(self.producer_share, self.gross)

    @property
    def premium_percent(self) -> Decimal | None:
        return _percent(self.premium, self.gross)

    @property
    def margin_percent(self) -> Decimal | None:
        return _percent(self.margin, self.gross)


@dataclass(frozen=True)
class ShippingTotals:
    """Shipping charged less shipping given back: gross, its VAT and the net kept for the courier."""

    currency: str
    gross: Decimal
    vat: Decimal
    net: Decimal


@dataclass(frozen=True)
class MarginReport:
    date_from: dt.date
    date_to: dt.date
    group_by: str
    currency: str
    rows: list[MarginRow]
    totals: MarginRow
    shipping: ShippingTotals
    filters: dict = field(default_factory=dict)


def bangkok_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Start of ``date_from`` and end of ``date_to`` (exclusive) in Bangkok time."""
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=BANGKOK)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=BANGKOK)
    return start, end


def _entries(*, date_from, date_to, currency, group_ids, channel_ids):
    start, end = bangkok_bounds(date_from, date_to)
    entries = LedgerEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end, currency=currency)
    if channel_ids:
        entries = entries.filter(channel_id__in=list(channel_ids))
    if group_ids:
        # Only the group accounts carry the group: the sold line names it for every entry.
        entries = entries.filter(sold_line__group_id__in=list(group_ids))
    return entries


def _key_expression(group_by: str):
    if group_by == GroupBy.PRODUCER_GROUP:
        return F("sold_line__group_id")
    if group_by == GroupBy.MONTH:
        return TruncMonth("occurred_at", tzinfo=BANGKOK)
    return F(f"{group_by}_id")


def _signed_sum(account: str, sign: int):
    money = DecimalField(max_digits=20, decimal_places=3)
    total = Coalesce(Sum("amount", filter=Q(account=account)), Value(Decimal(0)), output_field=money)
    return total if sign > 0 else -total


def _month_key(value: dt.datetime | None) -> str:
    return timezone.localtime(value, BANGKOK).strftime("%Y-%m") if value else ""


def _labels(group_by: str, keys: list) -> dict:
    """{key: (label, English label)} for the keys of the rows, in one query."""
    keys = [key for key in keys if key is not None]
    if group_by == GroupBy.MONTH:
        return {
            key: (formats.date_format(timezone.localtime(key, BANGKOK), "F Y"), key.strftime("%B %Y")) for key in keys
        }
    if not keys:
        return {}
    if group_by == GroupBy.PRODUCER_GROUP:
        rows = ProducerGroup.objects.filter(pk__in=keys).values_list("pk", "name_th", "name_en")
    elif group_by == GroupBy.CHANNEL:
        rows = Channel.objects.filter(pk__in=keys).annotate(en=F("name")).values_list("pk", "name", "en")
    else:
        model, translation = (Product, ProductTranslation) if group_by == GroupBy.PRODUCT else (Category, CategoryTranslation)
        owner = "product" if group_by == GroupBy.PRODUCT else "category"
        english = translation.objects.filter(**{owner: OuterRef("pk")}, language_code="en").values("name")[:1]
        rows = model.objects.filter(pk__in=keys).annotate(en=Coalesce(Subquery(english), F("name"))) \
            .values_list("pk", "name", "en")
    return {pk: (name, name_en) for pk, name, name_en in rows}


def _row(key: str, label: str, label_en: str, currency: str, values: dict) -> MarginRow:
    return MarginRow(key=key, label=label, label_en=label_en, currency=currency, gross=values["gross"],
                     **{part: values[part] for part in PARTS})


def _shipping(entries, currency: str) -> ShippingTotals:
    sums = entries.filter(kind__in=SHIPPING_KINDS, sold_line_id__isnull=True).aggregate(
        gross=_signed_sum(Account.SALES_GROSS, 1), refunds=_signed_sum(Account.REFUNDS, 1),
        vat=_signed_sum(Account.VAT_PAYABLE, -1), net=_signed_sum(Account.SHIPPING, -1),
    )
    return ShippingTotals(currency=currency, gross=sums["gross"] + sums["refunds"], vat=sums["vat"], net=sums["net"])


@contextmanager
def _custom_plans():
    """Plan the report's queries for their own dates and filters.

    With server-side binding PostgreSQL switches a prepared statement to a generic
    plan after five runs; for the grouped scan that plan was 3-4 times slower than
    the custom one (bench/margin_report.py).  SET LOCAL ends with the transaction.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


def margin_report(*, date_from: dt.date, date_to: dt.date, group_by: str, group_ids=None, channel_ids=None,
                  currency: str | None = None) -> MarginReport:
    """Gross, its parts and their shares per ``group_by`` (a ``GroupBy`` value), from Bangkok dates (inclusive).

    ``group_ids`` / ``channel_ids`` narrow the report; a group filter leaves shipping
    out (shipping is the order's, not a group's).  Rows are ordered by gross, largest
    first (months: in time order).
    """
    if group_by not in GroupBy.ALL:
        raise ValueError(f"Unknown grouping {group_by!r}.")
    if date_to < date_from:
        raise ValueError("date_to is before date_from.")
    currency = currency or settings.DEFAULT_CURRENCY
    entries = _entries(date_from=date_from, date_to=date_to, currency=currency, group_ids=group_ids,
                       channel_ids=channel_ids)
    sums = {part: _signed_sum(account, sign) for part, (account, sign) in COLUMNS.items()}
    with _custom_plans():
        grouped = list(
            entries.filter(kind__in=MARGIN_KINDS, sold_line_id__isnull=False)
            .values(key=_key_expression(group_by)).order_by()
            .annotate(sales=_signed_sum(Account.SALES_GROSS, 1), refunds=_signed_sum(Account.REFUNDS, 1), **sums)
        )
        zero = ShippingTotals(currency, Decimal(0), Decimal(0), Decimal(0))
        shipping = zero if group_ids else _shipping(entries, currency)
    labels = _labels(group_by, [row["key"] for row in grouped])
    rows = []
    for values in grouped:
        values["gross"] = values["sales"] + values["refunds"]
        key = values["key"]
        label, label_en = labels.get(key) or ((_("(none)"), "(none)") if key is None else ("", ""))
        text_key = _month_key(key) if group_by == GroupBy.MONTH else ("" if key is None else str(key))
        rows.append(_row(text_key, label, label_en, currency, values))
    if group_by == GroupBy.MONTH:
        rows.sort(key=lambda row: row.key)
    else:
        rows.sort(key=lambda row: (-row.gross, row.label, row.key))
    totals = _row("total", "", "", currency, {
        name: sum((getattr(row, name) for row in rows), Decimal(0)) for name in ("gross", *PARTS)
    })
    return MarginReport(date_from=date_from, date_to=date_to, group_by=group_by, currency=currency, rows=rows,
                        totals=totals, shipping=shipping,
                        filters={"group_ids": list(group_ids or []), "channel_ids": list(channel_ids or [])})


# --- what the social enterprise owes the groups (fairtrade.payouts computes it) -----------------


@dataclass(frozen=True)
class GroupPayable:
    group_id: int
    name_th: str
    name_en: str
    producer_payable: Decimal
    group_fund_payable: Decimal
    advances_outstanding: Decimal
    oldest_payable_from: dt.datetime | None

    def name(self, language: str | None = None) -> str:
        return self.name_th if (language or get_language() or "th").startswith("th") else self.name_en


def payables_summary() -> list[GroupPayable]:
    """``payouts.payables_by_group`` with the groups' names (one more query), groups with nothing owed left out."""
    balances = [row for row in payouts.payables_by_group()
                if row.producer_payable or row.group_fund_payable or row.advances_outstanding]
    names = {pk: (th, en) for pk, th, en in ProducerGroup.objects.filter(pk__in=[row.group_id for row in balances])
             .values_list("pk", "name_th", "name_en")}
    summary = [
        GroupPayable(group_id=row.group_id, name_th=names[row.group_id][0], name_en=names[row.group_id][1],
                     producer_payable=row.producer_payable, group_fund_payable=row.group_fund_payable,
                     advances_outstanding=row.advances_outstanding, oldest_payable_from=row.oldest_payable_from)
        for row in balances
    ]
    return sorted(summary, key=lambda row: row.name_th)


def statements_overdue():
    """``payouts.statements_overdue`` with each statement's group."""
    return payouts.statements_overdue().select_related("group")
