"""Categories, collections, channels and the shop as a storefront's navigation uses them."""

import datetime

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from shop.catalog import models
from tests.factories.catalog import create_category, create_channel, create_product

pytestmark = pytest.mark.django_db

QUERY_CATEGORY = """
query Category($slug: String) {
  category(slug: $slug) {
    name level parent { name }
    translation(languageCode: TH) { name }
    children(first: 10) { totalCount edges { node { name level } } }
    ancestors(first: 10) { edges { node { name } } }
    products(first: 10, channel: "default-channel") { totalCount edges { node { name } } }
  }
}
"""

QUERY_CATEGORIES = """
query ($level: Int) { categories(first: 10, level: $level) { totalCount edges { node { name } } } }
"""

QUERY_COLLECTION = """
query Collection($slug: String) {
  collection(slug: $slug, channel: "default-channel") {
    name channel
    products(first: 10, sortBy: {field: COLLECTION, direction: ASC}) { edges { node { name } } }
  }
}
"""

QUERY_COLLECTIONS = """
{ collections(first: 10, channel: "default-channel") { edges { node { name } } } }
"""


def _collection(channel, name, products, published=True):
    collection = models.Collection.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    for product in products:
        models.CollectionProduct.objects.create(collection=collection, product=product)
    models.CollectionChannelListing.objects.create(
        collection=collection, channel=channel, is_published=published,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    return collection


def test_category_tree_and_products_of_subcategories(api_client, channel):
    textiles = create_category("Textiles")
    models.CategoryTranslation.objects.create(category=textiles, language_code="th", name="ผ้าทอ")
    silk = create_category("Silk", parent=textiles)
    create_product(channel, name="Silk scarf", category=silk)

    root = api_client.execute(QUERY_CATEGORY, {"slug": textiles.slug})["data"]["category"]
    child = api_client.execute(QUERY_CATEGORY, {"slug": silk.slug})["data"]["category"]

    assert root["level"] == 0 and root["parent"] is None
    assert root["translation"] == {"name": "ผ้าทอ"}
    assert root["children"]["edges"] == [{"node": {"name": "Silk", "level": 1}}]
    assert root["products"]["edges"] == [{"node": {"name": "Silk scarf"}}]
    assert child["ancestors"]["edges"] == [{"node": {"name": "Textiles"}}]


def test_categories_filtered_by_level(api_client, channel):
    textiles = create_category("Textiles")
    create_category("Silk", parent=textiles)

    data = api_client.execute(QUERY_CATEGORIES, {"level": 0})

    assert data["data"]["categories"]["edges"] == [{"node": {"name": "Textiles"}}]


def test_collection_products_in_collection_order(api_client, channel):
    first = create_product(channel, name="Zeta")
    second = create_product(channel, name="Alpha")
    collection = _collection(channel, "New arrivals", [first, second])

    data = api_client.execute(QUERY_COLLECTION, {"slug": collection.slug})["data"]["collection"]

    assert data["channel"] == "default-channel"
    assert [e["node"]["name"] for e in data["products"]["edges"]] == ["Zeta", "Alpha"]


def test_unpublished_collection_is_hidden_from_shoppers(api_client, channel):
    _collection(channel, "Visible", [])
    _collection(channel, "Draft", [], published=False)

    data = api_client.execute(QUERY_COLLECTIONS)

    assert data["data"]["collections"]["edges"] == [{"node": {"name": "Visible"}}]


def test_channels_and_channel_by_slug(api_client, channel):
    create_channel("inactive", active=False)

    channels = api_client.execute("{ channels { slug currencyCode defaultCountry { code country } } }")
    one = api_client.execute('{ channel(slug: "default-channel") { id name isActive } }')

    assert channels["data"]["channels"] == [
        {"slug": "default-channel", "currencyCode": "THB", "defaultCountry": {"code": "TH", "country": "Thailand"}}
    ]
    assert one["data"]["channel"]["id"] == to_global_id("Channel", channel.pk)


def test_inactive_channel_is_not_found_for_shoppers(api_client, channel):
    create_channel("inactive", active=False)

    data = api_client.execute('{ channel(slug: "inactive") { name } }')

    assert data["errors"][0]["extensions"]["exception"]["code"] == "CHANNEL_NOT_FOUND"


def test_shop_answers_languages_and_currency(api_client, channel):
    data = api_client.execute("{ shop { name version channelCurrencies languages { code } defaultCountry { code } domain { host } } }")

    shop = data["data"]["shop"]
    assert shop["channelCurrencies"] == ["THB"]
    assert {"code": "TH"} in shop["languages"]
    assert shop["defaultCountry"] == {"code": "TH"}
    assert shop["domain"]["host"] == "testserver"
