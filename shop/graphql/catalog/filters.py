"""Product filtering (``filter:``, ``where:``, ``search:``) and sorting (``sortBy:``) as Saleor has them."""

from __future__ import annotations

import graphene
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from shop.catalog import models
from shop.catalog.selectors import category_descendant_ids, channel_stocks, stock_available_q

from ..core.errors import InvalidArgument
from ..core.filters import metadata_q
from ..core.ids import from_global_id_or_error, pks_from_global_ids
from ..core.types import (
    DateTimeFilterInput,
    DateTimeRangeInput,
    DecimalFilterInput,
    GlobalIDFilterInput,
    IntRangeInput,
    MetadataFilter,
    OrderDirection,
    PriceRangeInput,
    StringFilterInput,
)


class StockAvailability(graphene.Enum):
    IN_STOCK = "in_stock"
    OUT_OF_STOCK = "out_of_stock"


class AssignedAttributeValueInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput, description="Filter by slug assigned to AttributeValue.")
    name = graphene.Field(StringFilterInput, description="Filter by name assigned to AttributeValue.")
    numeric = graphene.Field(DecimalFilterInput, description="Filter by numeric value for attributes of numeric type.")
    boolean = graphene.Boolean(description="Filter by boolean value for attributes of boolean type.")


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String(description="Attribute slug.")
    value = graphene.Field(AssignedAttributeValueInput, description="Filter by value of the attribute.")
    values = graphene.List(graphene.NonNull(graphene.String), description="Slugs of the attribute values.")
    values_range = graphene.Field(IntRangeInput, description="The range that the returned values should be in.")
    boolean = graphene.Boolean(description="The boolean value of the attribute.")


class ProductStockFilterInput(graphene.InputObjectType):
    warehouse_ids = graphene.List(graphene.NonNull(graphene.ID))
    quantity = graphene.Field(IntRangeInput)


class ProductFilterInput(graphene.InputObjectType):
    is_published = graphene.Boolean()
    collections = graphene.List(graphene.NonNull(graphene.ID))
    categories = graphene.List(graphene.NonNull(graphene.ID), description="Categories and their subcategories.")
    has_category = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    published_from = graphene.DateTime()
    is_available = graphene.Boolean()
    available_from = graphene.DateTime()
    is_visible_in_listing = graphene.Boolean()
    price = graphene.Field(PriceRangeInput, description="Price range of variants, VAT included.")
    minimal_price = graphene.Field(PriceRangeInput, description="Lowest variant price, VAT included.")
    updated_at = graphene.Field(DateTimeRangeInput)
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    gift_card = graphene.Boolean()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")


class ProductWhereInput(graphene.InputObjectType):
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    name = graphene.Field(StringFilterInput)
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    collection = graphene.Field(GlobalIDFilterInput)
    is_available = graphene.Boolean()
    is_published = graphene.Boolean()
    is_visible_in_listing = graphene.Boolean()
    published_from = graphene.DateTime()
    available_from = graphene.DateTime()
    has_category = graphene.Boolean()
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    stock_availability = graphene.Field(StockAvailability)
    stocks = graphene.Field(ProductStockFilterInput)
    gift_card = graphene.Boolean()
    updated_at = graphene.Field(DateTimeFilterInput)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput), name="OR")


class ProductOrderField(graphene.Enum):
    NAME = "name"
    RANK = "rank"
    PRICE = "price"
    MINIMAL_PRICE = "minimal_price"
    LAST_MODIFIED = "last_modified"
    DATE = "date"
    TYPE = "type"
    PUBLISHED = "published"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    LAST_MODIFIED_AT = "last_modified_at"
    COLLECTION = "collection"
    RATING = "rating"
    CREATED_AT = "created_at"


class ProductOrder(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True, description="Specifies the direction in which to sort products.")
    channel = graphene.String(deprecation_reason="Use root-level channel argument instead.")
    attribute_id = graphene.ID(description="Sort product by the selected attribute's values.")
    field = graphene.Field(ProductOrderField, description="Sort products by the selected field.")


# --- filtering ---------------------------------------------------------------------


def _listing(channel, **lookups):
    return models.ProductChannelListing.objects.filter(product_id=OuterRef("pk"), channel=channel, **lookups)


def _variant_listing(channel, **lookups):
    return models.ProductVariantChannelListing.objects.filter(variant__product_id=OuterRef("pk"), channel=channel, **lookups)


def _string_q(field: str, value) -> Q:
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    return Q()


def _ids_q(field: str, value, type_name: str) -> Q:
    if value.get("eq") is not None:
        return Q(**{field: from_global_id_or_error(value["eq"], type_name)})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": pks_from_global_ids(value["one_of"], type_name)})
    return Q()


def _decimal_q(field: str, value) -> Q:
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    q = Q()
    for bound in ("gte", "lte"):
        if (value.get("range") or {}).get(bound) is not None:
            q &= Q(**{f"{field}__{bound}": value["range"][bound]})
    return q


def _range_q(field: str, value) -> Q:
    q = Q()
    for bound in ("gte", "lte"):
        if value and value.get(bound) is not None:
            q &= Q(**{f"{field}__{bound}": value[bound]})
    return q


def _attributes_q(attributes) -> Q:
    q = Q()
    for item in attributes:
        slug = item.get("slug")
        if not slug:
            raise InvalidArgument("Attribute filter needs `slug`.", field="attributes")
        values = models.AttributeValue.objects.filter(attribute__slug=slug)
        if item.get("values"):
            values = values.filter(slug__in=item["values"])
        value = item.get("value") or {}
        if value.get("slug"):
            values = values.filter(_string_q("slug", value["slug"]))
        if value.get("name"):
            values = values.filter(_string_q("name", value["name"]))
        if value.get("numeric") or item.get("values_range"):
            # Numeric attributes keep their number in the value's name, as Saleor does.
            values = values.filter(attribute__input_type=models.AttributeInputType.NUMERIC).annotate(
                number=Cast("name", DecimalField(max_digits=20, decimal_places=3))
            )
        if value.get("numeric"):
            values = values.filter(_decimal_q("number", value["numeric"]))
        boolean = value.get("boolean", item.get("boolean"))
        if boolean is not None:
            values = values.filter(boolean=boolean)
        if item.get("values_range"):
            values = values.filter(_range_q("number", item["values_range"]))
        product_match = models.AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"), value__in=values)
        variant_match = models.AssignedVariantAttributeValue.objects.filter(
            variant__product_id=OuterRef("pk"), value__in=values
        )
        q &= Q(Exists(product_match)) | Q(Exists(variant_match))
    return q


def _stocks_q(stocks, channel) -> Q:
    rows = channel_stocks(channel).filter(product_variant__product_id=OuterRef("pk"))
    if stocks.get("warehouse_ids"):
        rows = rows.filter(warehouse_id__in=pks_from_global_ids(stocks["warehouse_ids"], "Warehouse"))
    if stocks.get("quantity"):
        rows = rows.filter(_range_q("quantity", stocks["quantity"]))
    return Q(Exists(rows))


def search_q(text: str) -> Q:
    # The document is stored lower-cased, so a case-sensitive LIKE on the lowered
    # text matches case-insensitively and can use the trigram index (ILIKE's
    # UPPER(...) wrapping cannot).
    return Q(search_document__contains=text.strip().lower())


def _common_q(data, channel) -> Q:
    """Conditions shared by ``filter`` and ``where``."""
    q = Q()
    if data.get("ids"):
        q &= Q(pk__in=pks_from_global_ids(data["ids"], "Product"))
    q &= metadata_q(data.get("metadata"))
    if data.get("has_category") is not None:
        q &= Q(category__isnull=not data["has_category"])
    if data.get("gift_card") is not None:
        kind = models.ProductTypeKind.GIFT_CARD
        q &= Q(product_type__kind=kind) if data["gift_card"] else ~Q(product_type__kind=kind)
    if data.get("attributes"):
        q &= _attributes_q(data["attributes"])
    if data.get("is_published") is not None:
        q &= Q(Exists(_listing(channel, is_published=data["is_published"])))
    if data.get("published_from") is not None:
        q &= Q(Exists(_listing(channel, published_at__lte=data["published_from"])))
    if data.get("available_from") is not None:
        q &= Q(Exists(_listing(channel, available_for_purchase_at__lte=data["available_from"])))
    if data.get("is_visible_in_listing") is not None:
        q &= Q(Exists(_listing(channel, visible_in_listings=data["is_visible_in_listing"])))
    if data.get("is_available") is not None:
        available = Q(Exists(_listing(channel, available_for_purchase_at__lte=timezone.now())))
        q &= available if data["is_available"] else ~available
    if data.get("stock_availability") is not None:
        in_stock = stock_available_q(channel)
        q &= in_stock if data["stock_availability"] == StockAvailability.IN_STOCK.value else ~in_stock
    if data.get("stocks"):
        q &= _stocks_q(data["stocks"], channel)
    return q


def filter_products(qs: QuerySet, data, channel) -> QuerySet:
    if not data:
        return qs
    q = _common_q(data, channel)
    if data.get("collections"):
        ids = pks_from_global_ids(data["collections"], "Collection")
        q &= Q(Exists(models.CollectionProduct.objects.filter(product_id=OuterRef("pk"), collection_id__in=ids)))
    if data.get("categories"):
        q &= Q(category_id__in=category_descendant_ids(pks_from_global_ids(data["categories"], "Category")))
    if data.get("product_types"):
        q &= Q(product_type_id__in=pks_from_global_ids(data["product_types"], "ProductType"))
    if data.get("slugs"):
        q &= Q(slug__in=data["slugs"])
    if data.get("search"):
        q &= search_q(data["search"])
    if data.get("updated_at"):
        q &= _range_q("updated_at", data["updated_at"])
    if data.get("price"):
        q &= Q(Exists(_variant_listing(channel).filter(_range_q("discounted_price_amount", data["price"]))))
    if data.get("minimal_price"):
        q &= Q(Exists(_listing(channel).filter(_range_q("discounted_price_amount", data["minimal_price"]))))
    return qs.filter(q)


def where_products_q(data, channel) -> Q:
    q = _common_q(data, channel)
    if data.get("name"):
        q &= _string_q("name", data["name"])
    if data.get("slug"):
        q &= _string_q("slug", data["slug"])
    if data.get("product_type"):
        q &= _ids_q("product_type_id", data["product_type"], "ProductType")
    if data.get("category"):
        q &= _ids_q("category_id", data["category"], "Category")
    if data.get("collection"):
        ids = models.CollectionProduct.objects.filter(_ids_q("collection_id", data["collection"], "Collection"))
        q &= Q(pk__in=ids.values("product_id"))
    if data.get("price"):
        q &= Q(Exists(_variant_listing(channel).filter(_decimal_q("discounted_price_amount", data["price"]))))
    if data.get("minimal_price"):
        q &= Q(Exists(_listing(channel).filter(_decimal_q("discounted_price_amount", data["minimal_price"]))))
    if data.get("updated_at"):
        q &= _decimal_q("updated_at", data["updated_at"])
    for sub in data.get("AND") or []:
        q &= where_products_q(sub, channel)
    if data.get("OR"):
        any_q = Q()
        for sub in data["OR"]:
            any_q |= where_products_q(sub, channel)
        q &= any_q
    return q


# --- sorting -----------------------------------------------------------------------


def sort_products(qs: QuerySet, sort_by, *, channel, search: str | None, collection=None):
    """Annotate the sort key and return (queryset, sort fields, descending)."""
    field = (sort_by or {}).get("field")
    descending = (sort_by or {}).get("direction") == OrderDirection.DESC.value
    if sort_by and sort_by.get("attribute_id"):
        raise InvalidArgument("Sorting by attribute is not supported.", field="sortBy")
    if field is None:
        if search:
            field = "rank"
            descending = sort_by is None or descending
        else:
            return qs, ["slug"], descending
    if field in ("name",):
        return qs, ["name", "slug"], descending
    if field in ("price", "minimal_price"):
        price = Subquery(_listing(channel).values("discounted_price_amount")[:1])
        qs = qs.annotate(sort_price=Coalesce(price, Value(0), output_field=DecimalField()))
        return qs, ["sort_price", "slug"], descending
    if field in ("published_at", "publication_date", "published"):
        published = Subquery(_listing(channel).values("published_at")[:1])
        qs = qs.annotate(sort_published=Coalesce(published, F("created_at")))
        return qs, ["sort_published", "slug"], descending
    if field in ("last_modified_at", "last_modified", "date"):
        return qs, ["updated_at"], descending
    if field == "created_at":
        return qs, ["created_at"], descending
    if field == "rating":
        return qs.annotate(sort_rating=Coalesce("rating", Value(0.0))), ["sort_rating", "slug"], descending
    if field == "type":
        return qs.annotate(sort_type=F("product_type__name")), ["sort_type", "slug"], descending
    if field == "rank":
        text = (search or "").strip().lower()
        qs = qs.annotate(sort_rank=TrigramSimilarity("search_document", text) if text else Value(0.0))
        return qs, ["sort_rank", "slug"], descending
    if field == "collection":
        if collection is None:
            raise InvalidArgument("Sorting by COLLECTION needs a collection.", field="sortBy")
        order = Subquery(
            models.CollectionProduct.objects.filter(collection=collection, product_id=OuterRef("pk")).values("sort_order")[:1]
        )
        return qs.annotate(sort_collection=Coalesce(order, Value(0))), ["sort_collection"], descending
    raise InvalidArgument(f"Unsupported sort field {field}.", field="sortBy")

