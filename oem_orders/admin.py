"""Django admin for OEM: clients (members and API tokens shown, never a token's hash), requests,
quotes, contracts with their allocations, milestones, shipments, invoices and audit trail,
invoices and webhook deliveries.

Status fields are read-only everywhere: ``contracts.contract_status_change`` and the
services (quotes, allocation, production, invoices, webhooks) are their only writers,
reached through the GraphQL staff API.  Rows that a service creates (contracts,
allocations, invoices, events, deliveries) cannot be added or deleted here either.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairtrade.admin import ReadOnlyAdmin

from .access import thai_tax_id_valid
from .models import (
    Allocation,
    Contract,
    ContractEvent,
    Invoice,
    InvoiceLine,
    Milestone,
    OemApiToken,
    OemClient,
    OemClientMember,
    Quote,
    QuotePriceTier,
    QuoteRequest,
    QuoteRequestAttachment,
    Shipment,
    WebhookDelivery,
)


class ReadOnlyInline(admin.TabularInline):
    """Shows rows the services wrote; nothing can be added, changed or deleted here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- clients -------------------------------------------------------------------------------


class MemberInline(ReadOnlyInline):
    model = OemClientMember
    fields = ("user", "role", "created_at")


class TokenInline(ReadOnlyInline):
    """Name, last 4 characters, expiry and revocation; the hash is never shown."""

    model = OemApiToken
    fields = ("name", "last4", "expires_at", "revoked_at", "revoked_by", "last_used_at", "created_by", "created_at")


class OemClientForm(forms.ModelForm):
    class Meta:
        model = OemClient
        # Everything but the webhook secret (shown once, by the API, when it is made).
        fields = ("name", "country", "tax_id", "branch_code", "billing_address", "shipping_address", "contact_name",
                  "contact_email", "contact_phone", "webhook_url", "is_active")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") == "TH" and not thai_tax_id_valid(cleaned.get("tax_id") or ""):
            self.add_error("tax_id", _("A Thai tax ID is 13 digits with a valid check digit."))
        return cleaned


@admin.register(OemClient)
class OemClientAdmin(admin.ModelAdmin):
    form = OemClientForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "tax_id", "branch_code", "country", "contact_email", "is_active", "created_at")
    list_filter = ("is_active", "country")
    search_fields = ("name", "tax_id", "contact_email", "contact_name")
    raw_id_fields = ("billing_address", "shipping_address")
    readonly_fields = ("created_at", "updated_at")
    inlines = (MemberInline, TokenInline)

    def has_delete_permission(self, request, obj=None):
        return False  # invoices and contracts keep pointing at the client


# --- requests and quotes ------------------------------------------------------------------------


class AttachmentInline(ReadOnlyInline):
    model = QuoteRequestAttachment
    fields = ("name", "file", "content_type", "size", "is_image", "created_at")


@admin.register(QuoteRequest)
class QuoteRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "client", "variant", "quantity", "target_delivery_date", "status", "created_at")
    list_filter = ("status", "sample_wanted")
    search_fields = ("number", "client__name", "custom_spec")
    list_select_related = ("client", "variant")
    readonly_fields = ("number", "client", "status", "created_by", "created_by_token", "created_at", "updated_at")
    raw_id_fields = ("variant",)
    inlines = (AttachmentInline,)

    def has_add_permission(self, request):
        return False  # requests come from clients (numbered by the service)

    def has_delete_permission(self, request, obj=None):
        return False


class TierInline(ReadOnlyInline):
    model = QuotePriceTier
    fields = ("min_quantity", "unit_price")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("number", "client", "request", "quantity", "minimum_order_quantity", "valid_until", "status")
    list_filter = ("status",)
    search_fields = ("number", "client__name", "request__number")
    list_select_related = ("client", "request")
    readonly_fields = (
        "number", "request", "client", "variant", "quantity", "minimum_order_quantity", "currency", "deposit_percent",
        "status", "decline_reason", "decided_at", "decided_by", "created_by", "created_at",
    )
    inlines = (TierInline,)

    def has_add_permission(self, request):
        return False  # quotes are made by quote_create (tiers checked, numbered)

    def has_delete_permission(self, request, obj=None):
        return False


# --- contracts ---------------------------------------------------------------------------------


class AllocationInline(ReadOnlyInline):
    model = Allocation
    fields = ("group", "quantity", "quantity_done", "quantity_passed", "quantity_shipped", "status",
              "producer_unit_price", "floor_unit_price", "premium_percent", "ready_by")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("kind", "allocation", "due_date", "completed_at", "completed_by")


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = ("number", "carrier", "tracking_number", "delivery_note", "shipped_at")


class InvoiceInline(ReadOnlyInline):
    model = Invoice
    fields = ("number", "kind", "status", "issue_date", "due_date", "subtotal", "vat_amount", "total", "paid_at")


class EventInline(ReadOnlyInline):
    model = ContractEvent
    fields = ("date", "type", "from_status", "to_status", "reason", "user", "token", "parameters")


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("number", "client", "quantity", "unit_price", "delivery_date", "status", "sample_status",
                    "created_at")
    list_filter = ("status", "sample_status")
    search_fields = ("number", "client__name")
    list_select_related = ("client",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "number", "client", "quote", "variant", "quantity", "unit_price", "currency", "deposit_percent",
        "status", "status_before_hold", "sample_status", "cancellation_fault", "cancellation_reason",
        "created_at", "updated_at", "closed_at",
    )
    inlines = (AllocationInline, MilestoneInline, ShipmentInline, InvoiceInline, EventInline)

    def has_add_permission(self, request):
        return False  # a contract is made when a client accepts a quote

    def has_delete_permission(self, request, obj=None):
        return False


# --- invoices and webhooks ------------------------------------------------------------------------


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ("description", "quantity", "unit_price", "amount")


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("number", "contract", "kind", "status", "issue_date", "due_date", "subtotal", "vat_amount",
                    "total", "paid_at")
    list_filter = ("status", "kind", "payment_method")
    search_fields = ("number", "buyer_name", "contract__number", "payment_reference")
    list_select_related = ("contract",)
    date_hierarchy = "issue_date"
    inlines = (InvoiceLineInline,)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("event_type", "client", "status", "attempts", "last_status_code", "next_attempt_at",
                    "delivered_at", "created_at")
    list_filter = ("status", "event_type")
    search_fields = ("idempotency_key", "client__name")
    list_select_related = ("client",)
