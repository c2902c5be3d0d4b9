"""The per-contract table (revenue, the groups' share, advances) as CSV: UTF-8 with a byte-order mark,
amounts as plain numbers, column titles in the reader's language."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _

from ..reports import ContractEconomics, economics_totals


def headers() -> list[str]:
    return [
        _("Contract"), _("Client"), _("Status"), _("Contract value"), _("Invoiced"), _("Paid"),
        _("Groups' share"), _("Groups' share %"), _("Advances paid"),
    ]


def _plain(cell):
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return f"{cell:.2f}"
    return cell


def as_csv(rows: list[ContractEconomics]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_plain(cell) for cell in (
            row.number, row.client, row.status_label, row.value, row.invoiced, row.paid, row.group_share,
            row.group_share_percent, row.advances)])
    totals = economics_totals(rows)
    writer.writerow([_plain(cell) for cell in (
        "total", _("Total"), "", totals["value"], totals["invoiced"], totals["paid"], totals["group_share"],
        totals["group_share_percent"], totals["advances"])])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
