"""Fair trade: price terms with a fair-wage floor, sold-line snapshots, the append-only ledger,
statements that pay the groups, and advances.

Money is Decimal with a currency (THB, 2 places); the ledger's amounts are signed,
debit positive, and every journal balances to zero.  Ledger rows are never
updated or deleted: triggers in the database refuse it (migration 0001).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _money(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=3, **kwargs)


class MinimumWage(models.Model):
    """The legal minimum daily wage of a province (or of one district that has its own rate), from a date.

    Data, not code: rows come from the Wage Committee's announcements (``source``);
    a new announcement is new rows with a later ``effective_from``.
    """

    province_code = models.CharField(max_length=2)
    district_code = models.CharField(max_length=4, blank=True, default="", help_text="Empty: the whole province.")
    area = models.CharField(max_length=100, help_text="Province or district name, for people.")
    daily_wage = models.DecimalField(max_digits=10, decimal_places=2)
    effective_from = models.DateField()
    source = models.TextField()

    class Meta:
        ordering = ("province_code", "district_code", "-effective_from")
        constraints = [
            models.UniqueConstraint(fields=["province_code", "district_code", "effective_from"], name="minimum_wage_uniq"),
            models.CheckConstraint(condition=Q(daily_wage__gt=0), name="minimum_wage_positive"),
        ]

    def __str__(self):
        return f"{self.area}: {self.daily_wage} THB/day from {self.effective_from}"


class GroupFund(models.Model):
    """A producer group's welfare / savings fund and the premium percent paid into it."""

    group = models.OneToOneField("cooperatives.ProducerGroup", related_name="fund", on_delete=models.CASCADE)
    name = models.CharField(max_length=255, blank=True, default="")
    premium_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("10.00"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(premium_percent__gte=0, premium_percent__lte=100), name="group_fund_premium_range"),
        ]


class PricingMethod(models.TextChoices):
    COST_SHEET = "cost_sheet", _("From the cost sheet")
    DIRECT = "direct", _("Set directly")


class DateRange(Func):
    function = "DATERANGE"
    output_field = DateRangeField()


class FairTradeTerms(models.Model):
    """What a group is paid for one unit of a variant, from ``effective_from`` until ``effective_to`` (exclusive).

    The floor: ``producer_price >= materials_cost + labour_minutes x minimum daily wage / 480``
    (Homeworkers Protection Act: the province's minimum wage for 8 hours of work).  The
    wage basis never depends on the worker's sex: there is no such field.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey("cooperatives.ProducerGroup", related_name="fair_trade_terms", on_delete=models.PROTECT)
    variant = models.ForeignKey("catalog.ProductVariant", related_name="fair_trade_terms", on_delete=models.PROTECT)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True, help_text="Exclusive; empty means until further notice.")
    currency = models.CharField(max_length=3, default="THB")
    pricing = models.CharField(max_length=16, choices=PricingMethod.choices)
    materials_cost = models.DecimalField(max_digits=12, decimal_places=2)
    labour_minutes = models.DecimalField(max_digits=8, decimal_places=2)
    wage_basis_daily = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="Daily wage the cost sheet pays for 8 hours of work."
    )
    producer_price = models.DecimalField(max_digits=12, decimal_places=2)
    premium_percent = models.DecimalField(max_digits=5, decimal_places=2)
    # The floor as it stood when the terms were saved (frozen with its basis).
    minimum_daily_wage = models.DecimalField(max_digits=10, decimal_places=2)
    minimum_wage = models.ForeignKey(MinimumWage, related_name="+", on_delete=models.PROTECT)
    floor_price = models.DecimalField(max_digits=12, decimal_places=2)
    living_daily_wage = models.DecimalField(max_digits=10, decimal_places=2)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("group_id", "variant_id", "-effective_from")
        verbose_name_plural = "fair trade terms"
        indexes = [models.Index(fields=["variant", "effective_from"], name="terms_variant_from_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(producer_price__gte=0, materials_cost__gte=0, labour_minutes__gte=0),
                                   name="terms_amounts_not_negative"),
            models.CheckConstraint(condition=Q(premium_percent__gte=0, premium_percent__lte=100), name="terms_premium_range"),
            models.CheckConstraint(condition=Q(producer_price__gte=F("floor_price")), name="terms_not_below_floor"),
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                                   name="terms_dates_ordered"),
            ExclusionConstraint(
                name="terms_no_overlap",
                expressions=[
                    ("group", RangeOperators.EQUAL),
                    ("variant", RangeOperators.EQUAL),
                    (DateRange("effective_from", "effective_to"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.group_id} x {self.variant_id}: {self.producer_price} {self.currency} from {self.effective_from}"

    @property
    def hourly_wage_paid(self) -> Decimal:
        """Labour pay per hour the price implies (price less materials over the labour time)."""
        if not self.labour_minutes:
            return Decimal(0)
        return ((self.producer_price - self.materials_cost) * 60 / self.labour_minutes).quantize(Decimal("0.01"))

    @property
    def daily_wage_paid(self) -> Decimal:
        """Labour pay for 8 hours at the price's rate (to the satang)."""
        if not self.labour_minutes:
            return Decimal(0)
        return ((self.producer_price - self.materials_cost) * 480 / self.labour_minutes).quantize(Decimal("0.01"))

    @property
    def living_wage_gap_daily(self) -> Decimal:
        """How far the implied daily wage is below the living wage (0 when at or above it)."""
        return max(Decimal(0), self.living_daily_wage - self.daily_wage_paid)


class SoldLineStatus(models.TextChoices):
    HELD = "held", _("Held: no terms in force")
    POSTED = "posted", _("Posted")


class SoldLine(models.Model):
    """One group's part of one order line, with the terms in force frozen onto it.

    ``gross = vat + producer_share + premium + fee + margin`` exactly (database check).
    Written when the group accepts the line; never changed once posted (refunds
    and cancellations are ``SaleReversal`` rows and reversal journals).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group_order_line = models.OneToOneField("cooperatives.GroupOrderLine", related_name="sold_line", on_delete=models.PROTECT)
    group = models.ForeignKey("cooperatives.ProducerGroup", related_name="sold_lines", on_delete=models.PROTECT)
    order = models.ForeignKey("order.Order", related_name="sold_lines", on_delete=models.PROTECT)
    order_line = models.ForeignKey("order.OrderLine", related_name="sold_lines", on_delete=models.PROTECT)
    # Report dimensions, copied so the ledger can be grouped without joins.
    product_id = models.IntegerField(null=True)
    variant_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    channel_id = models.IntegerField()
    quantity = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=8, choices=SoldLineStatus.choices, default=SoldLineStatus.POSTED)
    terms = models.ForeignKey(FairTradeTerms, null=True, blank=True, related_name="sold_lines", on_delete=models.PROTECT)
    producer_unit_price = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    premium_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    fee_percent = models.DecimalField(max_digits=6, decimal_places=3, default=Decimal(0))
    gross = _money(default=Decimal(0))
    vat = _money(default=Decimal(0))
    producer_share = _money(default=Decimal(0))
    premium = _money(default=Decimal(0))
    fee = _money(default=Decimal(0))
    margin = _money(default=Decimal(0))
    sold_at = models.DateTimeField(help_text="When the shopper placed the order: picks the terms in force.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    posted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True, help_text="When the group shipped every unit.")
    payable_from = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text="When the group's share became due: delivery, or cancellation after work was done.",
    )

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=F("vat") + F("producer_share") + F("premium") + F("fee") + F("margin")),
                name="sold_line_parts_add_up",
            ),
        ]


class Bearer(models.TextChoices):
    """Who carries the cost of a refund or cancellation."""

    GROUP = "group", _("Producer group")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    COURIER = "courier", _("Courier")


class ReversalKind(models.TextChoices):
    CANCELLATION = "cancellation", _("Cancellation")
    REFUND = "refund", _("Refund")


class SaleReversal(models.Model):
    """Part of a sold line given back to the shopper, split like the sale (nominal parts).

    The parts say which share of the sale the amount came out of; ``bearer``
    says whose account carries it (the reversal journal's entries).
    """

    sold_line = models.ForeignKey(SoldLine, related_name="reversals", on_delete=models.PROTECT)
    journal = models.OneToOneField("LedgerJournal", related_name="reversal", on_delete=models.PROTECT)
    kind = models.CharField(max_length=16, choices=ReversalKind.choices)
    bearer = models.CharField(max_length=20, choices=Bearer.choices)
    quantity = models.PositiveIntegerField(default=0)
    gross = _money()
    vat = _money()
    producer_share = _money()
    premium = _money()
    fee = _money()
    margin = _money()
    reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(gross=F("vat") + F("producer_share") + F("premium") + F("fee") + F("margin")),
                name="reversal_parts_add_up",
            ),
            models.CheckConstraint(condition=Q(gross__gt=0), name="reversal_positive"),
        ]


class Account(models.TextChoices):
    """Ledger accounts.  Amounts are debit positive, credit negative."""

    SALES_GROSS = "sales_gross", _("Sales (gross, incl. VAT)")
    VAT_PAYABLE = "vat_payable", _("VAT payable")
    PRODUCER_PAYABLE = "producer_payable", _("Producer payable")
    GROUP_FUND_PAYABLE = "group_fund_payable", _("Group fund payable")
    PAYMENT_FEES = "payment_fees", _("Payment fees")
    SHIPPING = "shipping", _("Shipping")
    SE_MARGIN = "se_margin", _("Social-enterprise margin")
    REFUNDS = "refunds", _("Refunds")
    COURIER_CLAIMS = "courier_claims", _("Courier claims receivable")
    PRODUCER_ADVANCES = "producer_advances", _("Advances to producers")
    # OEM contracts: invoiced sales net of VAT, debited with the groups' shares as they are earned.
    OEM_SALES = "oem_sales", _("OEM sales (net of VAT)")
    WITHHOLDING_TAX = "withholding_tax", _("Tax withheld")
    BANK = "bank", _("Bank")


# Accounts whose balance is kept per producer group (``LedgerEntry.group`` set).
GROUP_ACCOUNTS = (Account.PRODUCER_PAYABLE, Account.GROUP_FUND_PAYABLE, Account.PRODUCER_ADVANCES)


class JournalKind(models.TextChoices):
    SALE = "sale", _("Sale")
    SHIPPING_CHARGE = "shipping_charge", _("Shipping charge")
    CANCELLATION = "cancellation", _("Cancellation")
    REFUND = "refund", _("Refund")
    ADVANCE = "advance", _("Advance")
    ADVANCE_NETTING = "advance_netting", _("Advance netted")
    DEDUCTION = "deduction", _("Deduction")
    PAYOUT = "payout", _("Payout")
    OEM_INVOICE_PAYMENT = "oem_invoice_payment", _("OEM invoice paid")
    OEM_PRODUCER_SHARE = "oem_producer_share", _("OEM producer share")


class ReferenceType(models.TextChoices):
    ORDER = "order", _("Order")
    ORDER_LINE = "order_line", _("Order line")
    GROUP_ORDER_LINE = "group_order_line", _("Group order line")
    OEM_ALLOCATION = "oem_allocation", _("OEM allocation")
    OEM_INVOICE = "oem_invoice", _("OEM invoice")
    REFUND = "refund", _("Refund")
    STATEMENT = "statement", _("Statement")
    ADVANCE = "advance", _("Advance")


class LedgerJournal(models.Model):
    """One posting: a set of entries that sum to zero, named by a unique idempotency key.  Append-only."""

    id = models.BigAutoField(primary_key=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=JournalKind.choices)
    reference_type = models.CharField(max_length=20, choices=ReferenceType.choices)
    reference_id = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    bearer = models.CharField(max_length=20, choices=Bearer.choices, blank=True, default="")
    memo = models.TextField(blank=True, default="")
    actor = models.CharField(max_length=255, blank=True, default="", help_text="Who posted it (e-mail), empty for the system.")
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("id",)
        indexes = [models.Index(fields=["reference_type", "reference_id"], name="journal_reference_idx")]

    def __str__(self):
        return f"{self.kind} {self.idempotency_key}"


class LedgerEntry(models.Model):
    """One signed amount on one account (per group for group accounts).  Append-only.

    Report dimensions (order, product, category, channel, time) are copied from
    the sold line so the margin report is one grouped scan.
    """

    id = models.BigAutoField(primary_key=True)
    journal = models.ForeignKey(LedgerJournal, related_name="entries", on_delete=models.PROTECT)
    account = models.CharField(max_length=24, choices=Account.choices)
    group = models.ForeignKey("cooperatives.ProducerGroup", null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    amount = _money()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=20, choices=JournalKind.choices)
    occurred_at = models.DateTimeField()
    sold_line = models.ForeignKey(SoldLine, null=True, blank=True, related_name="entries", on_delete=models.PROTECT)
    order_id = models.UUIDField(null=True, blank=True)
    product_id = models.IntegerField(null=True, blank=True)
    category_id = models.IntegerField(null=True, blank=True)
    channel_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "ledger entries"
        indexes = [
            models.Index(fields=["occurred_at"], name="entry_occurred_idx"),
            models.Index(fields=["group", "account"], name="entry_group_account_idx"),
            models.Index(fields=["order_id"], name="entry_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(account__in=[a.value for a in GROUP_ACCOUNTS]) | Q(group__isnull=False),
                name="entry_group_account_has_group",
            ),
        ]


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class Statement(models.Model):
    """What a group is paid for a period: its earned entries, advances netted, deductions, and the net."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=32, unique=True)
    group = models.ForeignKey("cooperatives.ProducerGroup", related_name="statements", on_delete=models.PROTECT)
    period_start = models.DateField()
    period_end = models.DateField(help_text="Inclusive.")
    currency = models.CharField(max_length=3, default="THB")
    status = models.CharField(max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    producer_amount = _money(default=Decimal(0))
    premium_amount = _money(default=Decimal(0))
    advances_netted = _money(default=Decimal(0))
    deductions_amount = _money(default=Decimal(0))
    net_amount = _money(default=Decimal(0))
    due_date = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True, default="")
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("-period_end", "number")
        indexes = [models.Index(fields=["status", "due_date"], name="statement_status_due_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="statement_period_ordered"),
            models.CheckConstraint(
                condition=Q(net_amount=F("producer_amount") + F("premium_amount") - F("advances_netted") - F("deductions_amount")),
                name="statement_net_adds_up",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.status != StatementStatus.PAID and self.due_date < timezone.localdate()


class StatementLine(models.Model):
    """A ledger entry a statement pays (each entry is paid by one statement at most)."""

    statement = models.ForeignKey(Statement, related_name="lines", on_delete=models.CASCADE)
    entry = models.OneToOneField(LedgerEntry, related_name="statement_line", on_delete=models.PROTECT)

    class Meta:
        ordering = ("entry_id",)


class DeductionKind(models.TextChoices):
    """What the Homeworkers Protection Act lets a hirer deduct from a homeworker's pay."""

    WITHHOLDING_TAX = "withholding_tax", _("Income tax withheld (by law)")
    LEGAL_OTHER = "legal_other", _("Other deduction required by law")
    DAMAGE = "damage", _("Damage (with consent)")
    LATE_DELIVERY = "late_delivery", _("Late delivery (with consent)")


CONSENTED_DEDUCTIONS = (DeductionKind.DAMAGE, DeductionKind.LATE_DELIVERY)


class StatementDeduction(models.Model):
    statement = models.ForeignKey(Statement, related_name="deductions", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20, choices=DeductionKind.choices)
    amount = _money()
    reason = models.TextField()
    consent_reference = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("pk",)
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deduction_positive")]


class Advance(models.Model):
    """Money paid to a group before production (WFTO: at least 50 % of the value when the group asks)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey("cooperatives.ProducerGroup", related_name="advances", on_delete=models.PROTECT)
    reference_type = models.CharField(max_length=20, choices=ReferenceType.choices)
    reference_id = models.CharField(max_length=64)
    allocation_value = _money()
    amount = _money()
    currency = models.CharField(max_length=3, default="THB")
    journal = models.OneToOneField(LedgerJournal, related_name="advance", on_delete=models.PROTECT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    note = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["group", "reference_type", "reference_id"], name="advance_once_per_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0, amount__lte=F("allocation_value")), name="advance_within_value"),
        ]


class StatementEvent(models.Model):
    """Audit row of a statement: who did what, when, from which status to which, and why.  Written by
    ``fairtrade.payouts`` only (generation, deductions, every status change)."""

    statement = models.ForeignKey(Statement, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    type = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True, default="")
    to_status = models.CharField(max_length=16, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")


class StatementNumber(models.Model):
    """The last statement number given out in a (Bangkok) year.

    Numbers are taken by an ``INSERT .. ON CONFLICT DO UPDATE`` on the year's row,
    which keeps that row locked until the statement's transaction ends: a statement
    that is rolled back gives its number back, so the numbers of a year have no gaps.
    """

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)
