"""The storefront's operation documents (tests/operations/storefront) run without errors.

The same documents are validated against Saleor 3.23's schema and ours in CI
(``saleor_compat.py --ops``); here they are executed against a small catalog.
"""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from graphql import parse

from shop.catalog import models
from shop.menu.models import Menu, MenuItem
from shop.page.models import Page, PageType
from shop.site.models import SiteSettings
from tests.factories.catalog import assign_attribute, create_category, create_product

pytestmark = pytest.mark.django_db

OPERATIONS = Path(__file__).resolve().parents[2] / "operations" / "storefront"
FRAGMENTS = (OPERATIONS / "fragments.graphql").read_text()


def _document(name: str) -> str:
    """The operation with only the fragments it spreads (GraphQL refuses unused ones)."""
    text = (OPERATIONS / name).read_text()
    fragments = {d.name.value: d for d in parse(FRAGMENTS).definitions}
    needed, pending = set(), [text]
    while pending:
        source = pending.pop()
        for fragment_name, definition in fragments.items():
            if f"...{fragment_name}" in source and fragment_name not in needed:
                needed.add(fragment_name)
                pending.append(definition.loc.source.body[definition.loc.start : definition.loc.end])
    parts = [text] + [
        fragments[n].loc.source.body[fragments[n].loc.start : fragments[n].loc.end] for n in sorted(needed)
    ]
    return "\n".join(parts)


@pytest.fixture
def catalog(channel):
    SiteSettings.load()
    crafts = create_category("Handicrafts")
    product = create_product(channel, name="Mudmee silk scarf", category=crafts, variants=2, image=True)
    assign_attribute(product, "material", "Silk")
    create_product(channel, name="Krajood basket", category=crafts)
    collection = models.Collection.objects.create(name="New arrivals", slug="new-arrivals")
    models.CollectionProduct.objects.create(collection=collection, product=product)
    models.CollectionChannelListing.objects.create(
        collection=collection, channel=channel, is_published=True, published_at=timezone.now() - datetime.timedelta(1)
    )
    page = Page.objects.create(
        slug="about", title="About", is_published=True, page_type=PageType.objects.create(name="Content", slug="content")
    )
    menu = Menu.objects.create(name="navbar", slug="navbar")
    top = MenuItem.objects.create(menu=menu, name="Handicrafts", category=crafts)
    MenuItem.objects.create(menu=menu, name="New", parent=top, collection=collection)
    MenuItem.objects.create(menu=menu, name="About", page=page)
    return {"product": product, "category": crafts, "collection": collection}


@pytest.mark.parametrize(
    ("name", "variables", "check"),
    [
        ("product_list.graphql", {"after": ""}, lambda d: d["products"]["totalCount"] == 2),
        ("product_page.graphql", {"slug": "{product}"}, lambda d: len(d["product"]["variants"]) == 2),
        ("category_page.graphql", {"slug": "{category}"}, lambda d: d["category"]["products"]["totalCount"] == 2),
        ("collection_page.graphql", {"slug": "new-arrivals"}, lambda d: len(d["collection"]["products"]["edges"]) == 1),
        ("search.graphql", {"search": "silk"}, lambda d: d["products"]["edges"][0]["node"]["name"] == "Mudmee silk scarf"),
        ("navigation.graphql", {"slug": "navbar"}, lambda d: d["menu"]["items"][0]["children"][0]["name"] == "New"),
        ("content_page.graphql", {"slug": "about"}, lambda d: d["page"]["title"] == "About"),
    ],
)
def test_storefront_operation_runs(api_client, catalog, name, variables, check):
    variables = {
        k: v.format(product=catalog["product"].slug, category=catalog["category"].slug) for k, v in variables.items()
    }

    result = api_client.execute(_document(name), variables)

    assert "errors" not in result, result["errors"]
    assert check(result["data"])
