"""Queries and mutations of the producer groups, composed into the one schema by shop.graphql.api
(listed in ``settings.GRAPHQL_SCHEMA_EXTENSIONS``).

Scope: group orders reach members of their group and staff with MANAGE_ORDERS;
anyone else gets ``PermissionDenied`` (anonymous) or finds nothing (another
group's objects are "not found", so their existence does not leak).
"""

from __future__ import annotations

import uuid

import graphene
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q

from cooperatives import models, reroute, services
from cooperatives.capacity import capacity_left, live_offers, week_of
from cooperatives.error_codes import GroupOrderErrorCode
from cooperatives.selectors import group_orders_visible_to, groups_of_member, is_order_manager
from shop.account.permissions import PermissionEnum
from shop.graphql.catalog.types.products import Product, ProductVariant
from shop.graphql.core.batching import batch_of, new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import PermissionDenied
from shop.graphql.core.extensions import extend_type
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.mutations import BaseMutation
from shop.warehouse.models import Stock

from . import management
from .errors import GroupOrderError
from .types import (
    GroupOrder,
    GroupOrderDeclineReasonEnum,
    GroupOrderLine,
    GroupOrderStatusEnum,
    ProducerGroup,
    ProducerGroupRegionEnum,
)


def _user(info):
    user = getattr(info.context, "user", None)
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in as a member of a producer group.")
    return user


def _uuid_pk(global_id, type_name):
    return from_global_id_or_error(global_id, type_name, pk_type=uuid.UUID)


# --- queries ---------------------------------------------------------------------------


class ProducerGroupFilterInput(graphene.InputObjectType):
    region = graphene.Field(ProducerGroupRegionEnum)
    search = graphene.String(description="Part of the Thai or English name.")


class GroupOrderFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(GroupOrderStatusEnum))
    group = graphene.ID(description="Only this producer group's orders.")
    accept_by_before = graphene.DateTime(description="Deadline before this moment.")
    accept_by_after = graphene.DateTime(description="Deadline after this moment.")


class CooperativesQueries(graphene.ObjectType):
    producer_groups = ConnectionField(
        ProducerGroup, filter=ProducerGroupFilterInput(), description="Active producer groups (public)."
    )
    producer_group = graphene.Field(
        ProducerGroup, slug=graphene.String(), id=graphene.ID(), description="One producer group by slug or ID (public)."
    )
    my_producer_groups = graphene.List(
        graphene.NonNull(ProducerGroup), required=True, description="Groups the logged-in user belongs to."
    )
    group_orders = ConnectionField(
        GroupOrder, filter=GroupOrderFilterInput(),
        description="Group orders of the user's groups (staff with MANAGE_ORDERS: of every group), newest first.",
    )
    group_order = graphene.Field(GroupOrder, id=graphene.ID(required=True), description="One group order.")

    @staticmethod
    def resolve_producer_groups(_root, info, filter=None, **page):
        qs = models.ProducerGroup.objects.filter(is_active=True)
        filter = filter or {}
        if filter.get("region"):
            qs = qs.filter(region=filter["region"])
        if filter.get("search"):
            qs = qs.filter(Q(name_th__icontains=filter["search"]) | Q(name_en__icontains=filter["search"]))
        return paginate(qs, info, sort_fields=["slug"], name="producerGroups", **page)

    @staticmethod
    def resolve_producer_group(_root, info, slug=None, id=None):
        if bool(slug) == bool(id):
            raise ValidationError("Give either slug or id.", code="GRAPHQL_ERROR")
        qs = models.ProducerGroup.objects.filter(is_active=True)
        group = qs.filter(slug=slug).first() if slug else qs.filter(pk=from_global_id_or_error(id, "ProducerGroup")).first()
        return new_batch([group], info)[0] if group else None

    @staticmethod
    def resolve_my_producer_groups(_root, info):
        return new_batch(groups_of_member(_user(info)).order_by("slug"), info)

    @staticmethod
    def resolve_group_orders(_root, info, filter=None, **page):
        user = _user(info)
        qs = group_orders_visible_to(user)
        if not is_order_manager(user) and not groups_of_member(user).exists():
            raise PermissionDenied("Only members of a producer group or order managers see group orders.")
        filter = filter or {}
        if filter.get("status"):
            qs = qs.filter(status__in=filter["status"])
        if filter.get("group"):
            qs = qs.filter(group_id=from_global_id_or_error(filter["group"], "ProducerGroup"))
        if filter.get("accept_by_before"):
            qs = qs.filter(accept_by__lt=filter["accept_by_before"])
        if filter.get("accept_by_after"):
            qs = qs.filter(accept_by__gt=filter["accept_by_after"])
        return paginate(qs.select_related("order__shipping_address", "group"), info, sort_fields=["created_at"],
                        descending=True, name="groupOrders", **page)

    @staticmethod
    def resolve_group_order(_root, info, id):
        user = _user(info)
        found = group_orders_visible_to(user).select_related("order__shipping_address", "group").filter(
            pk=_uuid_pk(id, "GroupOrder")).first()
        return new_batch([found], info)[0] if found else None


def _product_producer_groups(root, info):
    """Active groups with a live offer for any of the product's variants (one query per page)."""

    def load(products):
        rows = (
            models.ProducerOffer.objects.filter(variant__product__in=products, is_active=True, group__is_active=True)
            .values_list("variant__product_id", "group_id").distinct()
        )
        groups = {g.pk: g for g in models.ProducerGroup.objects.filter(pk__in={g for _, g in rows})}
        batch_of(root).child(groups.values())
        result = {}
        for product_id, group_id in sorted(rows, key=lambda r: (r[0], groups[r[1]].slug)):
            result.setdefault(product_id, []).append(groups[group_id])
        return result

    return batch_of(root).load("producer-groups", load).get(root.pk, [])


def _variant_lead_time(root, info):
    """Days until a unit can leave a group: stock ships in the dispatch days, made-to-order
    units take the shortest lead time among the makers with capacity left this week."""

    def load(variants):
        offers = list(live_offers([v.pk for v in variants]))
        left = capacity_left(offers, week_of())
        in_stock = set(Stock.objects.filter(
            product_variant__in=variants, quantity__gt=F("quantity_allocated"),
            warehouse__producer_group__in={o.group_id for o in offers},
        ).values_list("product_variant_id", flat=True))
        tracked = {v.pk: v.track_inventory for v in variants}
        result = {}
        for offer in offers:
            if tracked[offer.variant_id]:
                if offer.variant_id in in_stock:
                    result[offer.variant_id] = settings.GROUP_ORDER_DISPATCH_DAYS
            elif left[offer.pk] > 0:
                result[offer.variant_id] = min(offer.lead_time_days, result.get(offer.variant_id, offer.lead_time_days))
        return result

    return batch_of(root).load("lead-time", load).get(root.pk)


extend_type(
    ProductVariant, "lead_time_days",
    graphene.Int(description="Days until the makers can send this variant, respecting their stock and weekly "
                             "made-to-order capacity; null when no group can take an order now (HomeNet addition)."),
    _variant_lead_time,
)


extend_type(
    Product, "producer_groups",
    graphene.List(graphene.NonNull(ProducerGroup), required=True,
                  description="Producer groups that make this product (HomeNet addition)."),
    _product_producer_groups,
)


# --- member mutations --------------------------------------------------------------------


class GroupOrderMutation(BaseMutation):
    """Base of the members' mutations: the object must be visible to the user."""

    group_order = graphene.Field(GroupOrder)

    class Meta:
        abstract = True

    @classmethod
    def group_order_id(cls, info, global_id):
        user = _user(info)
        pk = _uuid_pk(global_id, "GroupOrder")
        if not group_orders_visible_to(user).filter(pk=pk).exists():
            raise ValidationError({"id": ValidationError("Couldn't resolve to a group order.",
                                                         code=GroupOrderErrorCode.NOT_FOUND.value)})
        return pk

    @classmethod
    def line_id(cls, info, global_id):
        user = _user(info)
        pk = _uuid_pk(global_id, "GroupOrderLine")
        if not models.GroupOrderLine.objects.filter(pk=pk, group_order__in=group_orders_visible_to(user)).exists():
            raise ValidationError({"id": ValidationError("Couldn't resolve to a group order line.",
                                                         code=GroupOrderErrorCode.NOT_FOUND.value)})
        return pk

    @classmethod
    def answer(cls, info, group_order_id, **extra):
        group_order = models.GroupOrder.objects.select_related("order", "group").get(pk=group_order_id)
        return cls(group_order=new_batch([group_order], info)[0], **extra)


class GroupOrderAccept(GroupOrderMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the group order.")
        lines = graphene.List(graphene.NonNull(graphene.ID), description="Accept only these lines (default: all awaiting).")

    class Meta:
        description = "A producer group accepts its order, whole or per line, before the deadline."
        error_type_class = GroupOrderError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, lines=None):
        pk = cls.group_order_id(info, id)
        line_ids = [_uuid_pk(line, "GroupOrderLine") for line in lines] if lines is not None else None
        services.group_order_accept(group_order_id=pk, user=info.context.user, line_ids=line_ids)
        return cls.answer(info, pk)


class GroupOrderLineDeclineInput(graphene.InputObjectType):
    reason = graphene.Field(GroupOrderDeclineReasonEnum, description="Why the group cannot make the line (required).")
    note = graphene.String(description="Details; required when the reason is OTHER.")


class GroupOrderLineDecline(GroupOrderMutation):
    line = graphene.Field(GroupOrderLine)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the group order line.")
        input = GroupOrderLineDeclineInput(required=True)

    class Meta:
        description = "A producer group declines a line; it is offered to another group or refunded."
        error_type_class = GroupOrderError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        pk = cls.line_id(info, id)
        line = services.group_order_line_decline(line_id=pk, reason=input.get("reason") or "", note=input.get("note") or "",
                                                 user=info.context.user)
        return cls.answer(info, line.group_order_id, line=line)


class GroupOrderStatusUpdate(GroupOrderMutation):
    class Arguments:
        id = graphene.ID(required=True)
        status = GroupOrderStatusEnum(required=True, description="IN_PRODUCTION, READY or DELIVERED.")
        reason = graphene.String()

    class Meta:
        description = "A producer group reports progress (in production, ready to ship, delivered)."
        error_type_class = GroupOrderError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, status, reason=""):
        pk = cls.group_order_id(info, id)
        services.group_order_status_update(group_order_id=pk, status=status, user=info.context.user, reason=reason or "")
        return cls.answer(info, pk)


class GroupOrderShipLineInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class GroupOrderShipInput(graphene.InputObjectType):
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    lines = graphene.List(graphene.NonNull(GroupOrderShipLineInput), required=True)


class GroupOrderShip(GroupOrderMutation):
    fulfillment = graphene.Field("shop.graphql.order.types.Fulfillment")

    class Arguments:
        id = graphene.ID(required=True)
        input = GroupOrderShipInput(required=True)

    class Meta:
        description = "A producer group ships accepted units (partial shipments allowed) with a tracking number."
        error_type_class = GroupOrderError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        pk = cls.group_order_id(info, id)
        lines = [services.ShipLine(line_id=_uuid_pk(item["line_id"], "GroupOrderLine"), quantity=item["quantity"])
                 for item in input["lines"]]
        shipment = services.group_order_ship(group_order_id=pk, lines=lines, carrier=input["carrier"],
                                             tracking_number=input["tracking_number"], user=info.context.user)
        return cls.answer(info, pk, fulfillment=shipment.fulfillment)


# --- staff mutations ---------------------------------------------------------------------


class GroupOrderLineReroute(GroupOrderMutation):
    lines = graphene.List(graphene.NonNull(GroupOrderLine), required=True, description="The new lines.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the line to move.")
        group = graphene.ID(required=True, description="The producer group that takes the line.")
        note = graphene.String()

    class Meta:
        description = "Staff move a line to another producer group."
        error_type_class = GroupOrderError
        permissions = (PermissionEnum.MANAGE_ORDERS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, group, note=""):
        pk = cls.line_id(info, id)
        group_pk = from_global_id_or_error(group, "ProducerGroup")
        if not models.ProducerGroup.objects.filter(pk=group_pk, is_active=True).exists():
            raise ValidationError({"group": ValidationError("Couldn't resolve to a producer group.",
                                                            code=GroupOrderErrorCode.NOT_FOUND.value)})
        new_lines = reroute.line_reroute_by_staff(line_id=pk, group_id=group_pk, user=info.context.user, note=note or "")
        line = models.GroupOrderLine.objects.get(pk=pk)
        return cls.answer(info, line.group_order_id, lines=new_batch(new_lines, info))


class CooperativesMutations(graphene.ObjectType):
    group_order_accept = GroupOrderAccept.Field()
    group_order_line_decline = GroupOrderLineDecline.Field()
    group_order_status_update = GroupOrderStatusUpdate.Field()
    group_order_ship = GroupOrderShip.Field()
    group_order_line_reroute = GroupOrderLineReroute.Field()
    producer_group_create = management.ProducerGroupCreate.Field()
    producer_group_update = management.ProducerGroupUpdate.Field()
    producer_offer_create = management.ProducerOfferCreate.Field()
    producer_offer_update = management.ProducerOfferUpdate.Field()
    producer_offer_delete = management.ProducerOfferDelete.Field()


# Read by shop.graphql.api (settings.GRAPHQL_SCHEMA_EXTENSIONS).
QUERIES = CooperativesQueries
MUTATIONS = CooperativesMutations
TYPES = [GroupOrderLine]
