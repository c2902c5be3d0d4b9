"""Posting what the shop sells: each group's share of each accepted line, and what is given back.

* A group accepts a line: a ``SoldLine`` freezes the terms in force on the day
  the shopper ordered, and a sale journal splits the line's gross into VAT,
  the producer's price, the group fund's premium, the payment fee and the
  social enterprise's margin (``gross = vat + producer + premium + fee + margin``).
  The gross and VAT of ``q`` units are the sum of those units' exact shares
  (``allocate`` of the order line's total over its units), so the sold lines
  of a line add up to the line.  Without terms the line is held and posted
  when terms are saved.
* The order's shipping charge is posted once, with the first sale.
* The group ships every unit: the sold line is delivered and its share
  becomes payable (``payable_from``), so the next statement pays it.
* A cancellation reverses what is left of each sold line; a group that had
  started production keeps its share (the social enterprise bears it).  A
  refund reverses the amount, split like the sale; its bearer (group, social
  enterprise or courier) carries the non-VAT part.  The payment processor
  keeps its fee, so a reversal's fee part falls on the social enterprise.
* Refunds the shop made that nobody attributed (``refund_reconcile``, on
  OrderRefunded) are borne by the social enterprise across the order.

Every posting has an idempotency key; running a handler twice posts nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from prices import Money

from cooperatives.models import (
    GroupOrder,
    GroupOrderLine,
    GroupOrderStatus,
    LineStatus,
    ManagerAlert,
)
from shop.core.money import allocate, quantize
from shop.order.models import Order, OrderEvent, OrderLine, OrderStatus
from shop.payment.models import TransactionItem

from .error_codes import FairTradeErrorCode as Code
from .error_codes import fair_trade_error
from .ledger import Dimensions, Line, journal_exists, journal_post
from .models import (
    Account,
    Bearer,
    JournalKind,
    LedgerEntry,
    LedgerJournal,
    ReferenceType,
    ReversalKind,
    SaleReversal,
    SoldLine,
    SoldLineStatus,
)
from .terms import terms_in_force

PARTS = ("vat", "producer_share", "premium", "fee", "margin")
# Group-order statuses after which the group has done work it is paid for if the order is cancelled.
WORK_STARTED = (GroupOrderStatus.IN_PRODUCTION, GroupOrderStatus.READY)


def fee_percent(gateway: str | None) -> Decimal:
    """A payment gateway's fee, percent of what it takes (settings.FAIRTRADE_PAYMENT_FEE_PERCENT)."""
    rates = settings.FAIRTRADE_PAYMENT_FEE_PERCENT
    return Decimal(str(rates.get(gateway, rates.get("default", "0"))))


def fee_percent_for(order: Order) -> Decimal:
    """The payment processor's fee on the order's payment."""
    gateway = (
        TransactionItem.objects.filter(order=order, charged_value__gt=0).order_by("created_at").values_list("gateway", flat=True).first()
    )
    return fee_percent(gateway)


def _unit_range(total: Decimal, currency: str, units: int, start: int, count: int) -> Decimal:
    """The exact share of units ``start .. start+count`` of ``units`` equal units of ``total``."""
    if count == 0:
        return Decimal(0)
    if start == 0 and count == units:
        return quantize(total, currency)
    parts = allocate(Money(total, currency), [1] * units)
    return sum((part.amount for part in parts[start:start + count]), Decimal(0))


def _bangkok_date(moment: datetime):
    return timezone.localtime(moment).date()


def _dimensions(sold: SoldLine) -> Dimensions:
    return Dimensions(sold_line_id=sold.pk, order_id=sold.order_id, product_id=sold.product_id,
                      category_id=sold.category_id, channel_id=sold.channel_id)


def _order_line_lock(order_line_id) -> OrderLine:
    return OrderLine.objects.select_for_update(of=("self",)).select_related("order", "variant__product").get(pk=order_line_id)


def sale_parts(*, gross: Decimal, vat: Decimal, quantity: int, producer_price: Decimal, premium_percent: Decimal,
               fee_percent: Decimal, currency: str) -> dict[str, Decimal]:
    """Split a sold line's gross: the producer's price, the premium on it, the fee; the margin is the rest."""
    producer = quantize(producer_price * quantity, currency)
    premium = quantize(producer * premium_percent / 100, currency)
    fee = quantize(gross * fee_percent / 100, currency)
    margin = gross - vat - producer - premium - fee
    return {"vat": vat, "producer_share": producer, "premium": premium, "fee": fee, "margin": margin}


def _sale_lines(sold: SoldLine) -> list[Line]:
    group = sold.group_id
    return [
        Line(Account.SALES_GROSS, sold.gross),
        Line(Account.VAT_PAYABLE, -sold.vat),
        Line(Account.PRODUCER_PAYABLE, -sold.producer_share, group),
        Line(Account.GROUP_FUND_PAYABLE, -sold.premium, group),
        Line(Account.PAYMENT_FEES, -sold.fee),
        Line(Account.SE_MARGIN, -sold.margin),
    ]


def _post_sale(sold: SoldLine, order_line: OrderLine) -> None:
    """Price the held or new sold line from its terms and post its sale journal (once)."""
    terms = terms_in_force(group_id=sold.group_id, variant_id=order_line.variant_id, on=_bangkok_date(sold.sold_at))
    if terms is None:
        if sold.status != SoldLineStatus.HELD:
            sold.status = SoldLineStatus.HELD
            sold.save(update_fields=["status"])
        ManagerAlert.objects.get_or_create(
            kind="fair_trade_terms_missing", order=sold.order, group_order_line=sold.group_order_line,
            defaults={"message": f"Order #{sold.order.number}: no fair-trade terms for group {sold.group_id} and "
                                 f"{order_line.product_name} on {_bangkok_date(sold.sold_at)}; the group's share is held."},
        )
        return
    parts = sale_parts(gross=sold.gross, vat=sold.vat, quantity=sold.quantity, producer_price=terms.producer_price,
                       premium_percent=terms.premium_percent, fee_percent=sold.fee_percent, currency=sold.currency)
    for name, value in parts.items():
        setattr(sold, name, value)
    sold.terms = terms
    sold.producer_unit_price = terms.producer_price
    sold.premium_percent = terms.premium_percent
    sold.status = SoldLineStatus.POSTED
    sold.posted_at = timezone.now()
    sold.save()
    journal_post(
        key=f"sale:{sold.group_order_line_id}", kind=JournalKind.SALE, reference_type=ReferenceType.GROUP_ORDER_LINE,
        reference_id=sold.group_order_line_id, currency=sold.currency, lines=_sale_lines(sold), dimensions=_dimensions(sold),
        memo=f"Order #{sold.order.number}: {sold.quantity} x {order_line.product_name}",
    )
    if sold.margin < 0:
        ManagerAlert.objects.create(
            kind="negative_margin", order=sold.order, group_order_line=sold.group_order_line,
            message=f"Order #{sold.order.number}: {order_line.product_name} sold below cost "
                    f"(margin {sold.margin} {sold.currency}); the social enterprise carries the difference.",
        )


def _shipping_charge_post(order: Order) -> None:
    key = f"shipping:{order.pk}"
    gross = order.shipping_price_gross_amount
    if gross <= 0 or journal_exists(key):
        return
    net = order.shipping_price_net_amount
    journal_post(
        key=key, kind=JournalKind.SHIPPING_CHARGE, reference_type=ReferenceType.ORDER, reference_id=order.pk,
        currency=order.currency,
        lines=[Line(Account.SALES_GROSS, gross), Line(Account.VAT_PAYABLE, -(gross - net)), Line(Account.SHIPPING, -net)],
        dimensions=Dimensions(order_id=order.pk, channel_id=order.channel_id),
        memo=f"Order #{order.number}: shipping {order.shipping_method_name}",
    )


def sales_post(*, group_order_line_ids) -> list[SoldLine]:
    """Record and post the accepted lines (GroupOrderAccepted).  Lines already sold are skipped."""
    lines = list(
        GroupOrderLine.objects.filter(pk__in=group_order_line_ids, status=LineStatus.ACCEPTED)
        .select_related("group_order").order_by("order_line_id", "created_at", "pk")
    )
    for group_order_id in sorted({line.group_order_id for line in lines}):
        GroupOrder.objects.select_for_update().get(pk=group_order_id)  # a cancellation waits, or went first
    # The orders before their lines, as sale_refund locks them (refund_reconcile below needs them).
    order_ids = sorted({line.group_order.order_id for line in lines})
    list(Order.objects.select_for_update().filter(pk__in=order_ids).order_by("pk").values_list("pk", flat=True))
    lines = list(
        GroupOrderLine.objects.filter(pk__in=[line.pk for line in lines], status=LineStatus.ACCEPTED)
        .select_related("group_order").order_by("order_line_id", "created_at", "pk")
    )
    sold_lines, fee_percents = [], {}
    for line in lines:
        order_line = _order_line_lock(line.order_line_id)  # serialises the units of one order line
        if SoldLine.objects.filter(group_order_line=line).exists():
            continue
        order = order_line.order
        before = _active(SoldLine.objects.filter(order_line=order_line)).aggregate(
            n=Sum("quantity"), gross=Sum("gross"), vat=Sum("vat"))
        units_before = before["n"] or 0
        if units_before + line.quantity > order_line.quantity:
            raise fair_trade_error(None, "More units accepted than the order line has.", Code.INVALID)
        currency = order_line.currency
        tax = order_line.total_price_gross_amount - order_line.total_price_net_amount
        if units_before + line.quantity == order_line.quantity:  # the last units: whatever is left, exactly
            gross = order_line.total_price_gross_amount - (before["gross"] or 0)
            vat = tax - (before["vat"] or 0)
        else:
            gross = _unit_range(order_line.total_price_gross_amount, currency, order_line.quantity, units_before,
                                line.quantity)
            vat = _unit_range(tax, currency, order_line.quantity, units_before, line.quantity)
        product = order_line.variant.product if order_line.variant_id else None
        if order.pk not in fee_percents:
            fee_percents[order.pk] = fee_percent_for(order)
        sold = SoldLine.objects.create(
            group_order_line=line, group_id=line.group_order.group_id, order=order, order_line=order_line,
            product_id=product.pk if product else None, variant_id=order_line.variant_id,
            category_id=product.category_id if product else None, channel_id=order.channel_id,
            quantity=line.quantity, currency=currency, gross=gross, vat=vat, margin=gross - vat,
            fee_percent=fee_percents[order.pk], sold_at=order.created_at, status=SoldLineStatus.HELD,
        )
        if line.quantity_shipped >= line.quantity:  # the shipment's event was handled first
            sold.delivered_at = sold.payable_from = timezone.now()
            sold.save(update_fields=["delivered_at", "payable_from"])
        _post_sale(sold, order_line)
        _shipping_charge_post(order)
        sold_lines.append(sold)
    _refunds_reconcile({sold.order_id for sold in sold_lines if sold.status == SoldLineStatus.POSTED})
    return sold_lines


def _refunds_reconcile(order_ids) -> None:
    """A refund the shop made before a sale was posted had nothing to come out of: reconcile it now."""
    for order_id in sorted(order_ids):
        refund_reconcile(order_id=order_id)


def _active(sold_lines):
    """Sold lines still with their group (a line the group declined after accepting was moved on)."""
    return sold_lines.exclude(group_order_line__status=LineStatus.DECLINED)


def held_sales_post(*, group_id, variant_id) -> int:
    """Post the held lines of ``group`` x ``variant`` that terms now cover (FairTradeTermsSaved)."""
    posted, order_ids = 0, set()
    held = _active(SoldLine.objects.filter(group_id=group_id, variant_id=variant_id, status=SoldLineStatus.HELD))
    for sold_id in held.order_by("created_at").values_list("pk", flat=True):
        sold = SoldLine.objects.select_for_update(of=("self",)).select_related("order", "order_line").get(pk=sold_id)
        if sold.status != SoldLineStatus.HELD:
            continue
        _post_sale(sold, sold.order_line)
        if sold.status == SoldLineStatus.POSTED:
            posted += 1
            order_ids.add(sold.order_id)
            ManagerAlert.objects.filter(kind="fair_trade_terms_missing", group_order_line_id=sold.group_order_line_id,
                                        resolved_at__isnull=True).update(resolved_at=timezone.now())
    _refunds_reconcile(order_ids)
    return posted


def sales_delivered(*, group_order_id) -> int:
    """Lines the group has shipped in full become payable (GroupOrderShipped)."""
    now = timezone.now()
    return SoldLine.objects.filter(
        group_order_line__group_order_id=group_order_id, delivered_at__isnull=True,
        group_order_line__quantity_shipped__gte=F("quantity"),
    ).update(delivered_at=now, payable_from=Coalesce("payable_from", Value(now)))


@dataclass(frozen=True)
class Remaining:
    gross: Decimal
    parts: dict[str, Decimal]


def remaining(sold: SoldLine) -> Remaining:
    """What of the sold line has not been given back yet, part by part."""
    sums = sold.reversals.aggregate(gross=Sum("gross"), **{name: Sum(name) for name in PARTS})
    parts = {name: getattr(sold, name) - (sums[name] or Decimal(0)) for name in PARTS}
    return Remaining(gross=sold.gross - (sums["gross"] or Decimal(0)), parts=parts)


def _reversal_parts(sold: SoldLine, amount: Decimal) -> dict[str, Decimal]:
    left = remaining(sold)
    if amount == left.gross:
        return dict(left.parts)
    weights = [max(left.parts[name], Decimal(0)) for name in PARTS]
    if not any(weights):
        weights = [1] * len(PARTS)
    shares = allocate(Money(amount, sold.currency), weights)
    return {name: share.amount for name, share in zip(PARTS, shares, strict=True)}


def _reversal_lines(sold: SoldLine, kind: str, bearer: str, amount: Decimal, parts: dict[str, Decimal]) -> list[Line]:
    group = sold.group_id
    lines = [
        Line(Account.SALES_GROSS if kind == ReversalKind.CANCELLATION else Account.REFUNDS, -amount),
        Line(Account.VAT_PAYABLE, parts["vat"]),
    ]
    rest = amount - parts["vat"]
    if bearer == Bearer.GROUP:
        lines += [
            Line(Account.PRODUCER_PAYABLE, parts["producer_share"], group),
            Line(Account.GROUP_FUND_PAYABLE, parts["premium"], group),
            Line(Account.SE_MARGIN, parts["fee"] + parts["margin"]),
        ]
    elif bearer == Bearer.SOCIAL_ENTERPRISE:
        lines.append(Line(Account.SE_MARGIN, rest))
    elif bearer == Bearer.COURIER:
        lines.append(Line(Account.COURIER_CLAIMS, rest))
    else:
        raise fair_trade_error("bearer", "Unknown bearer.", Code.INVALID)
    return lines


def sale_reverse(*, sold: SoldLine, amount: Decimal, kind: str, bearer: str, key: str, reason: str = "",
                 quantity: int = 0, actor=None) -> SaleReversal:
    """Give back ``amount`` of a posted sold line, borne by ``bearer`` (the caller holds the order line's lock)."""
    if sold.status != SoldLineStatus.POSTED:
        raise fair_trade_error("sold_line", "This line's sale has not been posted.", Code.NOT_SOLD)
    amount = quantize(Decimal(amount), sold.currency)
    if amount <= 0:
        raise fair_trade_error("amount", "A refund is a positive amount.", Code.NEGATIVE_AMOUNT)
    left = remaining(sold)
    if amount > left.gross:
        raise fair_trade_error("amount", f"At most {left.gross} {sold.currency} is left to give back on this line.",
                               Code.REFUND_TOO_LARGE)
    if bearer not in Bearer.values:
        raise fair_trade_error("bearer", "Unknown bearer.", Code.INVALID)
    parts = _reversal_parts(sold, amount)
    journal = journal_post(
        key=key, kind=JournalKind.CANCELLATION if kind == ReversalKind.CANCELLATION else JournalKind.REFUND,
        reference_type=ReferenceType.GROUP_ORDER_LINE if kind == ReversalKind.CANCELLATION else ReferenceType.REFUND,
        reference_id=sold.group_order_line_id, currency=sold.currency,
        lines=_reversal_lines(sold, kind, bearer, amount, parts), dimensions=_dimensions(sold), bearer=bearer,
        memo=reason, actor=actor,
    )
    return SaleReversal.objects.create(sold_line=sold, journal=journal, kind=kind, bearer=bearer, quantity=quantity,
                                       gross=amount, reason=reason, **parts)


def group_order_cancelled(*, group_order_id, from_status: str) -> list[SaleReversal]:
    """The group order was cancelled (the shop order was): reverse what is left of its sold lines.

    A group that had started production keeps its share (fair trade: pay for work
    done when the producer did not cause the cancellation); otherwise the group's
    share is reversed too.
    """
    group_order = GroupOrder.objects.get(pk=group_order_id)
    work_done = from_status in WORK_STARTED
    bearer = Bearer.SOCIAL_ENTERPRISE if work_done else Bearer.GROUP
    reversals = []
    sold_ids = SoldLine.objects.filter(group_order_line__group_order=group_order, status=SoldLineStatus.POSTED) \
        .order_by("order_line_id", "pk").values_list("pk", "order_line_id")
    for sold_id, order_line_id in sold_ids:
        _order_line_lock(order_line_id)
        key = f"cancel:{sold_id}"
        if journal_exists(key):
            continue
        sold = SoldLine.objects.select_related("order").get(pk=sold_id)
        left = remaining(sold)
        if left.gross > 0:
            reversals.append(sale_reverse(
                sold=sold, amount=left.gross, kind=ReversalKind.CANCELLATION, bearer=bearer, key=key,
                reason="The shop order was cancelled" + (" after production started." if work_done else "."),
            ))
        if work_done and sold.payable_from is None:
            SoldLine.objects.filter(pk=sold.pk).update(payable_from=timezone.now())
    return reversals


def line_declined(*, group_order_line_id) -> LedgerJournal | None:
    """The group declined a line it had accepted (GroupOrderLineDeclined): its sale moves on with the line.

    What is left of the sold line is reversed part by part, the payment fee
    included (the payment was charged once; the group the line is rerouted to
    posts the sale again), so the group is not paid for units it will not make.
    Locks the order, then the order line, as ``sale_refund`` does.
    """
    found = SoldLine.objects.filter(group_order_line_id=group_order_line_id).values_list("pk", "order_id", "order_line_id").first()
    if found is None:
        return None
    sold_id, order_id, order_line_id = found
    Order.objects.select_for_update().get(pk=order_id)
    _order_line_lock(order_line_id)
    sold = SoldLine.objects.select_related("order").get(pk=sold_id)
    key = f"decline:{sold.pk}"
    if sold.status != SoldLineStatus.POSTED or journal_exists(key):
        return None
    left = remaining(sold)
    if left.gross <= 0:
        return None
    parts = left.parts
    lines = [Line(account, -amount if account == Account.SALES_GROSS else amount, group)
             for account, amount, group in (
                 (Account.SALES_GROSS, left.gross, None), (Account.VAT_PAYABLE, parts["vat"], None),
                 (Account.PRODUCER_PAYABLE, parts["producer_share"], sold.group_id),
                 (Account.GROUP_FUND_PAYABLE, parts["premium"], sold.group_id),
                 (Account.PAYMENT_FEES, parts["fee"], None), (Account.SE_MARGIN, parts["margin"], None))]
    journal = journal_post(
        key=key, kind=JournalKind.CANCELLATION, reference_type=ReferenceType.GROUP_ORDER_LINE,
        reference_id=sold.group_order_line_id, currency=sold.currency, lines=lines, dimensions=_dimensions(sold),
        bearer=Bearer.GROUP, memo="The group declined the line after accepting it; it was rerouted.",
    )
    SaleReversal.objects.create(sold_line=sold, journal=journal, kind=ReversalKind.CANCELLATION, bearer=Bearer.GROUP,
                                quantity=sold.quantity, gross=left.gross, reason=journal.memo, **parts)
    return journal


def shipping_reverse(*, order: Order, amount: Decimal, kind: str, key: str, reason: str = "") -> LedgerJournal | None:
    """Give back shipping (borne by the social enterprise, which keeps the courier's cost)."""
    charge = LedgerJournal.objects.filter(idempotency_key=f"shipping:{order.pk}").first()
    if charge is None or amount <= 0:
        return None
    gross = order.shipping_price_gross_amount
    vat = gross - order.shipping_price_net_amount
    vat_part = quantize(vat * amount / gross, order.currency) if gross else Decimal(0)
    return journal_post(
        key=key, kind=JournalKind.CANCELLATION if kind == ReversalKind.CANCELLATION else JournalKind.REFUND,
        reference_type=ReferenceType.ORDER, reference_id=order.pk, currency=order.currency,
        lines=[Line(Account.SALES_GROSS if kind == ReversalKind.CANCELLATION else Account.REFUNDS, -amount),
               Line(Account.VAT_PAYABLE, vat_part), Line(Account.SHIPPING, amount - vat_part)],
        dimensions=Dimensions(order_id=order.pk, channel_id=order.channel_id), bearer=Bearer.SOCIAL_ENTERPRISE,
        memo=reason,
    )


def shipping_remaining(order: Order) -> Decimal:
    if not journal_exists(f"shipping:{order.pk}"):
        return Decimal(0)
    # A shipping reversal debits SHIPPING and VAT_PAYABLE with what it gives back.
    given_back = LedgerEntry.objects.filter(
        journal__reference_type=ReferenceType.ORDER, journal__reference_id=str(order.pk),
        kind__in=[JournalKind.CANCELLATION, JournalKind.REFUND], account__in=[Account.SHIPPING, Account.VAT_PAYABLE],
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return order.shipping_price_gross_amount - given_back


def order_cancelled(*, order_id) -> None:
    """The shop order was cancelled: its shipping charge, if posted, is given back."""
    order = Order.objects.select_for_update().get(pk=order_id)
    key = f"cancel-shipping:{order.pk}"
    if not journal_exists(key):
        shipping_reverse(order=order, amount=shipping_remaining(order), kind=ReversalKind.CANCELLATION, key=key,
                         reason="The shop order was cancelled.")


def _refunded_by_shop(order: Order) -> Decimal:
    return TransactionItem.objects.filter(order=order).aggregate(total=Sum("refunded_value"))["total"] or Decimal(0)


def _refunded_unmade(order: Order) -> Decimal:
    """Refunds of units no group could make (cooperatives' refunded fulfillments): never sold, never posted."""
    events = OrderEvent.objects.filter(order=order, type="FULFILLMENT_REFUNDED").values_list("parameters", flat=True)
    return sum((Decimal(str(params.get("amount") or 0)) for params in events), Decimal(0))


def _attributed(order: Order) -> Decimal:
    """What the ledger already gives back on this order (sold lines and shipping)."""
    lines = SaleReversal.objects.filter(sold_line__order=order, kind=ReversalKind.REFUND).aggregate(
        total=Sum("gross"))["total"] or Decimal(0)
    shipping = order.shipping_price_gross_amount - shipping_remaining(order) if journal_exists(f"shipping:{order.pk}") else Decimal(0)
    return lines + shipping


def refund_reconcile(*, order_id) -> list:
    """The shop refunded money on the order (OrderRefunded): give back in the ledger what nobody attributed.

    Unattributed refunds are borne by the social enterprise and spread over what
    is left of the order's sold lines and shipping.  A cancelled order is left to
    the cancellation's reversals.  Computed from totals, so running it again posts nothing.
    """
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.status == OrderStatus.CANCELED:
        return []
    unexplained = _refunded_by_shop(order) - _refunded_unmade(order) - _attributed(order)
    if unexplained <= 0:
        return []
    sold_lines = list(SoldLine.objects.filter(order=order, status=SoldLineStatus.POSTED).order_by("created_at", "pk"))
    lefts = [remaining(sold).gross for sold in sold_lines]
    shipping_left = shipping_remaining(order)
    total_left = sum(lefts, Decimal(0)) + shipping_left
    amount = min(unexplained, total_left)
    if amount <= 0:
        return []
    shares = allocate(Money(amount, order.currency), [*lefts, shipping_left])
    base = f"refund-auto:{order.pk}:{_attributed(order)}"
    done = []
    for sold, share in zip(sold_lines, shares, strict=False):
        if share.amount > 0:
            done.append(sale_reverse(sold=sold, amount=share.amount, kind=ReversalKind.REFUND,
                                     bearer=Bearer.SOCIAL_ENTERPRISE, key=f"{base}:{sold.pk}",
                                     reason="Refund made in the shop, not attributed: borne by the social enterprise."))
    if shares[-1].amount > 0:
        done.append(shipping_reverse(order=order, amount=shares[-1].amount, kind=ReversalKind.REFUND,
                                     key=f"{base}:shipping", reason="Shipping refunded in the shop."))
    return done


def sale_refund(*, sold_line_id, amount, bearer: str, reason: str, user=None, request_refund=None) -> SaleReversal:
    """Staff give money back on a sold line and say who bears it.

    ``request_refund(order_id, amount)`` asks the shop's payment services for the
    money (shop.payment.actions.order_refund); it runs after the reversal is
    written in the same transaction, so a refused refund writes nothing.
    """
    sold = SoldLine.objects.select_related("order").filter(pk=sold_line_id).first()
    if sold is None:
        raise fair_trade_error("sold_line", "No such sold line.", Code.NOT_FOUND)
    Order.objects.select_for_update().get(pk=sold.order_id)
    _order_line_lock(sold.order_line_id)
    if not (reason or "").strip():
        raise fair_trade_error("reason", "Say why the money is given back.", Code.REQUIRED)
    count = sold.reversals.count()
    reversal = sale_reverse(sold=sold, amount=Decimal(str(amount)), kind=ReversalKind.REFUND, bearer=bearer,
                            key=f"refund:{sold.pk}:{count + 1}", reason=reason, actor=user)
    if request_refund is not None:
        request_refund(sold.order_id, reversal.gross)
    return reversal
