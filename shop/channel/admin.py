from django.contrib import admin

from .models import Channel, TaxRate


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "currency_code", "default_country", "is_active")


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ("country", "rate", "valid_from", "source")
