"""Orders: what was sold, at which price, to whom; frozen when the order is placed.

Money fields are VAT-inclusive gross amounts with their net and VAT parts
stored beside them; for every line and every total, gross = net + VAT exactly.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from shop.core.models import ModelWithMetadata


class OrderStatus(models.TextChoices):
    DRAFT = "draft"
    UNCONFIRMED = "unconfirmed"
    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled"
    PARTIALLY_RETURNED = "partially_returned"
    RETURNED = "returned"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
    EXPIRED = "expired"


class OrderChargeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderAuthorizeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


def _money(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=3, default=Decimal(0), **kwargs)


class Order(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    status = models.CharField(max_length=32, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED)
    charge_status = models.CharField(max_length=32, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE)
    authorize_status = models.CharField(
        max_length=32, choices=OrderAuthorizeStatus.choices, default=OrderAuthorizeStatus.NONE
    )
    user = models.ForeignKey("account.User", null=True, blank=True, related_name="orders", on_delete=models.SET_NULL)
    user_email = models.EmailField(blank=True, default="")
    channel = models.ForeignKey("channel.Channel", related_name="orders", on_delete=models.PROTECT)
    language_code = models.CharField(max_length=35, default="th")
    billing_address = models.ForeignKey("account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    shipping_address = models.ForeignKey("account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    shipping_method_name = models.CharField(max_length=255, blank=True, default="")
    shipping_method_ref = models.CharField(max_length=64, blank=True, default="")
    currency = models.CharField(max_length=3)
    subtotal_gross_amount = _money()
    subtotal_net_amount = _money()
    shipping_price_gross_amount = _money()
    shipping_price_net_amount = _money()
    undiscounted_total_gross_amount = _money()
    total_gross_amount = _money()
    total_net_amount = _money()
    total_charged_amount = _money()
    total_authorized_amount = _money()
    voucher_code = models.CharField(max_length=255, null=True, blank=True)
    discount_amount = _money()
    weight_grams = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(0))
    customer_note = models.TextField(blank=True, default="")
    checkout_token = models.UUIDField(null=True, blank=True, unique=True)
    redirect_url = models.URLField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ("-number",)
        indexes = [GinIndex(fields=["metadata"], name="order_meta_idx")]

    def __str__(self):
        return f"#{self.number}"

    @property
    def total_tax_amount(self) -> Decimal:
        return self.total_gross_amount - self.total_net_amount


class OrderLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey("catalog.ProductVariant", related_name="order_lines", null=True, on_delete=models.SET_NULL)
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True, default="")
    translated_product_name = models.CharField(max_length=386, blank=True, default="")
    translated_variant_name = models.CharField(max_length=255, blank=True, default="")
    product_sku = models.CharField(max_length=255, null=True, blank=True)
    is_shipping_required = models.BooleanField(default=True)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    unit_price_gross_amount = _money()
    unit_price_net_amount = _money()
    undiscounted_unit_price_gross_amount = _money()
    total_price_gross_amount = _money()
    total_price_net_amount = _money()
    undiscounted_total_price_gross_amount = _money()
    tax_rate = models.DecimalField(max_digits=6, decimal_places=4, default=Decimal(0))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="orderline_quantity_gt_0"),
            models.CheckConstraint(
                condition=models.Q(quantity_fulfilled__lte=models.F("quantity")), name="orderline_fulfilled_lte_quantity"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} x {self.product_name}"


class OrderEvent(models.Model):
    """Audit trail of an order: who did what, when, with which parameters."""

    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now, editable=False)
    type = models.CharField(max_length=255)
    user = models.ForeignKey("account.User", null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    parameters = models.JSONField(blank=True, default=dict)

    class Meta:
        ordering = ("date", "pk")

    def __str__(self):
        return f"{self.type} {self.order_id}"


class FulfillmentStatus(models.TextChoices):
    FULFILLED = "fulfilled"
    REFUNDED = "refunded"
    RETURNED = "returned"
    REPLACED = "replaced"
    REFUNDED_AND_RETURNED = "refunded_and_returned"
    CANCELED = "canceled"
    WAITING_FOR_APPROVAL = "waiting_for_approval"


class Fulfillment(ModelWithMetadata):
    """A parcel sent for an order: which lines, how many, from which warehouse, with which tracking number."""

    order = models.ForeignKey(Order, related_name="fulfillments", on_delete=models.CASCADE)
    fulfillment_order = models.PositiveIntegerField(editable=False)
    status = models.CharField(max_length=32, choices=FulfillmentStatus.choices, default=FulfillmentStatus.FULFILLED)
    tracking_number = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["order", "fulfillment_order"], name="fulfillment_number_uniq")
        ]

    def __str__(self):
        return f"{self.order_id}-{self.fulfillment_order}"


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(OrderLine, related_name="fulfillment_lines", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    stock = models.ForeignKey("warehouse.Stock", related_name="fulfillment_lines", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ("pk",)
