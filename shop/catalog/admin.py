from django.contrib import admin
from django.db import transaction

from . import models
from .services import product_channel_listings_update_discounted_price
from .tasks import update_products_search_document_task


def after_product_change(product_id: int) -> None:
    """Keep the denormalised price and search text in step with an edit made in the admin."""
    product_channel_listings_update_discounted_price(product_ids=[product_id])
    models.Product.objects.filter(pk=product_id).update(search_index_dirty=True)
    transaction.on_commit(update_products_search_document_task.delay)


class ProductTranslationInline(admin.StackedInline):
    model = models.ProductTranslation
    extra = 0


class ProductChannelListingInline(admin.TabularInline):
    model = models.ProductChannelListing
    extra = 0


class ProductVariantInline(admin.TabularInline):
    model = models.ProductVariant
    extra = 0
    fields = ("sku", "name", "track_inventory", "weight_grams")


class ProductMediaInline(admin.TabularInline):
    model = models.ProductMedia
    extra = 0
    fields = ("image", "alt", "type")


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "product_type", "category", "updated_at")
    list_filter = ("product_type", "category")
    search_fields = ("name", "slug", "search_document")
    list_select_related = ("product_type", "category")
    exclude = ("search_document", "search_index_dirty", "default_variant")
    inlines = [ProductTranslationInline, ProductChannelListingInline, ProductVariantInline, ProductMediaInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after_product_change(form.instance.pk)


class VariantListingInline(admin.TabularInline):
    model = models.ProductVariantChannelListing
    extra = 0


@admin.register(models.ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ("sku", "name", "product")
    search_fields = ("sku", "name", "product__name")
    list_select_related = ("product",)
    raw_id_fields = ("product",)
    inlines = [VariantListingInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        after_product_change(form.instance.product_id)


class CategoryTranslationInline(admin.StackedInline):
    model = models.CategoryTranslation
    extra = 0


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "level")
    search_fields = ("name", "slug")
    inlines = [CategoryTranslationInline]


class CollectionTranslationInline(admin.StackedInline):
    model = models.CollectionTranslation
    extra = 0


class CollectionListingInline(admin.TabularInline):
    model = models.CollectionChannelListing
    extra = 0


@admin.register(models.Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    inlines = [CollectionTranslationInline, CollectionListingInline]


class AttributeValueInline(admin.TabularInline):
    model = models.AttributeValue
    extra = 0
    exclude = ("sort_order",)


@admin.register(models.Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "type", "input_type", "visible_in_storefront")
    search_fields = ("name", "slug")
    inlines = [AttributeValueInline]


@admin.register(models.ProductType)
class ProductTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind")
    search_fields = ("name", "slug")
