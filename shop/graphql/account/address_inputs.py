"""``AddressInput`` (Saleor's) and the one function that turns it into clean model data.

Mutations that take an address (checkout addresses, account addresses, orders)
call ``clean_address_input(info, input, address_type=...)`` in their ``clean_*``
step and hand the result to a service (e.g. ``shop.account.addresses.address_create``).
"""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shop.account.addresses import AddressType, normalize_address, validate_address

from ..core.context import is_staff
from ..core.errors import PermissionDenied
from ..core.types import CountryCode, MetadataInput, metadata_from_input

AddressTypeEnum = graphene.Enum(
    "AddressTypeEnum", [(member.name, member.value) for member in AddressType]
)


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    company_name = graphene.String(description="Company or organization.")
    street_address_1 = graphene.String(description="Address: house number, moo, soi, road.")
    street_address_2 = graphene.String(description="Address (continued).")
    city = graphene.String(description="City; in Thailand the district (amphoe / khet).")
    city_area = graphene.String(description="District; in Thailand the subdistrict (tambon / khwaeng).")
    postal_code = graphene.String(description="Postal code; 5 digits in Thailand.")
    country = graphene.Field(CountryCode, description="Country.")
    country_area = graphene.String(description="State or province; in Thailand the province (changwat).")
    phone = graphene.String(description="Phone number.\n\nPhone numbers are validated with Google's phonenumbers library.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Address public metadata. Can be read by any API client authorized to read the object related to the address.",
        required=False,
    )
    skip_validation = graphene.Boolean(
        description=(
            "Determines if an error should be raised when the provided address doesn't have all the "
            "required fields. The list of required fields is dynamic and depends on the country code "
            "(use the `addressValidationRules` query to fetch them). Note: country code is mandatory "
            "for all addresses regardless of the rules provided in this input. Staff only."
        ),
        default_value=False,
    )


_FIELDS = (
    "first_name", "last_name", "company_name", "street_address_1", "street_address_2",
    "city", "city_area", "postal_code", "country", "country_area", "phone",
)


def address_input_to_data(data) -> dict:
    """``AddressInput`` values -> model field names (``streetAddress1`` -> ``street_address_1``)."""
    data = dict(data or {})
    values = {}
    for name in _FIELDS:
        value = data.get(name, data.get(name.replace("_1", "1").replace("_2", "2")))
        if name == "country" and value is not None:
            value = getattr(value, "value", value)
        if value is not None:
            values[name] = value
    if data.get("metadata") is not None:
        values["metadata"] = metadata_from_input(data["metadata"])
    return values


def clean_address_input(info, data, *, address_type: str | None = None) -> dict:
    """Validate an ``AddressInput`` and return model-field data ready for a service.

    Raises ``ValidationError`` (``{field: ...}``, codes ``REQUIRED`` / ``INVALID``,
    ``params={"address_type": ...}``) for the mutation to map to its error type.
    ``skipValidation: true`` is honoured for staff only, as Saleor guards it by
    permission: for anyone else it is a top-level ``PermissionDenied``.  Even when
    skipped, the country is required (Saleor's rule).
    """
    values = address_input_to_data(data)
    if (data or {}).get("skip_validation"):
        if not is_staff(info):
            raise PermissionDenied("Only staff can skip address validation.")
        cleaned = normalize_address(values)
        if not cleaned["country"]:
            params = {"address_type": address_type} if address_type else {}
            raise ValidationError({"country": ValidationError(_("This field is required."), code="REQUIRED", params=params)})
        return cleaned
    return validate_address(values, address_type=address_type)
