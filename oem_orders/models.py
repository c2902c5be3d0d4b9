"""OEM: wholesale clients, from request for quote to a delivered, invoiced contract.

* ``OemClient`` is a company; ``OemClientMember`` links users to it (one company
  per user) and ``OemApiToken`` gives machines access (hashed, revocable, expiring).
* ``QuoteRequest`` (RFQ) -> ``Quote`` (price tiers, MOQ, lead time, validity,
  payment schedule) -> ``Contract`` once the client accepts.
* A contract's quantity is split into ``Allocation`` rows, one per producer group,
  each with fair-trade unit terms that pass the fair-wage floor.
* ``Milestone``, ``ProductionReport``, ``Inspection`` (+ checks, photos) and
  ``Shipment`` (+ lines) follow the work; ``Invoice`` (+ lines) bills it with Thai
  tax-invoice fields; ``ContractEvent`` is the audit trail of every change.
* ``WebhookDelivery`` is the outbox of signed notifications to the client's URL.

Amounts are Decimal (THB, 2 places) stored like the shop's: ``max_digits=20,
decimal_places=3``.  Quoted unit prices exclude VAT (business to business);
invoices add VAT at the rate in force on their date.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _money(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=3, **kwargs)


def _user_fk(related_name="+", **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name=related_name, on_delete=models.SET_NULL, **kwargs
    )


# --- clients and access --------------------------------------------------------------


class OemClient(models.Model):
    """A brand company that orders goods made to its specification."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255, help_text="Registered company name, as printed on tax invoices.")
    country = models.CharField(max_length=2, default="TH")
    # Thai companies: the 13-digit tax identification number and the 5-digit branch
    # ("00000" = head office), both printed on the tax invoices they receive.
    tax_id = models.CharField(max_length=13, blank=True, default="")
    branch_code = models.CharField(max_length=5, blank=True, default="00000")
    billing_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    contact_name = models.CharField(max_length=255, blank=True, default="")
    contact_email = models.EmailField(blank=True, default="")
    contact_phone = models.CharField(max_length=32, blank=True, default="")
    # Optional outgoing webhooks: status changes are POSTed here, signed with the secret.
    webhook_url = models.URLField(max_length=500, blank=True, default="")
    webhook_secret = models.CharField(max_length=64, blank=True, default="")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        constraints = [
            models.CheckConstraint(
                condition=~Q(country="TH") | Q(tax_id__regex=r"^[0-9]{13}$"), name="oem_client_thai_tax_id"
            ),
            models.CheckConstraint(
                condition=~Q(country="TH") | Q(branch_code__regex=r"^[0-9]{5}$"), name="oem_client_thai_branch"
            ),
        ]

    def __str__(self):
        return self.name


class OemClientRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class OemClientMember(models.Model):
    """A person who acts for a client company.  A user belongs to one company at most."""

    client = models.ForeignKey(OemClient, related_name="members", on_delete=models.CASCADE)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="oem_membership", on_delete=models.CASCADE)
    role = models.CharField(max_length=16, choices=OemClientRole.choices, default=OemClientRole.MEMBER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("client_id", "pk")

    def __str__(self):
        return f"{self.user_id}@{self.client_id} ({self.role})"


class OemApiToken(models.Model):
    """Machine access for a client: ``Authorization: Bearer <token>``.

    The token itself is shown once, when it is created; only its SHA-256 and its
    last 4 characters are stored.  A token is valid until ``expires_at`` unless revoked.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(OemClient, related_name="tokens", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    last4 = models.CharField(max_length=4)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = _user_fk()
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at", "pk")

    def __str__(self):
        return f"{self.name} (…{self.last4})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class DocumentNumber(models.Model):
    """The last number given out per kind of document and (Bangkok) year.

    Taken with ``INSERT .. ON CONFLICT DO UPDATE`` inside the document's own
    transaction, so a rolled-back document gives its number back: tax-invoice
    numbers have no gaps (Revenue Code s. 86/4).
    """

    kind = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="oem_document_number_uniq")]


# --- request for quote and quote --------------------------------------------------------


class QuoteRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a quote")
    QUOTED = "quoted", _("Quoted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class QuoteRequest(models.Model):
    """A client's request for quote: a catalog product or a custom specification."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=20, unique=True)
    client = models.ForeignKey(OemClient, related_name="quote_requests", on_delete=models.PROTECT)
    variant = models.ForeignKey(
        "catalog.ProductVariant", null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    custom_spec = models.TextField(blank=True, default="")
    quantity = models.PositiveIntegerField()
    target_delivery_date = models.DateField()
    sample_wanted = models.BooleanField(default=False)
    note = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=QuoteRequestStatus.choices, default=QuoteRequestStatus.OPEN)
    created_by = _user_fk()
    created_by_token = models.ForeignKey(OemApiToken, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="oem_rfq_quantity_gt_0"),
            models.CheckConstraint(condition=Q(variant__isnull=False) | ~Q(custom_spec=""), name="oem_rfq_what"),
        ]
        indexes = [models.Index(fields=["client", "status"], name="oem_rfq_client_status_idx")]

    def __str__(self):
        return self.number


class QuoteRequestAttachment(models.Model):
    request = models.ForeignKey(QuoteRequest, related_name="attachments", on_delete=models.CASCADE)
    file = models.FileField(upload_to="oem/rfq")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_image = models.BooleanField(default=False, help_text="Thumbnails come from shop.thumbnail.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("pk",)


class QuoteStatus(models.TextChoices):
    SENT = "sent", _("Sent to the client")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Quote(models.Model):
    """Staff's answer to a request: prices, minimum, lead time, validity and payment schedule.

    A quote past ``valid_until`` (Bangkok date, inclusive) is expired: it can no
    longer be accepted (``is_expired``; no background job needs to run for that).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=20, unique=True)
    request = models.ForeignKey(QuoteRequest, related_name="quotes", on_delete=models.PROTECT)
    client = models.ForeignKey(OemClient, related_name="quotes", on_delete=models.PROTECT)
    # What the producer groups make: the catalog variant (for a custom spec, the nearest one staff chose).
    variant = models.ForeignKey("catalog.ProductVariant", related_name="+", on_delete=models.PROTECT)
    description = models.TextField()
    quantity = models.PositiveIntegerField(help_text="The quantity quoted for (the request's, unless staff changed it).")
    minimum_order_quantity = models.PositiveIntegerField()
    lead_time_days = models.PositiveSmallIntegerField()
    valid_until = models.DateField()
    currency = models.CharField(max_length=3, default="THB")
    deposit_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(50))
    payment_terms = models.TextField(blank=True, default="")
    invoice_due_days = models.PositiveSmallIntegerField(default=15)
    over_delivery_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(5))
    status = models.CharField(max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.SENT)
    note = models.TextField(blank=True, default="")
    decline_reason = models.TextField(blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = _user_fk()
    created_by = _user_fk()
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(minimum_order_quantity__gt=0), name="oem_quote_moq_gt_0"),
            models.CheckConstraint(condition=Q(quantity__gte=F("minimum_order_quantity")), name="oem_quote_qty_gte_moq"),
            models.CheckConstraint(
                condition=Q(deposit_percent__gte=0, deposit_percent__lte=100), name="oem_quote_deposit_range"
            ),
            models.CheckConstraint(
                condition=Q(over_delivery_percent__gte=0, over_delivery_percent__lte=50), name="oem_quote_over_range"
            ),
            # One quote accepted per request at most.
            models.UniqueConstraint(fields=["request"], condition=Q(status="accepted"), name="oem_quote_one_accepted"),
        ]
        indexes = [models.Index(fields=["client", "status"], name="oem_quote_client_idx")]

    def __str__(self):
        return self.number

    @property
    def is_expired(self) -> bool:
        return self.status == QuoteStatus.SENT and self.valid_until < timezone.localdate()


class QuotePriceTier(models.Model):
    """Unit price (excluding VAT) for orders of ``min_quantity`` units or more."""

    quote = models.ForeignKey(Quote, related_name="tiers", on_delete=models.CASCADE)
    min_quantity = models.PositiveIntegerField()
    unit_price = _money()

    class Meta:
        ordering = ("quote_id", "min_quantity")
        constraints = [
            models.UniqueConstraint(fields=["quote", "min_quantity"], name="oem_tier_quote_min_uniq"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="oem_tier_price_gt_0"),
            models.CheckConstraint(condition=Q(min_quantity__gt=0), name="oem_tier_min_gt_0"),
        ]


# --- contract -----------------------------------------------------------------------------


class ContractStatus(models.TextChoices):
    AWAITING_DEPOSIT = "awaiting_deposit", _("Awaiting deposit")
    IN_PRODUCTION = "in_production", _("In production")
    QUALITY_CHECK = "quality_check", _("Quality check")
    PARTIALLY_DELIVERED = "partially_delivered", _("Partially delivered")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class SampleStatus(models.TextChoices):
    NOT_REQUIRED = "not_required", _("No sample")
    PENDING = "pending", _("Waiting for the client")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CancellationFault(models.TextChoices):
    """Who caused a cancellation: decides whether the groups are paid for work done."""

    CLIENT = "client", _("The client")
    PRODUCERS = "producers", _("The producer groups")
    NONE = "none", _("Nobody (force majeure)")


class Contract(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=20, unique=True)
    client = models.ForeignKey(OemClient, related_name="contracts", on_delete=models.PROTECT)
    quote = models.OneToOneField(Quote, related_name="contract", on_delete=models.PROTECT)
    variant = models.ForeignKey("catalog.ProductVariant", related_name="+", on_delete=models.PROTECT)
    description = models.TextField()
    quantity = models.PositiveIntegerField()
    unit_price = _money(help_text="Excluding VAT, from the quote's tier for the quantity.")
    currency = models.CharField(max_length=3, default="THB")
    deposit_percent = models.DecimalField(max_digits=5, decimal_places=2)
    invoice_due_days = models.PositiveSmallIntegerField()
    over_delivery_percent = models.DecimalField(max_digits=5, decimal_places=2)
    lead_time_days = models.PositiveSmallIntegerField()
    delivery_date = models.DateField()
    sample_status = models.CharField(max_length=16, choices=SampleStatus.choices, default=SampleStatus.NOT_REQUIRED)
    status = models.CharField(max_length=24, choices=ContractStatus.choices, default=ContractStatus.AWAITING_DEPOSIT)
    # The status to go back to when a hold is lifted.
    status_before_hold = models.CharField(max_length=24, choices=ContractStatus.choices, blank=True, default="")
    cancellation_fault = models.CharField(max_length=16, choices=CancellationFault.choices, blank=True, default="")
    cancellation_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="oem_contract_quantity_gt_0"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="oem_contract_price_gt_0"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_fault=""), name="oem_contract_cancel_fault"
            ),
        ]
        indexes = [models.Index(fields=["client", "status"], name="oem_contract_client_idx")]

    def __str__(self):
        return self.number

    @property
    def value(self) -> Decimal:
        """The contract's value excluding VAT."""
        return self.unit_price * self.quantity

    @property
    def max_deliverable(self) -> int:
        """The most units that may be delivered: the quantity plus the over-delivery allowance (rounded down)."""
        return self.quantity + int(self.quantity * self.over_delivery_percent / 100)


class ContractEvent(models.Model):
    """Audit row: who (a user or an API token) did what, when, from which status to which, and why."""

    contract = models.ForeignKey(Contract, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now, editable=False)
    user = _user_fk()
    token = models.ForeignKey(OemApiToken, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    type = models.CharField(max_length=64)
    from_status = models.CharField(max_length=24, blank=True, default="")
    to_status = models.CharField(max_length=24, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")


class SampleDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SampleReview(models.Model):
    """The client's verdict on a pre-production sample (there may be several rounds)."""

    contract = models.ForeignKey(Contract, related_name="sample_reviews", on_delete=models.CASCADE)
    decision = models.CharField(max_length=16, choices=SampleDecision.choices)
    comments = models.TextField(blank=True, default="")
    reviewed_by = _user_fk()
    token = models.ForeignKey(OemApiToken, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=~Q(decision="rejected") | ~Q(comments=""), name="oem_sample_reject_says_why")
        ]


# --- allocation to producer groups ---------------------------------------------------------


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the group")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Allocation(models.Model):
    """One producer group's part of a contract, with the fair-trade unit terms it is paid at.

    ``producer_unit_price`` passed ``fairtrade.terms.floor_check`` (materials +
    labour minutes at the province's minimum wage) when the allocation was saved;
    ``floor_unit_price`` keeps the floor it was checked against.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, related_name="allocations", on_delete=models.PROTECT)
    group = models.ForeignKey("cooperatives.ProducerGroup", related_name="oem_allocations", on_delete=models.PROTECT)
    offer = models.ForeignKey(
        "cooperatives.ProducerOffer", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    quantity = models.PositiveIntegerField()
    quantity_done = models.PositiveIntegerField(default=0, help_text="Made and not sent back by an inspection.")
    quantity_passed = models.PositiveIntegerField(default=0, help_text="Passed quality inspection.")
    quantity_shipped = models.PositiveIntegerField(default=0)
    quantity_paid = models.PositiveIntegerField(
        default=0, help_text="Units whose producer share was posted to the ledger (delivered, or work done on cancel)."
    )
    status = models.CharField(max_length=16, choices=AllocationStatus.choices, default=AllocationStatus.PROPOSED)
    terms = models.ForeignKey(
        "fairtrade.FairTradeTerms", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    materials_cost = _money(default=Decimal(0))
    labour_minutes = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    producer_unit_price = _money()
    premium_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    floor_unit_price = _money(default=Decimal(0))
    ready_by = models.DateField()
    decline_reason = models.TextField(blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = _user_fk()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("contract_id", "created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="oem_allocation_quantity_gt_0"),
            models.CheckConstraint(condition=Q(quantity_done__lte=F("quantity")), name="oem_allocation_done_lte_qty"),
            models.CheckConstraint(condition=Q(quantity_passed__lte=F("quantity_done")), name="oem_allocation_passed_lte_done"),
            models.CheckConstraint(condition=Q(quantity_shipped__lte=F("quantity_passed")), name="oem_allocation_shipped_lte_passed"),
            models.CheckConstraint(condition=Q(producer_unit_price__gt=0), name="oem_allocation_price_gt_0"),
            models.CheckConstraint(condition=Q(producer_unit_price__gte=F("floor_unit_price")), name="oem_allocation_above_floor"),
            # One live allocation per group and contract.
            models.UniqueConstraint(
                fields=["contract", "group"], condition=Q(status__in=["proposed", "accepted"]),
                name="oem_allocation_group_uniq",
            ),
        ]
        indexes = [models.Index(fields=["group", "status"], name="oem_alloc_group_status_idx")]

    def __str__(self):
        return f"{self.quantity} x {self.contract_id} by {self.group_id}"

    @property
    def value(self) -> Decimal:
        """What the group is paid for the whole allocation (producer price x quantity, before the premium)."""
        return self.producer_unit_price * self.quantity


# --- milestones, production, quality, shipments ---------------------------------------------


class MilestoneKind(models.TextChoices):
    SAMPLE_APPROVED = "sample_approved", _("Sample approved")
    DEPOSIT_PAID = "deposit_paid", _("Deposit paid")
    MATERIALS_READY = "materials_ready", _("Materials ready")
    PRODUCTION_DONE = "production_done", _("Production done")
    QUALITY_PASSED = "quality_passed", _("Quality inspection passed")
    DELIVERED = "delivered", _("Delivered")


class Milestone(models.Model):
    """A dated step of a contract (per group for materials and production); late when past due and not done."""

    contract = models.ForeignKey(Contract, related_name="milestones", on_delete=models.CASCADE)
    allocation = models.ForeignKey(Allocation, null=True, blank=True, related_name="milestones", on_delete=models.CASCADE)
    kind = models.CharField(max_length=24, choices=MilestoneKind.choices)
    due_date = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = _user_fk()
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("due_date", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind"], condition=Q(allocation__isnull=True), name="oem_milestone_contract_kind_uniq"
            ),
            models.UniqueConstraint(
                fields=["allocation", "kind"], condition=Q(allocation__isnull=False),
                name="oem_milestone_allocation_kind_uniq",
            ),
        ]
        indexes = [models.Index(fields=["completed_at", "due_date"], name="oem_milestone_due_idx")]

    @property
    def is_late(self) -> bool:
        return self.completed_at is None and self.due_date < timezone.localdate()


class ProductionReport(models.Model):
    """A group's report of units made (a running total per allocation; the newest is current)."""

    allocation = models.ForeignKey(Allocation, related_name="reports", on_delete=models.CASCADE)
    quantity_done = models.PositiveIntegerField()
    note = models.TextField(blank=True, default="")
    reported_by = _user_fk()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class Inspection(models.Model):
    """A quality inspection of one group's batch: a sample of ``sample_size`` units, checked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, related_name="inspections", on_delete=models.PROTECT)
    allocation = models.ForeignKey(Allocation, related_name="inspections", on_delete=models.PROTECT)
    batch_quantity = models.PositiveIntegerField()
    sample_size = models.PositiveIntegerField()
    result = models.CharField(max_length=8, choices=InspectionResult.choices)
    note = models.TextField(blank=True, default="")
    inspector = _user_fk()
    inspected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("inspected_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(batch_quantity__gt=0), name="oem_inspection_batch_gt_0"),
            models.CheckConstraint(
                condition=Q(sample_size__gt=0, sample_size__lte=F("batch_quantity")), name="oem_inspection_sample_range"
            ),
        ]


class CheckKind(models.TextChoices):
    MEASURE = "measure", _("Measurement within min / max")
    PASS_FAIL = "pass_fail", _("Pass / fail")


class InspectionCheck(models.Model):
    inspection = models.ForeignKey(Inspection, related_name="checks", on_delete=models.CASCADE)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=CheckKind.choices)
    unit = models.CharField(max_length=20, blank=True, default="")
    min_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    measured_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    passed = models.BooleanField()

    class Meta:
        ordering = ("pk",)


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(Inspection, related_name="photos", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="oem/inspections", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ("pk",)


class Shipment(models.Model):
    """Goods sent to the client: one or more groups' units, with the carrier's tracking."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, related_name="shipments", on_delete=models.PROTECT)
    number = models.PositiveSmallIntegerField(help_text="1, 2, ... within the contract.")
    carrier = models.CharField(max_length=100)
    tracking_number = models.CharField(max_length=255)
    delivery_note = models.CharField(max_length=100, blank=True, default="", help_text="Delivery document number.")
    shipped_at = models.DateTimeField(default=timezone.now)
    created_by = _user_fk()

    class Meta:
        ordering = ("contract_id", "number")
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="oem_shipment_number_uniq")]

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines.all())


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, related_name="lines", on_delete=models.CASCADE)
    allocation = models.ForeignKey(Allocation, related_name="shipment_lines", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="oem_shipment_line_quantity_gt_0"),
            models.UniqueConstraint(fields=["shipment", "allocation"], name="oem_shipment_line_uniq"),
        ]


# --- invoices ---------------------------------------------------------------------------------


class InvoiceKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")
    CANCELLATION = "cancellation", _("Work done before cancellation")


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")
    VOID = "void", _("Void")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card (Stripe)")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")


class Invoice(models.Model):
    """A Thai full tax invoice (Revenue Code s. 86/4): seller and buyer names, tax ids,
    branches and addresses, a sequential number, and VAT shown apart from the price.

    Seller and buyer details are copied when the invoice is issued, so later
    changes to the client or to the company settings never alter an issued invoice.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contract = models.ForeignKey(Contract, related_name="invoices", on_delete=models.PROTECT)
    kind = models.CharField(max_length=16, choices=InvoiceKind.choices)
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED)
    issue_date = models.DateField()
    due_date = models.DateField()
    seller_name = models.CharField(max_length=255)
    seller_tax_id = models.CharField(max_length=13)
    seller_branch = models.CharField(max_length=5)
    seller_address = models.TextField()
    buyer_name = models.CharField(max_length=255)
    buyer_tax_id = models.CharField(max_length=13, blank=True, default="")
    buyer_branch = models.CharField(max_length=5, blank=True, default="")
    buyer_address = models.TextField(blank=True, default="")
    currency = models.CharField(max_length=3, default="THB")
    subtotal = _money(help_text="Excluding VAT.")
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    vat_amount = _money()
    total = _money()
    payment_method = models.CharField(max_length=16, choices=PaymentMethod.choices, blank=True, default="")
    payment_reference = models.CharField(max_length=255, blank=True, default="")
    stripe_payment_intent = models.CharField(max_length=255, blank=True, default="", db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    recorded_by = _user_fk()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("issue_date", "number")
        constraints = [
            models.CheckConstraint(condition=Q(total=F("subtotal") + F("vat_amount")), name="oem_invoice_total_adds_up"),
            models.CheckConstraint(condition=Q(subtotal__gt=0), name="oem_invoice_subtotal_gt_0"),
            models.CheckConstraint(condition=~Q(status="paid") | Q(paid_at__isnull=False), name="oem_invoice_paid_at"),
            models.UniqueConstraint(
                fields=["contract", "kind"], condition=~Q(status="void"), name="oem_invoice_one_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="oem_invoice_due_idx")]

    def __str__(self):
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.status == InvoiceStatus.ISSUED and self.due_date < timezone.localdate()


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, related_name="lines", on_delete=models.CASCADE)
    description = models.CharField(max_length=500)
    quantity = models.DecimalField(max_digits=12, decimal_places=3)
    unit_price = _money()
    amount = _money()

    class Meta:
        ordering = ("pk",)


# --- webhooks -----------------------------------------------------------------------------------


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (gave up)")


class WebhookDelivery(models.Model):
    """One notification to a client's webhook URL: written in the transaction of the
    change it reports (the outbox), sent after commit, retried with backoff."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(OemClient, related_name="webhook_deliveries", on_delete=models.CASCADE)
    event_type = models.CharField(max_length=64)
    # What happened once: a replayed event finds the row and sends nothing new.
    idempotency_key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="oem_webhook_due_idx")]
