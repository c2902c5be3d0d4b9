"""The ledger is append-only in the database itself, every journal balances, and the 2025 minimum wages."""

import csv
from pathlib import Path

from django.db import migrations

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION fairtrade_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'fairtrade ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER fairtrade_journal_append_only BEFORE UPDATE OR DELETE ON fairtrade_ledgerjournal
    FOR EACH ROW EXECUTE FUNCTION fairtrade_append_only();
CREATE TRIGGER fairtrade_entry_append_only BEFORE UPDATE OR DELETE ON fairtrade_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION fairtrade_append_only();

CREATE OR REPLACE FUNCTION fairtrade_journal_balanced() RETURNS trigger AS $$
DECLARE
    total numeric;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM fairtrade_ledgerentry WHERE journal_id = NEW.journal_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'fairtrade journal % does not balance (%)', NEW.journal_id, total
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER fairtrade_entry_balanced AFTER INSERT ON fairtrade_ledgerentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fairtrade_journal_balanced();
"""

DROP = """
DROP TRIGGER IF EXISTS fairtrade_entry_balanced ON fairtrade_ledgerentry;
DROP TRIGGER IF EXISTS fairtrade_entry_append_only ON fairtrade_ledgerentry;
DROP TRIGGER IF EXISTS fairtrade_journal_append_only ON fairtrade_ledgerjournal;
DROP FUNCTION IF EXISTS fairtrade_journal_balanced();
DROP FUNCTION IF EXISTS fairtrade_append_only();
"""

WAGES = Path(__file__).resolve().parent.parent / "data" / "minimum_wages.csv"


def load_wages(apps, schema_editor):
    MinimumWage = apps.get_model("fairtrade", "MinimumWage")
    with WAGES.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    MinimumWage.objects.bulk_create(
        [MinimumWage(**row) for row in rows], ignore_conflicts=True
    )


def unload_wages(apps, schema_editor):
    apps.get_model("fairtrade", "MinimumWage").objects.filter(effective_from="2025-01-01").delete()


class Migration(migrations.Migration):
    dependencies = [("fairtrade", "0001_initial")]

    operations = [
        migrations.RunSQL(APPEND_ONLY, DROP),
        migrations.RunPython(load_wages, unload_wages),
    ]
