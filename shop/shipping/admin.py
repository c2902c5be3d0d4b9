from django.contrib import admin

from . import models


class ShippingMethodInline(admin.TabularInline):
    model = models.ShippingMethod
    extra = 0
    fields = ("name", "type", "minimum_order_weight_grams", "maximum_order_weight_grams",
              "minimum_delivery_days", "maximum_delivery_days")
    show_change_link = True


@admin.register(models.ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "countries", "default")
    filter_horizontal = ("channels", "warehouses")
    inlines = [ShippingMethodInline]


class ShippingMethodTranslationInline(admin.StackedInline):
    model = models.ShippingMethodTranslation
    extra = 0


class ShippingMethodChannelListingInline(admin.TabularInline):
    model = models.ShippingMethodChannelListing
    extra = 0
    fields = ("channel", "currency", "price_amount", "minimum_order_price_amount",
              "maximum_order_price_amount", "free_above_amount")
    show_change_link = True


@admin.register(models.ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "shipping_zone", "maximum_order_weight_grams",
                    "minimum_delivery_days", "maximum_delivery_days")
    list_filter = ("type", "shipping_zone")
    inlines = [ShippingMethodChannelListingInline, ShippingMethodTranslationInline]


class ShippingWeightRateInline(admin.TabularInline):
    model = models.ShippingWeightRate
    extra = 0


@admin.register(models.ShippingMethodChannelListing)
class ShippingMethodChannelListingAdmin(admin.ModelAdmin):
    list_display = ("shipping_method", "channel", "price_amount", "free_above_amount")
    list_filter = ("channel",)
    inlines = [ShippingWeightRateInline]
