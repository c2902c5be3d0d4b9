from django.contrib import admin

from .models import Stock, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "email")
    search_fields = ("name", "slug")


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ("product_variant", "warehouse", "quantity", "quantity_allocated")
    list_select_related = ("product_variant", "warehouse")
    raw_id_fields = ("product_variant",)
    list_filter = ("warehouse",)
