"""checkoutLinesAdd costs the same number of SQL queries for 1 line and for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.catalog import create_product, create_warehouse

from .test_checkout_flow import CHECKOUT_CREATE, _gid

# The storefront's answer: every line with its product's thumbnail and prices.
LINES_ADD = """
mutation LinesAdd($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) {
    checkout { id quantity totalPrice { gross { amount } }
      lines { id quantity problems { __typename } totalPrice { gross { amount } net { amount } }
        variant { id sku name product { name slug thumbnail(size: 256, format: WEBP) { url alt } } } } }
    errors { field code }
  }
}
"""

pytestmark = pytest.mark.django_db


def _queries_for_lines_add(api_client, channel, variants):
    checkout_id = api_client.execute(CHECKOUT_CREATE, {"channel": channel.slug, "lines": [], "email": "a@example.com"})[
        "data"]["checkoutCreate"]["checkout"]["id"]
    lines = [{"variantId": _gid(v), "quantity": 1} for v in variants]
    with CaptureQueriesContext(connection) as ctx:
        result = api_client.execute(LINES_ADD, {"id": checkout_id, "lines": lines})
    assert result["data"]["checkoutLinesAdd"]["errors"] == []
    assert len(result["data"]["checkoutLinesAdd"]["checkout"]["lines"]) == len(variants)
    return len(ctx.captured_queries)


def test_lines_add_query_count_does_not_grow_with_lines(api_client, unpaid_channel, courier):
    warehouse = create_warehouse(unpaid_channel)
    variants = [create_product(unpaid_channel, warehouse=warehouse, stock=5, image=True).variants.get() for _ in range(11)]

    one = _queries_for_lines_add(api_client, unpaid_channel, variants[:1])
    ten = _queries_for_lines_add(api_client, unpaid_channel, variants[1:])

    assert one == ten
