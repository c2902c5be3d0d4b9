"""Document numbers: ``<PREFIX>-<Bangkok year>-<sequence>``, gap-free per kind and year."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from .models import DocumentNumber

PREFIXES = {
    "rfq": "RFQ",
    "quote": "QT",
    "contract": "OEM",
    "invoice": "INV",
}


def next_number(kind: str) -> str:
    """Take the next number of ``kind`` for this year.

    The year's row stays locked until the caller's transaction ends (``INSERT ..
    ON CONFLICT DO UPDATE``), so numbers are handed out in commit order and a
    rolled-back document gives its number back.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that saves the document.")
    year = timezone.localdate().year
    table = DocumentNumber._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, year, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (kind, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [kind, year],
        )
        (last,) = cursor.fetchone()
    width = 6 if kind == "invoice" else 5
    return f"{PREFIXES[kind]}-{year}-{last:0{width}d}"
