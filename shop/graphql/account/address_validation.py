"""``addressValidationRules``: the address form of a country, Thai areas from the official list."""

from __future__ import annotations

import graphene

from shop.account.addresses import address_validation_rules

from ..core.types import CountryCode


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    required_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    upper_fields = graphene.List(graphene.NonNull(graphene.String), required=True)
    country_area_type = graphene.String(required=True, description="`province` in Thailand.")
    country_area_choices = graphene.List(
        graphene.NonNull(ChoiceValue), required=True,
        description="Thailand: all 77 provinces; `raw` is the Thai name, `verbose` the name in the request's language.",
    )
    city_type = graphene.String(required=True, description="`district` in Thailand (amphoe / khet).")
    city_choices = graphene.List(
        graphene.NonNull(ChoiceValue), required=True,
        description="Thailand: the districts of the given `countryArea`.",
    )
    city_area_type = graphene.String(required=True, description="`subdistrict` in Thailand (tambon / khwaeng).")
    city_area_choices = graphene.List(
        graphene.NonNull(ChoiceValue), required=True,
        description="Thailand: the subdistricts of the given `city`.",
    )
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.List(
        graphene.NonNull(graphene.String), required=True,
        description="Regular expressions a postal code must all match; narrowed to the postcodes of the given area.",
    )
    postal_code_examples = graphene.List(graphene.NonNull(graphene.String), required=True)
    postal_code_prefix = graphene.String(required=True)

    class Meta:
        description = "Represents address validation rules for a country."


class AddressValidationQueries(graphene.ObjectType):
    address_validation_rules = graphene.Field(
        AddressValidationData,
        description=(
            "Returns address validation rules. For Thailand the provinces, districts, subdistricts "
            "and postcodes come from the official list of areas."
        ),
        country_code=graphene.Argument(CountryCode, required=True, description="Two-letter ISO 3166-1 country code."),
        country_area=graphene.Argument(graphene.String, description="Designation of a region, province or state."),
        city=graphene.Argument(graphene.String, description="City or a town name."),
        city_area=graphene.Argument(graphene.String, description="Sublocality like a district."),
    )

    @staticmethod
    def resolve_address_validation_rules(_root, _info, *, country_code, country_area=None, city=None, city_area=None):
        rules = address_validation_rules(
            country_code=getattr(country_code, "value", country_code),
            country_area=country_area, city=city, city_area=city_area,
        )
        return AddressValidationData(**{
            **rules.__dict__,
            "country_area_choices": [ChoiceValue(raw=c.raw, verbose=c.verbose) for c in rules.country_area_choices],
            "city_choices": [ChoiceValue(raw=c.raw, verbose=c.verbose) for c in rules.city_choices],
            "city_area_choices": [ChoiceValue(raw=c.raw, verbose=c.verbose) for c in rules.city_area_choices],
        })
