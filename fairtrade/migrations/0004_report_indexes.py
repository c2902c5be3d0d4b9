"""Indexes and statistics for the margin report (fairtrade.reports; measured by bench/margin_report.py).

* ``entry_report_idx``: the entries the report's rows sum (sales, cancellations and
  refunds of sold lines), by time, carrying every column the grouped query reads, so
  a month or a year is an index-only scan of the ledger (append-only: autovacuum keeps
  the visibility map set).
* ``entry_shipping_idx``: the same for the entries without a sold line (shipping
  charges and shipping given back, plus statements' journals, which the filter on
  kind drops), so the shipping totals do not scan the whole ledger.
* ``entry_month_stats``: the number of distinct Bangkok months, so the planner groups
  by month with a hash instead of sorting every entry.

Raw SQL, not ``Meta.indexes``: partial covering indexes on the report's exact
predicates are the report's business, and the model's state stays as it is.
"""

from django.db import migrations

REPORT_KINDS = "('sale', 'cancellation', 'refund')"
SHIPPING_KINDS = "('shipping_charge', 'cancellation', 'refund')"


class Migration(migrations.Migration):

    dependencies = [
        ("fairtrade", "0003_payouts"),
    ]

    operations = [
        migrations.RunSQL(
            sql=(
                "CREATE INDEX entry_report_idx ON fairtrade_ledgerentry (occurred_at) "
                "INCLUDE (kind, account, amount, currency, sold_line_id, product_id, category_id, channel_id) "
                f"WHERE sold_line_id IS NOT NULL AND kind IN {REPORT_KINDS}"
            ),
            reverse_sql="DROP INDEX IF EXISTS entry_report_idx",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX entry_shipping_idx ON fairtrade_ledgerentry (occurred_at) "
                "INCLUDE (kind, account, amount, currency, channel_id) "
                f"WHERE sold_line_id IS NULL AND kind IN {SHIPPING_KINDS}"
            ),
            reverse_sql="DROP INDEX IF EXISTS entry_shipping_idx",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE STATISTICS entry_month_stats ON "
                "(date_trunc('month', occurred_at AT TIME ZONE 'Asia/Bangkok')) FROM fairtrade_ledgerentry"
            ),
            reverse_sql="DROP STATISTICS IF EXISTS entry_month_stats",
        ),
    ]
