from __future__ import annotations

import graphene
from django.conf import settings
from graphql_relay import to_global_id

from shop.channel.models import Channel as ChannelModel
from shop.site.models import SiteSettings

from ..channel.types import Channel, resolve_channel
from ..core.context import is_staff
from ..core.translations import TranslationType, load_translation, translation_field
from ..core.types import CountryDisplay, LanguageDisplay, ObjectWithMetadata, WeightUnitsEnum
from ..shipping.schema import available_shipping_methods_field, resolve_available_shipping_methods
from ..warehouse.types import Address

API_VERSION = "3.23"

# Shop-wide facts that are not settings of ours: the API version, and how this
# shop works (prices include VAT, stock is tracked, weights in kilograms).
SHOP_FACTS = {
    "version": API_VERSION,
    "schema_version": API_VERSION,
    "include_taxes_in_prices": True,
    "display_gross_prices": True,
    "fulfillment_auto_approve": True,
    "fulfillment_allow_unpaid": False,
    "allow_storefront_traffic": True,
    "track_inventory_by_default": True,
    "default_weight_unit": "kg",
    "phone_prefixes": ["+66"],
    "metadata": {},
    "private_metadata": {},
}


class Domain(graphene.ObjectType):
    host = graphene.String(required=True, description="The host name of the domain.")
    ssl_enabled = graphene.Boolean(required=True, description="Inform if SSL is enabled.")
    url = graphene.String(required=True, description="The absolute URL of the API.")


class ShopTranslation(TranslationType):
    header_text = graphene.String(required=True)
    description = graphene.String(required=True)

    class Meta:
        interfaces = (graphene.relay.Node,)


class Shop(graphene.ObjectType):
    id = graphene.ID(required=True)
    available_shipping_methods = available_shipping_methods_field()
    resolve_available_shipping_methods = staticmethod(resolve_available_shipping_methods)
    channel_currencies = graphene.List(graphene.NonNull(graphene.String), required=True)
    countries = graphene.List(graphene.NonNull(CountryDisplay), required=True, description="List of countries available in the shop.")
    default_country = graphene.Field(CountryDisplay)
    default_mail_sender_name = graphene.String()
    default_mail_sender_address = graphene.String()
    description = graphene.String()
    domain = graphene.Field(Domain, required=True)
    languages = graphene.List(graphene.NonNull(LanguageDisplay), required=True, description="List of the shop's supported languages.")
    name = graphene.String(required=True)
    phone_prefixes = graphene.List(graphene.NonNull(graphene.String), required=True)
    header_text = graphene.String()
    track_inventory_by_default = graphene.Boolean()
    default_weight_unit = graphene.Field(WeightUnitsEnum)
    translation = translation_field(ShopTranslation, "Returns translated shop fields for the given language code.")
    company_address = graphene.Field(Address)
    version = graphene.String(required=True)
    schema_version = graphene.String(required=True)
    include_taxes_in_prices = graphene.Boolean(required=True, deprecation_reason="Use `Channel.taxConfiguration.pricesEnteredWithTax`.")
    display_gross_prices = graphene.Boolean(required=True, deprecation_reason="Use `Channel.taxConfiguration`.")
    fulfillment_auto_approve = graphene.Boolean(required=True)
    fulfillment_allow_unpaid = graphene.Boolean(required=True)
    allow_storefront_traffic = graphene.Boolean(required=True)

    class Meta:
        description = "Represents a shop resource containing general shop data and configuration."
        interfaces = (ObjectWithMetadata,)

    @staticmethod
    def resolve_id(_root, _info):
        return to_global_id("Shop", "1")

    @staticmethod
    def resolve_channel_currencies(_root, _info):
        return sorted(set(ChannelModel.objects.values_list("currency_code", flat=True)))

    @staticmethod
    def resolve_countries(_root, _info):
        return [CountryDisplay(**CountryDisplay.for_code(settings.DEFAULT_COUNTRY))]

    @staticmethod
    def resolve_default_country(_root, _info):
        return CountryDisplay(**CountryDisplay.for_code(settings.DEFAULT_COUNTRY))

    @staticmethod
    def resolve_domain(root, info):
        request = info.context
        host = request.get_host() if hasattr(request, "get_host") else root.domain
        secure = request.is_secure() if hasattr(request, "is_secure") else False
        return Domain(host=host, ssl_enabled=secure, url=f"{'https' if secure else 'http'}://{host}/graphql/")

    @staticmethod
    def resolve_languages(_root, _info):
        return [LanguageDisplay(**LanguageDisplay.for_code(code)) for code, _ in settings.LANGUAGES]




    @staticmethod
    def resolve_translation(root, _info, *, language_code):
        return load_translation(root, language_code)

    @staticmethod
    def resolve_company_address(root, _info):
        from shop.account.models import Address as AddressModel

        return AddressModel(
            company_name=root.company_name, street_address_1=root.company_street, city=root.company_city,
            country_area=root.company_country_area, postal_code=root.company_postal_code,
            country=settings.DEFAULT_COUNTRY, phone=root.company_phone, metadata={}, private_metadata={},
        )











class SiteQueries(graphene.ObjectType):
    shop = graphene.Field(Shop, required=True, description="Return information about the shop.")
    channel = graphene.Field(Channel, id=graphene.ID(), slug=graphene.String(), description="Look up a channel by ID or slug.")
    channels = graphene.List(graphene.NonNull(Channel), description="List of all channels.")

    @staticmethod
    def resolve_shop(_root, _info):
        settings_row = SiteSettings.load()
        for name, value in SHOP_FACTS.items():
            setattr(settings_row, name, value)
        return settings_row

    @staticmethod
    def resolve_channel(_root, info, id=None, slug=None):
        from ..core.errors import InvalidArgument
        from ..core.ids import from_global_id_or_error

        if (id is None) == (slug is None):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.", field="id")
        if id is not None:
            channel = ChannelModel.objects.filter(pk=from_global_id_or_error(id, "Channel")).first()
            if channel is None or (not channel.is_active and not is_staff(info)):
                return None
            return channel
        return resolve_channel(info, slug)

    @staticmethod
    def resolve_channels(_root, info):
        qs = ChannelModel.objects.all()
        if not is_staff(info):
            qs = qs.filter(is_active=True)
        return list(qs)
