"""The producer groups' API: their share of OEM contracts, through the same endpoint and login as
their shop group orders.

* ``oemAllocations``: the allocations of the groups the member belongs to (others
  get ``PermissionDenied``); they see their own terms, never the client's prices.
* ``oemAllocationAccept`` / ``oemAllocationDecline`` / ``oemProductionReport``: any
  member of the allocation's group.
* ``oemAdvanceRequest``: the group's **leaders** only.  An advance is money paid
  out at once and taken back from the group's next statement, so it is the
  group's commitment, like the payout details only leaders change.
* ``oemMilestoneComplete``: staff with MANAGE_ORDERS (any milestone), or a member
  of the group for the group's own MATERIALS_READY milestone.

Another group's allocation is "not found".
"""

from __future__ import annotations

import graphene

from cooperatives.graphql.types import my_roles
from cooperatives.models import MembershipRole
from cooperatives.selectors import groups_of_member
from fairtrade.graphql.payouts import FairTradeAdvance
from oem_orders import allocation, production, selectors
from oem_orders import models as m
from shop.graphql.core.batching import new_batch
from shop.graphql.core.connection import ConnectionField, paginate
from shop.graphql.core.errors import PermissionDenied
from shop.graphql.core.mutations import BaseMutation

from .client import actor
from .errors import OemError, in_scope, not_found, pk_of
from .types import OemAllocation, OemAllocationStatusEnum, OemMilestone


def _member(info):
    user = getattr(info.context, "user", None)
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied("Log in as a member of a producer group.")
    return user


def _allocations_of(info):
    return selectors.allocations_for_member(_member(info)).select_related("group", "contract")


def _allocation(info, global_id, field="id"):
    return in_scope(_allocations_of(info), global_id, "OemAllocation", field, "an allocation")


class OemAllocationFilterInput(graphene.InputObjectType):
    status = graphene.List(graphene.NonNull(OemAllocationStatusEnum))


class Queries(graphene.ObjectType):
    oem_allocations = ConnectionField(
        OemAllocation, filter=OemAllocationFilterInput(),
        description="OEM work of the logged-in member's producer groups, newest first.",
    )

    @staticmethod
    def resolve_oem_allocations(_root, info, filter=None, **page):
        user = _member(info)
        if not groups_of_member(user).exists():
            raise PermissionDenied("Only members of a producer group see its OEM work.")
        qs = _allocations_of(info)
        if (filter or {}).get("status"):
            qs = qs.filter(status__in=filter["status"])
        return paginate(qs, info, sort_fields=["created_at"], descending=True, name="oemAllocations", **page)


def _answer(info, allocation_id):
    row = m.Allocation.objects.select_related("group", "contract").get(pk=allocation_id)
    return new_batch([row], info)[0]


class OemAllocationAccept(BaseMutation):
    allocation = graphene.Field(OemAllocation)

    class Arguments:
        id = graphene.ID(required=True)

    class Meta:
        description = "A producer group takes on its share of a contract."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id):
        target = _allocation(info, id)
        allocation.allocation_accept(allocation_id=target.pk, user=info.context.user)
        return cls(allocation=_answer(info, target.pk))


class OemAllocationDecline(BaseMutation):
    allocation = graphene.Field(OemAllocation)

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String(required=True)

    class Meta:
        description = "A producer group turns its share down, saying why (staff reallocate)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, reason):
        target = _allocation(info, id)
        allocation.allocation_decline(allocation_id=target.pk, user=info.context.user, reason=reason)
        return cls(allocation=_answer(info, target.pk))


class OemProductionReport(BaseMutation):
    allocation = graphene.Field(OemAllocation)

    class Arguments:
        allocation_id = graphene.ID(required=True)
        quantity_done = graphene.Int(required=True, description="Units made so far (a running total).")
        note = graphene.String()

    class Meta:
        description = "A producer group reports how many units it has made."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, allocation_id, quantity_done, note=""):
        target = _allocation(info, allocation_id, "allocation_id")
        production.production_report(allocation_id=target.pk, quantity_done=quantity_done, note=note or "",
                                     user=info.context.user)
        return cls(allocation=_answer(info, target.pk))


class OemAdvanceRequest(BaseMutation):
    advance = graphene.Field(FairTradeAdvance)
    allocation = graphene.Field(OemAllocation)

    class Arguments:
        allocation_id = graphene.ID(required=True)
        amount = graphene.Decimal(description="Default: the minimum, a share of the allocation's value.")

    class Meta:
        description = "A group's leader asks for an advance on an accepted allocation (netted by the next statement)."
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, allocation_id, amount=None):
        target = _allocation(info, allocation_id, "allocation_id")
        if my_roles(info).get(target.group_id) != MembershipRole.LEADER:
            raise PermissionDenied("Only the group's leaders ask for advances.")
        advance = allocation.allocation_advance_request(allocation_id=target.pk, amount=amount, user=info.context.user)
        return cls(advance=new_batch([advance], info)[0], allocation=_answer(info, target.pk))


class OemMilestoneComplete(BaseMutation):
    milestone = graphene.Field(OemMilestone)

    class Arguments:
        id = graphene.ID(required=True)
        note = graphene.String()

    class Meta:
        description = (
            "Mark a milestone reached: staff with MANAGE_ORDERS any milestone, a group's members their own "
            "MATERIALS_READY milestone."
        )
        error_type_class = OemError

    @classmethod
    def perform_mutation(cls, _root, info, *, id, note=""):
        user = getattr(info.context, "user", None)
        pk = pk_of(id, "OemMilestone", pk_type=int)
        if selectors.is_oem_staff(user):
            milestones = m.Milestone.objects.all()
        else:
            groups = groups_of_member(_member(info))
            if not groups.exists():
                raise PermissionDenied("Only staff and the group's members complete milestones.")
            milestones = m.Milestone.objects.filter(allocation__group__in=groups, kind=m.MilestoneKind.MATERIALS_READY)
        if not milestones.filter(pk=pk).exists():
            raise not_found("id", "a milestone")
        production.milestone_complete(milestone_id=pk, actor=actor(info), note=note or "")
        milestone = m.Milestone.objects.select_related("allocation__group").get(pk=pk)
        return cls(milestone=new_batch([milestone], info)[0])


class Mutations(graphene.ObjectType):
    oem_allocation_accept = OemAllocationAccept.Field()
    oem_allocation_decline = OemAllocationDecline.Field()
    oem_production_report = OemProductionReport.Field()
    oem_advance_request = OemAdvanceRequest.Field()
    oem_milestone_complete = OemMilestoneComplete.Field()

