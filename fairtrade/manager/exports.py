"""The margin report as CSV and as an Excel workbook: the rows, the totals, then shipping.

Amounts are numbers (not text) in both, in the report's currency; percents are
of gross.  Column titles are in the reader's language.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from fairtrade.reports import MarginReport, MarginRow

AMOUNTS = ("gross", "vat", "producer_share", "premium", "fees", "margin", "courier_claims")
PERCENTS = ("producer_share_percent", "premium_percent", "margin_percent")


def headers() -> list[str]:
    return [
        _("Key"), _("Name"), _("Name (English)"), _("Gross"), _("VAT"), _("Producer share"), _("Premium"),
        _("Payment fees"), _("Margin"), _("Courier claims"), _("Producer share %"), _("Premium %"), _("Margin %"),
    ]


def _cells(row: MarginRow, key: str, label: str) -> list:
    return [key, label, row.label_en, *(getattr(row, name) for name in AMOUNTS),
            *(getattr(row, name) for name in PERCENTS)]


def table(report: MarginReport) -> list[list]:
    """Header, rows, totals, and the shipping lines."""
    lines = [headers()]
    lines += [_cells(row, row.key, row.label) for row in report.rows]
    lines.append(_cells(report.totals, "total", _("Total")))
    shipping = report.shipping
    lines.append([])
    lines.append(["shipping", _("Shipping charged (gross)"), "", shipping.gross])
    lines.append(["shipping_vat", _("VAT on shipping"), "", shipping.vat])
    lines.append(["shipping_net", _("Shipping without VAT"), "", shipping.net])
    return lines


def filename(report: MarginReport, extension: str) -> str:
    return f"margins-{report.group_by}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}.{extension}"


def as_csv(report: MarginReport) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Thai names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in table(report):
        writer.writerow(["" if cell is None else _plain(cell) for cell in line])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _plain(cell):
    if isinstance(cell, Decimal):
        return f"{cell:.2f}"
    return cell


def as_xlsx(report: MarginReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Margins")[:31]
    sheet.append([_("Margin report"), f"{report.date_from:%Y-%m-%d} – {report.date_to:%Y-%m-%d}", report.currency])
    sheet.append([])
    first = sheet.max_row + 1
    for line in table(report):
        sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in line])
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    for cell in sheet[first + len(report.rows) + 1]:
        cell.font = Font(bold=True)
    for column in range(4, 4 + len(AMOUNTS)):
        for (cell,) in sheet.iter_rows(min_row=first + 1, min_col=column, max_col=column):
            cell.number_format = "#,##0.00"
    for column in range(4 + len(AMOUNTS), 4 + len(AMOUNTS) + len(PERCENTS)):
        for (cell,) in sheet.iter_rows(min_row=first + 1, min_col=column, max_col=column):
            cell.number_format = "0.00"
    for index, width in enumerate((12, 36, 30, *([16] * (len(AMOUNTS) + len(PERCENTS)))), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=first + 1, column=3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
