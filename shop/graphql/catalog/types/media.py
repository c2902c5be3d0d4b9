from __future__ import annotations

import graphene

from ...core.ids import to_global
from ...core.types import ObjectWithMetadata, ThumbnailFormatEnum
from ..loaders import image_urls


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class MediaChoicesSortField(graphene.Enum):
    ID = "id"


class MediaSortingInput(graphene.InputObjectType):
    direction = graphene.Field("shop.graphql.core.types.OrderDirection", required=True)
    field = graphene.Field(MediaChoicesSortField, required=True)


class ProductMedia(graphene.ObjectType):
    sort_order = graphene.Int()
    alt = graphene.String(required=True)
    type = graphene.Field(ProductMediaType, required=True)
    oembed_data = graphene.JSONString(required=True)
    url = graphene.String(
        required=True,
        size=graphene.Int(description="Size of the image. If not supplied, the original image is returned."),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="original", description="The format of the image."),
        description="The URL of the media; images are resized on request.",
    )
    product_id = graphene.ID(description="Product id the media refers to.")

    class Meta:
        description = "Represents a product media (a photo drawn or taken of the product)."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_url(root, info, *, size=None, format=None):
        if root.external_url:
            return root.external_url
        return image_urls(root, info, lambda m: m.image.name if m.image else None, size, format, "media") or ""

    @staticmethod
    def resolve_product_id(root, _info):
        return to_global("Product", root.product_id)
