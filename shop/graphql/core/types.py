"""Shared GraphQL types with Saleor's names and shapes: money, weight, images, metadata, languages."""

from __future__ import annotations

import graphene
from django.conf import settings
from django.utils.translation import get_language_info

from shop.core.weight import WeightUnits, convert_grams

from .contract_enums import COUNTRYCODE_VALUES, LANGUAGECODEENUM_VALUES, MEASUREMENTUNITSENUM_VALUES
from .errors import PermissionDenied
from .scalars import Metadata

LanguageCodeEnum = graphene.Enum("LanguageCodeEnum", [(v, v) for v in LANGUAGECODEENUM_VALUES])
CountryCode = graphene.Enum("CountryCode", [(v, v) for v in COUNTRYCODE_VALUES])
MeasurementUnitsEnum = graphene.Enum(
    "MeasurementUnitsEnum", [(v, v.lower()) for v in MEASUREMENTUNITSENUM_VALUES]
)


class OrderDirection(graphene.Enum):
    ASC = "asc"
    DESC = "desc"


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "original"
    AVIF = "avif"
    WEBP = "webp"
    JPEG = "jpeg"


class WeightUnitsEnum(graphene.Enum):
    G = "g"
    LB = "lb"
    OZ = "oz"
    KG = "kg"
    TONNE = "tonne"


def language_code_to_django(code: str) -> str:
    """``TH`` / ``TH_TH`` -> ``th``; ``EN_US`` -> ``en``: translations are stored per base language."""
    return str(code).split("_")[0].lower()


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True, description="ISO 639 language code.")
    language = graphene.String(required=True, description="Full name of the language.")

    @staticmethod
    def for_code(code: str) -> dict:
        django_code = language_code_to_django(code)
        try:
            name = get_language_info(django_code)["name"]
        except KeyError:
            name = django_code
        return {"code": code.upper().replace("-", "_"), "language": name}


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True, description="Country code.")
    country = graphene.String(required=True, description="Country name.")

    @staticmethod
    def for_code(code: str) -> dict:
        from babel import Locale

        return {"code": code, "country": Locale("en").territories.get(code, code)}


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    amount = graphene.Float(required=True, description="Amount of money.")
    fractional_amount = graphene.Int(required=True, description="Amount in the currency's minor unit.")
    fraction_digits = graphene.Int(required=True, description="Number of digits after the decimal point.")

    class Meta:
        description = "Represents amount of money in specific currency."

    @staticmethod
    def resolve_amount(root, _info):
        from shop.core.money import quantize

        return float(quantize(root.amount, root.currency))

    @staticmethod
    def resolve_fractional_amount(root, _info):
        from shop.core.money import to_minor_units

        return to_minor_units(root.amount, root.currency)

    @staticmethod
    def resolve_fraction_digits(root, _info):
        from shop.core.money import currency_precision

        return currency_precision(root.currency)


def money_field(attribute: str, description: str, *, currency=lambda root: root.currency,
                required: bool = True) -> graphene.Field:
    """A ``Money`` field read from ``root.<attribute>`` (a Decimal) in ``currency(root)``."""
    from prices import Money as PricesMoney

    def resolve(root, _info):
        amount = getattr(root, attribute)
        return None if amount is None else PricesMoney(amount, currency(root))

    return graphene.Field(Money, required=required, description=description, resolver=resolve)


class MoneyRange(graphene.ObjectType):
    start = graphene.Field(Money, description="Lower bound of a price range.")
    stop = graphene.Field(Money, description="Upper bound of a price range.")


class TaxedMoney(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code.")
    gross = graphene.Field(Money, required=True, description="Amount of money including taxes.")
    net = graphene.Field(Money, required=True, description="Amount of money without taxes.")
    tax = graphene.Field(Money, required=True, description="Amount of taxes.")

    class Meta:
        description = "Represents a monetary value with taxes. In Thailand prices shown include 7% VAT."


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney, description="Lower bound of a price range.")
    stop = graphene.Field(TaxedMoney, description="Upper bound of a price range.")


class Weight(graphene.ObjectType):
    unit = graphene.Field(WeightUnitsEnum, required=True, description="Weight unit.")
    value = graphene.Float(required=True, description="Weight value.")

    @staticmethod
    def from_grams(grams, unit: str = WeightUnits.KG.value):
        if grams is None:
            return None
        # A plain value: the GraphQL enum cannot serialise a TextChoices member.
        return Weight(unit=str(WeightUnits(unit).value), value=float(round(convert_grams(grams, unit), 3)))


class Image(graphene.ObjectType):
    url = graphene.String(required=True, description="The URL of the image.")
    alt = graphene.String(description="Alt text for an image.")


class MetadataItem(graphene.ObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


def _is_staff(info) -> bool:
    user = getattr(info.context, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


def _items(data: dict) -> list[MetadataItem]:
    return [MetadataItem(key=k, value=v) for k, v in sorted((data or {}).items())]


class ObjectWithMetadata(graphene.Interface):
    private_metadata = graphene.List(
        graphene.NonNull(MetadataItem), required=True, description="List of private metadata items. Staff only."
    )
    private_metafield = graphene.String(key=graphene.String(required=True))
    private_metafields = Metadata(keys=graphene.List(graphene.NonNull(graphene.String)))
    metadata = graphene.List(graphene.NonNull(MetadataItem), required=True, description="List of public metadata items.")
    metafield = graphene.String(key=graphene.String(required=True))
    metafields = Metadata(keys=graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def resolve_metadata(root, _info):
        return _items(root.metadata)

    @staticmethod
    def resolve_metafield(root, _info, *, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_metafields(root, _info, *, keys=None):
        data = root.metadata or {}
        return {k: v for k, v in data.items() if keys is None or k in keys}

    @staticmethod
    def resolve_private_metadata(root, info):
        if not _is_staff(info):
            raise PermissionDenied()
        return _items(root.private_metadata)

    @staticmethod
    def resolve_private_metafield(root, info, *, key):
        if not _is_staff(info):
            raise PermissionDenied()
        return (root.private_metadata or {}).get(key)

    @staticmethod
    def resolve_private_metafields(root, info, *, keys=None):
        if not _is_staff(info):
            raise PermissionDenied()
        data = root.private_metadata or {}
        return {k: v for k, v in data.items() if keys is None or k in keys}


class MetadataFilter(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(description="Value of a metadata item.")


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class DecimalRangeInput(graphene.InputObjectType):
    gte = graphene.Decimal()
    lte = graphene.Decimal()


class DecimalFilterInput(graphene.InputObjectType):
    eq = graphene.Decimal()
    one_of = graphene.List(graphene.NonNull(graphene.Decimal))
    range = graphene.Field(DecimalRangeInput)


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to.")
    lte = graphene.Float(description="Price less than or equal to.")


class IntRangeInput(graphene.InputObjectType):
    gte = graphene.Int()
    lte = graphene.Int()


class DateRangeInput(graphene.InputObjectType):
    gte = graphene.Date()
    lte = graphene.Date()


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime()
    lte = graphene.DateTime()


class DateTimeFilterInput(graphene.InputObjectType):
    eq = graphene.DateTime()
    one_of = graphene.List(graphene.NonNull(graphene.DateTime))
    range = graphene.Field(DateTimeRangeInput)


def absolute_url(info, path: str) -> str:
    """Media URLs from S3 are absolute already; local ones are made absolute for the client."""
    if path.startswith(("http://", "https://")):
        return path
    request = getattr(info, "context", None)
    if request is not None and hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(path)
    return settings.PUBLIC_URL.rstrip("/") + path


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


def metadata_from_input(items) -> dict:
    """``[MetadataInput]`` -> ``{key: value}`` (a later duplicate key wins, as Saleor)."""
    return {item["key"]: item["value"] for item in items or ()}
