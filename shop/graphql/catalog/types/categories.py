from __future__ import annotations

import graphene
from django.db.models import Q

from shop.catalog import models, selectors

from ...channel.types import resolve_channel
from ...core.batching import batch_of
from ...core.connection import ConnectionField, paginate
from ...core.context import is_staff
from ...core.errors import PermissionDenied
from ...core.translations import TranslationType, load_translation, translation_field
from ...core.types import Image, ObjectWithMetadata, ThumbnailFormatEnum
from .. import loaders
from ..filters import ProductFilterInput, ProductOrder, ProductWhereInput
from ..products_query import resolve_products
from .products import Product


def _background(root, info, size, fmt, key):
    url = loaders.image_urls(
        root, info, lambda o: o.background_image.name if o.background_image else None, size, fmt, key
    )
    return Image(url=url, alt=root.background_image_alt or root.name) if url else None


PRODUCT_ARGS = {
    "filter": graphene.Argument(ProductFilterInput, deprecation_reason="Use `where` filter instead."),
    "where": graphene.Argument(ProductWhereInput),
    "sort_by": graphene.Argument(ProductOrder),
    "search": graphene.String(),
}
IMAGE_ARGS = {
    "size": graphene.Int(description="Size of the image. If not supplied, the original image is returned."),
    "format": graphene.Argument(ThumbnailFormatEnum, default_value="original", description="The format of the image."),
}


class CategoryTranslation(TranslationType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()

    class Meta:
        interfaces = (graphene.relay.Node,)


class CollectionTranslation(CategoryTranslation):
    class Meta:
        interfaces = (graphene.relay.Node,)


class Category(graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the category (Editor.js JSON).")
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    updated_at = graphene.DateTime(required=True)
    ancestors = ConnectionField(lambda: Category, description="List of ancestors of the category.")
    products = ConnectionField(Product, channel=graphene.String(), description="List of products in the category and its subcategories.", **PRODUCT_ARGS)
    children = ConnectionField(lambda: Category, description="List of children of the category.")
    background_image = graphene.Field(Image, **IMAGE_ARGS)
    translation = translation_field(CategoryTranslation, "Returns translated category fields for the given language code.")

    class Meta:
        description = "Represents a single category of products (a node of the category tree)."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_parent(root, _info):
        batch_of(root).related_one("parent", "parent")
        return root.parent

    @staticmethod
    def resolve_ancestors(root, info, **page):
        parents = dict(models.Category.objects.values_list("pk", "parent_id"))
        ids, current = [], parents.get(root.pk)
        while current is not None:
            ids.append(current)
            current = parents.get(current)
        return paginate(models.Category.objects.filter(pk__in=ids), info, sort_fields=["level"], name="ancestors", **page)

    @staticmethod
    def resolve_children(root, info, **page):
        return paginate(root.children.all(), info, sort_fields=["name"], name="children", **page)

    @staticmethod
    def resolve_products(root, info, channel=None, **kwargs):
        ids = selectors.category_descendant_ids([root.pk])
        return resolve_products(info, channel=resolve_channel(info, channel), base=Q(category_id__in=ids), **kwargs)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return _background(root, info, size, format, "category-background")

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)


class CollectionChannelListing(graphene.ObjectType):
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    channel = graphene.Field("shop.graphql.channel.types.Channel", required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


class Collection(graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString(description="Description of the collection (Editor.js JSON).")
    slug = graphene.String(required=True)
    channel = graphene.String(description="Channel given to retrieve this collection.")
    products = ConnectionField(Product, description="List of products in this collection.", **PRODUCT_ARGS)
    background_image = graphene.Field(Image, **IMAGE_ARGS)
    translation = translation_field(CollectionTranslation, "Returns translated collection fields for the given language code.")
    channel_listings = graphene.List(graphene.NonNull(CollectionChannelListing), description="Staff only.")

    class Meta:
        description = "Represents a collection of products."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_channel(root, _info):
        channel = batch_of(root).channel
        return channel.slug if channel else None

    @staticmethod
    def resolve_products(root, info, **kwargs):
        channel = batch_of(root).channel or resolve_channel(info, None)
        base = Q(pk__in=models.CollectionProduct.objects.filter(collection=root).values("product_id"))
        return resolve_products(info, channel=channel, base=base, collection=root, **kwargs)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return _background(root, info, size, format, "collection-background")

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)

    @staticmethod
    def resolve_channel_listings(root, info):
        if not is_staff(info):
            raise PermissionDenied()
        return list(root.channel_listings.select_related("channel"))
