from __future__ import annotations

import graphene
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from shop.page import models

from ..catalog.filters import AssignedAttributeValueInput
from ..catalog.types.assigned_attributes import ObjectWithAttributes, assigned_attributes
from ..catalog.types.attributes import Attribute, SelectedAttribute, selected_attributes
from ..core.batching import batch_of, new_batch
from ..core.connection import ConnectionField, paginate
from ..core.context import is_staff
from ..core.errors import InvalidArgument
from ..core.filters import ids_where_q, metadata_q
from ..core.ids import from_global_id_or_error, pks_from_global_ids
from ..core.translations import TranslationType, load_translation, translation_field
from ..core.types import (
    GlobalIDFilterInput,
    LanguageCodeEnum,
    MetadataFilter,
    ObjectWithMetadata,
    OrderDirection,
    StringFilterInput,
    language_code_to_django,
)


class PageTranslation(TranslationType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    title = graphene.String()
    content = graphene.JSONString(description="Translated content of the page (Editor.js JSON).")

    class Meta:
        interfaces = (graphene.relay.Node,)


class PageType(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    attributes = graphene.List(graphene.NonNull(Attribute), description="Page attributes of that page type.")
    has_pages = graphene.Boolean(description="Whether page type has pages assigned.")

    class Meta:
        description = "Represents a type of page. It defines what attributes are available to pages of this type."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_attributes(root, _info):
        return [row.attribute for row in root.attributepage.select_related("attribute")]

    @staticmethod
    def resolve_has_pages(root, _info):
        return root.pages.exists()


def _page_attributes(page):
    def load(pages):
        type_ids = {p.page_type_id for p in pages}
        type_rows = models.AttributePage.objects.filter(page_type_id__in=type_ids).select_related("attribute")
        by_type = {}
        for row in type_rows.order_by("sort_order", "pk"):
            by_type.setdefault(row.page_type_id, []).append(row.attribute)
        value_rows = models.AssignedPageAttributeValue.objects.filter(page__in=pages).select_related("value__attribute")
        values = {}
        for row in value_rows.order_by("sort_order", "pk"):
            values.setdefault(row.page_id, {}).setdefault(row.value.attribute_id, []).append(row.value)
        batch_of(page).child([v for per_page in values.values() for vs in per_page.values() for v in vs])
        return by_type, values

    by_type, values = batch_of(page).load("attributes", load)
    return by_type.get(page.page_type_id, []), values.get(page.pk, {})


class Page(graphene.ObjectType):
    seo_title = graphene.String()
    seo_description = graphene.String()
    title = graphene.String(required=True)
    content = graphene.JSONString(description="Content of the page (Editor.js JSON).")
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    slug = graphene.String(required=True)
    page_type = graphene.Field(PageType, required=True)
    created = graphene.DateTime(required=True)
    translation = translation_field(PageTranslation, "Returns translated page fields for the given language code.")
    attribute = graphene.Field(SelectedAttribute, slug=graphene.String(required=True), description="Get a single attribute attached to page by attribute slug.")
    attributes = graphene.List(graphene.NonNull(SelectedAttribute), required=True, description="List of attributes assigned to this page.")

    class Meta:
        description = "A static page (the story of HomeNet, the fair-trade promise...) that can be manually added by a shop operator."
        interfaces = (graphene.relay.Node, ObjectWithMetadata, ObjectWithAttributes)

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        attributes, values = _page_attributes(root)
        return assigned_attributes(attributes, values, info, limit=limit)

    @staticmethod
    def resolve_assigned_attribute(root, info, *, slug):
        return next((a for a in Page.resolve_assigned_attributes(root, info) if a.attribute.slug == slug), None)

    @staticmethod
    def resolve_page_type(root, _info):
        batch_of(root).related_one("page_type", "page_type")
        return root.page_type

    @staticmethod
    def resolve_created(root, _info):
        return root.created_at

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)

    @staticmethod
    def resolve_attributes(root, info):
        attributes, values = _page_attributes(root)
        return selected_attributes(attributes, values, info)

    @staticmethod
    def resolve_attribute(root, info, *, slug):
        return next((a for a in Page.resolve_attributes(root, info) if a.attribute.slug == slug), None)


class PageSortField(graphene.Enum):
    TITLE = "title"
    SLUG = "slug"
    VISIBILITY = "visibility"
    CREATION_DATE = "creation_date"
    PUBLICATION_DATE = "publication_date"
    PUBLISHED_AT = "published_at"
    CREATED_AT = "created_at"
    RANK = "rank"


class PageSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(PageSortField, required=True)


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    page_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class AssignedAttributeWhereInput(graphene.InputObjectType):
    slug = graphene.String()
    value = graphene.Field(AssignedAttributeValueInput)


class PageWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    page_type = graphene.Field(GlobalIDFilterInput)
    attributes = graphene.List(graphene.NonNull(AssignedAttributeWhereInput))
    AND = graphene.List(graphene.NonNull(lambda: PageWhereInput), name="AND")
    OR = graphene.List(graphene.NonNull(lambda: PageWhereInput), name="OR")


SORT_FIELDS = {
    "title": ["title", "slug"], "slug": ["slug"], "visibility": ["is_published", "slug"],
    "creation_date": ["created_at"], "created_at": ["created_at"], "rank": ["slug"],
}


def pages_visible(info):
    qs = models.Page.objects.all()
    if is_staff(info):
        return qs
    return qs.filter(Q(is_published=True) & (Q(published_at__lte=timezone.now()) | Q(published_at__isnull=True)))


def _page_where_q(where) -> Q:
    q = ids_where_q({k: v for k, v in where.items() if k in ("ids",)}, "Page")
    if where.get("slug"):
        slug = where["slug"]
        q &= Q(slug=slug["eq"]) if slug.get("eq") is not None else Q(slug__in=slug.get("one_of") or [])
    if where.get("page_type"):
        pt = where["page_type"]
        ids = [pt["eq"]] if pt.get("eq") is not None else pt.get("one_of") or []
        q &= Q(page_type_id__in=pks_from_global_ids(ids, "PageType"))
    for attr in where.get("attributes") or []:
        values = models.AssignedPageAttributeValue.objects.filter(page_id=OuterRef("pk"), value__attribute__slug=attr.get("slug"))
        slug_filter = ((attr.get("value") or {}).get("slug")) or {}
        if slug_filter.get("eq") is not None:
            values = values.filter(value__slug=slug_filter["eq"])
        elif slug_filter.get("one_of"):
            values = values.filter(value__slug__in=slug_filter["one_of"])
        q &= Q(Exists(values))
    for sub in where.get("AND") or []:
        q &= _page_where_q(sub)
    if where.get("OR"):
        any_q = Q()
        for sub in where["OR"]:
            any_q |= _page_where_q(sub)
        q &= any_q
    return q


class PageQueries(graphene.ObjectType):
    page = graphene.Field(
        Page, id=graphene.ID(), slug=graphene.String(), slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(), description="Look up a page by ID or slug.",
    )
    pages = ConnectionField(
        Page,
        sort_by=graphene.Argument(PageSortingInput),
        filter=graphene.Argument(PageFilterInput, deprecation_reason="+ Use `where` and `search` instead."),
        search=graphene.String(),
        where=graphene.Argument(PageWhereInput),
        channel=graphene.String(),
        description="List of the shop's pages.",
    )

    @staticmethod
    def resolve_page(_root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if (id is None) == (slug is None):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.", field="id")
        qs = pages_visible(info)
        if id is not None:
            page = qs.filter(pk=from_global_id_or_error(id, "Page")).first()
        elif slug_language_code:
            owners = models.PageTranslation.objects.filter(
                slug=slug, language_code=language_code_to_django(slug_language_code)
            ).values("page_id")
            page = qs.filter(pk__in=owners).first()
        else:
            page = qs.filter(slug=slug).first()
        return new_batch([page], info)[0] if page else None

    @staticmethod
    def resolve_pages(_root, info, sort_by=None, filter=None, search=None, where=None, channel=None, **page):
        qs = pages_visible(info)
        filter = filter or {}
        text = search or filter.get("search")
        if text:
            qs = qs.filter(Q(title__icontains=text) | Q(slug__icontains=text) | Q(translations__title__icontains=text)).distinct()
        qs = qs.filter(metadata_q(filter.get("metadata")))
        if filter.get("page_types"):
            qs = qs.filter(page_type_id__in=pks_from_global_ids(filter["page_types"], "PageType"))
        if filter.get("ids"):
            qs = qs.filter(pk__in=pks_from_global_ids(filter["ids"], "Page"))
        if filter.get("slugs"):
            qs = qs.filter(slug__in=filter["slugs"])
        if where:
            qs = qs.filter(_page_where_q(where))
        fields, descending = ["slug"], False
        if sort_by:
            descending = sort_by["direction"] == "desc"
            if sort_by["field"] in ("publication_date", "published_at"):
                qs = qs.annotate(sort_published=_coalesce_published())
                fields = ["sort_published", "slug"]
            else:
                fields = SORT_FIELDS[sort_by["field"]]
        return paginate(qs, info, sort_fields=fields, descending=descending, name="pages", **page)


def _coalesce_published():
    from django.db.models import F
    from django.db.models.functions import Coalesce

    return Coalesce("published_at", F("created_at"))
