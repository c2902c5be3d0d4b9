"""Staff mutations that manage producer groups and their offers (MANAGE_PRODUCTS)."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError

from cooperatives import groups as services
from cooperatives import models
from shop.account.permissions import PermissionEnum
from shop.catalog.models import ProductVariant
from shop.graphql.core.batching import new_batch
from shop.graphql.core.ids import from_global_id_or_error
from shop.graphql.core.mutations import BaseMutation

from .errors import ProducerGroupError
from .types import PayoutMethodEnum, ProducerGroup, ProducerGroupRegionEnum, ProducerOffer


class ProducerGroupInput(graphene.InputObjectType):
    name_th = graphene.String()
    name_en = graphene.String()
    region = graphene.Field(ProducerGroupRegionEnum)
    province_code = graphene.String()
    district_code = graphene.String()
    members_count = graphene.Int()
    women_members_count = graphene.Int()
    crafts = graphene.List(graphene.NonNull(graphene.String))
    founded_year = graphene.Int()
    story_th = graphene.String()
    story_en = graphene.String()
    contact_name = graphene.String()
    contact_phone = graphene.String()
    contact_email = graphene.String()
    payout_method = graphene.Field(PayoutMethodEnum)
    bank_name = graphene.String()
    bank_account_name = graphene.String()
    bank_account_number = graphene.String()
    promptpay_id = graphene.String()
    accept_hours = graphene.Int(description="Hours to accept a new order (default: the shop's setting).")
    is_active = graphene.Boolean()


class ProducerGroupCreateInput(ProducerGroupInput):
    slug = graphene.String(required=True)


def _not_found(field="id"):
    return ValidationError({field: ValidationError("Couldn't resolve to an object.", code="NOT_FOUND")})


def _non_negative(data: dict, *fields):
    for field in fields:
        if data.get(field) is not None and data[field] < 0:
            raise ValidationError({field: ValidationError("Must not be negative.", code="INVALID")})


class ProducerGroupCreate(BaseMutation):
    producer_group = graphene.Field(ProducerGroup)

    class Arguments:
        input = ProducerGroupCreateInput(required=True)

    class Meta:
        description = "Creates a producer group and its warehouse."
        error_type_class = ProducerGroupError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        data = {k: v for k, v in input.items() if v is not None}
        _non_negative(data, "members_count", "women_members_count", "accept_hours")
        slug = data.pop("slug")
        group = services.producer_group_create(slug=slug, data=data)
        return cls(producer_group=new_batch([group], info)[0])


class ProducerGroupUpdate(BaseMutation):
    producer_group = graphene.Field(ProducerGroup)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProducerGroupInput(required=True)

    class Meta:
        description = "Updates a producer group."
        error_type_class = ProducerGroupError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        group = models.ProducerGroup.objects.select_for_update().filter(pk=from_global_id_or_error(id, "ProducerGroup")).first()
        if group is None:
            raise _not_found()
        data = dict(input)
        _non_negative(data, "members_count", "women_members_count", "accept_hours")
        group = services.producer_group_update(group=group, data=data)
        return cls(producer_group=new_batch([group], info)[0])


class ProducerOfferInput(graphene.InputObjectType):
    lead_time_days = graphene.Int()
    weekly_capacity = graphene.Int()
    priority = graphene.Int()
    is_active = graphene.Boolean()


class ProducerOfferCreateInput(ProducerOfferInput):
    group = graphene.ID(required=True)
    variant = graphene.ID(required=True)


class ProducerOfferCreate(BaseMutation):
    producer_offer = graphene.Field(ProducerOffer)

    class Arguments:
        input = ProducerOfferCreateInput(required=True)

    class Meta:
        description = "Records that a producer group makes a variant."
        error_type_class = ProducerGroupError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, input):
        group = models.ProducerGroup.objects.filter(pk=from_global_id_or_error(input["group"], "ProducerGroup")).first()
        if group is None:
            raise _not_found("group")
        variant = ProductVariant.objects.filter(pk=from_global_id_or_error(input["variant"], "ProductVariant")).first()
        if variant is None:
            raise _not_found("variant")
        data = {k: v for k, v in input.items() if k not in ("group", "variant") and v is not None}
        _non_negative(data, "lead_time_days", "weekly_capacity", "priority")
        offer = services.producer_offer_create(group=group, variant=variant, data=data)
        return cls(producer_offer=new_batch([offer], info)[0])


class ProducerOfferUpdate(BaseMutation):
    producer_offer = graphene.Field(ProducerOffer)

    class Arguments:
        id = graphene.ID(required=True)
        input = ProducerOfferInput(required=True)

    class Meta:
        description = "Changes a producer offer's lead time, capacity, priority or activity."
        error_type_class = ProducerGroupError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id, input):
        offer = models.ProducerOffer.objects.select_for_update().filter(pk=from_global_id_or_error(id, "ProducerOffer")).first()
        if offer is None:
            raise _not_found()
        data = dict(input)
        _non_negative(data, "lead_time_days", "weekly_capacity", "priority")
        offer = services.producer_offer_update(offer=offer, data=data)
        return cls(producer_offer=new_batch([offer], info)[0])


class ProducerOfferDelete(BaseMutation):
    producer_offer = graphene.Field(ProducerOffer)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "Removes a producer offer (switched off instead when orders used its capacity)."
        error_type_class = ProducerGroupError
        permissions = (PermissionEnum.MANAGE_PRODUCTS,)

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        offer = models.ProducerOffer.objects.select_for_update().filter(pk=from_global_id_or_error(id, "ProducerOffer")).first()
        if offer is None:
            raise _not_found()
        services.producer_offer_delete(offer=offer)
        return cls(producer_offer=offer if offer.pk else None)
