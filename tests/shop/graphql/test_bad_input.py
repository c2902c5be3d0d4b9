"""Bad input gets a clear error with a code, never a 500, and writes nothing."""

import pytest

from shop.catalog.models import Product
from shop.thumbnail.models import Thumbnail
from tests.factories.catalog import create_product

pytestmark = pytest.mark.django_db

QUERY_PRODUCTS = """
query P($channel: String, $first: Int, $last: Int, $after: String) {
  products(channel: $channel, first: $first, last: $last, after: $after) { edges { node { name } } }
}
"""


def _error(response):
    body = response.json()
    assert response.status_code in (200, 400)
    assert body["errors"], body
    return body["errors"][0]


def _counts():
    return Product.objects.count(), Thumbnail.objects.count()


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"channel": "no-such-channel", "first": 10}, "CHANNEL_NOT_FOUND"),
        ({"first": 101}, "INVALID_PAGINATION"),
        ({"first": -1}, "INVALID_PAGINATION"),
        ({"last": -5}, "INVALID_PAGINATION"),
        ({"first": 1, "last": 1}, "INVALID_PAGINATION"),
        ({}, "INVALID_PAGINATION"),
        ({"first": 10, "after": "not-a-cursor!!"}, "INVALID_CURSOR"),
        ({"first": 10, "after": "WzEsMiwzXQ=="}, "INVALID_CURSOR"),
    ],
)
def test_bad_list_arguments_get_coded_errors(api_client, channel, variables, code):
    create_product(channel)
    before = _counts()

    error = _error(api_client.post(QUERY_PRODUCTS, variables))

    assert error["extensions"]["exception"]["code"] == code
    assert _counts() == before


def test_first_over_100_names_the_limit(api_client, channel):
    error = _error(api_client.post(QUERY_PRODUCTS, {"first": 1000}))

    assert "exceeds the `first` limit of 100" in error["message"]


@pytest.mark.parametrize(
    "query",
    [
        '{ product(id: "garbage") { name } }',
        '{ product(id: "UHJvZHVjdDp4eXo=") { name } }',  # Product:xyz
        '{ product(id: "Q2F0ZWdvcnk6MQ==") { name } }',  # Category:1 passed as a product
        '{ category(id: "%%%") { name } }',
        '{ productVariant(id: "bm9wZQ==") { sku } }',
    ],
)
def test_bad_ids_get_invalid_id(api_client, channel, query):
    error = _error(api_client.post(query))

    assert error["extensions"]["exception"]["code"] == "INVALID_ID"


def test_malformed_graphql_is_a_parse_error(api_client, channel):
    response = api_client.post("{ products(first: 10 { edges }")

    error = _error(response)
    assert response.status_code == 400
    assert error["extensions"]["exception"]["code"] == "GRAPHQL_PARSE_FAILED"


def test_unknown_field_is_a_validation_error(api_client, channel):
    error = _error(api_client.post("{ products(first: 1) { edges { node { noSuchField } } } }"))

    assert error["extensions"]["exception"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_over_cost_query_is_refused_before_running(api_client, channel, django_assert_num_queries):
    query = """{ products(first: 100) { edges { node { category { products(first: 100) { edges { node {
        category { products(first: 100) { edges { node { name } } } } } } } } } } } }"""

    with django_assert_num_queries(0):
        error = _error(api_client.post(query))

    assert error["extensions"]["exception"]["code"] == "QUERY_COST_EXCEEDED"


def test_cost_of_page_sizes_from_variables_is_measured_for_each_request(api_client, channel):
    # given one document whose page sizes come from its variables (its text is parsed once)
    query = """query Q($n: Int) { products(first: $n) { edges { node { category { products(first: $n) {
        edges { node { category { products(first: $n) { edges { node { name } } } } } } } } } } } }"""

    # when it is sent with small pages, then with pages that make it too costly, then small again
    small = api_client.post(query, {"n": 2}).json()
    large = _error(api_client.post(query, {"n": 100}))
    small_again = api_client.post(query, {"n": 2}).json()

    # then only the costly request is refused
    assert "errors" not in small and "errors" not in small_again
    assert large["extensions"]["exception"]["code"] == "QUERY_COST_EXCEEDED"


def test_over_cost_query_is_refused_every_time_it_is_sent(api_client, channel):
    query = """{ products(first: 100) { edges { node { category { products(first: 100) { edges { node {
        category { products(first: 100) { edges { node { name } } } } } } } } } } } }"""

    codes = [_error(api_client.post(query))["extensions"]["exception"]["code"] for _ in range(2)]

    assert codes == ["QUERY_COST_EXCEEDED", "QUERY_COST_EXCEEDED"]


def test_too_deep_query_is_refused(api_client, channel):
    nested = "parent { " * 20 + "name" + " }" * 20
    error = _error(api_client.post(f'{{ category(slug: "x") {{ {nested} }} }}'))

    assert error["extensions"]["exception"]["code"] == "QUERY_DEPTH_EXCEEDED"


def test_private_metadata_is_denied_to_shoppers(api_client, channel):
    product = create_product(channel)

    error = _error(api_client.post(f'{{ product(slug: "{product.slug}") {{ privateMetadata {{ key }} }} }}'))

    assert error["extensions"]["exception"]["code"] == "PermissionDenied"


def test_body_that_is_not_json_is_a_400(client):
    response = client.post("/graphql/", "{not json", content_type="application/json")

    assert response.status_code == 400


def test_unknown_enum_value_in_variables_is_a_validation_error(api_client, channel):
    error = _error(api_client.post("query ($c: LanguageCodeEnum!) { shop { translation(languageCode: $c) { id } } }", {"c": "XX"}))

    assert error["extensions"]["exception"]["code"] == "GRAPHQL_VALIDATION_FAILED"
