from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from shop.account.models import Address
from shop.core.models import ModelWithMetadata


class ClickAndCollectOption(models.TextChoices):
    DISABLED = "disabled"
    LOCAL = "local"
    ALL = "all"


class Warehouse(ModelWithMetadata):
    """A place that holds stock.  Each producer group owns one (cooperatives/ links them)."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    email = models.EmailField(blank=True, default="")
    address = models.ForeignKey(Address, on_delete=models.PROTECT)
    channels = models.ManyToManyField("channel.Channel", related_name="warehouses", blank=True)
    is_private = models.BooleanField(default=True)
    click_and_collect_option = models.CharField(
        max_length=30, choices=ClickAndCollectOption.choices, default=ClickAndCollectOption.DISABLED
    )
    external_reference = models.CharField(max_length=250, unique=True, null=True, blank=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class Stock(models.Model):
    """Units of one variant in one warehouse.

    ``quantity_allocated`` counts units promised to orders; available = quantity - allocated.
    The database refuses negative quantities and over-allocation.
    """

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks")
    product_variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="stocks"
    )
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_wh_variant_uniq"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_quantity_gte_0"),
            models.CheckConstraint(
                condition=Q(quantity_allocated__gte=0) & Q(quantity_allocated__lte=F("quantity")),
                name="stock_allocated_within_quantity",
            ),
        ]

    def __str__(self):
        return f"{self.product_variant_id}@{self.warehouse_id}: {self.quantity}"

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)


class Reservation(models.Model):
    """Units of a stock held for a checkout line until ``reserved_until``.

    Active reservations of other checkouts count as unavailable when a line is
    added or an order is placed; expired ones count for nothing.
    """

    checkout_line = models.ForeignKey("checkout.CheckoutLine", related_name="reservations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="reservations", on_delete=models.CASCADE)
    quantity_reserved = models.PositiveIntegerField(default=0)
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["checkout_line", "stock"], name="reservation_line_stock_uniq")
        ]


class Allocation(models.Model):
    """Units of a stock promised to an order line (counted in ``Stock.quantity_allocated``)."""

    order_line = models.ForeignKey("order.OrderLine", related_name="allocations", on_delete=models.CASCADE)
    stock = models.ForeignKey(Stock, related_name="allocations", on_delete=models.CASCADE)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["order_line", "stock"], name="allocation_line_stock_uniq")
        ]
