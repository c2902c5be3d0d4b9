from __future__ import annotations

import graphene
from prices import Money as PricesMoney

from shop.catalog import models
from shop.catalog.pricing import product_pricing, variant_pricing
from shop.catalog.selectors import variant_quantity_limit

from ...channel.types import channel_vat_rate
from ...core.batching import batch_of
from ...core.context import is_staff
from ...core.errors import PermissionDenied
from ...core.ids import from_global_id_or_error
from ...core.translations import TranslationType, load_translation, translation_field
from ...core.types import Image, Money, ObjectWithMetadata, ThumbnailFormatEnum, Weight
from .. import loaders
from .assigned_attributes import ObjectWithAttributes, assigned_attributes
from .attributes import Attribute, SelectedAttribute, selected_attributes
from .media import MediaSortingInput, ProductMedia
from .pricing import ProductPricingInfo, VariantPricingInfo


class ProductTypeKindEnum(graphene.Enum):
    NORMAL = "normal"
    GIFT_CARD = "gift_card"


class VariantAttributeScope(graphene.Enum):
    ALL = "all"
    VARIANT_SELECTION = "variant_selection"
    NOT_VARIANT_SELECTION = "not_variant_selection"


def _require_staff(info):
    if not is_staff(info):
        raise PermissionDenied()


def _channel_slug(root):
    channel = batch_of(root).channel
    return channel.slug if channel else None


class ProductType(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)
    weight = graphene.Field(Weight)
    kind = graphene.Field(ProductTypeKindEnum, required=True, description="The product type kind.")
    product_attributes = graphene.List(graphene.NonNull(Attribute), description="Product attributes of that product type.")
    variant_attributes = graphene.List(
        graphene.NonNull(Attribute), variant_selection=graphene.Argument(VariantAttributeScope),
        description="Variant attributes of that product type.",
    )

    class Meta:
        description = "Represents a type of product. It defines what attributes are available to products of this type."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_weight(root, _info):
        return Weight.from_grams(root.weight_grams)

    @staticmethod
    def resolve_product_attributes(root, _info):
        return [row.attribute for row in root.attributeproduct.select_related("attribute")]

    @staticmethod
    def resolve_variant_attributes(root, _info, variant_selection=None):
        rows = root.attributevariant.select_related("attribute")
        if variant_selection == "variant_selection":
            rows = rows.filter(variant_selection=True)
        elif variant_selection == "not_variant_selection":
            rows = rows.filter(variant_selection=False)
        return [row.attribute for row in rows]


class ProductTranslation(TranslationType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString(description="Translated description of the product (Editor.js JSON).")

    class Meta:
        interfaces = (graphene.relay.Node,)


class ProductVariantTranslation(TranslationType):
    name = graphene.String(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


class ProductChannelListing(graphene.ObjectType):
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("shop.graphql.channel.types.Channel", required=True)
    visible_in_listings = graphene.Boolean(required=True)
    available_for_purchase_at = graphene.DateTime()
    discounted_price = graphene.Field(Money)
    is_available_for_purchase = graphene.Boolean()

    class Meta:
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_discounted_price(root, _info):
        if root.discounted_price_amount is None:
            return None
        return PricesMoney(root.discounted_price_amount, root.currency)

    @staticmethod
    def resolve_is_available_for_purchase(root, _info):
        return loaders.listing_available_for_purchase(root)


class ProductVariantChannelListing(graphene.ObjectType):
    channel = graphene.Field("shop.graphql.channel.types.Channel", required=True)
    price = graphene.Field(Money)
    cost_price = graphene.Field(Money)
    prior_price = graphene.Field(Money)

    class Meta:
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_price(root, _info):
        return PricesMoney(root.price_amount, root.currency)

    @staticmethod
    def resolve_cost_price(root, _info):
        return PricesMoney(root.cost_price_amount, root.currency) if root.cost_price_amount is not None else None

    @staticmethod
    def resolve_prior_price(root, _info):
        return PricesMoney(root.prior_price_amount, root.currency) if root.prior_price_amount is not None else None


class ProductVariant(graphene.ObjectType):
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    weight = graphene.Field(Weight)
    channel = graphene.String(description="Channel given to retrieve this product variant.")
    channel_listings = graphene.List(graphene.NonNull(ProductVariantChannelListing), description="Staff only.")
    pricing = graphene.Field(VariantPricingInfo, description="Pricing in the channel, VAT included.")
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute), required=True,
        variant_selection=graphene.Argument(VariantAttributeScope),
        description="List of attributes assigned to this variant.",
    )
    media = graphene.List(graphene.NonNull(ProductMedia), description="List of media for the product variant.")
    translation = translation_field(ProductVariantTranslation, "Returns translated product variant fields for the given language code.")
    stocks = graphene.List(graphene.NonNull("shop.graphql.warehouse.types.Stock"), description="Stocks for the product variant. Staff only.")
    quantity_available = graphene.Int(description="Quantity of a product available for sale in the channel.")
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    external_reference = graphene.String()

    class Meta:
        description = "Represents a version of a product such as different size or color."
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        attributes, values = loaders.variant_attributes(root, None)
        return assigned_attributes(attributes, values, info, limit=limit)

    @staticmethod
    def resolve_assigned_attribute(root, info, *, slug):
        return next((a for a in ProductVariant.resolve_assigned_attributes(root, info) if a.attribute.slug == slug), None)

    @staticmethod
    def resolve_name(root, _info):
        return root.name or ""

    @staticmethod
    def resolve_product(root, _info):
        batch_of(root).related_one("product", "product")
        return root.product

    @staticmethod
    def resolve_weight(root, _info):
        return Weight.from_grams(root.weight_grams)

    @staticmethod
    def resolve_channel(root, _info):
        return _channel_slug(root)

    @staticmethod
    def resolve_channel_listings(root, info):
        _require_staff(info)
        return list(root.channel_listings.select_related("channel"))

    @staticmethod
    def resolve_pricing(root, info):
        listing = loaders.variant_listing(root)
        if listing is None:
            return None
        pricing = variant_pricing(listing, channel_vat_rate(info, batch_of(root).channel))
        return VariantPricingInfo(
            on_sale=pricing.on_sale, discount=pricing.discount, price=pricing.price,
            price_undiscounted=pricing.price_undiscounted, price_prior=pricing.price_prior,
        )

    @staticmethod
    def resolve_attributes(root, _info, variant_selection=None):
        attributes, values = loaders.variant_attributes(root, variant_selection)
        return selected_attributes(attributes, values, _info)

    @staticmethod
    def resolve_media(root, _info):
        return loaders.variant_media(root)

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)

    @staticmethod
    def resolve_stocks(root, info):
        _require_staff(info)
        stocks = root.stocks.select_related("warehouse__address")
        channel = batch_of(root).channel
        if channel is not None:
            stocks = stocks.filter(warehouse__channels=channel)
        return list(stocks)

    @staticmethod
    def resolve_quantity_available(root, _info):
        if batch_of(root).channel is None:
            return None
        if not root.track_inventory:
            made_to_order = loaders.variant_made_to_order_available(root)
            if made_to_order is not None:
                return min(made_to_order, variant_quantity_limit(0, track_inventory=False))
        available = loaders.variant_quantity_available(root)
        return variant_quantity_limit(available, track_inventory=root.track_inventory)

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at


class Product(graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the product (Editor.js JSON).")
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field("shop.graphql.catalog.types.categories.Category")
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    weight = graphene.Field(Weight)
    default_variant = graphene.Field(ProductVariant)
    rating = graphene.Float()
    channel = graphene.String(description="Channel given to retrieve this product.")
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(description="Size of the image. If not supplied, the original image is returned."),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="original", description="The format of the image."),
        description="The main thumbnail for a product.",
    )
    pricing = graphene.Field(ProductPricingInfo, description="Lists the storefront product's pricing, VAT included.")
    is_available = graphene.Boolean(description="Whether the product is in stock, set as available for purchase in the channel, and published.")
    attribute = graphene.Field(SelectedAttribute, slug=graphene.String(required=True), description="Get a single attribute attached to product by attribute slug.")
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True, description="List of attributes assigned to this product.")
    channel_listings = graphene.List(graphene.NonNull(ProductChannelListing), description="List of availability in channels for the product. Staff only.")
    media_by_id = graphene.Field(ProductMedia, id=graphene.ID(required=True), description="Get a single product media by ID.")
    variants = graphene.List(graphene.NonNull(ProductVariant), description="List of variants for the product.")
    media = graphene.List(graphene.NonNull(ProductMedia), sort_by=graphene.Argument(MediaSortingInput), description="List of media for the product.")
    collections = graphene.List(graphene.NonNull("shop.graphql.catalog.types.categories.Collection"), description="List of collections for the product.")
    translation = translation_field(ProductTranslation, "Returns translated product fields for the given language code.")
    available_for_purchase_at = graphene.DateTime(description="Date when product is available for purchase.")
    is_available_for_purchase = graphene.Boolean(description="Whether the product is available for purchase.")
    external_reference = graphene.String()

    class Meta:
        description = "Represents an individual item for sale in the storefront."
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        attributes, values = loaders.product_attributes(root)
        return assigned_attributes(attributes, values, info, limit=limit)

    @staticmethod
    def resolve_assigned_attribute(root, info, *, slug):
        return next((a for a in Product.resolve_assigned_attributes(root, info) if a.attribute.slug == slug), None)

    @staticmethod
    def resolve_product_type(root, _info):
        batch_of(root).related_one("product_type", "product_type")
        return root.product_type

    @staticmethod
    def resolve_category(root, _info):
        batch_of(root).related_one("category", "category")
        return root.category

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_weight(root, _info):
        return Weight.from_grams(root.weight_grams)

    @staticmethod
    def resolve_default_variant(root, info):
        variants = loaders.product_variants(root, info)
        return next((v for v in variants if v.pk == root.default_variant_id), variants[0] if variants else None)

    @staticmethod
    def resolve_channel(root, _info):
        return _channel_slug(root)

    @staticmethod
    def resolve_thumbnail(root, info, *, size=None, format=None):
        media = loaders.product_media(root)
        if not media:
            return None

        def first_image(product):
            items = [m for m in loaders.product_media(product) if m.image]
            return items[0].image.name if items else None

        url = loaders.image_urls(root, info, first_image, size, format, "product-thumbnail")
        return Image(url=url, alt=media[0].alt or root.name) if url else None

    @staticmethod
    def resolve_pricing(root, info):
        channel = batch_of(root).channel
        if channel is None:
            return None
        pricing = product_pricing(loaders.product_variant_listings(root), channel_vat_rate(info, channel))
        if pricing is None:
            return None
        return ProductPricingInfo(
            on_sale=pricing.on_sale, discount=pricing.discount, display_gross_prices=channel.display_gross_prices,
            price_range=pricing.price_range, price_range_undiscounted=pricing.price_range_undiscounted,
            price_range_prior=pricing.price_range_prior,
        )

    @staticmethod
    def resolve_is_available(root, _info):
        listing = loaders.product_listing(root)
        if not loaders.listing_available_for_purchase(listing) or not listing.is_published:
            return False
        return loaders.product_quantity_available(root) > 0

    @staticmethod
    def resolve_attributes(root, info):
        attributes, values = loaders.product_attributes(root)
        return selected_attributes(attributes, values, info)

    @staticmethod
    def resolve_attribute(root, info, *, slug):
        return next((a for a in Product.resolve_attributes(root, info) if a.attribute.slug == slug), None)

    @staticmethod
    def resolve_channel_listings(root, info):
        _require_staff(info)
        return list(root.channel_listings.select_related("channel"))

    @staticmethod
    def resolve_media_by_id(root, _info, *, id):
        pk = from_global_id_or_error(id, "ProductMedia")
        return next((m for m in loaders.product_media(root) if m.pk == pk), None)

    @staticmethod
    def resolve_variants(root, info):
        return loaders.product_variants(root, info)

    @staticmethod
    def resolve_media(root, _info, sort_by=None):
        media = loaders.product_media(root)
        if sort_by is not None:
            media = sorted(media, key=lambda m: m.pk, reverse=sort_by.direction == "desc")
        return media

    @staticmethod
    def resolve_collections(root, info):
        return loaders.product_collections(root, info)

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)

    @staticmethod
    def resolve_available_for_purchase_at(root, _info):
        listing = loaders.product_listing(root)
        return listing.available_for_purchase_at if listing else None

    @staticmethod
    def resolve_is_available_for_purchase(root, _info):
        return loaders.listing_available_for_purchase(loaders.product_listing(root))


__all__ = ["Product", "ProductVariant", "ProductType", "models"]
