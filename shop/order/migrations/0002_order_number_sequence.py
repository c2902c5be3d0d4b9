from django.db import migrations


class Migration(migrations.Migration):
    """Order numbers come from a PostgreSQL sequence: unique and increasing under concurrency."""

    dependencies = [("order", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS order_number_seq START 1001",
            "DROP SEQUENCE IF EXISTS order_number_seq",
        )
    ]
