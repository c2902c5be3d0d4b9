"""Write the shop's content: collections, pages and menus."""

from __future__ import annotations

import datetime

from shop.catalog import models as catalog
from shop.menu.models import Menu, MenuItem, MenuItemTranslation
from shop.page.models import (
    AssignedPageAttributeValue,
    AttributePage,
    Page,
    PageTranslation,
    PageType,
)

from . import editorjs
from .common import THAI, save_image
from .content import BACKGROUND_PALETTES, COLLECTIONS, MENUS, PAGE_TOPIC_ATTRIBUTE, PAGE_TYPE, PAGES
from .groups import GROUPS_BY_SLUG
from .images import background_image
from .products import PRODUCTS, ProductSpec

FEATURED_LINES = (
    "silk-scarf",
    "cotton-scarf",
    "krajood-basket",
    "yaam-bag",
    "triangle-cushion",
    "herbal-tea",
    "honey",
    "chili-paste",
)


# --- Collections --------------------------------------------------------------------------------


def _collection_products(rule: str, specs: list[ProductSpec]) -> list[ProductSpec]:
    on_sale_now = [spec for spec in specs if spec.status == "published"]
    if rule == "featured":
        firsts = {}
        for spec in on_sale_now:
            firsts.setdefault(spec.line, spec)
        return [firsts[line] for line in FEATURED_LINES if line in firsts]
    if rule == "new":
        return sorted(on_sale_now, key=lambda spec: (spec.created_days_ago, spec.slug))[:12]
    if rule == "northeast-silk":
        return [
            spec
            for spec in on_sale_now
            if spec.line in ("silk-scarf", "silk-sarong", "silk-clutch")
            and all(GROUPS_BY_SLUG[g]["region"] == "northeast" for g in spec.makers)
        ]
    if rule == "under-500":
        cheap = sorted(
            (spec for spec in on_sale_now if spec.min_price < 500), key=lambda s: (s.line, s.slug)
        )
        step = max(len(cheap) // 24, 1)
        return cheap[::step][:24]
    if rule == "south":
        return [
            spec
            for spec in on_sale_now
            if any(GROUPS_BY_SLUG[g]["region"] == "south" for g in spec.makers)
        ]
    raise ValueError(f"unknown collection rule {rule}")


def collections_create(products, channel, now) -> dict[str, catalog.Collection]:
    collections = {}
    for spec in COLLECTIONS:
        style, palette = BACKGROUND_PALETTES[spec["slug"]]
        collection = catalog.Collection(
            name=spec["name_en"],
            slug=spec["slug"],
            description=editorjs.paragraphs([spec["description_en"]], f"collection-{spec['slug']}"),
            seo_title=spec["name_en"],
            seo_description=spec["description_en"][:300],
            background_image_alt=spec["name_en"],
        )
        save_image(
            collection.background_image,
            f"demo-{spec['slug']}.jpg",
            background_image(style, palette, spec["slug"]),
            save=False,
        )
        collection.save()
        collections[spec["slug"]] = collection
        catalog.CollectionProduct.objects.bulk_create(
            catalog.CollectionProduct(
                collection=collection, product=products[member.slug], sort_order=i
            )
            for i, member in enumerate(_collection_products(spec["rule"], PRODUCTS))
        )
    catalog.CollectionTranslation.objects.bulk_create(
        catalog.CollectionTranslation(
            collection=collections[spec["slug"]],
            language_code=THAI,
            name=spec["name_th"],
            description=editorjs.paragraphs(
                [spec["description_th"]], f"collection-{spec['slug']}-th"
            ),
            seo_title=spec["name_th"][:70],
            seo_description=spec["description_th"][:300],
        )
        for spec in COLLECTIONS
    )
    catalog.CollectionChannelListing.objects.bulk_create(
        catalog.CollectionChannelListing(
            collection=collection,
            channel=channel,
            is_published=True,
            published_at=now - datetime.timedelta(days=30),
        )
        for collection in collections.values()
    )
    return collections


# --- Pages and menus ------------------------------------------------------------------------------


def pages_create(now) -> dict[str, Page]:
    topic = catalog.Attribute.objects.create(
        slug=PAGE_TOPIC_ATTRIBUTE["slug"],
        name=PAGE_TOPIC_ATTRIBUTE["name_en"],
        type=catalog.AttributeType.PAGE_TYPE,
        input_type=catalog.AttributeInputType.DROPDOWN,
    )
    catalog.AttributeTranslation.objects.create(
        attribute=topic, language_code=THAI, name=PAGE_TOPIC_ATTRIBUTE["name_th"]
    )
    topic_values = {}
    for index, (slug, name_en, name_th) in enumerate(PAGE_TOPIC_ATTRIBUTE["values"]):
        value = catalog.AttributeValue.objects.create(
            attribute=topic, slug=slug, name=name_en, sort_order=index
        )
        catalog.AttributeValueTranslation.objects.create(
            attribute_value=value, language_code=THAI, name=name_th
        )
        topic_values[slug] = value
    page_type = PageType.objects.create(**PAGE_TYPE)
    AttributePage.objects.create(attribute=topic, page_type=page_type, sort_order=0)
    pages = {}
    for spec in PAGES:
        page = Page.objects.create(
            slug=spec["slug"],
            title=spec["title_en"],
            page_type=page_type,
            content=editorjs.document(spec["content_en"], f"page-{spec['slug']}"),
            is_published=True,
            published_at=now - datetime.timedelta(days=60),
            seo_title=spec["title_en"][:70],
            seo_description=editorjs.plaintext(spec["content_en"])[:300],
        )
        PageTranslation.objects.create(
            page=page,
            language_code=THAI,
            title=spec["title_th"],
            content=editorjs.document(spec["content_th"], f"page-{spec['slug']}-th"),
            seo_title=spec["title_th"][:70],
            seo_description=editorjs.plaintext(spec["content_th"])[:300],
        )
        AssignedPageAttributeValue.objects.create(
            value=topic_values[spec["topic"]], page=page, sort_order=0
        )
        pages[spec["slug"]] = page
    return pages


def menus_create(categories, collections, pages) -> None:
    translations = []

    def add(menu, items, parent):
        for spec in items:
            item = MenuItem.objects.create(
                menu=menu,
                parent=parent,
                name=spec["name_en"],
                url=spec.get("url"),
                category=categories.get(spec.get("category")),
                collection=collections.get(spec.get("collection")),
                page=pages.get(spec.get("page")),
            )
            translations.append(
                MenuItemTranslation(menu_item=item, language_code=THAI, name=spec["name_th"])
            )
            add(menu, spec.get("children", []), item)

    for spec in MENUS:
        menu = Menu.objects.create(name=spec["name"], slug=spec["slug"])
        add(menu, spec["items"], None)
    MenuItemTranslation.objects.bulk_create(translations)
