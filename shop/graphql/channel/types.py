from __future__ import annotations

import graphene
from django.conf import settings

from shop.channel.models import Channel as ChannelModel
from shop.core.taxes import vat_rate

from ..core.context import is_staff, request_cache
from ..core.errors import ChannelNotFound, PermissionDenied
from ..core.types import CountryDisplay, ObjectWithMetadata


class Channel(graphene.ObjectType):
    slug = graphene.String(required=True, description="Slug of the channel.")
    name = graphene.String(required=True, description="Name of the channel.")
    is_active = graphene.Boolean(required=True, description="Whether the channel is active.")
    currency_code = graphene.String(required=True, description="A currency that is assigned to the channel.")
    has_orders = graphene.Boolean(required=True, description="Whether a channel has associated orders.")
    default_country = graphene.Field(CountryDisplay, required=True, description="Default country for the channel.")
    warehouses = graphene.List(
        graphene.NonNull("shop.graphql.warehouse.types.Warehouse"), required=True,
        description="List of warehouses assigned to this channel. Staff only.",
    )
    countries = graphene.List(graphene.NonNull(CountryDisplay), description="List of shippable countries for the channel.")

    class Meta:
        description = "Represents a sales channel: its currency, country, prices and stock."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def resolve_has_orders(root, _info):
        # Orders arrive with the checkout issue; until then no channel has any.
        return False

    @staticmethod
    def resolve_default_country(root, _info):
        return CountryDisplay(**CountryDisplay.for_code(root.default_country))

    @staticmethod
    def resolve_countries(root, _info):
        return [CountryDisplay(**CountryDisplay.for_code(root.default_country))]

    @staticmethod
    def resolve_warehouses(root, info):
        if not is_staff(info):
            raise PermissionDenied()
        return list(root.warehouses.select_related("address"))


def resolve_channel(info, slug: str | None) -> ChannelModel:
    """The channel a query asks for; the default channel when none is named.

    Unknown slugs, and inactive channels for anyone but staff, are CHANNEL_NOT_FOUND.
    """

    def load():
        wanted = slug or settings.DEFAULT_CHANNEL_SLUG
        channel = ChannelModel.objects.filter(slug=wanted).first()
        if channel is None and slug is None:
            active = list(ChannelModel.objects.filter(is_active=True)[:2])
            channel = active[0] if len(active) == 1 else None
        if channel is None or (not channel.is_active and not is_staff(info)):
            raise ChannelNotFound(
                f"Channel with '{wanted}' slug does not exist." if slug else "No default channel; pass `channel`.",
                field="channel",
            )
        return channel

    return request_cache(info, ("channel", slug), load)


def channel_vat_rate(info, channel: ChannelModel):
    return request_cache(info, ("vat", channel.pk), lambda: vat_rate(channel.default_country))
