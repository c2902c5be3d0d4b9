import pytest
from graphql_relay import to_global_id

from shop.catalog import models
from tests.factories.catalog import assign_attribute, create_product

pytestmark = pytest.mark.django_db

QUERY_PRODUCT = """
query Product($id: ID, $slug: String, $channel: String) {
  product(id: $id, slug: $slug, channel: $channel) {
    id name slug channel
    description
    translation(languageCode: TH) { name language { code } }
    attributes { attribute { slug } values { name slug translation(languageCode: TH) { name } } }
    thumbnail(size: 200, format: WEBP) { url alt }
    media { url(size: 100) alt type }
    defaultVariant { sku }
    variants { id sku quantityAvailable weight { unit value } pricing { price { gross { amount } } } }
    productType { name }
    isAvailableForPurchase
  }
}
"""

QUERY_VARIANT = """
query Variant($sku: String, $id: ID) {
  productVariant(sku: $sku, id: $id) { sku name product { name } quantityAvailable }
}
"""


def test_product_by_slug_with_thai_translation_and_attributes(api_client, channel):
    product = create_product(channel, name="Krajood basket", stock=4, image=True)
    models.ProductTranslation.objects.create(product=product, language_code="th", name="ตะกร้ากระจูด")
    assign_attribute(product, "material", "Krajood")

    node = api_client.execute(QUERY_PRODUCT, {"slug": product.slug})["data"]["product"]

    assert node["id"] == to_global_id("Product", product.pk)
    assert node["channel"] == "default-channel"
    assert node["translation"] == {"name": "ตะกร้ากระจูด", "language": {"code": "TH"}}
    assert node["attributes"][0]["attribute"]["slug"] == "material"
    assert node["attributes"][0]["values"][0]["name"] == "Krajood"
    assert node["variants"][0]["quantityAvailable"] == 4
    assert node["variants"][0]["weight"] is None
    assert node["defaultVariant"]["sku"] == node["variants"][0]["sku"]
    assert node["thumbnail"]["url"].startswith("http://testserver/")
    assert node["media"][0]["type"] == "IMAGE"
    assert node["isAvailableForPurchase"] is True


def test_hidden_attribute_is_not_shown_to_shoppers(api_client, channel):
    product = create_product(channel)
    assign_attribute(product, "internal-code", "X1", visible=False)

    node = api_client.execute(QUERY_PRODUCT, {"slug": product.slug})["data"]["product"]

    assert node["attributes"] == []


def test_unpublished_product_is_null_for_shoppers(api_client, channel):
    product = create_product(channel, published=False)

    data = api_client.execute(QUERY_PRODUCT, {"slug": product.slug})

    assert data["data"]["product"] is None
    assert "errors" not in data


def test_product_by_global_id(api_client, channel):
    product = create_product(channel, name="Honey")

    data = api_client.execute(QUERY_PRODUCT, {"id": to_global_id("Product", product.pk)})

    assert data["data"]["product"]["name"] == "Honey"


def test_variant_by_sku_and_id(api_client, channel):
    product = create_product(channel, name="Tea", stock=7)
    variant = product.variants.get()

    by_sku = api_client.execute(QUERY_VARIANT, {"sku": variant.sku})["data"]["productVariant"]
    by_id = api_client.execute(QUERY_VARIANT, {"id": to_global_id("ProductVariant", variant.pk)})["data"][
        "productVariant"
    ]

    assert by_sku == by_id == {"sku": variant.sku, "name": variant.name, "product": {"name": "Tea"}, "quantityAvailable": 7}


QUERY_ASSIGNED = """
query Assigned($slug: String!) {
  product(slug: $slug) {
    assignedAttributes {
      __typename
      attribute { slug }
      ... on AssignedSingleChoiceAttribute { choice: value { name slug translation(languageCode: TH) } }
      ... on AssignedNumericAttribute { number: value }
      ... on AssignedMultiChoiceAttribute { choices: value { name } }
    }
    assignedAttribute(slug: "net-weight") { attribute { slug } }
  }
}
"""


def test_assigned_attributes_are_typed_by_input_type(api_client, channel):
    product = create_product(channel)
    dye = assign_attribute(product, "dye", "Indigo")
    models.AttributeValueTranslation.objects.create(attribute_value=dye, language_code="th", name="คราม")
    weight = assign_attribute(product, "net-weight", "250")
    models.Attribute.objects.filter(pk=weight.attribute_id).update(input_type=models.AttributeInputType.NUMERIC)
    allergens = assign_attribute(product, "allergens", "Peanut")
    models.Attribute.objects.filter(pk=allergens.attribute_id).update(input_type=models.AttributeInputType.MULTISELECT)
    assign_attribute(product, "internal", "secret", visible=False)

    data = api_client.execute(QUERY_ASSIGNED, {"slug": product.slug})["data"]["product"]

    assert data["assignedAttributes"] == [
        {"__typename": "AssignedSingleChoiceAttribute", "attribute": {"slug": "dye"},
         "choice": {"name": "Indigo", "slug": "indigo", "translation": "คราม"}},
        {"__typename": "AssignedNumericAttribute", "attribute": {"slug": "net-weight"}, "number": 250.0},
        {"__typename": "AssignedMultiChoiceAttribute", "attribute": {"slug": "allergens"}, "choices": [{"name": "Peanut"}]},
    ]
    assert data["assignedAttribute"] == {"attribute": {"slug": "net-weight"}}


def test_weights_are_shown_in_kilograms(api_client, channel):
    product = create_product(channel)
    product.variants.update(weight_grams=1250)

    data = api_client.execute('query ($s: String) { product(slug: $s) { weight { unit value } variants { weight { unit value } } } }',
                              {"s": product.slug})["data"]["product"]

    assert data["weight"] == {"unit": "KG", "value": 0.25}
    assert data["variants"][0]["weight"] == {"unit": "KG", "value": 1.25}
