"""Vouchers (promo codes): a percentage or fixed amount off, per channel, with usage limits."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from shop.core.models import ModelWithMetadata


class VoucherType(models.TextChoices):
    SHIPPING = "shipping"
    ENTIRE_ORDER = "entire_order"
    SPECIFIC_PRODUCT = "specific_product"


class DiscountValueType(models.TextChoices):
    FIXED = "fixed"
    PERCENTAGE = "percentage"


class Voucher(ModelWithMetadata):
    """A promo code.  ``used`` counts completed orders; it never passes ``usage_limit``
    (a database constraint, and the code increments it under a row lock)."""

    code = models.CharField(max_length=255, unique=True, db_index=True)
    name = models.CharField(max_length=255, blank=True, null=True)
    type = models.CharField(max_length=20, choices=VoucherType.choices, default=VoucherType.ENTIRE_ORDER)
    discount_value_type = models.CharField(
        max_length=10, choices=DiscountValueType.choices, default=DiscountValueType.PERCENTAGE
    )
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    used = models.PositiveIntegerField(default=0, editable=False)
    start_date = models.DateTimeField(default=timezone.now)
    end_date = models.DateTimeField(null=True, blank=True)
    apply_once_per_customer = models.BooleanField(default=False)
    only_for_staff = models.BooleanField(default=False)
    min_checkout_items_quantity = models.PositiveIntegerField(null=True, blank=True)
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    collections = models.ManyToManyField("catalog.Collection", blank=True, related_name="+")

    class Meta:
        ordering = ("code",)
        constraints = [
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(used__lte=F("usage_limit")), name="voucher_used_within_limit"
            )
        ]

    def __str__(self):
        return self.code


class VoucherChannelListing(models.Model):
    voucher = models.ForeignKey(Voucher, related_name="channel_listings", on_delete=models.CASCADE)
    channel = models.ForeignKey("channel.Channel", related_name="voucher_listings", on_delete=models.CASCADE)
    discount_value = models.DecimalField(max_digits=20, decimal_places=3)
    currency = models.CharField(max_length=3)
    min_spent_amount = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["voucher", "channel"], name="voucher_listing_uniq"),
            models.CheckConstraint(condition=Q(discount_value__gt=0), name="voucher_value_gt_0"),
        ]


class VoucherCustomer(models.Model):
    """A customer (by e-mail) who has used a once-per-customer voucher."""

    voucher = models.ForeignKey(Voucher, related_name="customers", on_delete=models.CASCADE)
    customer_email = models.EmailField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voucher", "customer_email"], name="voucher_customer_uniq")
        ]
