"""GraphQL types of the producer groups and their orders (our additions to Saleor's schema).

Public: a group's story, region, member counts, photos and products.  Private
(members of that group and staff): contacts and payout details, group orders
with the shopper's shipping address, lines, history and shipments.
"""

from __future__ import annotations

import graphene
from django.utils.translation import get_language
from prices import Money as PricesMoney

from cooperatives import models
from cooperatives.capacity import capacity_left, week_of
from cooperatives.selectors import is_order_manager
from shop.account.permissions import PermissionEnum, user_has_permissions
from shop.catalog.models import Product
from shop.catalog.selectors import products_visible
from shop.graphql.catalog.loaders import image_urls
from shop.graphql.channel.types import resolve_channel
from shop.graphql.core.batching import batch_of, new_batch
from shop.graphql.core.types import Money, ThumbnailFormatEnum


def _enum(name, choices, description):
    return graphene.Enum(name, [(c.name, c.value) for c in choices], description=description)


ProducerGroupRegionEnum = _enum("ProducerGroupRegionEnum", models.Region, "HomeNet's five regions.")
GroupOrderStatusEnum = _enum("GroupOrderStatusEnum", models.GroupOrderStatus, "Status of a producer group's order.")
GroupOrderLineStatusEnum = _enum("GroupOrderLineStatusEnum", models.LineStatus, "Decision on a group order line.")
GroupOrderLineSourceEnum = _enum("GroupOrderLineSourceEnum", models.LineSource, "Where a line's goods come from.")
GroupOrderDeclineReasonEnum = _enum("GroupOrderDeclineReasonEnum", models.DeclineReason, "Why a group declines a line.")
GroupOrderLineResolutionEnum = _enum(
    "GroupOrderLineResolutionEnum", [c for c in models.LineResolution if c.value], "What became of a declined line."
)
PayoutMethodEnum = _enum("ProducerGroupPayoutMethodEnum", models.PayoutMethod, "How a group is paid.")
MembershipRoleEnum = _enum("ProducerGroupMemberRoleEnum", models.MembershipRole, "Role of a member in a group.")


def _thai(info) -> bool:
    return (get_language() or "th").startswith("th")


def _user(info):
    return getattr(info.context, "user", None)


def my_roles(info) -> dict[int, str]:
    """``{group_id: role}`` of the requesting user, read once per request."""
    user = _user(info)
    if not (user and user.is_authenticated and user.is_active):
        return {}
    roles = getattr(info.context, "_producer_roles", None)
    if roles is None:
        roles = dict(models.Membership.objects.filter(user=user).values_list("group_id", "role"))
        info.context._producer_roles = roles
    return roles


def can_see_private(info, group_id: int) -> bool:
    """Members of the group and staff who manage orders or products."""
    user = _user(info)
    if not (user and user.is_authenticated and user.is_active):
        return False
    if is_order_manager(user) or user_has_permissions(user, [PermissionEnum.MANAGE_PRODUCTS]):
        return True
    return group_id in my_roles(info)


class ProducerGroupPhoto(graphene.ObjectType):
    alt = graphene.String(required=True)
    url = graphene.String(
        required=True, size=graphene.Int(description="Size of the image (thumbnail)."),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="original"),
    )

    class Meta:
        description = "A photo of a producer group, its members or its work."

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return image_urls(root, info, lambda photo: photo.image.name, size, format, "group-photo")


class ProducerOffer(graphene.ObjectType):
    group = graphene.Field(lambda: ProducerGroup, required=True)
    variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant")
    lead_time_days = graphene.Int(required=True)
    weekly_capacity = graphene.Int(required=True, description="Made-to-order units the group takes on per week.")
    capacity_left = graphene.Int(required=True, description="Made-to-order units still free this week.")
    priority = graphene.Int(required=True, description="Lower numbers are asked first.")
    is_active = graphene.Boolean(required=True)

    class Meta:
        description = "A producer group makes a product variant."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_capacity_left(root, _info):
        return batch_of(root).load("capacity-left", lambda offers: capacity_left(offers, week_of())).get(root.pk, 0)


class ProducerGroup(graphene.ObjectType):
    slug = graphene.String(required=True)
    name = graphene.String(required=True, description="In the request's language (Thai or English).")
    name_th = graphene.String(required=True)
    name_en = graphene.String(required=True)
    region = graphene.Field(ProducerGroupRegionEnum, required=True)
    province_code = graphene.String(required=True, description="Thai province code (DOPA).")
    district_code = graphene.String(required=True, description="Thai district code (DOPA).")
    members_count = graphene.Int(required=True)
    women_members_count = graphene.Int(required=True)
    crafts = graphene.List(graphene.NonNull(graphene.String), required=True)
    founded_year = graphene.Int()
    story = graphene.String(required=True, description="In the request's language.")
    story_th = graphene.String(required=True)
    story_en = graphene.String(required=True)
    photos = graphene.List(graphene.NonNull(ProducerGroupPhoto), required=True)
    products = graphene.List(
        graphene.NonNull("shop.graphql.catalog.types.products.Product"), required=True,
        channel=graphene.String(description="Slug of a channel."),
        description="Products the group makes that are published in the channel.",
    )
    offers = graphene.List(graphene.NonNull(ProducerOffer), required=True,
                           description="What the group makes (members and staff).")
    contact_name = graphene.String(description="Members and staff only.")
    contact_phone = graphene.String(description="Members and staff only.")
    contact_email = graphene.String(description="Members and staff only.")
    payout_method = graphene.Field(PayoutMethodEnum, description="Members and staff only.")
    bank_name = graphene.String(description="Members and staff only.")
    bank_account_name = graphene.String(description="Members and staff only.")
    bank_account_number = graphene.String(description="Members and staff only.")
    promptpay_id = graphene.String(description="Members and staff only.")
    my_role = graphene.Field(MembershipRoleEnum, description="The requesting user's role in the group.")
    is_active = graphene.Boolean(required=True)

    class Meta:
        description = "A producer group of home-based workers who make the shop's goods."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_name(root, info):
        return root.name_th if _thai(info) else root.name_en

    @staticmethod
    def resolve_story(root, info):
        return root.story_th if _thai(info) else root.story_en

    @staticmethod
    def resolve_photos(root, _info):
        batch = batch_of(root)
        photos = batch.load("photos", lambda groups: _by_group(models.ProducerGroupPhoto.objects.filter(
            group__in=groups).order_by("sort_order", "pk"), batch))
        return photos.get(root.pk, [])

    @staticmethod
    def resolve_products(root, info, channel=None):
        """At most 100 per group; one query for the products of every group of the page."""
        channel_obj = resolve_channel(info, channel)
        user = _user(info)
        staff = bool(user and user.is_authenticated and user.is_staff)

        def load(groups):
            visible = products_visible(channel=channel_obj, staff=staff)
            rows = set(models.ProducerOffer.objects.filter(
                group__in=groups, is_active=True, variant__product__in=visible,
            ).values_list("group_id", "variant__product_id"))
            products = {p.pk: p for p in Product.objects.filter(pk__in={pk for _, pk in rows})}
            new_batch(products.values(), info, channel=channel_obj)
            result = {}
            for group_id, product_id in rows:
                result.setdefault(group_id, []).append(products[product_id])
            return {g: sorted(items, key=lambda p: (p.name, p.pk))[:100] for g, items in result.items()}

        return batch_of(root).load(("products", channel_obj.pk if channel_obj else None, staff), load).get(root.pk, [])

    @staticmethod
    def resolve_offers(root, info):
        if not can_see_private(info, root.pk):
            return []
        return new_batch(root.offers.select_related("variant").order_by("priority", "pk"), info)

    @staticmethod
    def resolve_my_role(root, info):
        return my_roles(info).get(root.pk)


def _private(name):
    def resolve(root, info):
        return getattr(root, name) if can_see_private(info, root.pk) else None

    return staticmethod(resolve)


for _field in ("contact_name", "contact_phone", "contact_email", "payout_method", "bank_name", "bank_account_name",
               "bank_account_number", "promptpay_id"):
    setattr(ProducerGroup, f"resolve_{_field}", _private(_field))


def _by_group(queryset, batch):
    rows = list(queryset)
    batch.child(rows)
    result = {}
    for row in rows:
        result.setdefault(row.group_id, []).append(row)
    return result


def _value(choice):
    """Services assign TextChoices members; GraphQL enums match plain values."""
    return getattr(choice, "value", choice)


def _money(amount, currency="THB") -> PricesMoney:
    return PricesMoney(amount, currency)


class GroupOrderLine(graphene.ObjectType):
    product_name = graphene.String(required=True)
    translated_product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    variant = graphene.Field("shop.graphql.catalog.types.products.ProductVariant")
    quantity = graphene.Int(required=True)
    quantity_shipped = graphene.Int(required=True)
    quantity_to_ship = graphene.Int(required=True)
    source = graphene.Field(GroupOrderLineSourceEnum, required=True)
    status = graphene.Field(GroupOrderLineStatusEnum, required=True)
    decline_reason = graphene.Field(GroupOrderDeclineReasonEnum)
    decline_note = graphene.String(required=True)
    resolution = graphene.Field(GroupOrderLineResolutionEnum)
    ready_by = graphene.Date()
    unit_price = graphene.Field(Money, required=True, description="Price the shopper paid per unit (VAT included).")
    total_price = graphene.Field(Money, required=True)
    rerouted_from = graphene.ID(description="The declined line this one took over.")

    class Meta:
        description = "A producer group's part of an order line."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_product_name(root, _info):
        return root.order_line.product_name

    @staticmethod
    def resolve_translated_product_name(root, _info):
        return root.order_line.translated_product_name or root.order_line.product_name

    @staticmethod
    def resolve_variant_name(root, _info):
        return root.order_line.variant_name

    @staticmethod
    def resolve_product_sku(root, _info):
        return root.order_line.product_sku

    @staticmethod
    def resolve_variant(root, _info):
        return root.order_line.variant

    @staticmethod
    def resolve_status(root, _info):
        return _value(root.status)

    @staticmethod
    def resolve_source(root, _info):
        return _value(root.source)

    @staticmethod
    def resolve_quantity_to_ship(root, _info):
        return root.quantity - root.quantity_shipped if root.status == models.LineStatus.ACCEPTED else 0

    @staticmethod
    def resolve_decline_reason(root, _info):
        return _value(root.decline_reason) or None

    @staticmethod
    def resolve_resolution(root, _info):
        return _value(root.resolution) or None

    @staticmethod
    def resolve_unit_price(root, _info):
        return _money(root.order_line.unit_price_gross_amount, root.order_line.currency)

    @staticmethod
    def resolve_total_price(root, _info):
        return _money(root.order_line.unit_price_gross_amount * root.quantity, root.order_line.currency)

    @staticmethod
    def resolve_rerouted_from(root, _info):
        return graphene.relay.Node.to_global_id("GroupOrderLine", root.rerouted_from_id) if root.rerouted_from_id else None


class GroupOrderEvent(graphene.ObjectType):
    date = graphene.DateTime(required=True)
    type = graphene.String(required=True)
    from_status = graphene.String(required=True)
    to_status = graphene.String(required=True)
    reason = graphene.String(required=True)
    user_email = graphene.String(description="Who made the change (empty for the system).")
    line = graphene.ID()

    class Meta:
        description = "Audit row of a group order: who changed what, when, and why."

    @staticmethod
    def resolve_user_email(root, _info):
        return root.user.email if root.user_id else None

    @staticmethod
    def resolve_line(root, _info):
        return graphene.relay.Node.to_global_id("GroupOrderLine", root.line_id) if root.line_id else None


class GroupShipment(graphene.ObjectType):
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    fulfillment = graphene.Field("shop.graphql.order.types.Fulfillment", required=True)

    class Meta:
        description = "A parcel a group sent; it is a fulfillment of the shop order."
        interfaces = (graphene.relay.Node,)


class GroupOrder(graphene.ObjectType):
    number = graphene.String(required=True, description="Shop order number and the group's sequence.")
    order_number = graphene.String(required=True)
    group = graphene.Field(ProducerGroup, required=True)
    status = graphene.Field(GroupOrderStatusEnum, required=True)
    accept_by = graphene.DateTime(required=True, description="Deadline to accept or decline.")
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(GroupOrderLine), required=True)
    events = graphene.List(graphene.NonNull(GroupOrderEvent), required=True)
    shipments = graphene.List(graphene.NonNull(GroupShipment), required=True)
    total = graphene.Field(Money, required=True, description="Value of the group's lines (VAT included).")
    shipping_address = graphene.Field("shop.graphql.warehouse.types.Address")
    customer_note = graphene.String(required=True)
    shipping_method_name = graphene.String()

    class Meta:
        description = "A producer group's part of a shop order."
        interfaces = (graphene.relay.Node,)

    @staticmethod
    def resolve_number(root, _info):
        return root.number

    @staticmethod
    def resolve_order_number(root, _info):
        return str(root.order.number)

    @staticmethod
    def resolve_status(root, _info):
        return _value(root.status)

    @staticmethod
    def resolve_lines(root, _info):
        return _lines_of(root)

    @staticmethod
    def resolve_events(root, _info):
        batch = batch_of(root)
        events = batch.load("events", lambda items: _by_order(
            models.GroupOrderEvent.objects.filter(group_order__in=items).select_related("user").order_by("date", "pk")))
        return events.get(root.pk, [])

    @staticmethod
    def resolve_shipments(root, _info):
        batch = batch_of(root)
        shipments = batch.load("shipments", lambda items: _by_order(
            models.GroupShipment.objects.filter(group_order__in=items).select_related("fulfillment").order_by("pk")))
        return shipments.get(root.pk, [])

    @staticmethod
    def resolve_total(root, _info):
        lines = [line for line in _lines_of(root) if line.status not in (models.LineStatus.DECLINED, models.LineStatus.EXPIRED,
                                                                          models.LineStatus.CANCELLED)]
        return _money(sum((line.order_line.unit_price_gross_amount * line.quantity for line in lines), 0), root.order.currency)

    @staticmethod
    def resolve_shipping_address(root, _info):
        return root.order.shipping_address

    @staticmethod
    def resolve_customer_note(root, _info):
        return root.order.customer_note

    @staticmethod
    def resolve_shipping_method_name(root, _info):
        return root.order.shipping_method_name or None


def _by_order(queryset):
    result = {}
    for row in queryset:
        result.setdefault(row.group_order_id, []).append(row)
    return result


def _lines_of(group_order):
    batch = batch_of(group_order)
    lines = batch.load("lines", lambda items: _by_order(
        models.GroupOrderLine.objects.filter(group_order__in=items)
        .select_related("order_line__variant").order_by("created_at", "pk")))
    return lines.get(group_order.pk, [])
