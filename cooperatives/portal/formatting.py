"""How the portal writes money, dates and time left, in the reader's language.

Values are formatted here rather than in templates so the same plain words
appear everywhere: "฿1,234.00" for baht, Buddhist-era years for Thai readers
(what they read on every paper form), Bangkok time.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

BANGKOK = ZoneInfo("Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543


def money_text(amount: Decimal | None, currency: str = "THB") -> str:
    """``฿1,234.00`` for baht; ``USD 12.50`` for anything else (not expected here)."""
    value = Decimal(amount or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if currency == "THB":
        return f"฿{value:,.2f}"
    return f"{currency} {value:,.2f}"


def _thai() -> bool:
    return (translation.get_language() or "th").startswith("th")


def _year(value: datetime.date) -> int:
    return value.year + BUDDHIST_ERA_OFFSET if _thai() else value.year


def date_text(value: datetime.date | None) -> str:
    """``ส. 21 พ.ย. 2569`` / ``Sat 21 Nov 2026``."""
    if value is None:
        return ""
    return f"{date_format(value, 'D j M')} {_year(value)}"


def datetime_text(value: datetime.datetime | None) -> str:
    """``ส. 21 พ.ย. 2569 เวลา 14:36 น.`` / ``Sat 21 Nov 2026, 14:36`` in Bangkok time."""
    if value is None:
        return ""
    local = timezone.localtime(value, timezone=BANGKOK)
    return _("%(date)s, %(time)s") % {"date": date_text(local.date()), "time": local.strftime("%H:%M")}


def time_left_text(deadline: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """``3 days 4 hours left``, ``25 minutes left`` or ``Time is up``."""
    seconds = int((deadline - (now or timezone.now())).total_seconds())
    if seconds <= 0:
        return _("Time is up")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = max(rest // 60, 1 if not (days or hours) else 0)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days and minutes:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes})
    return _("%(time)s left") % {"time": " ".join(parts)}
