"""Producer groups, what they make, and their part of every shop order.

* ``ProducerGroup`` owns one ``Warehouse`` (its stock) and has members.
* ``ProducerOffer``: a group makes a variant, with a lead time, a weekly
  capacity of made-to-order units and a priority (lower is asked first).
* ``CapacityClaim``: made-to-order units of an offer promised to an order line
  (or to OEM work, by reference) in a week; claims are the one record of capacity in use.
* ``GroupOrder`` / ``GroupOrderLine``: one group's part of a shop order, with
  its own status; every change writes a ``GroupOrderEvent`` (audit).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    SOUTH = "south", _("South")
    BANGKOK = "bangkok", _("Bangkok")


class PayoutMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    PROMPTPAY = "promptpay", _("PromptPay")


class ProducerGroup(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255)
    region = models.CharField(max_length=16, choices=Region.choices)
    # DOPA area codes (geothai): 2-digit province, 4-digit district.
    province_code = models.CharField(max_length=2)
    district_code = models.CharField(max_length=4, blank=True, default="")
    members_count = models.PositiveIntegerField(default=0)
    women_members_count = models.PositiveIntegerField(default=0)
    crafts = ArrayField(models.CharField(max_length=50), blank=True, default=list)
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    story_th = models.TextField(blank=True, default="")
    story_en = models.TextField(blank=True, default="")
    contact_name = models.CharField(max_length=255, blank=True, default="")
    contact_phone = models.CharField(max_length=32, blank=True, default="")
    contact_email = models.EmailField(blank=True, default="")
    payout_method = models.CharField(max_length=16, choices=PayoutMethod.choices, default=PayoutMethod.BANK_TRANSFER)
    bank_name = models.CharField(max_length=100, blank=True, default="")
    bank_account_name = models.CharField(max_length=255, blank=True, default="")
    bank_account_number = models.CharField(max_length=20, blank=True, default="")
    promptpay_id = models.CharField(max_length=20, blank=True, default="")
    # Hours a new GroupOrder waits for acceptance; empty = settings.GROUP_ORDER_ACCEPT_HOURS.
    accept_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    warehouse = models.OneToOneField("warehouse.Warehouse", on_delete=models.PROTECT, related_name="producer_group")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("slug",)
        constraints = [
            models.CheckConstraint(
                condition=Q(women_members_count__lte=F("members_count")), name="group_women_lte_members"
            ),
            models.CheckConstraint(
                condition=~Q(payout_method="promptpay") | ~Q(promptpay_id=""), name="group_promptpay_id_set"
            ),
        ]

    def __str__(self):
        return self.name_en

    def name(self, language: str | None = None) -> str:
        return self.name_th if (language or "th").startswith("th") else self.name_en


class ProducerGroupPhoto(models.Model):
    group = models.ForeignKey(ProducerGroup, related_name="photos", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="producer-groups")
    alt = models.CharField(max_length=250, blank=True, default="")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")


class MembershipRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    group = models.ForeignKey(ProducerGroup, related_name="memberships", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="producer_memberships", on_delete=models.CASCADE)
    role = models.CharField(max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("group_id", "pk")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="membership_group_user_uniq")]

    def __str__(self):
        return f"{self.user_id}@{self.group_id} ({self.role})"


class ProducerOffer(models.Model):
    group = models.ForeignKey(ProducerGroup, related_name="offers", on_delete=models.CASCADE)
    variant = models.ForeignKey("catalog.ProductVariant", related_name="producer_offers", on_delete=models.CASCADE)
    lead_time_days = models.PositiveSmallIntegerField(default=3)
    # Made-to-order units the group can take on per week (Monday to Sunday, Bangkok time).
    weekly_capacity = models.PositiveIntegerField(default=0)
    priority = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("priority", "group_id", "pk")
        constraints = [models.UniqueConstraint(fields=["group", "variant"], name="offer_group_variant_uniq")]

    def __str__(self):
        return f"{self.group_id} makes {self.variant_id}"


class CapacityClaim(models.Model):
    """Made-to-order units of an offer promised, counted against ``week``: to a shop order
    line, or to other work named by ``reference`` (e.g. ``oem_allocation:<id>``, one row per week)."""

    offer = models.ForeignKey(ProducerOffer, related_name="claims", on_delete=models.PROTECT)
    order_line = models.ForeignKey(
        "order.OrderLine", null=True, blank=True, related_name="capacity_claims", on_delete=models.CASCADE
    )
    reference = models.CharField(max_length=100, blank=True, default="")
    week = models.DateField(help_text="Monday of the week the units count against.")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["offer", "order_line"], name="claim_offer_line_uniq"),
            models.UniqueConstraint(
                fields=["offer", "reference", "week"], condition=~Q(reference=""), name="claim_offer_reference_week_uniq"
            ),
            models.CheckConstraint(
                condition=(Q(order_line__isnull=False) & Q(reference="")) | (Q(order_line__isnull=True) & ~Q(reference="")),
                name="claim_line_or_reference",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="claim_quantity_gt_0"),
        ]
        indexes = [models.Index(fields=["offer", "week"], name="claim_offer_week_idx")]


class OrderSplit(models.Model):
    """Marks a shop order as split; its unique order makes the split run once."""

    order = models.OneToOneField("order.Order", related_name="+", on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    unassigned = models.JSONField(default=list, blank=True, help_text="Order lines no group could take.")


class GroupOrderStatus(models.TextChoices):
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    IN_PRODUCTION = "in_production", _("In production")
    READY = "ready", _("Ready to ship")
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


class GroupOrder(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey("order.Order", related_name="group_orders", on_delete=models.PROTECT)
    group = models.ForeignKey(ProducerGroup, related_name="group_orders", on_delete=models.PROTECT)
    sequence = models.PositiveSmallIntegerField(help_text="1, 2, ... within the shop order.")
    status = models.CharField(
        max_length=32, choices=GroupOrderStatus.choices, default=GroupOrderStatus.AWAITING_ACCEPTANCE
    )
    accept_by = models.DateTimeField(db_index=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints = [models.UniqueConstraint(fields=["order", "sequence"], name="group_order_sequence_uniq")]
        indexes = [models.Index(fields=["group", "status"], name="group_order_group_status_idx")]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"{self.order.number}-{self.sequence}"


class LineStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Not answered in time")
    CANCELLED = "cancelled", _("Cancelled")


class LineSource(models.TextChoices):
    STOCK = "stock", _("From stock")
    MADE_TO_ORDER = "made_to_order", _("Made to order")


class DeclineReason(models.TextChoices):
    OUT_OF_STOCK = "out_of_stock", _("Out of stock")
    NO_CAPACITY = "no_capacity", _("No capacity")
    QUALITY = "quality", _("Quality problem")
    OTHER = "other", _("Other")


class LineResolution(models.TextChoices):
    """What became of a declined or expired line."""

    NONE = "", _("Open")
    REROUTED = "rerouted", _("Passed to another group")
    REFUNDED = "refunded", _("Refunded to the shopper")
    UNRESOLVED = "unresolved", _("Waiting for the manager")


class GroupOrderLine(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group_order = models.ForeignKey(GroupOrder, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey("order.OrderLine", related_name="group_lines", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField()
    quantity_shipped = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=16, choices=LineSource.choices)
    offer = models.ForeignKey(ProducerOffer, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    ready_by = models.DateField(null=True, blank=True, help_text="Order date + the offer's lead time.")
    status = models.CharField(max_length=16, choices=LineStatus.choices, default=LineStatus.AWAITING)
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True, default="")
    decline_note = models.TextField(blank=True, default="")
    resolution = models.CharField(max_length=16, choices=LineResolution.choices, blank=True, default="")
    rerouted_from = models.ForeignKey(
        "self", null=True, blank=True, related_name="reroutes", on_delete=models.PROTECT
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="group_line_quantity_gt_0"),
            models.CheckConstraint(
                condition=Q(quantity_shipped__lte=F("quantity")), name="group_line_shipped_lte_quantity"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="group_line_declined_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.order_line_id} ({self.status})"


class GroupOrderEvent(models.Model):
    """Audit row: who changed what, when, from which status to which, and why."""

    group_order = models.ForeignKey(GroupOrder, related_name="events", on_delete=models.CASCADE)
    line = models.ForeignKey(GroupOrderLine, null=True, blank=True, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    type = models.CharField(max_length=64)
    from_status = models.CharField(max_length=32, blank=True, default="")
    to_status = models.CharField(max_length=32, blank=True, default="")
    reason = models.TextField(blank=True, default="")
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")


class GroupShipment(models.Model):
    """A parcel a group sent: the shop order's Fulfillment plus the carrier."""

    group_order = models.ForeignKey(GroupOrder, related_name="shipments", on_delete=models.PROTECT)
    fulfillment = models.OneToOneField("order.Fulfillment", related_name="group_shipment", on_delete=models.PROTECT)
    carrier = models.CharField(max_length=100)
    tracking_number = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("created_at", "pk")


class ManagerAlert(models.Model):
    """Something the social-enterprise manager must look at (e.g. a line no group could take)."""

    kind = models.CharField(max_length=64)
    order = models.ForeignKey("order.Order", null=True, blank=True, related_name="+", on_delete=models.CASCADE)
    group_order_line = models.ForeignKey(GroupOrderLine, null=True, blank=True, related_name="+", on_delete=models.CASCADE)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "pk")


class NotificationLog(models.Model):
    """One message sent to one recipient; its unique key makes every notification send once."""

    key = models.CharField(max_length=200)
    channel = models.CharField(max_length=32)
    recipient = models.CharField(max_length=255)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-sent_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["key", "channel", "recipient"], name="notification_key_uniq")
        ]
