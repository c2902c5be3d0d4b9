"""The catalog: categories, collections, product types, attributes, products and variants.

Base text (name, description, ...) is English; ``*Translation`` rows hold other
languages (Thai first of all).  Descriptions are Editor.js JSON, as Saleor's.
Prices live on channel listings and include VAT.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from shop.core.models import ModelWithMetadata, PublishableModel, SortableModel, TranslationModel


class SeoModel(models.Model):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)

    class Meta:
        abstract = True


class SeoTranslation(TranslationModel):
    seo_title = models.CharField(max_length=70, blank=True, null=True)
    seo_description = models.CharField(max_length=300, blank=True, null=True)
    slug = models.SlugField(max_length=255, null=True, blank=True, allow_unicode=True)

    class Meta:
        abstract = True


# --- Attributes -----------------------------------------------------------------


class AttributeType(models.TextChoices):
    PRODUCT_TYPE = "product-type"
    PAGE_TYPE = "page-type"


class AttributeInputType(models.TextChoices):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    PLAIN_TEXT = "plain-text"
    NUMERIC = "numeric"
    BOOLEAN = "boolean"
    SWATCH = "swatch"


class Attribute(ModelWithMetadata):
    slug = models.SlugField(max_length=250, unique=True, allow_unicode=True)
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=50, choices=AttributeType.choices, default=AttributeType.PRODUCT_TYPE)
    input_type = models.CharField(
        max_length=50, choices=AttributeInputType.choices, default=AttributeInputType.DROPDOWN
    )
    unit = models.CharField(max_length=100, blank=True, null=True)
    value_required = models.BooleanField(default=False)
    visible_in_storefront = models.BooleanField(default=True)
    external_reference = models.CharField(max_length=250, unique=True, null=True, blank=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class AttributeTranslation(TranslationModel):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=255)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attribute", "language_code"], name="attribute_tr_uniq")
        ]


class AttributeValue(SortableModel):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    value = models.CharField(max_length=100, blank=True, default="")  # swatch colour
    plain_text = models.TextField(blank=True, null=True)
    boolean = models.BooleanField(blank=True, null=True)
    external_reference = models.CharField(max_length=250, unique=True, null=True, blank=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["slug", "attribute"], name="attributevalue_slug_uniq")
        ]

    def __str__(self):
        return self.name

    def get_ordering_queryset(self):
        return self.attribute.values.all()


class AttributeValueTranslation(TranslationModel):
    attribute_value = models.ForeignKey(
        AttributeValue, on_delete=models.CASCADE, related_name="translations"
    )
    name = models.CharField(max_length=250)
    plain_text = models.TextField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attribute_value", "language_code"], name="attrvalue_tr_uniq")
        ]


# --- Categories and collections ------------------------------------------------------


class Category(ModelWithMetadata, SeoModel):
    """A node of the category tree; ``level`` is 0 at the roots."""

    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.CASCADE
    )
    level = models.PositiveIntegerField(default=0, editable=False)
    background_image = models.ImageField(upload_to="category-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("level", "name", "pk")
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 0
        super().save(*args, **kwargs)


class CategoryTranslation(SeoTranslation):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=128)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "language_code"], name="category_tr_uniq")
        ]


class Collection(ModelWithMetadata, SeoModel):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    products = models.ManyToManyField(
        "Product", blank=True, related_name="collections", through="CollectionProduct"
    )
    background_image = models.ImageField(upload_to="collection-backgrounds", blank=True, null=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class CollectionProduct(SortableModel):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="collectionproduct")
    product = models.ForeignKey("Product", on_delete=models.CASCADE, related_name="collectionproduct")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["collection", "product"], name="collectionproduct_uniq")
        ]

    def get_ordering_queryset(self):
        return self.collection.collectionproduct.all()


class CollectionChannelListing(PublishableModel):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["collection", "channel"], name="collection_listing_uniq")
        ]


class CollectionTranslation(SeoTranslation):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=128)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "language_code"], name="collection_tr_uniq")
        ]


# --- Product types, products, variants ----------------------------------------------


class ProductTypeKind(models.TextChoices):
    NORMAL = "normal"
    GIFT_CARD = "gift_card"


class ProductType(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    kind = models.CharField(max_length=32, choices=ProductTypeKind.choices, default=ProductTypeKind.NORMAL)
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)
    weight_grams = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    product_attributes = models.ManyToManyField(
        Attribute, blank=True, related_name="product_types", through="AttributeProduct"
    )
    variant_attributes = models.ManyToManyField(
        Attribute, blank=True, related_name="product_variant_types", through="AttributeVariant"
    )

    class Meta:
        ordering = ("slug",)

    def __str__(self):
        return self.name


class AttributeProduct(SortableModel):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="attributeproduct")
    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="attributeproduct")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["attribute", "product_type"], name="attributeproduct_uniq")
        ]

    def get_ordering_queryset(self):
        return self.product_type.attributeproduct.all()


class AttributeVariant(SortableModel):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="attributevariant")
    product_type = models.ForeignKey(ProductType, on_delete=models.CASCADE, related_name="attributevariant")
    variant_selection = models.BooleanField(default=False)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(fields=["attribute", "product_type"], name="attributevariant_uniq")
        ]

    def get_ordering_queryset(self):
        return self.product_type.attributevariant.all()


class Product(ModelWithMetadata, SeoModel):
    product_type = models.ForeignKey(ProductType, related_name="products", on_delete=models.PROTECT)
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    description = models.JSONField(blank=True, null=True)
    description_plaintext = models.TextField(blank=True, default="")
    # Everything a shopper might type to find the product, in every language:
    # names, descriptions, SKUs, attribute values.  Searched with ILIKE over a
    # trigram index, which suits Thai (no spaces between words).
    search_document = models.TextField(blank=True, default="")
    search_index_dirty = models.BooleanField(default=True, db_index=True)
    category = models.ForeignKey(
        Category, related_name="products", on_delete=models.SET_NULL, null=True, blank=True
    )
    weight_grams = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    default_variant = models.OneToOneField(
        "ProductVariant", blank=True, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.FloatField(null=True, blank=True)
    external_reference = models.CharField(max_length=250, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("slug",)
        indexes = [
            GinIndex(
                name="product_search_trgm",
                fields=["search_document"],
                opclasses=["gin_trgm_ops"],
            ),
            models.Index(fields=["name", "slug"], name="product_name_slug_idx"),
        ]

    def __str__(self):
        return self.name


class ProductTranslation(SeoTranslation):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=250)
    description = models.JSONField(blank=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product", "language_code"], name="product_tr_uniq")
        ]


class ProductChannelListing(PublishableModel):
    """A product in a channel.  ``discounted_price_amount`` is the cheapest variant's
    selling price there (VAT included), kept for sorting and price filters."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="product_listings")
    visible_in_listings = models.BooleanField(default=True)
    available_for_purchase_at = models.DateTimeField(blank=True, null=True)
    currency = models.CharField(max_length=3)
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["product", "channel"], name="product_listing_uniq")
        ]
        indexes = [models.Index(fields=["channel", "is_published", "published_at"], name="plisting_pub_idx")]

    def is_available_for_purchase(self) -> bool:
        return self.available_for_purchase_at is not None and timezone.now() >= self.available_for_purchase_at


class ProductVariant(ModelWithMetadata, SortableModel):
    sku = models.CharField(max_length=255, unique=True, null=True, blank=True)
    name = models.CharField(max_length=255, blank=True)
    product = models.ForeignKey(Product, related_name="variants", on_delete=models.CASCADE)
    track_inventory = models.BooleanField(default=True)
    quantity_limit_per_customer = models.IntegerField(blank=True, null=True)
    weight_grams = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    external_reference = models.CharField(max_length=250, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ("sort_order", "sku", "pk")

    def __str__(self):
        return self.name or self.sku or f"ID:{self.pk}"

    def get_ordering_queryset(self):
        return self.product.variants.all()


class ProductVariantTranslation(TranslationModel):
    product_variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["product_variant", "language_code"], name="variant_tr_uniq")
        ]


class ProductVariantChannelListing(models.Model):
    """A variant's price in a channel, VAT included.  ``discounted_price_amount`` is
    what the shopper pays (equal to ``price_amount`` unless on sale)."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="channel_listings")
    channel = models.ForeignKey("channel.Channel", on_delete=models.CASCADE, related_name="variant_listings")
    currency = models.CharField(max_length=3)
    price_amount = models.DecimalField(max_digits=20, decimal_places=3)
    discounted_price_amount = models.DecimalField(max_digits=20, decimal_places=3)
    cost_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)
    prior_price_amount = models.DecimalField(max_digits=20, decimal_places=3, blank=True, null=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["variant", "channel"], name="variant_listing_uniq"),
            models.CheckConstraint(condition=models.Q(price_amount__gte=0), name="variant_price_gte_0"),
            models.CheckConstraint(
                condition=models.Q(discounted_price_amount__gte=0)
                & models.Q(discounted_price_amount__lte=models.F("price_amount")),
                name="variant_discount_within_price",
            ),
        ]


# --- Media -------------------------------------------------------------------------


class ProductMediaTypes(models.TextChoices):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ProductMedia(ModelWithMetadata, SortableModel):
    product = models.ForeignKey(Product, related_name="media", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="products", blank=True, null=True)
    alt = models.CharField(max_length=250, blank=True)
    type = models.CharField(max_length=32, choices=ProductMediaTypes.choices, default=ProductMediaTypes.IMAGE)
    external_url = models.CharField(max_length=256, blank=True, null=True)
    oembed_data = models.JSONField(blank=True, default=dict)
    variants = models.ManyToManyField(ProductVariant, related_name="media", blank=True, through="VariantMedia")

    class Meta:
        ordering = ("sort_order", "pk")

    def get_ordering_queryset(self):
        return self.product.media.all()


class VariantMedia(models.Model):
    variant = models.ForeignKey(ProductVariant, related_name="variant_media", on_delete=models.CASCADE)
    media = models.ForeignKey(ProductMedia, related_name="variant_media", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "media"], name="variantmedia_uniq")]


# --- Assigned attribute values ---------------------------------------------------------


class AssignedProductAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="productvalueassignment")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attributevalues")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["value", "product"], name="product_value_uniq")]

    def get_ordering_queryset(self):
        return self.product.attributevalues.all()


class AssignedVariantAttributeValue(SortableModel):
    value = models.ForeignKey(AttributeValue, on_delete=models.CASCADE, related_name="variantvalueassignment")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="attributevalues")

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [models.UniqueConstraint(fields=["value", "variant"], name="variant_value_uniq")]

    def get_ordering_queryset(self):
        return self.variant.attributevalues.all()
