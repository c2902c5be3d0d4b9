"""clean_address_input: AddressInput -> model fields, validated; skipValidation for staff only."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from shop.graphql.account.address_inputs import clean_address_input
from shop.graphql.core.errors import PermissionDenied

INPUT = {
    "first_name": "Malee",
    "last_name": "Srisuk",
    "street_address_1": "12 Moo 3",
    "city": "อ.แม่ริม",
    "city_area": "ต.ริมใต้",
    "country_area": "เชียงใหม่",
    "postal_code": "50180",
    "country": "TH",
    "phone": "053 123 456",
    "metadata": [{"key": "landmark", "value": "next to the temple"}],
    "skip_validation": False,
}


def info_for(*, staff: bool):
    user = SimpleNamespace(is_authenticated=True, is_staff=True) if staff else AnonymousUser()
    return SimpleNamespace(context=SimpleNamespace(user=user))


def test_input_is_mapped_to_model_fields_and_validated():
    # when
    cleaned = clean_address_input(info_for(staff=False), INPUT, address_type="shipping")

    # then
    assert cleaned["city"] == "แม่ริม"
    assert cleaned["city_area"] == "ริมใต้"
    assert cleaned["phone"] == "+6653123456"
    assert cleaned["metadata"] == {"landmark": "next to the temple"}


def test_errors_carry_the_address_type():
    # when
    with pytest.raises(ValidationError) as caught:
        clean_address_input(info_for(staff=False), {**INPUT, "postal_code": "10330"}, address_type="billing")

    # then
    [error] = caught.value.error_dict["postal_code"]
    assert (error.code, error.params) == ("INVALID", {"address_type": "billing"})


def test_staff_may_skip_validation():
    # when
    cleaned = clean_address_input(info_for(staff=True), {**INPUT, "postal_code": "10330", "skip_validation": True})

    # then the address is kept as written
    assert cleaned["postal_code"] == "10330"
    assert cleaned["city"] == "อ.แม่ริม"


def test_skipping_still_requires_a_country():
    with pytest.raises(ValidationError) as caught:
        clean_address_input(info_for(staff=True), {"skip_validation": True}, address_type="shipping")
    assert caught.value.error_dict["country"][0].code == "REQUIRED"


def test_shopper_cannot_skip_validation():
    with pytest.raises(PermissionDenied):
        clean_address_input(info_for(staff=False), {**INPUT, "skip_validation": True})
