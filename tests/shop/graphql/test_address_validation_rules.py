"""addressValidationRules: Saleor's address form data, Thai areas from the official list."""

import pytest

pytestmark = pytest.mark.django_db

QUERY_ADDRESS_VALIDATION_RULES = """
query AddressValidationRules($countryCode: CountryCode!, $countryArea: String, $city: String, $cityArea: String) {
  addressValidationRules(countryCode: $countryCode, countryArea: $countryArea, city: $city, cityArea: $cityArea) {
    countryCode countryName addressFormat addressLatinFormat
    allowedFields requiredFields upperFields
    countryAreaType countryAreaChoices { raw verbose }
    cityType cityChoices { raw verbose }
    cityAreaType cityAreaChoices { raw verbose }
    postalCodeType postalCodeMatchers postalCodeExamples postalCodePrefix
  }
}
"""


def rules(api_client, language="en", **variables):
    response = api_client.post(
        QUERY_ADDRESS_VALIDATION_RULES, {"countryCode": "TH", **variables}, HTTP_ACCEPT_LANGUAGE=language
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["addressValidationRules"]


def test_thailand_lists_77_provinces_with_thai_raw_values(api_client, django_assert_num_queries):
    # when
    with django_assert_num_queries(0):
        data = rules(api_client)

    # then
    assert data["countryCode"] == "TH"
    assert data["countryAreaType"] == "province"
    assert data["cityType"] == "district"
    assert data["cityAreaType"] == "subdistrict"
    assert len(data["countryAreaChoices"]) == 77
    assert {"raw": "เชียงใหม่", "verbose": "Chiang Mai"} in data["countryAreaChoices"]
    assert {"raw": "กรุงเทพมหานคร", "verbose": "Bangkok"} in data["countryAreaChoices"]
    assert data["cityChoices"] == [] and data["cityAreaChoices"] == []
    assert data["requiredFields"] == ["name", "street_address", "city", "country_area", "postal_code"]
    assert data["postalCodeMatchers"] == [r"^\d{5}$"]
    assert data["addressFormat"] == "%N%n%O%n%A%n%D %C%n%S %Z"


def test_verbose_names_follow_the_request_language(api_client):
    # when a Thai shopper asks
    data = rules(api_client, language="th")

    # then the labels are Thai, in Thai dictionary order (leading vowels sort after their consonant)
    verbose = [c["verbose"] for c in data["countryAreaChoices"]]
    assert verbose[:2] == ["กระบี่", "กรุงเทพมหานคร"]
    assert verbose.index("เชียงราย") < verbose.index("ตรัง")


def test_districts_of_a_province_given_in_english_or_thai(api_client):
    # when
    english = rules(api_client, countryArea="chiang mai")
    thai = rules(api_client, countryArea="จ.เชียงใหม่")

    # then both give Chiang Mai's 25 districts
    assert english["cityChoices"] == thai["cityChoices"]
    assert len(english["cityChoices"]) == 25
    assert {"raw": "เมืองเชียงใหม่", "verbose": "Mueang Chiang Mai"} in english["cityChoices"]
    assert "^(?:" in english["postalCodeMatchers"][1] and "50200" in english["postalCodeMatchers"][1]


def test_subdistricts_of_a_bangkok_khet(api_client):
    # when
    data = rules(api_client, countryArea="Bangkok", city="Pathum Wan")

    # then
    assert [c["verbose"] for c in data["cityAreaChoices"]] == ["Lumphini", "Pathum Wan", "Rong Mueang", "Wang Mai"]
    assert data["postalCodeMatchers"] == [r"^\d{5}$", "^(?:10330|10500)$"]
    assert data["postalCodeExamples"] == ["10330", "10500"]


def test_unknown_province_narrows_nothing(api_client):
    # when
    data = rules(api_client, countryArea="Atlantis", city="Nowhere")

    # then
    assert len(data["countryAreaChoices"]) == 77
    assert data["cityChoices"] == []


def test_other_countries_answer_with_googles_address_data(api_client):
    # when
    data = rules(api_client, countryCode="PL")

    # then
    assert data["countryCode"] == "PL"
    assert data["requiredFields"] == ["city", "postal_code", "street_address"]
    assert data["postalCodeMatchers"] == [r"^\d{2}-\d{3}$"]


def test_country_code_outside_the_enum_is_a_validation_error(api_client):
    # when
    response = api_client.post("{ addressValidationRules(countryCode: XX) { countryCode } }")

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "GRAPHQL_VALIDATION_FAILED"
