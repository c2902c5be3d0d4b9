"""Payments in the admin: read-only.  Money moves only through the services and the gateways."""

from django.contrib import admin

from .models import StripeWebhookEvent, TransactionEvent, TransactionItem


class TransactionEventInline(admin.TabularInline):
    model = TransactionEvent
    extra = 0
    can_delete = False
    ordering = ("created_at", "pk")
    fields = ("created_at", "type", "amount_value", "currency", "psp_reference", "message", "include_in_calculations",
              "created_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TransactionItem)
class TransactionItemAdmin(admin.ModelAdmin):
    list_display = ("token", "gateway", "psp_reference", "currency", "charged_value", "authorized_value",
                    "refunded_value", "order", "checkout", "created_at")
    list_filter = ("gateway", "currency")
    search_fields = ("psp_reference", "token", "order__number")
    list_select_related = ("order",)
    inlines = [TransactionEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StripeWebhookEvent)
class StripeWebhookEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "created", "outcome", "transaction", "received_at")
    list_filter = ("type", "outcome", "livemode")
    search_fields = ("event_id",)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
