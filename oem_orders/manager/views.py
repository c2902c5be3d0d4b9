"""The manager's OEM pages: the pipeline, late milestones, money per contract, and one contract in full.

Same door as fairtrade's manager pages (``fairtrade.manager.views.manager_required``):
a logged-in user with MANAGE_ORDERS; anonymous visitors go to the manager login,
anyone else gets the 403 page.  Read-only: contracts change through the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fairtrade.manager.views import manager_required
from shop.thumbnail.utils import thumbnail_urls

from .. import reports
from ..models import (
    Allocation,
    Contract,
    ContractEvent,
    Inspection,
    Invoice,
    Milestone,
    Shipment,
    ShipmentLine,
)
from ..uploads import THUMBNAIL_SIZE
from . import charts, exports

TEMPLATES = "oem_orders/manager/"


@manager_required
def overview(request):
    pipeline = reports.contract_pipeline()
    economics = reports.contract_economics()
    context = {
        "pipeline": pipeline,
        "pipeline_chart": charts.pipeline_chart(pipeline) if any(row.count for row in pipeline) else None,
        "open_count": sum(row.count for row in pipeline),
        "late": reports.late_milestones(),
        "economics": economics,
        "totals": reports.economics_totals(economics),
    }
    return render(request, TEMPLATES + "overview.html", context)


@manager_required
def contracts_csv(request):
    response = HttpResponse(exports.as_csv(reports.contract_economics()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="oem-contracts-{timezone.localdate():%Y%m%d}.csv"'
    return response


@dataclass
class AllocationRow:
    allocation: Allocation
    progress_percent: int


@dataclass
class InspectionRow:
    inspection: Inspection
    photos: list[tuple[str, str]]  # (thumbnail URL, caption)


def _who(event: ContractEvent) -> str:
    if event.token_id:
        return f"API …{event.token.last4}"
    return event.user.email if event.user_id else "system"


@manager_required
def contract_detail(request, contract_id):
    contract = (
        Contract.objects.select_related("client", "variant__product")
        .prefetch_related(
            Prefetch("allocations", queryset=Allocation.objects.select_related("group").order_by("created_at", "pk")),
            Prefetch("milestones", queryset=Milestone.objects.select_related("allocation__group", "completed_by")),
            Prefetch("inspections", queryset=Inspection.objects.select_related("allocation__group", "inspector")
                     .prefetch_related("photos", "checks")),
            Prefetch("shipments", queryset=Shipment.objects.prefetch_related(
                Prefetch("lines", queryset=ShipmentLine.objects.select_related("allocation__group")))),
            Prefetch("invoices", queryset=Invoice.objects.order_by("issue_date", "number")),
            Prefetch("events", queryset=ContractEvent.objects.select_related("user", "token").order_by("date", "pk")),
        )
        .filter(pk=contract_id).first()
    )
    if contract is None:
        raise Http404
    inspections = list(contract.inspections.all())
    photos = [photo for inspection in inspections for photo in inspection.photos.all()]
    urls = thumbnail_urls([photo.image.name for photo in photos], THUMBNAIL_SIZE, None,
                          build_absolute=request.build_absolute_uri)
    context = {
        "contract": contract,
        "product": contract.variant.product.name + (f" · {contract.variant.name}" if contract.variant.name else ""),
        "allocations": [
            AllocationRow(allocation, int(allocation.quantity_done * 100 / allocation.quantity))
            for allocation in contract.allocations.all()
        ],
        "milestones": list(contract.milestones.all()),
        "inspections": [
            InspectionRow(inspection, [(urls.get(photo.image.name, ""), photo.caption) for photo in inspection.photos.all()])
            for inspection in inspections
        ],
        "shipments": list(contract.shipments.all()),
        "invoices": list(contract.invoices.all()),
        "events": [(event, _who(event)) for event in contract.events.all()],
        "economics": reports.contract_economics(Contract.objects.filter(pk=contract.pk))[0],
    }
    return render(request, TEMPLATES + "contract.html", context)
