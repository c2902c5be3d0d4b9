from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from shop.catalog import models
from shop.catalog.search import update_products_search_document
from tests.factories.catalog import assign_attribute, create_category, create_product

pytestmark = pytest.mark.django_db

QUERY_PRODUCTS = """
query Products($channel: String, $first: Int, $last: Int, $after: String, $before: String,
               $filter: ProductFilterInput, $where: ProductWhereInput, $sortBy: ProductOrder, $search: String) {
  products(channel: $channel, first: $first, last: $last, after: $after, before: $before,
           filter: $filter, where: $where, sortBy: $sortBy, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name slug isAvailable
      pricing { onSale discount { gross { amount } }
        priceRange { start { gross { amount currency } net { amount } tax { amount } } stop { gross { amount } } }
        priceRangeUndiscounted { start { gross { amount } } } }
    } }
  }
}
"""


def _names(data):
    return [edge["node"]["name"] for edge in data["data"]["products"]["edges"]]


def test_product_price_includes_thai_vat_split_exactly(api_client, channel):
    # given a product priced 107.00 THB VAT included
    create_product(channel, name="Chili paste", price=Decimal("107.00"))

    # when the shopper lists products
    data = api_client.execute(QUERY_PRODUCTS, {"channel": channel.slug, "first": 10})

    # then gross 107.00 = net 100.00 + VAT 7.00
    start = data["data"]["products"]["edges"][0]["node"]["pricing"]["priceRange"]["start"]
    assert start == {"gross": {"amount": 107.0, "currency": "THB"}, "net": {"amount": 100.0}, "tax": {"amount": 7.0}}


def test_price_range_spans_variants_and_sale_shows_discount(api_client, channel):
    create_product(channel, name="Silk scarf", price=Decimal("1000.00"), discounted=Decimal("800.00"), variants=2)

    node = api_client.execute(QUERY_PRODUCTS, {"first": 10})["data"]["products"]["edges"][0]["node"]

    assert node["pricing"]["onSale"] is True
    assert node["pricing"]["priceRange"]["start"]["gross"]["amount"] == 800.0
    assert node["pricing"]["priceRangeUndiscounted"]["start"]["gross"]["amount"] == 1000.0
    assert node["pricing"]["discount"]["gross"]["amount"] == 200.0


def test_shoppers_do_not_see_unpublished_or_hidden_products(api_client, channel):
    create_product(channel, name="Visible")
    create_product(channel, name="Draft", published=False)
    create_product(channel, name="Hidden", visible_in_listings=False)

    data = api_client.execute(QUERY_PRODUCTS, {"first": 10})

    assert _names(data) == ["Visible"]
    assert data["data"]["products"]["totalCount"] == 1


def test_staff_see_unpublished_products(staff_api_client, channel):
    create_product(channel, name="Visible")
    create_product(channel, name="Draft", published=False)

    data = staff_api_client.execute(QUERY_PRODUCTS, {"first": 10})

    assert sorted(_names(data)) == ["Draft", "Visible"]


def test_is_available_needs_stock_and_purchase_date(api_client, channel):
    create_product(channel, name="In stock", stock=3)
    create_product(channel, name="Sold out", stock=0)
    create_product(channel, name="Not yet", available=False)

    edges = api_client.execute(QUERY_PRODUCTS, {"first": 10, "sortBy": {"field": "NAME", "direction": "ASC"}})
    availability = {e["node"]["name"]: e["node"]["isAvailable"] for e in edges["data"]["products"]["edges"]}

    assert availability == {"In stock": True, "Not yet": False, "Sold out": False}


def test_search_finds_thai_text_inside_words(api_client, channel):
    product = create_product(channel, name="Mudmee silk scarf")
    models.ProductTranslation.objects.create(product=product, language_code="th", name="ผ้าพันคอไหมมัดหมี่")
    update_products_search_document([product])
    create_product(channel, name="Honey")

    data = api_client.execute(QUERY_PRODUCTS, {"first": 10, "search": "มัดหมี่"})

    assert _names(data) == ["Mudmee silk scarf"]


def test_filter_by_category_includes_subcategories(api_client, channel):
    textiles = create_category("Textiles")
    silk = create_category("Silk", parent=textiles)
    create_product(channel, name="Silk scarf", category=silk)
    create_product(channel, name="Honey", category=create_category("Food"))

    data = api_client.execute(
        QUERY_PRODUCTS, {"first": 10, "filter": {"categories": [to_global_id("Category", textiles.pk)]}}
    )

    assert _names(data) == ["Silk scarf"]


def test_filter_by_price_range_and_stock(api_client, channel):
    create_product(channel, name="Cheap", price=Decimal("100"))
    create_product(channel, name="Dear", price=Decimal("2000"))
    create_product(channel, name="Cheap sold out", price=Decimal("120"), stock=0)

    data = api_client.execute(
        QUERY_PRODUCTS,
        {"first": 10, "filter": {"price": {"lte": 500}, "stockAvailability": "IN_STOCK"}},
    )

    assert _names(data) == ["Cheap"]


def test_filter_by_attribute_value(api_client, channel):
    natural = create_product(channel, name="Indigo scarf")
    assign_attribute(natural, "dye", "Natural indigo")
    other = create_product(channel, name="Plain scarf")
    assign_attribute(other, "dye", "Undyed")

    data = api_client.execute(
        QUERY_PRODUCTS, {"first": 10, "filter": {"attributes": [{"slug": "dye", "values": ["natural-indigo"]}]}}
    )

    assert _names(data) == ["Indigo scarf"]


def test_where_combines_with_or(api_client, channel):
    create_product(channel, name="A")
    b = create_product(channel, name="B")
    c = create_product(channel, name="C")

    data = api_client.execute(
        QUERY_PRODUCTS,
        {"first": 10, "where": {"OR": [{"slug": {"eq": b.slug}}, {"slug": {"eq": c.slug}}]},
         "sortBy": {"field": "NAME", "direction": "DESC"}},
    )

    assert _names(data) == ["C", "B"]


def test_sort_by_price(api_client, channel):
    create_product(channel, name="Mid", price=Decimal("500"))
    create_product(channel, name="Low", price=Decimal("100"))
    create_product(channel, name="High", price=Decimal("900"))

    data = api_client.execute(QUERY_PRODUCTS, {"first": 10, "sortBy": {"field": "PRICE", "direction": "DESC"}})

    assert _names(data) == ["High", "Mid", "Low"]


def test_cursor_pagination_walks_forward_and_back(api_client, channel):
    for name in "ABCDE":
        create_product(channel, name=name)
    sort = {"field": "NAME", "direction": "ASC"}

    page1 = api_client.execute(QUERY_PRODUCTS, {"first": 2, "sortBy": sort})["data"]["products"]
    page2 = api_client.execute(
        QUERY_PRODUCTS, {"first": 2, "after": page1["pageInfo"]["endCursor"], "sortBy": sort}
    )["data"]["products"]
    back = api_client.execute(
        QUERY_PRODUCTS, {"last": 2, "before": page2["pageInfo"]["startCursor"], "sortBy": sort}
    )["data"]["products"]

    assert [e["node"]["name"] for e in page1["edges"]] == ["A", "B"]
    assert page1["pageInfo"]["hasNextPage"] is True and page1["pageInfo"]["hasPreviousPage"] is False
    assert [e["node"]["name"] for e in page2["edges"]] == ["C", "D"]
    assert [e["node"]["name"] for e in back["edges"]] == ["A", "B"]
    assert back["pageInfo"]["hasPreviousPage"] is False and back["pageInfo"]["hasNextPage"] is True
    assert page1["totalCount"] == 5


def test_last_page_has_no_next_page(api_client, channel):
    for name in "ABC":
        create_product(channel, name=name)

    data = api_client.execute(QUERY_PRODUCTS, {"last": 2, "sortBy": {"field": "NAME", "direction": "ASC"}})

    products = data["data"]["products"]
    assert [e["node"]["name"] for e in products["edges"]] == ["B", "C"]
    assert products["pageInfo"]["hasPreviousPage"] is True
