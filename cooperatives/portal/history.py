"""The audit rows of a group order (``GroupOrderEvent``) as plain sentences, newest first."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import DeclineReason, GroupOrder, GroupOrderEvent, GroupOrderStatus, LineStatus
from .formatting import datetime_text

# Events about one line: "<what happened>: <product>".
LINE_EVENTS = {
    "LINE_ACCEPTED": gettext_lazy("Accepted: %(product)s"),
    "LINE_DECLINED": gettext_lazy("Declined: %(product)s"),
    "LINE_EXPIRED": gettext_lazy("Not answered in time: %(product)s"),
    "LINE_CANCELLED": gettext_lazy("Cancelled: %(product)s"),
    "LINE_REROUTED": gettext_lazy("Passed to another group: %(product)s"),
    "LINE_REFUNDED": gettext_lazy("Refunded to the shopper: %(product)s"),
}
ORDER_EVENTS = {
    "CREATED": gettext_lazy("New order received"),
    "CREATED_BY_REROUTE": gettext_lazy("Order passed on from another group"),
}


def _who(event: GroupOrderEvent) -> str:
    if event.user is None:
        return _("System")
    return f"{event.user.first_name} {event.user.last_name}".strip() or event.user.email


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _text(event: GroupOrderEvent) -> tuple[str, str]:
    """(what happened, detail)."""
    if event.type in LINE_EVENTS and event.line is not None:
        order_line = event.line.order_line
        product = order_line.translated_product_name or order_line.product_name
        text = LINE_EVENTS[event.type] % {"product": f"{event.line.quantity} × {product}"}
        if event.type == "LINE_DECLINED":
            reason = _label(DeclineReason, event.parameters.get("decline_reason", ""))
            note = event.reason if event.reason and event.reason != event.parameters.get("decline_reason") else ""
            return text, f"{reason}: {note}" if note else reason
        return text, ""
    if event.type in ORDER_EVENTS:
        return str(ORDER_EVENTS[event.type]), ""
    if event.type == "STATUS_CHANGED":
        return _("Order status: %(status)s") % {"status": _label(GroupOrderStatus, event.to_status)}, ""
    if event.type == "SHIPPED":
        return (_("Sent with %(carrier)s") % {"carrier": event.parameters.get("carrier", "")},
                _("Tracking number: %(tracking)s") % {"tracking": event.parameters.get("tracking_number", "")})
    status = _label(LineStatus, event.to_status) if event.to_status else ""
    return event.type.replace("_", " ").capitalize(), status


def history_rows(group_order: GroupOrder) -> list[dict]:
    events = (GroupOrderEvent.objects.filter(group_order=group_order)
              .select_related("user", "line__order_line").order_by("-date", "-pk"))
    rows = []
    for event in events:
        text, detail = _text(event)
        rows.append({"date": datetime_text(event.date), "who": _who(event), "text": text, "detail": detail})
    return rows
