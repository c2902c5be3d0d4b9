"""The OEM pipeline chart: pygal renders it on the server as inline SVG, like the margins page's charts
(same style and fonts, no JavaScript, labels escaped by pygal)."""

from __future__ import annotations

from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fairtrade.manager.charts import STYLE

from ..reports import PipelineRow


def _money(value) -> str:
    return number_format(Decimal(value or 0), decimal_pos=0, force_grouping=True)


def pipeline_chart(rows: list[PipelineRow]) -> SafeString:
    """The contracts' value (excluding VAT) per status; the label says how many contracts."""
    chart = pygal.HorizontalBar(
        style=STYLE, js=[], disable_xml_declaration=True, legend_at_bottom=True, value_formatter=_money,
        print_values=False, truncate_label=-1, truncate_legend=-1, margin=12, width=1100,
        height=max(260, 110 + 36 * len(rows)),
    )
    rows = list(reversed(rows))  # pygal draws horizontal bars bottom up: the workflow then reads top down
    chart.x_labels = [f"{row.label} ({row.count})" for row in rows]
    chart.add(_("Value of the contracts, excluding VAT"), [float(row.value) for row in rows])
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 - pygal escapes every text it writes
