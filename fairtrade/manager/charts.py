"""The margins page's charts: pygal renders them on the server as inline SVG.

No JavaScript is loaded (``js=[]``: pygal's tooltips script would come from a
CDN), so the page needs no network and prints as it shows.  pygal escapes the
labels it writes, so the SVG is safe to put in the page as it is.
"""

from __future__ import annotations

from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

FONTS = '"Sarabun", "Noto Sans Thai", "Leelawadee UI", "Tahoma", system-ui, sans-serif'
STYLE = Style(
    background="white", plot_background="white", foreground="#1a1a1a", foreground_strong="#1a1a1a",
    foreground_subtle="#6b6b6b", font_family=FONTS, label_font_family=FONTS, major_label_font_family=FONTS,
    legend_font_family=FONTS, title_font_family=FONTS, value_font_family=FONTS, tooltip_font_family=FONTS,
    label_font_size=15, major_label_font_size=15, legend_font_size=16, title_font_size=18,
    # producer share, premium, margin: the same colours on every chart and in the table
    colors=("#0b7a43", "#c98a00", "#0a4f8a", "#a00018"),
)


def _money(value) -> str:
    return number_format(Decimal(value or 0), decimal_pos=0, force_grouping=True)


def _config(**extra) -> dict:
    return {
        "style": STYLE, "js": [], "disable_xml_declaration": True, "legend_at_bottom": True,
        "legend_at_bottom_columns": 3, "value_formatter": _money, "print_values": False,
        "truncate_label": -1, "truncate_legend": -1, "margin": 12, **extra,
    }


def _svg(chart) -> SafeString:
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 - pygal escapes every text it writes


def over_time_chart(rows) -> SafeString:
    """Producer share and margin per month (rows of a report grouped by month)."""
    chart = pygal.Line(**_config(width=1100, height=380, x_label_rotation=0, dots_size=4, stroke_style={"width": 3}))
    chart.x_labels = [row.key for row in rows]
    chart.add(_("Producer share"), [float(row.producer_share) for row in rows])
    chart.add(_("Premium"), [float(row.premium) for row in rows])
    chart.add(_("Margin"), [float(row.margin) for row in rows])
    return _svg(chart)


def per_group_chart(rows) -> SafeString:
    """Producer share, premium and margin per producer group, stacked (rows grouped by producer group)."""
    height = max(260, 110 + 36 * len(rows))
    chart = pygal.HorizontalStackedBar(**_config(width=1100, height=height))
    chart.x_labels = [row.label or row.key for row in rows]
    chart.add(_("Producer share"), [float(row.producer_share) for row in rows])
    chart.add(_("Premium"), [float(row.premium) for row in rows])
    chart.add(_("Margin"), [float(row.margin) for row in rows])
    return _svg(chart)
