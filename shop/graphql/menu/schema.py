from __future__ import annotations

import graphene
from django.db.models import Count, Q

from shop.menu import models

from ..core.batching import batch_of, new_batch
from ..core.connection import ConnectionField, paginate
from ..core.errors import InvalidArgument
from ..core.filters import metadata_q
from ..core.ids import from_global_id_or_error
from ..core.translations import TranslationType, load_translation, translation_field
from ..core.types import MetadataFilter, ObjectWithMetadata, OrderDirection


class MenuItemTranslation(TranslationType):
    name = graphene.String(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


def _items_of(menu):
    """All items of the batch's menus in one query, linked objects included."""

    def load(menus):
        items = list(
            models.MenuItem.objects.filter(menu__in=menus)
            .select_related("category", "collection", "page")
            .order_by("sort_order", "pk")
        )
        batch_of(menu).child(items)
        by_menu, by_parent = {}, {}
        for item in items:
            by_menu.setdefault(item.menu_id, []).append(item)
            by_parent.setdefault(item.parent_id, []).append(item)
        for item in items:
            item._children = by_parent.get(item.pk, [])
        return by_menu

    return batch_of(menu).load("items", load).get(menu.pk, [])


class MenuItem(graphene.ObjectType):
    name = graphene.String(required=True)
    menu = graphene.Field(lambda: Menu, required=True)
    parent = graphene.Field(lambda: MenuItem)
    category = graphene.Field("shop.graphql.catalog.types.categories.Category")
    collection = graphene.Field("shop.graphql.catalog.types.categories.Collection")
    page = graphene.Field("shop.graphql.page.schema.Page")
    level = graphene.Int(required=True)
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    url = graphene.String(description="URL to the menu item.")
    translation = translation_field(MenuItemTranslation, "Returns translated menu item fields for the given language code.")

    class Meta:
        description = "Represents a single item of the related menu. Can store categories, collection or pages."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_children(root, _info):
        if hasattr(root, "_children"):
            return root._children
        return new_batch(root.children.order_by("sort_order", "pk"), _info)

    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)


class Menu(graphene.ObjectType):
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(MenuItem), description="Top-level items; each lists its children.")

    class Meta:
        description = "Represents a navigation menu (header, footer)."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_items(root, _info):
        return [item for item in _items_of(root) if item.parent_id is None]


class MenuSortField(graphene.Enum):
    NAME = "name"
    ITEMS_COUNT = "items_count"


class MenuSortingInput(graphene.InputObjectType):
    direction = graphene.Field(OrderDirection, required=True)
    field = graphene.Field(MenuSortField, required=True)


class MenuFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slug = graphene.List(graphene.NonNull(graphene.String))
    metadata = graphene.List(graphene.NonNull(MetadataFilter))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class MenuQueries(graphene.ObjectType):
    menu = graphene.Field(
        Menu, channel=graphene.String(), id=graphene.ID(), name=graphene.String(), slug=graphene.String(),
        description="Look up a navigation menu by ID, name or slug.",
    )
    menus = ConnectionField(
        Menu, channel=graphene.String(), sort_by=graphene.Argument(MenuSortingInput),
        filter=graphene.Argument(MenuFilterInput), description="List of the storefront's menus.",
    )

    @staticmethod
    def resolve_menu(_root, info, channel=None, id=None, name=None, slug=None):
        if [id, name, slug].count(None) != 2:
            raise InvalidArgument("Provide exactly one of `id`, `name` or `slug`.", field="id")
        qs = models.Menu.objects.all()
        if id is not None:
            menu = qs.filter(pk=from_global_id_or_error(id, "Menu")).first()
        elif name is not None:
            menu = qs.filter(name=name).first()
        else:
            menu = qs.filter(slug=slug).first()
        return new_batch([menu], info)[0] if menu else None

    @staticmethod
    def resolve_menus(_root, info, channel=None, sort_by=None, filter=None, **page):
        qs = models.Menu.objects.all()
        filter = filter or {}
        if filter.get("search"):
            qs = qs.filter(Q(name__icontains=filter["search"]) | Q(slug__icontains=filter["search"]))
        slugs = (filter.get("slug") or []) + (filter.get("slugs") or [])
        if slugs:
            qs = qs.filter(slug__in=slugs)
        qs = qs.filter(metadata_q(filter.get("metadata")))
        fields, descending = ["name", "slug"], False
        if sort_by:
            descending = sort_by["direction"] == "desc"
            if sort_by["field"] == "items_count":
                qs, fields = qs.annotate(sort_count=Count("items")), ["sort_count", "slug"]
        return paginate(qs, info, sort_fields=fields, descending=descending, name="menus", **page)


