"""Database settings: prepared statements on by default, off for transaction-mode poolers."""

from django.db import connection

from shop.settings.base import database_config

URL = "postgres://shop:secret@db.example:5432/homenet"


def test_statements_are_prepared_by_the_server_by_default(monkeypatch):
    monkeypatch.delenv("DB_PREPARED_STATEMENTS", raising=False)

    options = database_config(URL)["OPTIONS"]

    assert options == {"server_side_binding": True, "prepare_threshold": 2}


def test_prepared_statements_can_be_switched_off_for_a_transaction_pooler(monkeypatch):
    monkeypatch.setenv("DB_PREPARED_STATEMENTS", "false")

    config = database_config(URL)

    assert "server_side_binding" not in config.get("OPTIONS", {})
    assert "prepare_threshold" not in config.get("OPTIONS", {})


def test_the_test_database_runs_with_the_default(db):
    # The suite runs every query with server-side binding, as production does.
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
