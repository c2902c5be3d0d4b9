"""``User`` as Saleor's type (the fields a storefront reads about its shopper)."""

from __future__ import annotations

import graphene
from graphql_relay import to_global_id

from shop.account.permissions import PERMISSION_DESCRIPTIONS, PermissionEnum, user_has_permissions
from shop.account.tokens import staff_permission_names

from ..core.connection import ConnectionField, paginate
from ..core.contract_enums import LANGUAGECODEENUM_VALUES
from ..core.errors import PermissionDenied
from ..core.types import LanguageCodeEnum, ObjectWithMetadata
from ..warehouse.types import Address

PermissionEnumType = graphene.Enum.from_enum(PermissionEnum, name="PermissionEnum")
_LANGUAGE_CODES = frozenset(LANGUAGECODEENUM_VALUES)


def language_code_from_enum(value: str | None) -> str | None:
    """``EN_US`` -> ``en-us``: stored as a Django language code."""
    return str(value).lower().replace("_", "-") if value else None


def language_code_to_enum(code: str) -> str:
    value = (code or "th").upper().replace("-", "_")
    if value in _LANGUAGE_CODES:
        return value
    base = value.split("_")[0]
    return base if base in _LANGUAGE_CODES else "TH"


class UserPermission(graphene.ObjectType):
    code = graphene.Field(PermissionEnumType, required=True, description="Internal code for permission.")
    name = graphene.String(required=True, description="Describe action(s) allowed to do by permission.")

    class Meta:
        description = "Represents user's permissions."


def _type(path: str):
    from django.utils.module_loading import import_string

    return import_string(path)


class User(graphene.ObjectType):
    id = graphene.ID(required=True, description="The ID of the user.")
    email = graphene.String(required=True, description="The email address of the user.")
    first_name = graphene.String(required=True, description="The given name of the user.")
    last_name = graphene.String(required=True, description="The family name of the user.")
    is_staff = graphene.Boolean(required=True, description="Determine if the user is a staff admin.")
    is_active = graphene.Boolean(required=True, description="Determine if the user is active.")
    is_confirmed = graphene.Boolean(required=True, description="Determines if user has confirmed email.")
    addresses = graphene.List(
        graphene.NonNull(Address), required=True, description="List of all user's addresses."
    )
    note = graphene.String(description="A note about the customer.\n\nRequires one of the following permissions: MANAGE_USERS, MANAGE_STAFF, OWNER.")
    user_permissions = graphene.List(graphene.NonNull(UserPermission), description="List of user's permissions.")
    language_code = graphene.Field(LanguageCodeEnum, required=True, description="User language code.")
    default_shipping_address = graphene.Field(Address, description="The default shipping address of the user.")
    default_billing_address = graphene.Field(Address, description="The default billing address of the user.")
    last_login = graphene.DateTime(description="The date when the user last time log in to the system.")
    date_joined = graphene.DateTime(required=True, description="The data when the user create account.")
    updated_at = graphene.DateTime(required=True, description="The data when the user last update the account information.")

    orders = ConnectionField(
        lambda: _type("shop.graphql.order.types.Order"), description="List of user's orders, newest first. The user or MANAGE_ORDERS staff."
    )
    checkouts = ConnectionField(
        lambda: _type("shop.graphql.checkout.types.Checkout"), channel=graphene.String(),
        description="Returns checkouts assigned to this user. The user or MANAGE_CHECKOUTS staff.",
    )
    checkout_ids = graphene.List(
        graphene.NonNull(graphene.ID), channel=graphene.String(), description="Returns the checkout ID's assigned to this user."
    )

    class Meta:
        description = "Represents user data."
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    @staticmethod
    def _may_see(root, info, permission) -> bool:
        viewer = info.context.user
        return bool(root.pk) and (viewer.pk == root.pk or user_has_permissions(viewer, [permission]))

    @staticmethod
    def resolve_orders(root, info, **page):
        from shop.order.models import Order as OrderModel

        if not User._may_see(root, info, PermissionEnum.MANAGE_ORDERS):
            raise PermissionDenied()
        return paginate(OrderModel.objects.filter(user_id=root.pk), info, sort_fields=["number"], descending=True,
                        name="orders", **page)

    @staticmethod
    def _checkouts(root, info, channel):
        from shop.checkout.models import Checkout as CheckoutModel

        if not User._may_see(root, info, PermissionEnum.MANAGE_CHECKOUTS):
            raise PermissionDenied()
        qs = CheckoutModel.objects.filter(user_id=root.pk).select_related("channel")
        return qs.filter(channel__slug=channel) if channel else qs

    @staticmethod
    def resolve_checkouts(root, info, channel=None, **page):
        return paginate(User._checkouts(root, info, channel), info, sort_fields=["last_change"], descending=True,
                        name="checkouts", **page)

    @staticmethod
    def resolve_checkout_ids(root, info, channel=None):
        return [to_global_id("Checkout", token) for token in User._checkouts(root, info, channel).values_list("pk", flat=True)]

    @staticmethod
    def resolve_id(root, _info):
        # The registration answer is an unsaved copy of the input: its id is empty, as Saleor's.
        return to_global_id("User", root.pk) if root.pk else ""

    @staticmethod
    def resolve_addresses(root, _info):
        return list(root.addresses.all()) if root.pk else []

    @staticmethod
    def resolve_note(root, info):
        viewer = info.context.user
        if viewer.pk != root.pk and not user_has_permissions(viewer, [PermissionEnum.MANAGE_USERS]):
            raise PermissionDenied()
        return root.note

    @staticmethod
    def resolve_user_permissions(root, _info):
        return [
            UserPermission(code=name, name=PERMISSION_DESCRIPTIONS[name]) for name in staff_permission_names(root)
        ] if root.pk else []

    @staticmethod
    def resolve_language_code(root, _info):
        return language_code_to_enum(root.language_code)

    @staticmethod
    def resolve_date_joined(root, _info):
        return root.date_joined

    @staticmethod
    def resolve_updated_at(root, _info):
        return root.updated_at or root.date_joined
