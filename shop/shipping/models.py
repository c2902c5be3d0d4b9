"""Shipping zones, methods and their per-channel prices, with Saleor's names.

A ``ShippingZone`` is a set of countries served in some channels.  A
``ShippingMethod`` belongs to one zone and is either ``WEIGHT``-based (offered
when the cart's weight is within its limits, priced by the weight brackets of
its channel listing) or ``PRICE``-based (offered when the subtotal is within
the listing's limits, flat price).  Prices include VAT, like every price a
Thai shopper sees.  See docs/decisions/0005-shipping-rates.md.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from shop.core.models import ModelWithMetadata, TranslationModel


class ShippingMethodType(models.TextChoices):
    PRICE = "price", "Price based shipping"
    WEIGHT = "weight", "Weight based shipping"


class ShippingZone(ModelWithMetadata):
    """Countries served together.  ``warehouses`` (the producer groups' stores that ship
    into the zone) is informational for now: every group ships nationwide."""

    name = models.CharField(max_length=100)
    countries = ArrayField(models.CharField(max_length=2), default=list, blank=True)
    default = models.BooleanField(default=False, help_text="Serves countries no other zone lists.")
    description = models.TextField(blank=True)
    channels = models.ManyToManyField("channel.Channel", related_name="shipping_zones", blank=True)
    warehouses = models.ManyToManyField("warehouse.Warehouse", related_name="shipping_zones", blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self):
        return self.name


class ShippingMethod(ModelWithMetadata):
    """One way of delivering, e.g. Thailand Post EMS.

    Weight limits apply to ``WEIGHT`` methods, order-price limits (on the channel
    listing) to ``PRICE`` methods, as in Saleor.  Weights are grams.
    """

    name = models.CharField(max_length=100)
    type = models.CharField(max_length=30, choices=ShippingMethodType.choices)
    shipping_zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="shipping_methods")
    minimum_order_weight_grams = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True, default=0)
    maximum_order_weight_grams = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    minimum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    maximum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    description = models.JSONField(blank=True, null=True, help_text="Editor.js document.")

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum_order_weight_grams__isnull=True)
                | Q(minimum_order_weight_grams__isnull=True)
                | Q(maximum_order_weight_grams__gte=models.F("minimum_order_weight_grams")),
                name="shippingmethod_weight_range",
            ),
            models.CheckConstraint(
                condition=Q(maximum_delivery_days__isnull=True)
                | Q(minimum_delivery_days__isnull=True)
                | Q(maximum_delivery_days__gte=models.F("minimum_delivery_days")),
                name="shippingmethod_days_range",
            ),
        ]

    def __str__(self):
        return self.name


class ShippingMethodTranslation(TranslationModel):
    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=255, blank=True, null=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language_code", "shipping_method"], name="shippingmethod_tr_uniq")
        ]

    def __str__(self):
        return f"{self.shipping_method} ({self.language_code})"


class ShippingMethodChannelListing(models.Model):
    """A method's price in one channel, VAT included.

    * ``price_amount``: the flat price, or for a weight-based method with brackets
      the price of the lightest bracket (what Saleor's ``channelListings.price`` shows).
    * ``minimum_order_price_amount`` / ``maximum_order_price_amount``: the subtotal
      range a ``PRICE`` method is offered in.
    * ``free_above_amount``: from this subtotal (VAT included) on, the method costs 0
      in this channel; ``None``: never free.
    """

    shipping_method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="shipping_method_listings")
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    minimum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, default=0, blank=True, null=True)
    maximum_order_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    free_above_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["shipping_method", "channel"], name="shippingmethod_channel_uniq"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="shippinglisting_price_gte_0"),
            models.CheckConstraint(
                condition=Q(free_above_amount__isnull=True) | Q(free_above_amount__gte=0),
                name="shippinglisting_free_above_gte_0",
            ),
        ]

    def __str__(self):
        return f"{self.shipping_method} in {self.channel}: {self.price_amount} {self.currency}"


class ShippingWeightRate(models.Model):
    """One weight bracket of a channel listing: parcels up to ``up_to_grams`` cost ``price_amount``.

    A weight is priced by the lightest bracket that holds it; a parcel heavier than
    the heaviest bracket is not accepted by the method.
    """

    channel_listing = models.ForeignKey(
        ShippingMethodChannelListing, on_delete=models.CASCADE, related_name="weight_rates"
    )
    up_to_grams = models.DecimalField(max_digits=12, decimal_places=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3)

    class Meta:
        ordering = ("channel_listing", "up_to_grams")
        constraints = [
            models.UniqueConstraint(fields=["channel_listing", "up_to_grams"], name="shippingrate_bracket_uniq"),
            models.CheckConstraint(condition=Q(up_to_grams__gt=0), name="shippingrate_weight_gt_0"),
            models.CheckConstraint(condition=Q(price_amount__gte=0), name="shippingrate_price_gte_0"),
        ]

    def __str__(self):
        return f"≤ {self.up_to_grams} g: {self.price_amount}"
