"""Reads of the cooperatives module, scoped to who is asking.

A producer member sees only the groups they belong to and those groups'
orders; staff with MANAGE_ORDERS see every group order.  Every read path of
the API and the portal goes through these functions, so the scope is decided
in one place.
"""

from __future__ import annotations

from django.db.models import QuerySet

from shop.account.permissions import PermissionEnum, user_has_permissions

from .models import GroupOrder, GroupOrderLine, Membership, ProducerGroup


def is_order_manager(user) -> bool:
    return user_has_permissions(user, [PermissionEnum.MANAGE_ORDERS])


def groups_of_member(user) -> QuerySet[ProducerGroup]:
    if not (user and user.is_authenticated and user.is_active):
        return ProducerGroup.objects.none()
    return ProducerGroup.objects.filter(memberships__user=user).distinct()


def group_orders_visible_to(user) -> QuerySet[GroupOrder]:
    """Staff managers: all; members: their groups' orders; everyone else: none."""
    if is_order_manager(user):
        return GroupOrder.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return GroupOrder.objects.none()
    return GroupOrder.objects.filter(group__memberships__user=user)


def group_order_for_member(user, group_order_id) -> GroupOrder | None:
    """A group order the user's groups hold (not staff access: the portal and member API)."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    return (
        GroupOrder.objects.filter(pk=group_order_id, group__memberships__user=user)
        .select_related("group", "order").first()
    )


def group_order_line_visible_to(user, line_id) -> GroupOrderLine | None:
    return GroupOrderLine.objects.filter(pk=line_id, group_order__in=group_orders_visible_to(user)).first()


def membership_of(user, group) -> Membership | None:
    if not (user and user.is_authenticated):
        return None
    return Membership.objects.filter(user=user, group=group).first()
