"""Production of a contract: sample reviews, milestones, production reports, inspections and shipments."""

import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fairtrade.models import LedgerJournal
from oem_orders.actors import Actor
from oem_orders.events import (
    OemContractStatusChanged,
    OemInspectionRecorded,
    OemMilestoneReached,
    OemSampleReviewed,
    OemShipmentSent,
)
from oem_orders.models import (
    Allocation,
    AllocationStatus,
    ContractStatus,
    InspectionResult,
    Invoice,
    InvoiceKind,
    Milestone,
    MilestoneKind,
    SampleStatus,
)
from oem_orders.production import (
    CheckInput,
    inspection_record,
    milestone_complete,
    production_report,
    sample_review,
    shipment_create,
)
from tests.factories.account import create_user
from tests.factories.cooperatives import create_member
from tests.factories.oem import create_contract, create_oem_client
from tests.oem_orders.conftest import atomic
from tests.oem_orders.fixtures_production import (
    counts,
    error_code,
    error_params,
    make_allocation,
    published,
)


@pytest.fixture
def staff():
    return Actor(user=create_user("qc@homenet.example.com", is_staff=True))


@pytest.fixture
def client_():
    return create_oem_client()


@pytest.fixture
def contract(client_, variant):
    return create_contract(client_, variant, quantity=100, status=ContractStatus.IN_PRODUCTION)


def _refused(fn, **kwargs):
    before = counts()
    with pytest.raises(ValidationError) as info:
        atomic(fn, **kwargs)
    assert counts() == before, "a refusal writes nothing"
    return info.value


def _reload(obj):
    obj.refresh_from_db()
    return obj


def _png(width=8, height=6) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    return SimpleUploadedFile("seam.png", buffer.getvalue(), content_type="image/png")


PASS = [CheckInput("Width", "measure", unit="cm", min_value=Decimal("37.5"), max_value=Decimal("38.5"),
                   measured_value=Decimal("38.0")),
        CheckInput("Label sewn straight", "pass_fail", passed=True)]
FAIL = [CheckInput("Width", "measure", unit="cm", min_value=Decimal("37.5"), max_value=Decimal("38.5"),
                   measured_value=Decimal("39.1")),
        CheckInput("Label sewn straight", "pass_fail", passed=True)]


# --- sample -----------------------------------------------------------------------------------------


@pytest.fixture
def sampled(client_, variant):
    return create_contract(client_, variant, quantity=100, sample_wanted=True)


def test_approving_the_sample_reaches_its_milestone(sampled, client_):
    actor = Actor(user=create_user("buyer@brand.example.com"))

    review = atomic(sample_review, contract_id=sampled.pk, decision="approved", actor=actor)

    assert review.reviewed_by == actor.user and _reload(sampled).sample_status == SampleStatus.APPROVED
    milestone = Milestone.objects.get(contract=sampled, kind=MilestoneKind.SAMPLE_APPROVED)
    assert milestone.completed_at is not None and milestone.completed_by == actor.user
    assert published(OemSampleReviewed) == [{"contract_id": str(sampled.pk), "review_id": review.pk,
                                             "decision": "approved"}]
    assert [p["kind"] for p in published(OemMilestoneReached)] == ["sample_approved"]
    assert sampled.events.filter(type="sample_reviewed").count() == 1


def test_a_rejected_sample_can_be_reviewed_again(sampled):
    atomic(sample_review, contract_id=sampled.pk, decision="rejected", comments="Handles too short", actor=Actor())
    assert _reload(sampled).sample_status == SampleStatus.REJECTED
    assert not Milestone.objects.filter(contract=sampled, completed_at__isnull=False).exists()

    atomic(sample_review, contract_id=sampled.pk, decision="approved", actor=Actor())

    assert _reload(sampled).sample_status == SampleStatus.APPROVED
    assert sampled.sample_reviews.count() == 2


def test_rejecting_without_comments_is_refused(sampled):
    error = _refused(sample_review, contract_id=sampled.pk, decision="rejected", comments=" ", actor=Actor())
    assert error_code(error) == "REQUIRED"


def test_a_contract_without_a_sample_has_none_to_review(contract):
    error = _refused(sample_review, contract_id=contract.pk, decision="approved", actor=Actor())
    assert error_code(error) == "SAMPLE_NOT_REQUIRED"


def test_an_approved_sample_is_not_reviewed_again(sampled):
    atomic(sample_review, contract_id=sampled.pk, decision="approved", actor=Actor())
    error = _refused(sample_review, contract_id=sampled.pk, decision="rejected", comments="Oops", actor=Actor())
    assert error_code(error) == "INVALID_STATUS"


def test_an_unknown_decision_is_refused(sampled):
    assert error_code(_refused(sample_review, contract_id=sampled.pk, decision="maybe", actor=Actor())) == "INVALID"


# --- production reports and milestones ---------------------------------------------------------------


def test_reporting_production_and_finishing_it(contract, groups):
    allocation = make_allocation(contract, groups[0], 60)
    member = create_member(groups[0])

    report = atomic(production_report, allocation_id=allocation.pk, quantity_done=20, note="Week 1", user=member)

    assert report.quantity_done == 20 and report.reported_by == member
    assert _reload(allocation).quantity_done == 20
    assert not published(OemMilestoneReached)

    atomic(production_report, allocation_id=allocation.pk, quantity_done=60, user=member)

    done = Milestone.objects.get(allocation=allocation, kind=MilestoneKind.PRODUCTION_DONE)
    assert done.completed_at is not None and done.completed_by == member
    assert published(OemMilestoneReached) == [{"milestone_id": done.pk, "contract_id": str(contract.pk),
                                               "kind": "production_done"}]
    assert contract.events.filter(type="production_reported").count() == 2


@pytest.mark.parametrize("quantity", [61, 9, -1])
def test_reporting_outside_passed_and_the_allocation_is_refused(contract, groups, quantity):
    allocation = make_allocation(contract, groups[0], 60, done=10, passed=10)
    error = _refused(production_report, allocation_id=allocation.pk, quantity_done=quantity, user=None)
    assert error_code(error) == "INVALID_QUANTITY"


def test_reporting_on_a_proposed_allocation_is_refused(contract, groups):
    allocation = make_allocation(contract, groups[0], 60, status=AllocationStatus.PROPOSED)
    assert error_code(_refused(production_report, allocation_id=allocation.pk, quantity_done=5, user=None)) == (
        "INVALID_STATUS"
    )


def test_reporting_before_the_deposit_is_refused(client_, variant, groups):
    waiting = create_contract(client_, variant, quantity=60)
    allocation = make_allocation(waiting, groups[0], 60)
    assert error_code(_refused(production_report, allocation_id=allocation.pk, quantity_done=5, user=None)) == (
        "INVALID_STATUS"
    )


def test_reporting_before_the_sample_is_approved_is_refused(client_, variant, groups):
    sampled = create_contract(client_, variant, quantity=60, sample_wanted=True, status=ContractStatus.IN_PRODUCTION)
    allocation = make_allocation(sampled, groups[0], 60)
    assert error_code(_refused(production_report, allocation_id=allocation.pk, quantity_done=5, user=None)) == (
        "SAMPLE_NOT_APPROVED"
    )


def test_completing_a_milestone_once(contract, groups):
    allocation = make_allocation(contract, groups[0], 60)
    materials = Milestone.objects.get(allocation=allocation, kind=MilestoneKind.MATERIALS_READY)
    member = create_member(groups[0])

    atomic(milestone_complete, milestone_id=materials.pk, actor=Actor(user=member), note="Cotton arrived")

    materials.refresh_from_db()
    assert materials.completed_by == member and materials.note == "Cotton arrived"
    assert [p["kind"] for p in published(OemMilestoneReached)] == ["materials_ready"]
    assert error_code(_refused(milestone_complete, milestone_id=materials.pk, actor=Actor())) == "INVALID_STATUS"
    assert error_code(_refused(milestone_complete, milestone_id=10**9, actor=Actor())) == "NOT_FOUND"


# --- inspections -------------------------------------------------------------------------------------


def test_a_passed_inspection_moves_the_contract_to_quality_check(contract, groups, staff,
                                                                    django_capture_on_commit_callbacks):
    allocation = make_allocation(contract, groups[0], 60, done=40)

    with django_capture_on_commit_callbacks(execute=True):
        inspection = atomic(inspection_record, allocation_id=allocation.pk, batch_quantity=30, sample_size=5,
                            checks=PASS, photos=[_png()], note="AQL 2.5", actor=staff)

    assert inspection.result == InspectionResult.PASSED and inspection.inspector == staff.user
    assert [(c.name, c.passed) for c in inspection.checks.all()] == [("Width", True), ("Label sewn straight", True)]
    [photo] = inspection.photos.all()
    assert (photo.width, photo.height) == (8, 6) and photo.image.name.startswith("oem/inspections/")
    allocation.refresh_from_db()
    assert (allocation.quantity_done, allocation.quantity_passed) == (40, 30)
    assert _reload(contract).status == ContractStatus.QUALITY_CHECK
    assert [(p["from_status"], p["to_status"]) for p in published(OemContractStatusChanged)] == [
        ("in_production", "quality_check")
    ]
    assert published(OemInspectionRecorded) == [{"inspection_id": str(inspection.pk), "result": "passed"}]
    assert not Milestone.objects.filter(kind=MilestoneKind.QUALITY_PASSED).exists()


def test_inspecting_a_partially_delivered_contract_returns_it_to_quality_check(contract, groups, staff):
    contract.status = ContractStatus.PARTIALLY_DELIVERED
    contract.save(update_fields=["status"])
    allocation = make_allocation(contract, groups[0], 60, done=60, passed=30, shipped=30)

    atomic(inspection_record, allocation_id=allocation.pk, batch_quantity=30, sample_size=5, checks=PASS, actor=staff)

    assert _reload(contract).status == ContractStatus.QUALITY_CHECK
    assert _reload(allocation).quantity_passed == 60


def test_when_every_unit_passed_quality_is_passed(contract, groups, staff):
    first = make_allocation(contract, groups[0], 60, done=60, passed=30)
    second = make_allocation(contract, groups[1], 40, done=40, passed=40)
    Allocation.objects.filter(pk=second.pk).update(quantity_passed=40)

    atomic(inspection_record, allocation_id=first.pk, batch_quantity=30, sample_size=5, checks=PASS, actor=staff)

    milestone = Milestone.objects.get(contract=contract, allocation=None, kind=MilestoneKind.QUALITY_PASSED)
    assert milestone.completed_at is not None
    assert "quality_passed" in [p["kind"] for p in published(OemMilestoneReached)]


def test_a_failed_inspection_sends_the_batch_back(contract, groups, staff):
    allocation = make_allocation(contract, groups[0], 60, done=60, passed=10)
    Milestone.objects.filter(allocation=allocation, kind=MilestoneKind.PRODUCTION_DONE).update(
        completed_at="2026-01-01T00:00:00Z"
    )

    inspection = atomic(inspection_record, allocation_id=allocation.pk, batch_quantity=30, sample_size=5,
                        checks=FAIL, actor=staff)

    assert inspection.result == InspectionResult.FAILED
    assert [c.passed for c in inspection.checks.all()] == [False, True]
    allocation.refresh_from_db()
    assert (allocation.quantity_done, allocation.quantity_passed) == (30, 10)
    assert _reload(contract).status == ContractStatus.IN_PRODUCTION
    assert [(p["from_status"], p["to_status"]) for p in published(OemContractStatusChanged)] == [
        ("in_production", "quality_check"), ("quality_check", "in_production")
    ]
    assert Milestone.objects.get(allocation=allocation, kind=MilestoneKind.PRODUCTION_DONE).completed_at is None
    # The group makes the units again and reports them.
    atomic(production_report, allocation_id=allocation.pk, quantity_done=60, user=None)
    assert _reload(allocation).quantity_done == 60


def test_a_measure_with_only_one_bound(contract, groups, staff):
    allocation = make_allocation(contract, groups[0], 60, done=10)
    inspection = atomic(inspection_record, allocation_id=allocation.pk, batch_quantity=10, sample_size=10, actor=staff,
                        checks=[CheckInput("Weight", "measure", unit="g", min_value=Decimal(200),
                                           measured_value=Decimal("199.9"))])
    assert inspection.result == InspectionResult.FAILED


@pytest.mark.parametrize(("checks", "code"), [
    ([], "REQUIRED"),
    ([CheckInput("Width", "measure", measured_value=Decimal(38))], "REQUIRED"),
    ([CheckInput("Width", "measure", min_value=Decimal(37))], "REQUIRED"),
    ([CheckInput("Stitching", "pass_fail")], "REQUIRED"),
    ([CheckInput("Smell", "sniff", passed=True)], "INVALID"),
    ([CheckInput("Width", "measure", min_value=Decimal(39), max_value=Decimal(37), measured_value=Decimal(38))],
     "INVALID"),
])
def test_incomplete_checks_are_refused(contract, groups, staff, checks, code):
    allocation = make_allocation(contract, groups[0], 60, done=40)
    error = _refused(inspection_record, allocation_id=allocation.pk, batch_quantity=10, sample_size=5, checks=checks,
                     actor=staff)
    assert error_code(error) == code
    assert _reload(contract).status == ContractStatus.IN_PRODUCTION


@pytest.mark.parametrize(("batch", "sample"), [(31, 5), (0, 1), (10, 11), (10, 0)])
def test_batches_beyond_the_units_waiting_are_refused(contract, groups, staff, batch, sample):
    allocation = make_allocation(contract, groups[0], 60, done=40, passed=10)
    error = _refused(inspection_record, allocation_id=allocation.pk, batch_quantity=batch, sample_size=sample,
                     checks=PASS, actor=staff)
    assert error_code(error) == "INVALID_QUANTITY"


def test_a_photo_that_is_not_an_image_is_refused(contract, groups, staff):
    allocation = make_allocation(contract, groups[0], 60, done=40)
    pdf = SimpleUploadedFile("report.png", b"%PDF-1.4 not an image", content_type="image/png")
    error = _refused(inspection_record, allocation_id=allocation.pk, batch_quantity=10, sample_size=5, checks=PASS,
                     photos=[pdf], actor=staff)
    assert error_code(error) == "INVALID_IMAGE"


def test_inspecting_before_the_sample_is_approved_is_refused(client_, variant, groups, staff):
    sampled = create_contract(client_, variant, quantity=60, sample_wanted=True, status=ContractStatus.IN_PRODUCTION)
    allocation = make_allocation(sampled, groups[0], 60, done=40)
    error = _refused(inspection_record, allocation_id=allocation.pk, batch_quantity=10, sample_size=5, checks=PASS,
                     actor=staff)
    assert error_code(error) == "SAMPLE_NOT_APPROVED"


def test_inspecting_a_contract_on_hold_is_refused(contract, groups, staff):
    allocation = make_allocation(contract, groups[0], 60, done=40)
    contract.status, contract.status_before_hold = ContractStatus.ON_HOLD, ContractStatus.IN_PRODUCTION
    contract.save()
    error = _refused(inspection_record, allocation_id=allocation.pk, batch_quantity=10, sample_size=5, checks=PASS,
                     actor=staff)
    assert error_code(error) == "INVALID_STATUS"


# --- shipments ----------------------------------------------------------------------------------------

settlement = pytest.importorskip("oem_orders.settlement", reason="oem_orders.settlement has not landed yet")
needs_settlement = pytest.mark.skipif(not hasattr(settlement, "producer_share_post"),
                                      reason="oem_orders.settlement.producer_share_post has not landed yet")


@pytest.fixture
def inspected(contract, groups):
    """Contract of 100 units (5 % over-delivery: 105 at most), in quality check; 60 + 45 units allocated and passed."""
    contract.status = ContractStatus.QUALITY_CHECK
    contract.save(update_fields=["status"])
    return [make_allocation(contract, groups[0], 60, done=60, passed=60),
            make_allocation(contract, groups[1], 45, done=45, passed=45, price="160.00", premium="5")]


@needs_settlement
def test_a_first_shipment_partially_delivers(contract, inspected, staff):
    first, second = inspected

    shipment = atomic(shipment_create, contract_id=contract.pk, lines=[(first.pk, 40), (second.pk, 10)],
                      carrier="Kerry Express", tracking_number="KEX123", delivery_note="DN-1", actor=staff)

    assert shipment.number == 1 and shipment.quantity == 50 and shipment.created_by == staff.user
    assert (_reload(first).quantity_shipped, _reload(second).quantity_shipped) == (40, 10)
    assert (first.quantity_paid, second.quantity_paid) == (40, 10)
    assert _reload(contract).status == ContractStatus.PARTIALLY_DELIVERED
    # Each group's share (and premium) of the units sent is posted once, named by the shipment.
    journals = LedgerJournal.objects.filter(reference_type="oem_allocation").order_by("reference_id")
    assert journals.count() == 2
    assert published(OemShipmentSent) == [{"shipment_id": str(shipment.pk)}]
    assert contract.events.filter(type="shipment_sent").count() == 1
    assert not Invoice.objects.filter(kind=InvoiceKind.BALANCE).exists()

    second_shipment = atomic(shipment_create, contract_id=contract.pk, lines=[(first.pk, 10)], carrier="Kerry Express",
                             tracking_number="KEX124", actor=staff)
    assert second_shipment.number == 2 and _reload(contract).status == ContractStatus.PARTIALLY_DELIVERED


@needs_settlement
def test_over_delivery_within_the_allowance_is_accepted_and_delivers(contract, inspected, staff):
    first, second = inspected
    atomic(shipment_create, contract_id=contract.pk, lines=[(first.pk, 60)], carrier="Kerry", tracking_number="K1",
           actor=staff)

    atomic(shipment_create, contract_id=contract.pk, lines=[(second.pk, 45)], carrier="Kerry", tracking_number="K2",
           actor=staff)

    assert _reload(contract).status == ContractStatus.DELIVERED
    assert Milestone.objects.get(contract=contract, allocation=None, kind=MilestoneKind.DELIVERED).completed_at
    balance = Invoice.objects.get(contract=contract, kind=InvoiceKind.BALANCE)
    assert balance.subtotal == Decimal("10500.00")  # 105 units x 100 THB, no deposit invoiced


@needs_settlement
def test_over_delivery_beyond_the_allowance_is_refused(contract, inspected, groups, staff):
    first, second = inspected
    Allocation.objects.filter(pk=second.pk).update(quantity=46, quantity_done=46, quantity_passed=46)
    atomic(shipment_create, contract_id=contract.pk, lines=[(first.pk, 60)], carrier="Kerry", tracking_number="K1",
           actor=staff)

    error = _refused(shipment_create, contract_id=contract.pk, lines=[(second.pk, 46)], carrier="Kerry",
                     tracking_number="K2", actor=staff)

    assert error_code(error) == "OVER_DELIVERY"
    assert error_params(error) == {"maximum": 105, "shipped": 60, "requested": 46}


def test_shipping_units_not_inspected_is_refused(contract, inspected, staff):
    first, _second = inspected
    Allocation.objects.filter(pk=first.pk).update(quantity_passed=20)
    error = _refused(shipment_create, contract_id=contract.pk, lines=[(first.pk, 21)], carrier="Kerry",
                     tracking_number="K1", actor=staff)
    assert error_code(error) == "NOT_INSPECTED" and error_params(error)["available"] == 20


def test_shipping_the_same_allocation_twice_in_one_shipment_counts_both_lines(contract, inspected, staff):
    first, _second = inspected
    error = _refused(shipment_create, contract_id=contract.pk, lines=[(first.pk, 40), (first.pk, 21)],
                     carrier="Kerry", tracking_number="K1", actor=staff)
    assert error_code(error) == "NOT_INSPECTED"


@pytest.mark.parametrize("status", [ContractStatus.IN_PRODUCTION, ContractStatus.DELIVERED, ContractStatus.ON_HOLD])
def test_shipping_outside_quality_check_is_refused(contract, inspected, staff, status):
    contract.status = status
    contract.save(update_fields=["status"])
    error = _refused(shipment_create, contract_id=contract.pk, lines=[(inspected[0].pk, 1)], carrier="Kerry",
                     tracking_number="K1", actor=staff)
    assert error_code(error) == "INVALID_STATUS"


@pytest.mark.parametrize(("changes", "code"), [
    ({"carrier": " "}, "REQUIRED"),
    ({"tracking_number": ""}, "REQUIRED"),
    ({"lines": []}, "REQUIRED"),
    ({"lines": "zero"}, "INVALID_QUANTITY"),
    ({"lines": "unknown"}, "NOT_FOUND"),
    ({"lines": "other"}, "NOT_FOUND"),
])
def test_bad_shipments_are_refused(contract, inspected, client_, variant, groups, staff, changes, code):
    kwargs = {"contract_id": contract.pk, "lines": [(inspected[0].pk, 1)], "carrier": "Kerry",
              "tracking_number": "K1", "actor": staff, **changes}
    if changes.get("lines") == "zero":
        kwargs["lines"] = [(inspected[0].pk, 0)]
    elif changes.get("lines") == "unknown":
        kwargs["lines"] = [(uuid.uuid4(), 1)]
    elif changes.get("lines") == "other":
        other = create_contract(client_, variant, quantity=10, status=ContractStatus.QUALITY_CHECK)
        kwargs["lines"] = [(make_allocation(other, groups[0], 10, done=10, passed=10).pk, 1)]
    assert error_code(_refused(shipment_create, **kwargs)) == code


@needs_settlement
def test_delivering_a_contract_paid_in_full_by_its_deposit_bills_no_balance(client_, variant, groups, staff):
    from tests.oem_orders.fixtures_production import make_invoice

    paid_up = create_contract(client_, variant, quantity=10, deposit_percent="100", status=ContractStatus.QUALITY_CHECK)
    make_invoice(paid_up, InvoiceKind.DEPOSIT, status="paid", subtotal="1000.00")
    allocation = make_allocation(paid_up, groups[0], 10, done=10, passed=10)

    atomic(shipment_create, contract_id=paid_up.pk, lines=[(allocation.pk, 10)], carrier="Kerry", tracking_number="K1",
           actor=staff)

    assert _reload(paid_up).status == ContractStatus.DELIVERED
    assert not Invoice.objects.filter(contract=paid_up, kind=InvoiceKind.BALANCE).exists()
