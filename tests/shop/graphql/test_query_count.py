"""The number of SQL queries of a product list does not grow with the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.core.taxes import vat_rates_forget
from tests.factories.catalog import (
    assign_attribute,
    create_category,
    create_product,
    create_warehouse,
)

pytestmark = pytest.mark.django_db

QUERY_PRODUCT_LIST = """
query List($first: Int!) {
  products(first: $first, channel: "default-channel") {
    totalCount
    edges { node {
      id name slug
      category { id name }
      thumbnail(size: 256, format: WEBP) { url alt }
      pricing { onSale priceRange { start { gross { amount currency } net { amount } tax { amount } } } }
      isAvailable
      attributes { attribute { slug name } values { name } }
      translation(languageCode: TH) { name }
      collections { name }
      variants { id sku quantityAvailable
        pricing { price { gross { amount } } }
        attributes { attribute { slug } values { name } } }
    } }
  }
}
"""


def _count(api_client, first):
    vat_rates_forget()  # both measurements pay for the (cached) VAT rate lookup
    with CaptureQueriesContext(connection) as ctx:
        data = api_client.execute(QUERY_PRODUCT_LIST, {"first": first})
    assert "errors" not in data, data
    assert len(data["data"]["products"]["edges"]) == first
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_10_and_100_products(api_client, channel):
    warehouse = create_warehouse(channel)
    categories = [create_category(f"Cat {i}") for i in range(5)]
    for i in range(100):
        product = create_product(
            channel, warehouse=warehouse, category=categories[i % 5], variants=2, image=(i % 10 == 0)
        )
        assign_attribute(product, "material", f"Cotton {i % 3}")

    small = _count(api_client, 10)
    large = _count(api_client, 100)

    assert small == large
    assert large < 25
