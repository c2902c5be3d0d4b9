from django.db import models

from shop.core.models import ModelWithMetadata


class Channel(ModelWithMetadata):
    """A sales channel: one currency, one default country, its own prices and stock."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    is_active = models.BooleanField(default=False)
    currency_code = models.CharField(max_length=3)
    default_country = models.CharField(max_length=2, default="TH")
    # Prices entered and shown include VAT (Thai consumer prices must).
    prices_entered_with_tax = models.BooleanField(default=True)
    display_gross_prices = models.BooleanField(default=True)
    # Checkout lines hold their stock this long (minutes); None turns reservations off.
    reserve_stock_duration_minutes = models.PositiveIntegerField(null=True, blank=True, default=15)
    # Orders may be placed before payment (bank transfer, cash on delivery).
    allow_unpaid_orders = models.BooleanField(default=False)
    automatically_confirm_all_new_orders = models.BooleanField(default=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.slug


class TaxRate(models.Model):
    """A dated VAT rate for a country.  Rates are data, not code.

    The rate in force on a date is the one with the latest ``valid_from`` not after it.
    """

    country = models.CharField(max_length=2)
    rate = models.DecimalField(max_digits=6, decimal_places=4, help_text="Percent, e.g. 7.0000")
    valid_from = models.DateField()
    source = models.CharField(max_length=500)

    class Meta:
        ordering = ("country", "-valid_from")
        constraints = [
            models.UniqueConstraint(fields=["country", "valid_from"], name="taxrate_country_date_uniq")
        ]

    def __str__(self):
        return f"{self.country} {self.rate}% from {self.valid_from}"

    def save(self, *args, **kwargs):
        from shop.core.taxes import vat_rates_forget

        super().save(*args, **kwargs)
        vat_rates_forget()

    def delete(self, *args, **kwargs):
        from shop.core.taxes import vat_rates_forget

        result = super().delete(*args, **kwargs)
        vat_rates_forget()
        return result
