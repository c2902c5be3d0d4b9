"""A producer group's OEM work in the portal: the list, one allocation, and the group's answers.

Same rules as the order pages (``cooperatives.portal.views``, whose helpers these
reuse): Thai first, logged-in members only (others see the "not a member" page),
and a member sees only her own groups' allocations (another group's is "not
found").  Every action is one service call (``oem_orders.allocation`` /
``oem_orders.production``) -> a message in the reader's language -> back to the
page (POST/redirect/GET); a form with typing in it shows itself again on an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.models import MembershipRole
from cooperatives.portal.formatting import date_text, datetime_text, money_text
from cooperatives.portal.views import member_required
from cooperatives.selectors import membership_of
from fairtrade.advances import advance_minimum
from fairtrade.models import Advance, ReferenceType

from ..actors import Actor
from ..allocation import allocation_accept, allocation_advance_request, allocation_decline
from ..models import Allocation, AllocationStatus, ContractStatus, Milestone, MilestoneKind
from ..production import milestone_complete, production_report
from .errors import service_error_messages
from .forms import AdvanceForm, DeclineForm, ProgressForm

TEMPLATES = "oem_orders/portal/"
# Work is reported while the contract is being made (the production service decides in the end).
WORK_STATUSES = (ContractStatus.IN_PRODUCTION, ContractStatus.QUALITY_CHECK, ContractStatus.PARTIALLY_DELIVERED)
OPEN_CONTRACT = (ContractStatus.AWAITING_DEPOSIT, *WORK_STATUSES)
STATUS_ORDER = Case(
    When(status=AllocationStatus.PROPOSED, then=Value(0)), When(status=AllocationStatus.ACCEPTED, then=Value(1)),
    default=Value(2), output_field=IntegerField(),
)


def _render(request, template: str, context: dict, *, status: int = 200):
    """A portal page on cooperatives' base page; the header names the member's groups."""
    groups = [group.name(request.LANGUAGE_CODE) for group in request.portal_groups]
    return render(request, TEMPLATES + template, {"groups": groups, **context}, status=status)


def _allocation_or_404(request, allocation_id) -> Allocation:
    allocation = (
        Allocation.objects.filter(pk=allocation_id, group__in=request.portal_groups)
        .select_related("contract__variant__product", "contract__client", "group").first()
    )
    if allocation is None:
        raise Http404
    return allocation


def _detail_url(allocation: Allocation) -> str:
    return reverse("oem_portal:allocation", args=[allocation.pk])


def _call(request, service, **kwargs) -> ValidationError | None:
    """One service call; its errors become messages in the reader's language."""
    try:
        service(**kwargs)
    except ValidationError as error:
        for text in service_error_messages(error):
            messages.error(request, text)
        return error
    return None


def _is_leader(request, allocation: Allocation) -> bool:
    """Advances are the group's commitment: its leaders ask for them (as in the group API)."""
    membership = membership_of(request.user, allocation.group)
    return membership is not None and membership.role == MembershipRole.LEADER


def _product(allocation: Allocation) -> str:
    variant = allocation.contract.variant
    return variant.product.name + (f" · {variant.name}" if variant.name else "")


def _progress(allocation: Allocation) -> int:
    return int(allocation.quantity_done * 100 / allocation.quantity)


# --- the list --------------------------------------------------------------------------------


@dataclass
class Card:
    allocation: Allocation
    number: str
    product: str
    group_name: str
    quantity: int
    ready_by: str
    status: str
    progress: int


@member_required
def allocation_list(request):
    allocations = (
        Allocation.objects.filter(group__in=request.portal_groups)
        .select_related("contract__variant__product", "group")
        .order_by(STATUS_ORDER, "ready_by", "pk")
    )
    many = len(request.portal_groups) > 1
    cards = [
        Card(allocation=a, number=a.contract.number, product=_product(a),
             group_name=a.group.name(request.LANGUAGE_CODE) if many else "", quantity=a.quantity,
             ready_by=date_text(a.ready_by), status=a.get_status_display(), progress=_progress(a))
        for a in allocations
    ]
    return _render(request, "allocation_list.html", {"cards": cards})


# --- one allocation ------------------------------------------------------------------------------


def _render_detail(request, allocation: Allocation, *, decline_form=None, progress_form=None, advance_form=None,
                   status: int = 200):
    contract = allocation.contract
    accepted = allocation.status == AllocationStatus.ACCEPTED
    advance = Advance.objects.filter(group=allocation.group, reference_type=ReferenceType.OEM_ALLOCATION,
                                     reference_id=str(allocation.pk)).first()
    minimum = advance_minimum(allocation.value, contract.currency)
    milestones = list(Milestone.objects.filter(allocation=allocation).order_by("due_date", "pk"))
    materials = next((m for m in milestones if m.kind == MilestoneKind.MATERIALS_READY and m.completed_at is None),
                     None)
    can_work = accepted and contract.status in WORK_STATUSES
    return _render(request, "allocation_detail.html", {
        "allocation": allocation, "contract": contract, "number": contract.number, "product": _product(allocation),
        "group_name": allocation.group.name(request.LANGUAGE_CODE), "many_groups": len(request.portal_groups) > 1,
        "status": allocation.get_status_display(), "ready_by": date_text(allocation.ready_by),
        "unit_price": money_text(allocation.producer_unit_price, contract.currency),
        "value": money_text(allocation.value, contract.currency), "progress": _progress(allocation),
        "decided_at": datetime_text(allocation.decided_at),
        "can_answer": allocation.status == AllocationStatus.PROPOSED and contract.status in OPEN_CONTRACT,
        "decline_form": decline_form or DeclineForm(),
        "progress_form": (progress_form or ProgressForm(initial={"quantity_done": allocation.quantity_done}))
        if can_work else None,
        "materials": materials if accepted and contract.status in OPEN_CONTRACT else None,
        "milestones": [(m.get_kind_display(), date_text(m.due_date), datetime_text(m.completed_at), m.is_late)
                       for m in milestones],
        "advance": advance and {"amount": money_text(advance.amount, advance.currency),
                                "date": datetime_text(advance.created_at)},
        "can_ask_advance": accepted and advance is None and contract.status in OPEN_CONTRACT,
        "is_leader": _is_leader(request, allocation),
        "advance_form": (advance_form or AdvanceForm(initial={"amount": minimum}))
        if accepted and advance is None and contract.status in OPEN_CONTRACT and _is_leader(request, allocation)
        else None,
        "advance_minimum": money_text(minimum, contract.currency),
        "advance_percent": settings.FAIRTRADE_ADVANCE_MIN_PERCENT,
    }, status=status)


@member_required
def allocation_detail(request, allocation_id):
    return _render_detail(request, _allocation_or_404(request, allocation_id))


@require_POST
@member_required
def allocation_accept_view(request, allocation_id):
    allocation = _allocation_or_404(request, allocation_id)
    if not _call(request, allocation_accept, allocation_id=allocation.pk, user=request.user):
        messages.success(request, _("Thank you. Your group accepted this work."))
    return redirect(_detail_url(allocation))


@require_POST
@member_required
def allocation_decline_view(request, allocation_id):
    allocation = _allocation_or_404(request, allocation_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, allocation, decline_form=form, status=400)
    if _call(request, allocation_decline, allocation_id=allocation.pk, user=request.user,
             reason=form.cleaned_data["reason"]):
        return _render_detail(request, _allocation_or_404(request, allocation_id), decline_form=form, status=400)
    messages.success(request, _("Done. Your group declined this work; the office will find another group."))
    return redirect(_detail_url(allocation))


@require_POST
@member_required
def allocation_progress_view(request, allocation_id):
    allocation = _allocation_or_404(request, allocation_id)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, allocation, progress_form=form, status=400)
    done = form.cleaned_data["quantity_done"]
    if _call(request, production_report, allocation_id=allocation.pk, quantity_done=done,
             note=form.cleaned_data["note"], user=request.user):
        return _render_detail(request, _allocation_or_404(request, allocation_id), progress_form=form, status=400)
    messages.success(request, _("Saved: %(done)d of %(total)d made.") % {"done": done, "total": allocation.quantity})
    return redirect(_detail_url(allocation))


@require_POST
@member_required
def allocation_materials_view(request, allocation_id):
    allocation = _allocation_or_404(request, allocation_id)
    milestone = Milestone.objects.filter(allocation=allocation, kind=MilestoneKind.MATERIALS_READY).first()
    if milestone is None:
        messages.error(request, _("This work cannot do that now. The page shows where it is at now."))
    elif not _call(request, milestone_complete, milestone_id=milestone.pk, actor=Actor(user=request.user)):
        messages.success(request, _("Saved: the materials are ready."))
    return redirect(_detail_url(allocation))


@require_POST
@member_required
def allocation_advance_view(request, allocation_id):
    allocation = _allocation_or_404(request, allocation_id)
    if not _is_leader(request, allocation):
        messages.error(request, _("Only the group's leader can ask for an advance."))
        return redirect(_detail_url(allocation))
    form = AdvanceForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, allocation, advance_form=form, status=400)
    if _call(request, allocation_advance_request, allocation_id=allocation.pk, amount=form.cleaned_data["amount"],
             user=request.user):
        return _render_detail(request, _allocation_or_404(request, allocation_id), advance_form=form, status=400)
    messages.success(request, _("Done. The advance of %(amount)s will be transferred to your group.")
                     % {"amount": money_text(form.cleaned_data["amount"], allocation.contract.currency)})
    return redirect(_detail_url(allocation))
