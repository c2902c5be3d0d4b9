"""Django admin for the manager: groups, members, offers, group orders (read-only history) and alerts.

Group orders change only through the workflow services (status table, audit,
events), so their admin pages are read-only; the manager acts through the
GraphQL staff mutations (e.g. ``groupOrderLineReroute``).
"""

from django.contrib import admin

from .models import (
    GroupOrder,
    GroupOrderEvent,
    GroupOrderLine,
    GroupShipment,
    ManagerAlert,
    Membership,
    ProducerGroup,
    ProducerGroupPhoto,
    ProducerOffer,
)


class PhotoInline(admin.TabularInline):
    model = ProducerGroupPhoto
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("user",)


@admin.register(ProducerGroup)
class ProducerGroupAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_th", "region", "members_count", "women_members_count", "is_active")
    list_filter = ("region", "is_active", "payout_method")
    search_fields = ("name_en", "name_th", "slug")
    raw_id_fields = ("warehouse",)
    inlines = (MembershipInline, PhotoInline)


@admin.register(ProducerOffer)
class ProducerOfferAdmin(admin.ModelAdmin):
    list_display = ("variant", "group", "priority", "lead_time_days", "weekly_capacity", "is_active")
    list_select_related = ("variant", "group")
    list_filter = ("group", "is_active")
    raw_id_fields = ("variant",)
    search_fields = ("variant__sku", "variant__product__name")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyInline):
    model = GroupOrderLine
    fields = ("order_line", "quantity", "quantity_shipped", "source", "status", "decline_reason", "resolution")


class EventInline(ReadOnlyInline):
    model = GroupOrderEvent
    fields = ("date", "type", "from_status", "to_status", "user", "reason")


class ShipmentInline(ReadOnlyInline):
    model = GroupShipment
    fields = ("carrier", "tracking_number", "created_at", "created_by")


@admin.register(GroupOrder)
class GroupOrderAdmin(admin.ModelAdmin):
    list_display = ("__str__", "group", "status", "accept_by", "created_at")
    list_select_related = ("group", "order")
    list_filter = ("status", "group__region", "group")
    inlines = (LineInline, ShipmentInline, EventInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ManagerAlert)
class ManagerAlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "order", "message", "resolved_at")
    list_filter = ("kind", "resolved_at")
    readonly_fields = ("kind", "order", "group_order_line", "message", "created_at")
