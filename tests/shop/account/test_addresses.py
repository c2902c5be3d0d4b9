"""Thai addresses are checked against the official list of areas and postcodes."""

import pytest
from django.core.exceptions import ValidationError

from shop.account.addresses import (
    address_copy,
    address_update,
    address_validation_rules,
    check_address_create,
    validate_address,
)
from shop.account.models import Address

# A real Bangkok address: Lumphini (แขวงลุมพินี), Pathum Wan (เขตปทุมวัน), 10330.
BANGKOK = {
    "first_name": "Somchai",
    "last_name": "Jaidee",
    "street_address_1": "99/1 Soi Ruam Rudee, Phloen Chit Road",
    "city": "Pathum Wan",
    "city_area": "Lumphini",
    "country_area": "Bangkok",
    "postal_code": "10330",
    "country": "TH",
    "phone": "081 234 5678",
}
# Chiang Mai old city: Si Phum, Mueang Chiang Mai, 50200.
CHIANG_MAI = {
    **BANGKOK,
    "city": "Mueang Chiang Mai",
    "city_area": "Si Phum",
    "country_area": "Chiang Mai",
    "postal_code": "50200",
}


def errors_of(data, **kwargs) -> dict[str, tuple[str, dict]]:
    with pytest.raises(ValidationError) as caught:
        validate_address(data, **kwargs)
    return {field: (errs[0].code, errs[0].params) for field, errs in caught.value.error_dict.items()}


def test_bangkok_khet_and_khwaeng_with_their_postcode_pass():
    # given a Bangkok address in English, as a shopper types it
    data = {**BANGKOK, "city": " khet pathum wan ", "city_area": "LUMPHINI", "country_area": "bangkok"}

    # when
    cleaned = validate_address(data)

    # then names are spelled as in the official list and the phone is E.164
    assert cleaned["country_area"] == "Bangkok"
    assert cleaned["city"] == "Pathum Wan"
    assert cleaned["city_area"] == "Lumphini"
    assert cleaned["postal_code"] == "10330"
    assert cleaned["phone"] == "+66812345678"


def test_thai_script_names_are_accepted_and_kept_in_thai():
    # given the same address written in Thai, with the words for the levels and Thai digits
    data = {**BANGKOK, "country_area": "กรุงเทพฯ", "city": "เขตปทุมวัน", "city_area": "แขวงลุมพินี",
            "postal_code": "๑๐๓๓๐"}

    # when
    cleaned = validate_address(data)

    # then
    assert (cleaned["country_area"], cleaned["city"], cleaned["city_area"]) == (
        "กรุงเทพมหานคร", "เขตปทุมวัน", "ลุมพินี")
    assert cleaned["postal_code"] == "10330"


@pytest.mark.parametrize(
    ("province", "district", "expected"),
    [
        ("จ.เชียงใหม่", "อ.เมือง", ("เชียงใหม่", "เมืองเชียงใหม่")),
        ("chiang mai", "Muang Chiang Mai", ("Chiang Mai", "Mueang Chiang Mai")),
        ("Chiang Mai Province", "Mueang", ("Chiang Mai", "Mueang Chiang Mai")),
    ],
)
def test_short_forms_of_province_and_capital_district_are_read(province, district, expected):
    # given / when
    cleaned = validate_address({**CHIANG_MAI, "country_area": province, "city": district, "city_area": ""})

    # then
    assert (cleaned["country_area"], cleaned["city"]) == expected


@pytest.mark.parametrize(("written", "official"), [
    ("กทม.", "กรุงเทพมหานคร"), ("กรุงเทพฯ", "กรุงเทพมหานคร"), ("Krung Thep Maha Nakhon", "Bangkok"), ("BKK", "Bangkok"),
])
def test_common_names_of_bangkok_are_read(written, official):
    assert validate_address({**BANGKOK, "country_area": written})["country_area"] == official


def test_korat_is_nakhon_ratchasima():
    # given Pak Chong district, 30130
    data = {**BANGKOK, "country_area": "Korat", "city": "Pak Chong", "city_area": "", "postal_code": "30130"}
    assert validate_address(data)["country_area"] == "Nakhon Ratchasima"


def test_google_spelling_of_a_province_is_an_alias():
    # given Google's address data spells Chumphon "Chumpon"; Lang Suan district, 86110
    data = {**BANGKOK, "country_area": "Chumpon", "city": "Lang Suan", "city_area": "", "postal_code": "86110"}

    # when / then
    assert validate_address(data)["country_area"] == "Chumphon"


def test_chiang_mai_district_with_a_bangkok_postcode_fails_on_postal_code():
    # given
    data = {**CHIANG_MAI, "postal_code": "10330"}

    # when
    errors = errors_of(data, address_type="shipping")

    # then the error is on the postcode, with the address type for Saleor's addressType
    assert errors == {"postal_code": ("INVALID", {"address_type": "shipping"})}


def test_postcode_of_the_province_but_another_district_fails_on_postal_code():
    # given 50110 is Chiang Mai's (Fang) but not the old city's
    data = {**CHIANG_MAI, "postal_code": "50110"}

    # when / then
    assert errors_of(data) == {"postal_code": ("INVALID", {})}


def test_postcode_of_the_district_but_another_subdistrict_fails_on_postal_code():
    # given Pathum Wan (the khwaeng) also uses 10500, Lumphini does not
    data = {**BANGKOK, "postal_code": "10500"}

    # when / then
    assert errors_of(data) == {"postal_code": ("INVALID", {})}
    assert validate_address({**data, "city_area": "Pathum Wan"})["postal_code"] == "10500"


@pytest.mark.parametrize("postal_code", ["1033", "103300", "10 33X", "abcde"])
def test_postcode_must_have_five_digits(postal_code):
    assert errors_of({**BANGKOK, "postal_code": postal_code}) == {"postal_code": ("INVALID", {})}


def test_unknown_province_fails_on_country_area():
    assert errors_of({**BANGKOK, "country_area": "Atlantis"}) == {"country_area": ("INVALID", {})}


def test_district_of_another_province_fails_on_city():
    # given Mae Rim is a district of Chiang Mai, not of Bangkok
    data = {**BANGKOK, "city": "Mae Rim", "city_area": ""}

    # when / then
    assert errors_of(data) == {"city": ("INVALID", {})}


def test_subdistrict_of_another_district_fails_on_city_area():
    # given Si Phum is in Mueang Chiang Mai, not in Pathum Wan
    assert errors_of({**BANGKOK, "city_area": "Si Phum"}) == {"city_area": ("INVALID", {})}


def test_subdistrict_is_optional():
    assert validate_address({**BANGKOK, "city_area": ""})["city_area"] == ""


@pytest.mark.parametrize(
    "field", ["first_name", "last_name", "street_address_1", "city", "country_area", "postal_code", "country"]
)
def test_each_missing_required_field_is_required(field):
    # given
    data = {**BANGKOK, field: "  "}

    # when
    errors = errors_of(data, address_type="billing")

    # then
    assert errors[field] == ("REQUIRED", {"address_type": "billing"})


@pytest.mark.parametrize("phone", ["12", "+66 12", "not a phone", "+1 202 555 01"])
def test_bad_phone_is_invalid(phone):
    assert errors_of({**BANGKOK, "phone": phone}) == {"phone": ("INVALID", {})}


def test_too_long_value_is_invalid():
    assert errors_of({**BANGKOK, "street_address_1": "x" * 257}) == {"street_address_1": ("INVALID", {})}


def test_unknown_country_is_invalid():
    assert errors_of({**BANGKOK, "country": "XX"}) == {"country": ("INVALID", {})}


def test_other_countries_get_basic_required_field_checks_only():
    # given a Polish address: Google's data requires street, city and postcode
    data = {"first_name": "Jan", "last_name": "Kowalski", "street_address_1": "Tęczowa 7",
            "city": "Wrocław", "postal_code": "53-601", "country": "pl", "phone": "+48 321 321 888"}

    # when
    cleaned = validate_address(data)

    # then no area checks, but the phone is still E.164
    assert cleaned["country"] == "PL"
    assert cleaned["phone"] == "+48321321888"
    assert errors_of({**data, "city": ""}) == {"city": ("REQUIRED", {})}


@pytest.mark.django_db
def test_check_address_create_saves_the_cleaned_address():
    # when
    address = check_address_create(data={**BANGKOK, "metadata": {"note": "leave at the gate"}})

    # then
    address.refresh_from_db()
    assert address.city == "Pathum Wan"
    assert address.phone == "+66812345678"
    assert address.metadata == {"note": "leave at the gate"}


@pytest.mark.django_db
def test_check_address_create_writes_nothing_on_error():
    # when
    with pytest.raises(ValidationError):
        check_address_create(data={**CHIANG_MAI, "postal_code": "10330"})

    # then
    assert Address.objects.count() == 0


@pytest.mark.django_db
def test_address_copy_is_independent_of_the_original():
    # given
    original = check_address_create(data=BANGKOK)

    # when
    copy = address_copy(address=original)
    address_update(address=original, data=validate_address(CHIANG_MAI))

    # then
    copy.refresh_from_db()
    assert copy.pk != original.pk
    assert copy.city == "Pathum Wan"
    assert Address.objects.get(pk=original.pk).city == "Mueang Chiang Mai"


def test_rules_list_77_provinces_and_narrow_postcodes_to_the_area():
    # when
    rules = address_validation_rules(country_code="TH", country_area="Chiang Mai",
                                     city="Mueang Chiang Mai", city_area="Si Phum", language="en")

    # then
    assert len(rules.country_area_choices) == 77
    assert rules.country_area_type == "province"
    assert {"raw": "เชียงใหม่", "verbose": "Chiang Mai"} in [c.__dict__ for c in rules.country_area_choices]
    assert len(rules.city_choices) == 25
    assert "Si Phum" in [c.verbose for c in rules.city_area_choices]
    assert rules.postal_code_matchers == [r"^\d{5}$", "^(?:50200)$"]
