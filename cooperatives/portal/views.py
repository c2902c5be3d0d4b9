"""Pages of the producer portal.

Every view: login -> membership -> the group order through
``selectors.group_order_for_member`` (404 when it is not the member's) ->
at most one service call inside ``transaction.atomic`` -> redirect with a
message (POST/redirect/GET).  Forms with typing in them (decline, ship) show
themselves again with the errors instead, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..error_codes import GroupOrderErrorCode as Code
from ..models import GroupOrder, GroupOrderLine, GroupShipment, LineSource, LineStatus
from ..models import GroupOrderStatus as S
from .errors import service_error_messages
from .formatting import date_text, datetime_text, money_text, time_left_text
from .forms import (
    CARRIER_SUGGESTIONS,
    AcceptForm,
    DeclineForm,
    PortalLoginForm,
    ShipForm,
    StatusForm,
)
from .history import history_rows

TEMPLATES = "cooperatives/portal/"
TABS = {
    "new": (S.AWAITING_ACCEPTANCE,),
    "active": (S.ACCEPTED, S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED),
    "done": (S.SHIPPED, S.DELIVERED, S.DECLINED, S.EXPIRED, S.CANCELLED),
}
TAB_ORDERING = {"new": ("accept_by", "pk"), "active": ("created_at", "pk"), "done": ("-updated_at", "pk")}
PAGE_SIZE = 20
OPEN_LINE = (LineStatus.AWAITING, LineStatus.ACCEPTED)
SHIPPABLE = (S.ACCEPTED, S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED)
DECLINABLE = (S.AWAITING_ACCEPTANCE, S.ACCEPTED, S.IN_PRODUCTION, S.READY, S.PARTIALLY_SHIPPED)
URGENT_SECONDS = 6 * 3600


# --- language ----------------------------------------------------------------------


def thai_first(view):
    """Thai unless the member chose English with the switch (the language cookie).

    The browser's Accept-Language is not followed here: many phones in Thailand
    are set to English while their owners read Thai far more easily."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return view(request, *args, **kwargs)

    return wrapper


# --- log in / out -----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = TEMPLATES + "login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("portal:orders")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


def member_required(view):
    """Logged in, and a member of at least one group (``request.portal_groups``);
    anyone else gets a friendly page saying so."""

    @login_required(login_url=reverse_lazy("portal:login"))
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        groups = list(selectors.groups_of_member(request.user))
        if not groups:
            return render(request, TEMPLATES + "not_member.html", status=403)
        request.portal_groups = groups
        return view(request, *args, **kwargs)

    return wrapper


def _group_order_or_404(request, group_order_id) -> GroupOrder:
    group_order = selectors.group_order_for_member(request.user, group_order_id)
    if group_order is None:
        raise Http404
    return group_order


def _render(request, template: str, context: dict, *, status: int = 200):
    """A portal page; the header names the member's groups."""
    groups = [group.name(request.LANGUAGE_CODE) for group in request.portal_groups]
    return render(request, TEMPLATES + template, {"groups": groups, **context}, status=status)


def _detail_url(group_order) -> str:
    return reverse("portal:order", args=[group_order.pk])


def _call(request, service, **kwargs) -> ValidationError | None:
    """Run one service in a transaction; its errors become messages in the reader's
    language (and are returned, for forms that mark the field)."""
    try:
        with transaction.atomic():
            service(**kwargs)
    except ValidationError as error:
        for text in service_error_messages(error):
            messages.error(request, text)
        return error
    return None


# --- the list -------------------------------------------------------------------------


@dataclass
class Card:
    group_order: GroupOrder
    number: str
    group_name: str
    status: str
    items: int
    value: str
    deadline: str
    time_left: str
    urgent: bool


def _line_value():
    return ExpressionWrapper(F("lines__quantity") * F("lines__order_line__unit_price_gross_amount"),
                             output_field=DecimalField(max_digits=20, decimal_places=3))


def _cards(group_orders, *, language: str, many_groups: bool, now) -> list[Card]:
    """Items and value count the lines the group still holds; an order that ended with
    none (declined, expired, cancelled) shows what it was."""
    cards = []
    for group_order in group_orders:
        held = group_order.held_items is not None and group_order.held_items > 0
        items = group_order.held_items if held else group_order.all_items
        value = group_order.held_value if held else group_order.all_value
        waiting = group_order.status == S.AWAITING_ACCEPTANCE
        cards.append(Card(
            group_order=group_order, number=group_order.number,
            group_name=group_order.group.name(language) if many_groups else "",
            status=group_order.get_status_display(), items=items or 0,
            value=money_text(value, group_order.order.currency),
            deadline=datetime_text(group_order.accept_by) if waiting else "",
            time_left=time_left_text(group_order.accept_by, now) if waiting else "",
            urgent=waiting and (group_order.accept_by - now).total_seconds() < URGENT_SECONDS,
        ))
    return cards


@member_required
def order_list(request):
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "new"
    mine = GroupOrder.objects.filter(group__in=request.portal_groups)
    counts = mine.aggregate(**{name: Count("pk", filter=Q(status__in=statuses)) for name, statuses in TABS.items()})
    held = Q(lines__status__in=OPEN_LINE)
    group_orders = (
        mine.filter(status__in=TABS[tab]).select_related("order", "group").order_by(*TAB_ORDERING[tab])
        .annotate(held_items=Sum("lines__quantity", filter=held), held_value=Sum(_line_value(), filter=held),
                  all_items=Sum("lines__quantity"), all_value=Sum(_line_value()))
    )
    page = Paginator(group_orders, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = _cards(page.object_list, language=request.LANGUAGE_CODE,
                   many_groups=len(request.portal_groups) > 1, now=timezone.now())
    return _render(request, "order_list.html", {"tab": tab, "counts": counts, "cards": cards, "page": page})


# --- one order ------------------------------------------------------------------------


@dataclass
class LineView:
    line: GroupOrderLine
    name: str
    variant: str
    amount: str
    unit_price: str
    status: str
    left_to_send: int
    can_accept: bool
    can_decline: bool
    decline_reason: str
    ready_by: str
    source: str


def line_name(line: GroupOrderLine) -> str:
    order_line = line.order_line
    return order_line.translated_product_name or order_line.product_name


def _line_views(group_order: GroupOrder, lines: list[GroupOrderLine], *, can_accept: bool) -> list[LineView]:
    currency = group_order.order.currency
    nothing_sent = group_order.status in DECLINABLE
    views = []
    for line in lines:
        order_line = line.order_line
        views.append(LineView(
            line=line, name=line_name(line),
            variant=order_line.translated_variant_name or order_line.variant_name,
            amount=money_text(order_line.unit_price_gross_amount * line.quantity, currency),
            unit_price=money_text(order_line.unit_price_gross_amount, currency),
            status=line.get_status_display(), left_to_send=line.quantity - line.quantity_shipped,
            can_accept=can_accept and line.status == LineStatus.AWAITING,
            can_decline=nothing_sent and line.status in OPEN_LINE and not line.quantity_shipped,
            decline_reason=line.get_decline_reason_display() if line.decline_reason else "",
            ready_by=date_text(line.ready_by) if line.status in OPEN_LINE else "",
            source=line.get_source_display() if line.source == LineSource.MADE_TO_ORDER else "",
        ))
    return views


def _lines(group_order) -> list[GroupOrderLine]:
    # Lines of one split share created_at (and so may their order lines): the name keeps the order stable.
    return list(group_order.lines.select_related("order_line")
                .order_by("created_at", "order_line__created_at", "order_line__product_name", "pk"))


def _shipments(group_order: GroupOrder) -> list[dict]:
    shipments = (GroupShipment.objects.filter(group_order=group_order).select_related("fulfillment")
                 .prefetch_related("fulfillment__lines__order_line").order_by("-created_at", "-pk"))
    return [{
        "carrier": shipment.carrier, "tracking_number": shipment.tracking_number,
        "date": datetime_text(shipment.created_at),
        "items": [(fulfillment_line.quantity,
                   fulfillment_line.order_line.translated_product_name or fulfillment_line.order_line.product_name)
                  for fulfillment_line in shipment.fulfillment.lines.all()],
    } for shipment in shipments]


def _render_detail(request, group_order: GroupOrder, *, ship_form: ShipForm | None = None, status=200):
    now = timezone.now()
    lines = _lines(group_order)
    can_accept = group_order.status == S.AWAITING_ACCEPTANCE and group_order.accept_by > now
    line_views = _line_views(group_order, lines, can_accept=can_accept)
    accepted = [line for line in lines if line.status == LineStatus.ACCEPTED]
    can_ship = group_order.status in SHIPPABLE and any(line.quantity > line.quantity_shipped for line in accepted)
    if can_ship and ship_form is None:
        ship_form = ShipForm(lines=accepted, names={line.pk: line_name(line) for line in accepted})
    held = [line for line in lines if line.status in OPEN_LINE]
    return _render(request, "order_detail.html", {
        "group_order": group_order, "number": group_order.number, "status": group_order.get_status_display(),
        "group_name": group_order.group.name(request.LANGUAGE_CODE),
        "many_groups": len(request.portal_groups) > 1,
        "lines": line_views,
        "total": money_text(sum((line.order_line.unit_price_gross_amount * line.quantity for line in held), 0),
                            group_order.order.currency),
        "waiting": group_order.status == S.AWAITING_ACCEPTANCE,
        "deadline": datetime_text(group_order.accept_by), "time_left": time_left_text(group_order.accept_by, now),
        "urgent": group_order.status == S.AWAITING_ACCEPTANCE
        and (group_order.accept_by - now).total_seconds() < URGENT_SECONDS,
        "can_accept_all": can_accept and sum(line.can_accept for line in line_views) > 1,
        "can_start": group_order.status == S.ACCEPTED,
        "can_mark_ready": group_order.status in (S.ACCEPTED, S.IN_PRODUCTION),
        "ship_form": ship_form if can_ship else None, "carriers": CARRIER_SUGGESTIONS,
        "shipments": _shipments(group_order),
        "history": history_rows(group_order),
        "S": S,
    }, status=status)


@member_required
def order_detail(request, group_order_id):
    return _render_detail(request, _group_order_or_404(request, group_order_id))


@require_POST
@member_required
def order_accept(request, group_order_id):
    group_order = _group_order_or_404(request, group_order_id)
    form = AcceptForm(request.POST)
    line_id = form.cleaned_data["line"] if form.is_valid() else None
    if not form.is_valid():
        messages.error(request, _("This item is not part of the order."))
    elif not _call(request, services.group_order_accept, group_order_id=group_order.pk, user=request.user,
                   line_ids=[line_id] if line_id else None):
        messages.success(request, _("Thank you. The item is accepted.") if line_id
                         else _("Thank you. The order is accepted."))
    return redirect(_detail_url(group_order))


@require_http_methods(["GET", "POST"])
@member_required
def line_decline(request, group_order_id, line_id):
    group_order = _group_order_or_404(request, group_order_id)
    line = GroupOrderLine.objects.filter(pk=line_id, group_order=group_order).select_related("order_line").first()
    if line is None:
        raise Http404
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not _call(request, services.group_order_line_decline, line_id=line.pk,
                     reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], user=request.user):
            messages.success(request, _("Done. “%(product)s” is declined; the office will find another group.")
                             % {"product": line_name(line)})
        return redirect(_detail_url(group_order))
    return _render(request, "decline.html", {
        "group_order": group_order, "number": group_order.number, "line": line, "name": line_name(line),
        "amount": money_text(line.order_line.unit_price_gross_amount * line.quantity, group_order.order.currency),
        "form": form,
    }, status=400 if form.is_bound else 200)


@require_POST
@member_required
def order_status(request, group_order_id):
    group_order = _group_order_or_404(request, group_order_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This order cannot do that now."))
    elif not _call(request, services.group_order_status_update, group_order_id=group_order.pk,
               status=form.cleaned_data["status"], user=request.user):
        messages.success(request, _("Saved: %(status)s.") % {"status": S(form.cleaned_data["status"]).label})
    return redirect(_detail_url(group_order))


def _mark_too_many(form: ShipForm, error: ValidationError) -> None:
    """Point at the line whose number is more than is left to send."""
    for item in getattr(error, "error_dict", {}).get("quantity", []):
        if item.code != Code.QUANTITY_GREATER_THAN_ACCEPTED.value:
            continue
        for line in form.lines:
            if str(line.pk) in (item.params or {}).get("lines", []):
                form.add_error(form.field_name(line), _("At most %(left)d left to send.")
                               % {"left": line.quantity - line.quantity_shipped})


@require_POST
@member_required
def order_ship(request, group_order_id):
    group_order = _group_order_or_404(request, group_order_id)
    accepted = [line for line in _lines(group_order) if line.status == LineStatus.ACCEPTED]
    form = ShipForm(request.POST, lines=accepted, names={line.pk: line_name(line) for line in accepted})
    if group_order.status not in SHIPPABLE or not form.lines:
        messages.error(request, _("This order cannot do that now."))
        return redirect(_detail_url(group_order))
    if not form.is_valid():
        return _render_detail(request, group_order, ship_form=form, status=400)
    parcel = [services.ShipLine(line_id=line.pk, quantity=quantity) for line, quantity in form.parcel()]
    error = _call(request, services.group_order_ship, group_order_id=group_order.pk, lines=parcel,
                  carrier=form.cleaned_data["carrier"], tracking_number=form.cleaned_data["tracking_number"],
                  user=request.user)
    if error is not None:
        _mark_too_many(form, error)
        return _render_detail(request, group_order, ship_form=form, status=400)
    messages.success(request, _("Saved. The parcel with tracking number %(tracking)s is on its way.")
                     % {"tracking": form.cleaned_data["tracking_number"].strip()})
    return redirect(_detail_url(group_order))
