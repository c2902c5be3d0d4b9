"""A producer group's statements in the portal: what it is paid, when, and how the amount was made.

Same rules as the order pages (``cooperatives.portal.views``): Thai first,
logged-in members only, and a member sees only her own groups' statements
(another group's statement is "not found").  Read-only: staff approve and pay.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cooperatives.portal.formatting import date_text, datetime_text, money_text
from cooperatives.portal.views import member_required

from ..models import Account, JournalKind, Statement, StatementStatus

TEMPLATES = "fairtrade/portal/"
PAGE_SIZE = 20


def _render(request, template: str, context: dict, *, status: int = 200):
    groups = [group.name(request.LANGUAGE_CODE) for group in request.portal_groups]
    return render(request, TEMPLATES + template, {"groups": groups, **context}, status=status)


def _period(statement: Statement) -> str:
    return _("%(start)s to %(end)s") % {"start": date_text(statement.period_start), "end": date_text(statement.period_end)}


def status_text(statement: Statement) -> str:
    """Words a member reads: a draft is still being checked, an approved one waits for the transfer."""
    return {
        StatementStatus.DRAFT: _("Being checked"),
        StatementStatus.APPROVED: _("Approved, waiting for the transfer"),
        StatementStatus.PAID: _("Paid"),
    }[statement.status]


@dataclass
class StatementCard:
    statement: Statement
    number: str
    group_name: str
    status: str
    period: str
    net: str
    due: str
    paid_on: str
    overdue: bool


def _card(statement: Statement, *, language: str, many_groups: bool) -> StatementCard:
    return StatementCard(
        statement=statement, number=statement.number,
        group_name=statement.group.name(language) if many_groups else "", status=status_text(statement),
        period=_period(statement), net=money_text(statement.net_amount, statement.currency),
        due=date_text(statement.due_date), paid_on=date_text(statement.paid_on), overdue=statement.is_overdue,
    )


@member_required
def statement_list(request):
    statements = (Statement.objects.filter(group__in=request.portal_groups).select_related("group")
                  .order_by("-period_end", "-created_at", "pk"))
    page = Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page"))
    many = len(request.portal_groups) > 1
    cards = [_card(statement, language=request.LANGUAGE_CODE, many_groups=many) for statement in page.object_list]
    return _render(request, "statement_list.html", {"cards": cards, "page": page})


@dataclass
class LineRow:
    date: str
    order_number: str
    product: str
    quantity: int | None
    amount: str
    what: str


def _what(entry) -> str:
    fund = entry.account == Account.GROUP_FUND_PAYABLE
    if entry.kind == JournalKind.SALE:
        return _("Fair-trade premium for the group fund") if fund else _("Sale")
    if entry.kind == JournalKind.CANCELLATION:
        return _("Cancelled order: premium") if fund else _("Cancelled order")
    return _("Refund: premium") if fund else _("Refund")


def _line_rows(statement: Statement) -> list[LineRow]:
    entries = [line.entry for line in statement.lines.select_related(
        "entry__sold_line__order", "entry__sold_line__order_line").order_by("entry__occurred_at", "entry_id")]
    rows = []
    for entry in entries:
        sold = entry.sold_line
        order_line = sold.order_line if sold else None
        rows.append(LineRow(
            date=datetime_text(sold.payable_from if sold and sold.payable_from else entry.occurred_at),
            order_number=str(sold.order.number) if sold else "",
            product=(order_line.translated_product_name or order_line.product_name) if order_line else "",
            quantity=sold.quantity if sold else None, amount=money_text(-entry.amount, entry.currency),
            what=_what(entry),
        ))
    return rows


@member_required
def statement_detail(request, statement_id):
    statement = (Statement.objects.filter(pk=statement_id, group__in=request.portal_groups)
                 .select_related("group").first())
    if statement is None:
        raise Http404
    currency = statement.currency
    deductions = [{"kind": d.get_kind_display(), "reason": d.reason, "amount": money_text(d.amount, currency),
                   "consent": d.consent_reference} for d in statement.deductions.order_by("pk")]
    return _render(request, "statement_detail.html", {
        "card": _card(statement, language=request.LANGUAGE_CODE, many_groups=len(request.portal_groups) > 1),
        "lines": _line_rows(statement), "deductions": deductions,
        "producer": money_text(statement.producer_amount, currency),
        "premium": money_text(statement.premium_amount, currency),
        "netted": money_text(statement.advances_netted, currency) if statement.advances_netted else "",
        "deducted": money_text(statement.deductions_amount, currency) if statement.deductions_amount else "",
        "paid": statement.status == StatementStatus.PAID,
        "payment_reference": statement.payment_reference,
    })
