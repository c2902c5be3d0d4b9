"""A version of the shipping configuration, bumped by PostgreSQL on every write.

``shop.shipping.selectors`` keeps the channel's shipping listings per process
and reuses them while this version stands.  Triggers (not the ORM) bump it, so
no write path can be missed: services, the admin, bulk updates, raw SQL,
cascades and TRUNCATE.  The value comes from a sequence, which a rollback never
winds back, so a version is never reused for other data.
"""

from django.db import migrations

TABLES = [
    "shipping_shippingzone",
    "shipping_shippingzone_channels",
    "shipping_shippingmethod",
    "shipping_shippingmethodchannellisting",
    "shipping_shippingweightrate",
]

FORWARD = """
CREATE SEQUENCE shipping_config_version_seq;
CREATE TABLE shipping_config_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
INSERT INTO shipping_config_version (id, version) VALUES (1, nextval('shipping_config_version_seq'));
CREATE FUNCTION shipping_config_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE shipping_config_version SET version = nextval('shipping_config_version_seq') WHERE id = 1;
    RETURN NULL;
END;
$$;
""" + "".join(
    f"CREATE TRIGGER {table}_config_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION shipping_config_version_bump();\n"
    for table in TABLES
)

BACKWARD = "".join(f"DROP TRIGGER IF EXISTS {table}_config_version ON {table};\n" for table in TABLES) + """
DROP FUNCTION IF EXISTS shipping_config_version_bump();
DROP TABLE IF EXISTS shipping_config_version;
DROP SEQUENCE IF EXISTS shipping_config_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [("shipping", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
