"""Django admin for the manager: minimum wages, group funds, and read-only views of terms,
sold lines, the ledger, statements and advances.

Terms, postings, statements and advances change only through the services
(floor check, idempotency keys, status table), reached through the GraphQL
staff mutations and the manager pages; the admin shows them.  The ledger
cannot change at all (database triggers).
"""

from django.contrib import admin

from .models import (
    Advance,
    FairTradeTerms,
    GroupFund,
    LedgerEntry,
    LedgerJournal,
    MinimumWage,
    SaleReversal,
    SoldLine,
    Statement,
    StatementDeduction,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("area", "province_code", "district_code", "daily_wage", "effective_from")
    list_filter = ("effective_from",)
    search_fields = ("area", "province_code")


@admin.register(GroupFund)
class GroupFundAdmin(admin.ModelAdmin):
    list_display = ("group", "name", "premium_percent")
    raw_id_fields = ("group",)


@admin.register(FairTradeTerms)
class FairTradeTermsAdmin(ReadOnlyAdmin):
    list_display = ("group", "variant", "effective_from", "effective_to", "producer_price", "floor_price",
                    "premium_percent", "pricing")
    list_filter = ("pricing", "effective_from")
    search_fields = ("group__name_en", "group__name_th", "variant__sku", "variant__product__name")
    list_select_related = ("group", "variant")


class EntryInline(admin.TabularInline):
    model = LedgerEntry
    fields = ("account", "group", "amount", "currency")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerJournal)
class LedgerJournalAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "reference_type", "reference_id", "bearer", "occurred_at", "actor")
    list_filter = ("kind", "bearer")
    search_fields = ("idempotency_key", "reference_id", "memo")
    date_hierarchy = "occurred_at"
    inlines = (EntryInline,)


@admin.register(SoldLine)
class SoldLineAdmin(ReadOnlyAdmin):
    list_display = ("order", "group", "quantity", "gross", "producer_share", "premium", "margin", "status",
                    "delivered_at")
    list_filter = ("status",)
    list_select_related = ("order", "group")


@admin.register(SaleReversal)
class SaleReversalAdmin(ReadOnlyAdmin):
    list_display = ("sold_line", "kind", "bearer", "gross", "producer_share", "created_at")
    list_filter = ("kind", "bearer")


class DeductionInline(admin.TabularInline):
    model = StatementDeduction
    fields = ("kind", "amount", "reason", "consent_reference")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = ("number", "group", "period_start", "period_end", "status", "net_amount", "due_date", "paid_on")
    list_filter = ("status",)
    search_fields = ("number", "group__name_en", "group__name_th")
    list_select_related = ("group",)
    inlines = (DeductionInline,)


@admin.register(Advance)
class AdvanceAdmin(ReadOnlyAdmin):
    list_display = ("group", "reference_type", "reference_id", "allocation_value", "amount", "created_at")
    list_select_related = ("group",)
