"""Checkouts (carts) and their lines.  Prices are not stored: they are read from the
channel listings whenever totals are computed, and frozen only on the order."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from shop.core.models import ModelWithMetadata


class Checkout(ModelWithMetadata):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    last_change = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        "account.User", null=True, blank=True, related_name="checkouts", on_delete=models.CASCADE
    )
    email = models.EmailField(null=True, blank=True)
    channel = models.ForeignKey("channel.Channel", related_name="checkouts", on_delete=models.PROTECT)
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=2, default="TH")
    language_code = models.CharField(max_length=35, default="th")
    billing_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "account.Address", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    # saveAddress: copy the address into the customer's address book when the order is placed.
    save_shipping_address = models.BooleanField(default=True)
    save_billing_address = models.BooleanField(default=True)
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", null=True, blank=True, related_name="checkouts", on_delete=models.SET_NULL
    )
    customer_note = models.TextField(blank=True, default="")
    voucher_code = models.CharField(max_length=255, null=True, blank=True)
    # Set when checkoutComplete first succeeds: a repeat returns the same order.
    completed_order_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ("-last_change", "pk")

    def __str__(self):
        return str(self.token)


class CheckoutLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey("catalog.ProductVariant", related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="checkoutline_quantity_gt_0")]

    def __str__(self):
        return f"{self.quantity} x {self.variant_id}"
