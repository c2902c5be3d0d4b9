from __future__ import annotations

import graphene
from django.db.models import Count, Q

from shop.catalog import models, selectors

from ..channel.types import resolve_channel
from ..core.batching import new_batch
from ..core.connection import ConnectionField, paginate
from ..core.context import is_staff
from ..core.errors import InvalidArgument
from ..core.filters import ids_where_q, metadata_q
from ..core.ids import from_global_id_or_error, pks_from_global_ids
from ..core.types import (
    DateTimeRangeInput,
    LanguageCodeEnum,
    MetadataFilter,
    OrderDirection,
    StringFilterInput,
    language_code_to_django,
)
from .filters import ProductFilterInput, ProductOrder, ProductWhereInput
from .products_query import resolve_products
from .types.categories import Category, Collection
from .types.products import Product, ProductVariant


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    updated_at = graphene.Field(DateTimeRangeInput)


class CategoryWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CategoryWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: CategoryWhereInput), name="OR")


class CategorySortField(graphene.Enum):
    NAME = "name"
    PRODUCT_COUNT = "product_count"
    SUBCATEGORY_COUNT = "subcategory_count"


class CategorySortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CategorySortField, required=True)


class CollectionPublished(graphene.Enum):
    PUBLISHED = "published"
    HIDDEN = "hidden"


class CollectionFilterInput(graphene.InputObjectType):
    published = graphene.Field(CollectionPublished)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class CollectionWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    AND = graphene.List(graphene.NonNull(lambda: CollectionWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: CollectionWhereInput), name="OR")


class CollectionSortField(graphene.Enum):
    NAME = "name"
    AVAILABILITY = "availability"
    PRODUCT_COUNT = "product_count"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"


class CollectionSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    field = graphene.Field(CollectionSortField, required=True)


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    updated_at = graphene.Field(DateTimeRangeInput)


class ProductVariantWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    sku = graphene.Field(StringFilterInput)
    updated_at = graphene.Field(DateTimeRangeInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: ProductVariantWhereInput), name="OR")


class ProductVariantSortField(graphene.Enum):
    LAST_MODIFIED_AT = "last_modified_at"


class ProductVariantSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(ProductVariantSortField, required=True)


def _by_id_or_slug(qs, *, id, slug, type_name, slug_language_code=None, translation_model=None):
    if (id is None) == (slug is None):
        raise InvalidArgument("Provide exactly one of `id` or `slug`.", field="id")
    if id is not None:
        return qs.filter(pk=from_global_id_or_error(id, type_name)).first()
    if slug_language_code and translation_model is not None:
        owner = translation_model.objects.filter(
            slug=slug, language_code=language_code_to_django(slug_language_code)
        ).values_list(translation_model._meta.get_field(type_name.lower()).attname, flat=True)
        return qs.filter(pk__in=owner).first()
    return qs.filter(slug=slug).first()


class CatalogQueries(graphene.ObjectType):
    products = ConnectionField(
        Product,
        filter=graphene.Argument(ProductFilterInput, deprecation_reason="Use `where` filter instead."),
        where=graphene.Argument(ProductWhereInput),
        sort_by=graphene.Argument(ProductOrder),
        search=graphene.String(description="Search products by name, description, SKU and attributes (Thai or English)."),
        channel=graphene.String(description="Slug of a channel for which the data should be returned."),
        description="List of the shop's products.",
    )
    product = graphene.Field(
        Product, id=graphene.ID(), slug=graphene.String(), slug_language_code=graphene.Argument(LanguageCodeEnum),
        external_reference=graphene.String(), channel=graphene.String(),
        description="Look up a product by ID, slug or external reference.",
    )
    product_variant = graphene.Field(
        ProductVariant, id=graphene.ID(), sku=graphene.String(), external_reference=graphene.String(),
        channel=graphene.String(), description="Look up a product variant by ID, SKU or external reference.",
    )
    product_variants = ConnectionField(
        ProductVariant,
        ids=graphene.List(graphene.NonNull(graphene.ID)),
        channel=graphene.String(),
        filter=graphene.Argument(ProductVariantFilterInput, deprecation_reason="Use `where` filter instead."),
        where=graphene.Argument(ProductVariantWhereInput),
        search=graphene.String(),
        sort_by=graphene.Argument(ProductVariantSortingInput),
        description="List of product variants.",
    )
    categories = ConnectionField(
        Category,
        filter=graphene.Argument(CategoryFilterInput),
        where=graphene.Argument(CategoryWhereInput),
        sort_by=graphene.Argument(CategorySortingInput),
        level=graphene.Int(description="Filter categories by the nesting level in the category tree."),
        description="List of the shop's categories.",
    )
    category = graphene.Field(
        Category, id=graphene.ID(), slug=graphene.String(), slug_language_code=graphene.Argument(LanguageCodeEnum),
        description="Look up a category by ID or slug.",
    )
    collections = ConnectionField(
        Collection,
        filter=graphene.Argument(CollectionFilterInput),
        where=graphene.Argument(CollectionWhereInput),
        sort_by=graphene.Argument(CollectionSortingInput),
        channel=graphene.String(),
        description="List of the shop's collections.",
    )
    collection = graphene.Field(
        Collection, id=graphene.ID(), slug=graphene.String(), slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(), description="Look up a collection by ID or slug.",
    )

    @staticmethod
    def resolve_products(_root, info, channel=None, **kwargs):
        return resolve_products(info, channel=resolve_channel(info, channel), **kwargs)

    @staticmethod
    def resolve_product(_root, info, id=None, slug=None, slug_language_code=None, external_reference=None, channel=None):
        channel_obj = resolve_channel(info, channel)
        qs = selectors.products_visible(channel=channel_obj, staff=is_staff(info))
        if external_reference is not None and id is None and slug is None:
            product = qs.filter(external_reference=external_reference).first()
        else:
            product = _by_id_or_slug(
                qs, id=id, slug=slug, type_name="Product", slug_language_code=slug_language_code,
                translation_model=models.ProductTranslation,
            )
        return new_batch([product], info, channel=channel_obj)[0] if product else None

    @staticmethod
    def resolve_product_variant(_root, info, id=None, sku=None, external_reference=None, channel=None):
        channel_obj = resolve_channel(info, channel)
        products = selectors.products_visible(channel=channel_obj, staff=is_staff(info))
        variants = models.ProductVariant.objects.filter(product__in=products)
        if not is_staff(info):
            variants = variants.filter(channel_listings__channel=channel_obj)
        if [id, sku, external_reference].count(None) != 2:
            raise InvalidArgument("Provide exactly one of `id`, `sku` or `externalReference`.", field="id")
        if id is not None:
            variant = variants.filter(pk=from_global_id_or_error(id, "ProductVariant")).first()
        elif sku is not None:
            variant = variants.filter(sku=sku).first()
        else:
            variant = variants.filter(external_reference=external_reference).first()
        if variant is None:
            return None
        new_batch([variant.product], info, channel=channel_obj)
        return new_batch([variant], info, channel=channel_obj)[0]

    @staticmethod
    def resolve_product_variants(_root, info, ids=None, channel=None, filter=None, where=None, search=None, sort_by=None, **page):
        channel_obj = resolve_channel(info, channel)
        products = selectors.products_in_listings(channel=channel_obj, staff=is_staff(info))
        qs = models.ProductVariant.objects.filter(product__in=products)
        if not is_staff(info):
            qs = qs.filter(channel_listings__channel=channel_obj)
        if ids:
            qs = qs.filter(pk__in=pks_from_global_ids(ids, "ProductVariant"))
        filter = filter or {}
        if filter.get("sku"):
            qs = qs.filter(sku__in=filter["sku"])
        if filter.get("metadata"):
            qs = qs.filter(metadata_q(filter["metadata"]))
        if filter.get("updated_at"):
            qs = qs.filter(**{f"updated_at__{k}": v for k, v in filter["updated_at"].items() if v is not None})
        text = search or filter.get("search")
        if text:
            qs = qs.filter(Q(sku__icontains=text) | Q(name__icontains=text) | Q(product__search_document__icontains=text.lower()))
        if where:
            qs = qs.filter(ids_where_q(where, "ProductVariant"))
            if where.get("sku"):
                sku = where["sku"]
                qs = qs.filter(sku=sku["eq"]) if sku.get("eq") is not None else qs.filter(sku__in=sku.get("one_of") or [])
        fields = ["updated_at"] if sort_by else ["sort_order", "sku"]
        qs = qs.select_related("product")
        result = paginate(qs, info, sort_fields=fields, descending=bool(sort_by and sort_by["direction"] == "desc"),
                          name="productVariants", channel=channel_obj, **page)
        new_batch([e.node.product for e in result.edges], info, channel=channel_obj)
        return result

    @staticmethod
    def resolve_categories(_root, info, filter=None, where=None, sort_by=None, level=None, **page):
        qs = models.Category.objects.all()
        if level is not None:
            qs = qs.filter(level=level)
        filter = filter or {}
        if filter.get("search"):
            text = filter["search"]
            qs = qs.filter(Q(name__icontains=text) | Q(slug__icontains=text) | Q(translations__name__icontains=text)).distinct()
        if filter.get("ids"):
            qs = qs.filter(pk__in=pks_from_global_ids(filter["ids"], "Category"))
        if filter.get("slugs"):
            qs = qs.filter(slug__in=filter["slugs"])
        if filter.get("metadata"):
            qs = qs.filter(metadata_q(filter["metadata"]))
        if filter.get("updated_at"):
            qs = qs.filter(**{f"updated_at__{k}": v for k, v in filter["updated_at"].items() if v is not None})
        if where:
            qs = qs.filter(ids_where_q(where, "Category"))
        fields, descending = ["name", "slug"], False
        if sort_by:
            descending = sort_by["direction"] == "desc"
            if sort_by["field"] == "product_count":
                qs, fields = qs.annotate(sort_count=Count("products", distinct=True)), ["sort_count", "slug"]
            elif sort_by["field"] == "subcategory_count":
                qs, fields = qs.annotate(sort_count=Count("children", distinct=True)), ["sort_count", "slug"]
        return paginate(qs, info, sort_fields=fields, descending=descending, name="categories", **page)

    @staticmethod
    def resolve_category(_root, info, id=None, slug=None, slug_language_code=None):
        category = _by_id_or_slug(
            models.Category.objects.all(), id=id, slug=slug, type_name="Category",
            slug_language_code=slug_language_code, translation_model=models.CategoryTranslation,
        )
        return new_batch([category], info)[0] if category else None

    @staticmethod
    def resolve_collections(_root, info, filter=None, where=None, sort_by=None, channel=None, **page):
        channel_obj = resolve_channel(info, channel)
        qs = selectors.collections_visible(channel=channel_obj, staff=is_staff(info))
        filter = filter or {}
        if filter.get("search"):
            text = filter["search"]
            qs = qs.filter(Q(name__icontains=text) | Q(slug__icontains=text) | Q(translations__name__icontains=text)).distinct()
        if filter.get("ids"):
            qs = qs.filter(pk__in=pks_from_global_ids(filter["ids"], "Collection"))
        if filter.get("slugs"):
            qs = qs.filter(slug__in=filter["slugs"])
        if filter.get("metadata"):
            qs = qs.filter(metadata_q(filter["metadata"]))
        if filter.get("published") is not None and is_staff(info):
            published = models.CollectionChannelListing.objects.filter(channel=channel_obj, is_published=True)
            ids = published.values("collection_id")
            qs = qs.filter(pk__in=ids) if filter["published"] == "published" else qs.exclude(pk__in=ids)
        if where:
            qs = qs.filter(ids_where_q(where, "Collection"))
        fields, descending = ["name", "slug"], False
        if sort_by:
            descending = sort_by["direction"] == "desc"
            if sort_by["field"] == "product_count":
                qs, fields = qs.annotate(sort_count=Count("products", distinct=True)), ["sort_count", "slug"]
        return paginate(qs, info, sort_fields=fields, descending=descending, name="collections", channel=channel_obj, **page)

    @staticmethod
    def resolve_collection(_root, info, id=None, slug=None, slug_language_code=None, channel=None):
        channel_obj = resolve_channel(info, channel)
        collection = _by_id_or_slug(
            selectors.collections_visible(channel=channel_obj, staff=is_staff(info)), id=id, slug=slug,
            type_name="Collection", slug_language_code=slug_language_code, translation_model=models.CollectionTranslation,
        )
        return new_batch([collection], info, channel=channel_obj)[0] if collection else None
