"""The social enterprise's manager pages: margins with charts and exports, payables, overdue statements.

Every page: a logged-in staff user with MANAGE_ORDERS (anonymous visitors go to
the login page; anyone else gets 403) -> the filters from the query string ->
selectors of ``fairtrade.reports`` (reads only) -> the page or the file.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from cooperatives.portal.forms import PortalLoginForm
from cooperatives.selectors import is_order_manager
from fairtrade import reports

from . import charts, exports
from .forms import MarginFilterForm

TEMPLATES = "manager/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LoginView(auth_views.LoginView):
    """E-mail and password, with the portal's brute-force delay."""

    template_name = TEMPLATES + "login.html"
    authentication_form = PortalLoginForm
    redirect_authenticated_user = True
    next_page = reverse_lazy("fairtrade_manager:margins")


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("fairtrade_manager:login")


def manager_required(view):
    """Staff with MANAGE_ORDERS; other logged-in users see a 403 page saying why."""

    @login_required(login_url=reverse_lazy("fairtrade_manager:login"))
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_order_manager(request.user):
            return render(request, TEMPLATES + "forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _charts(arguments: dict) -> dict:
    """Over time (by month) and per producer group, with the page's dates and filters."""
    by_month = reports.margin_report(**{**arguments, "group_by": reports.GroupBy.MONTH})
    by_group = reports.margin_report(**{**arguments, "group_by": reports.GroupBy.PRODUCER_GROUP})
    return {
        "over_time": charts.over_time_chart(by_month.rows) if by_month.rows else None,
        "per_group": charts.per_group_chart(by_group.rows) if by_group.rows else None,
    }


@manager_required
def margins(request):
    form = MarginFilterForm.from_query(request.GET)
    context = {"form": form, "report": None, "query": request.GET.urlencode()}
    if form.is_valid():
        arguments = form.report_arguments()
        context["report"] = reports.margin_report(**arguments)
        context.update(_charts(arguments))
    context["payables"] = reports.payables_summary()
    context["overdue"] = list(reports.statements_overdue())
    return render(request, TEMPLATES + "margins.html", context, status=200 if form.is_valid() else 400)


def _export(request, render_file, extension: str, content_type: str):
    form = MarginFilterForm.from_query(request.GET)
    if not form.is_valid():
        return HttpResponse(_("The filters are not valid."), status=400, content_type="text/plain; charset=utf-8")
    report = reports.margin_report(**form.report_arguments())
    response = HttpResponse(render_file(report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, extension)}"'
    return response


@manager_required
def margins_csv(request):
    return _export(request, exports.as_csv, "csv", "text/csv; charset=utf-8")


@manager_required
def margins_xlsx(request):
    return _export(request, exports.as_xlsx, "xlsx", XLSX)
