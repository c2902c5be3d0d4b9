"""Requests for quote, quotes with price tiers, accepting (-> contract) and declining."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from oem_orders import quotes
from oem_orders.actors import Actor
from oem_orders.error_codes import OemErrorCode as Code
from oem_orders.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    DocumentNumber,
    Invoice,
    InvoiceKind,
    Milestone,
    MilestoneKind,
    Quote,
    QuotePriceTier,
    QuoteRequest,
    QuoteRequestAttachment,
    QuoteRequestStatus,
    QuoteStatus,
    SampleStatus,
)
from shop.core.models import EventOutbox
from shop.thumbnail.models import Thumbnail
from tests.concurrency import run_at_once
from tests.factories.account import create_staff
from tests.factories.catalog import jpeg_bytes
from tests.factories.oem import (
    create_client_member,
    create_oem_client,
    create_quote,
    create_quote_request,
)

from .conftest import atomic

pytestmark = pytest.mark.django_db

TIERS = [(100, Decimal("120.00")), (500, Decimal("100.00")), (1000, Decimal("92.50"))]


def today():
    return timezone.localdate()


def snapshot():
    """Every row these services write, with the statuses they change."""
    return (
        list(QuoteRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Quote.objects.order_by("pk").values_list("pk", "status")),
        QuotePriceTier.objects.count(), QuoteRequestAttachment.objects.count(), Contract.objects.count(),
        Milestone.objects.count(), ContractEvent.objects.count(), Invoice.objects.count(),
        EventOutbox.objects.count(), list(DocumentNumber.objects.values_list("kind", "last")),
    )


def refused(code: Code, fn, **kwargs):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        atomic(fn, **kwargs)
    error = caught.value
    found = next(iter(error.error_dict.values()))[0].code if hasattr(error, "error_dict") else error.code
    assert found == code.value, error
    assert snapshot() == before
    return error


def events(name: str) -> int:
    return EventOutbox.objects.filter(event_type__endswith=name).count()


@pytest.fixture
def client_():
    return create_oem_client()


@pytest.fixture
def member(client_):
    return create_client_member(client_)


def new_quote(request, variant, **overrides):
    values = {
        "request": request, "variant": variant, "description": "Hand-woven cotton tote, client's label",
        "minimum_order_quantity": 100, "tiers": TIERS, "lead_time_days": 30, "actor": Actor(user=create_staff()),
    }
    values.update(overrides)
    return atomic(quotes.quote_create, **values)


# --- requests for quote -----------------------------------------------------------------------


def test_a_client_asks_for_a_quote_with_a_photo_and_a_pdf(client_, member, variant, django_capture_on_commit_callbacks):
    photo = SimpleUploadedFile("sketch.png", jpeg_bytes(), content_type="image/png")  # the content decides
    spec = SimpleUploadedFile("spec.pdf", b"%PDF-1.7\n...", content_type="application/octet-stream")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request = atomic(quotes.quote_request_create, client=client_, variant=variant, quantity=800,
                         target_delivery_date=today() + timedelta(days=45), sample_wanted=True,
                         attachments=[photo, spec], note="Label on the inside seam", actor=Actor(user=member))

    assert request.number.startswith(f"RFQ-{today().year}-") and request.status == QuoteRequestStatus.OPEN
    assert (request.created_by, request.created_by_token) == (member, None)
    files = {a.name: (a.content_type, a.is_image) for a in request.attachments.all()}
    assert files == {"sketch.png": ("image/jpeg", True), "spec.pdf": ("application/pdf", False)}
    assert all(a.file.storage.exists(a.file.name) for a in request.attachments.all())
    assert events("OemQuoteRequested") == 1
    assert callbacks  # run at commit: the thumbnail (and the event's dispatch)
    photo_row = request.attachments.get(is_image=True)
    assert list(Thumbnail.objects.values_list("source", flat=True)) == [photo_row.file.name]


def test_no_thumbnail_is_made_before_commit(client_, variant):
    photo = SimpleUploadedFile("sketch.jpg", jpeg_bytes())

    atomic(quotes.quote_request_create, client=client_, variant=variant, quantity=10, attachments=[photo],
           target_delivery_date=today() + timedelta(days=10), actor=Actor())

    assert not Thumbnail.objects.exists()  # the test's transaction never commits


def test_a_custom_specification_needs_no_catalog_product(client_):
    wanted = timezone.now() + timedelta(days=30)  # a date and time counts as its (Bangkok) date
    request = atomic(quotes.quote_request_create, client=client_, custom_spec="Tote bag 38 x 42 cm, indigo",
                     quantity=300, target_delivery_date=wanted, actor=Actor())

    assert request.variant is None and request.custom_spec == "Tote bag 38 x 42 cm, indigo"
    assert request.target_delivery_date == timezone.localdate(wanted)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"variant": None, "custom_spec": "  "}, Code.REQUIRED),
        ({"quantity": 0}, Code.INVALID_QUANTITY),
        ({"quantity": "500"}, Code.INVALID_QUANTITY),
        ({"target_delivery_date": "today"}, Code.INVALID),
        ({"attachments": [SimpleUploadedFile("a.txt", b"hello")]}, Code.INVALID),
        ({"attachments": [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4") for i in range(11)]}, Code.INVALID),
    ],
)
def test_bad_requests_for_quote_are_refused_and_nothing_is_written(client_, variant, overrides, code):
    values = {"client": client_, "variant": variant, "quantity": 500,
              "target_delivery_date": today() + timedelta(days=30), "actor": Actor()}
    if overrides.get("target_delivery_date") == "today":
        overrides["target_delivery_date"] = today()
    values.update(overrides)

    refused(code, quotes.quote_request_create, **values)


def test_a_large_attachment_is_refused(client_, variant, settings):
    settings.OEM_UPLOAD_MAX_BYTES = 10
    refused(Code.FILE_TOO_LARGE, quotes.quote_request_create, client=client_, variant=variant, quantity=5,
            target_delivery_date=today() + timedelta(days=5), attachments=[SimpleUploadedFile("a.pdf", b"%PDF-" * 9)],
            actor=Actor())


def test_an_inactive_client_cannot_ask(variant):
    refused(Code.INVALID_STATUS, quotes.quote_request_create, client=create_oem_client(is_active=False),
            variant=variant, quantity=5, target_delivery_date=today() + timedelta(days=5), actor=Actor())


def test_a_client_withdraws_its_request_and_its_waiting_quotes(client_, variant):
    request = create_quote_request(client_, variant)
    quote = create_quote(request, variant)

    refused(Code.NOT_FOUND, quotes.quote_request_withdraw, request_id=request.pk, client=create_oem_client(),
            actor=Actor())
    atomic(quotes.quote_request_withdraw, request_id=request.pk, client=client_, actor=Actor())

    request.refresh_from_db()
    quote.refresh_from_db()
    assert (request.status, quote.status) == (QuoteRequestStatus.WITHDRAWN, QuoteStatus.WITHDRAWN)
    refused(Code.INVALID_STATUS, quotes.quote_request_withdraw, request_id=request.pk, client=client_, actor=Actor())


# --- quotes -----------------------------------------------------------------------------------


def test_staff_quote_a_request_with_price_tiers_and_default_terms(client_, variant):
    request = create_quote_request(client_, variant, quantity=600)
    staff = create_staff()

    quote = new_quote(request, variant, tiers=list(reversed(TIERS)), actor=Actor(user=staff))

    request.refresh_from_db()
    assert request.status == QuoteRequestStatus.QUOTED
    assert quote.number.startswith(f"QT-{today().year}-") and quote.status == QuoteStatus.SENT
    assert (quote.client, quote.quantity, quote.created_by) == (client_, 600, staff)
    assert [(t.min_quantity, t.unit_price) for t in quote.tiers.all()] == TIERS
    assert quote.valid_until == today() + timedelta(days=30)
    assert (quote.deposit_percent, quote.invoice_due_days, quote.over_delivery_percent) == (
        Decimal(50), 15, Decimal(5))
    assert quote.payment_terms.startswith("50% deposit on acceptance, balance on delivery documents")
    assert events("OemQuoteSent") == 1


@pytest.mark.parametrize(
    "tiers",
    [
        [],
        [(100, Decimal("120.00")), (100, Decimal("110.00"))],
        [(100, Decimal("100.00")), (500, Decimal("100.01"))],
        [(100, Decimal("0"))],
        [(100, Decimal("-5.00"))],
        [(0, Decimal("10.00"))],
        [(150, Decimal("100.00"))],  # the minimum order is 100: no price for 100..149
        [(100, Decimal("99.999"))],
        [(100, "not a price")],
        [(100,)],
    ],
)
def test_bad_price_tiers_are_refused_and_nothing_is_written(client_, variant, tiers):
    request = create_quote_request(client_, variant)

    refused(Code.INVALID_PRICE_TIERS, quotes.quote_create, request=request, variant=variant, description="Tote",
            minimum_order_quantity=100, tiers=tiers, lead_time_days=30, actor=Actor())


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"quantity": 99}, Code.QUANTITY_BELOW_MINIMUM),
        ({"minimum_order_quantity": 0}, Code.INVALID_QUANTITY),
        ({"variant": None}, Code.REQUIRED),
        ({"description": ""}, Code.REQUIRED),
        ({"lead_time_days": 0}, Code.INVALID),
        ({"valid_until": "yesterday"}, Code.INVALID),
        ({"deposit_percent": Decimal("100.01")}, Code.INVALID),
        ({"over_delivery_percent": Decimal(51)}, Code.INVALID),
        ({"invoice_due_days": -1}, Code.INVALID),
    ],
)
def test_bad_quotes_are_refused_and_nothing_is_written(client_, variant, overrides, code):
    request = create_quote_request(client_, variant)
    if overrides.get("valid_until") == "yesterday":
        overrides["valid_until"] = today() - timedelta(days=1)
    values = {"request": request, "variant": variant, "description": "Tote", "minimum_order_quantity": 100,
              "tiers": TIERS, "lead_time_days": 30, "actor": Actor()}
    values.update(overrides)

    refused(code, quotes.quote_create, **values)


def test_an_accepted_or_withdrawn_request_cannot_be_quoted(client_, variant):
    request = create_quote_request(client_, variant, status=QuoteRequestStatus.WITHDRAWN)

    refused(Code.INVALID_STATUS, quotes.quote_create, request=request, variant=variant, description="Tote",
            minimum_order_quantity=100, tiers=TIERS, lead_time_days=30, actor=Actor())


def test_the_unit_price_is_the_tier_of_the_quantity(client_, variant):
    quote = new_quote(create_quote_request(client_, variant), variant)

    assert [quotes.quote_unit_price(quote, n) for n in (100, 499, 500, 999, 1000, 50_000)] == [
        Decimal("120.00"), Decimal("120.00"), Decimal("100.00"), Decimal("100.00"), Decimal("92.50"),
        Decimal("92.50"),
    ]


# --- accepting and declining -----------------------------------------------------------------


def test_accepting_a_quote_makes_the_contract_milestones_and_deposit_invoice(client_, member, variant):
    request = create_quote_request(client_, variant, quantity=600, days=20, sample_wanted=True)
    quote = new_quote(request, variant, lead_time_days=45)
    rival = new_quote(request, variant, tiers=[(100, Decimal("130.00"))])

    contract = atomic(quotes.quote_accept, quote_id=quote.pk, client=client_, actor=Actor(user=member))

    assert contract.number.startswith(f"OEM-{today().year}-") and contract.status == ContractStatus.AWAITING_DEPOSIT
    assert (contract.quantity, contract.unit_price, contract.value) == (600, Decimal("100.00"), Decimal("60000.00"))
    assert contract.delivery_date == today() + timedelta(days=45)  # the lead time is later than the wish
    assert (contract.sample_status, contract.deposit_percent, contract.invoice_due_days) == (
        SampleStatus.PENDING, Decimal(50), 15)
    milestones = {m.kind: m.due_date for m in contract.milestones.all()}
    assert milestones == {
        MilestoneKind.SAMPLE_APPROVED: today() + timedelta(days=14),
        MilestoneKind.DEPOSIT_PAID: today() + timedelta(days=15),
        MilestoneKind.QUALITY_PASSED: contract.delivery_date - timedelta(days=3),
        MilestoneKind.DELIVERED: contract.delivery_date,
    }
    quote.refresh_from_db()
    rival.refresh_from_db()
    request.refresh_from_db()
    assert (quote.status, quote.decided_by, rival.status, request.status) == (
        QuoteStatus.ACCEPTED, member, QuoteStatus.WITHDRAWN, QuoteRequestStatus.ACCEPTED)
    assert list(contract.events.filter(type="created").values_list("user", "to_status")) == [
        (member.pk, ContractStatus.AWAITING_DEPOSIT)]
    assert events("OemContractCreated") == 1
    deposit = contract.invoices.get()
    assert (deposit.kind, deposit.subtotal) == (InvoiceKind.DEPOSIT, Decimal("30000.00"))


def test_a_smaller_order_gets_its_tier_and_the_wished_date(client_, variant):
    request = create_quote_request(client_, variant, quantity=600, days=90)
    quote = new_quote(request, variant, deposit_percent=Decimal(0))

    contract = atomic(quotes.quote_accept, quote_id=quote.pk, client=client_, quantity=150, actor=Actor())

    assert (contract.quantity, contract.unit_price) == (150, Decimal("120.00"))
    assert contract.delivery_date == request.target_delivery_date
    assert contract.sample_status == SampleStatus.NOT_REQUIRED
    assert set(contract.milestones.values_list("kind", flat=True)) == {
        MilestoneKind.QUALITY_PASSED, MilestoneKind.DELIVERED}
    assert not contract.invoices.exists()  # no deposit


def test_an_expired_quote_is_refused(client_, variant):
    quote = create_quote(create_quote_request(client_, variant), variant, valid_days=-1)

    refused(Code.QUOTE_EXPIRED, quotes.quote_accept, quote_id=quote.pk, client=client_, actor=Actor())


def test_a_quote_valid_until_today_can_still_be_accepted(client_, variant):
    quote = create_quote(create_quote_request(client_, variant), variant, valid_days=0)

    assert atomic(quotes.quote_accept, quote_id=quote.pk, client=client_, actor=Actor()).quote == quote


def test_another_clients_quote_is_not_found_and_nothing_is_written(client_, variant):
    quote = create_quote(create_quote_request(client_, variant), variant)
    other = create_oem_client()

    error = refused(Code.NOT_FOUND, quotes.quote_accept, quote_id=quote.pk, client=other, actor=Actor())
    refused(Code.NOT_FOUND, quotes.quote_decline, quote_id=quote.pk, client=other, reason="Too dear", actor=Actor())
    refused(Code.NOT_FOUND, quotes.quote_accept, quote_id="not-an-id", client=client_, actor=Actor())

    assert str(quote.pk) not in str(error) and "No such quote." in str(error)


def test_a_quantity_under_the_minimum_order_is_refused(client_, variant):
    quote = create_quote(create_quote_request(client_, variant), variant, moq=100)

    refused(Code.QUANTITY_BELOW_MINIMUM, quotes.quote_accept, quote_id=quote.pk, client=client_, quantity=99,
            actor=Actor())
    refused(Code.INVALID_QUANTITY, quotes.quote_accept, quote_id=quote.pk, client=client_, quantity=0,
            actor=Actor())


def test_a_quote_is_accepted_once(client_, variant):
    quote = create_quote(create_quote_request(client_, variant), variant)
    atomic(quotes.quote_accept, quote_id=quote.pk, client=client_, actor=Actor())

    refused(Code.INVALID_STATUS, quotes.quote_accept, quote_id=quote.pk, client=client_, actor=Actor())
    refused(Code.INVALID_STATUS, quotes.quote_decline, quote_id=quote.pk, client=client_, reason="No", actor=Actor())


def test_declining_needs_a_reason_and_declines_the_request_when_nothing_is_left(client_, member, variant):
    request = create_quote_request(client_, variant)
    first, second = create_quote(request, variant), create_quote(request, variant)

    refused(Code.REQUIRED, quotes.quote_decline, quote_id=first.pk, client=client_, reason=" ", actor=Actor())
    atomic(quotes.quote_decline, quote_id=first.pk, client=client_, reason="Too dear", actor=Actor(user=member))
    request.refresh_from_db()
    assert request.status == QuoteRequestStatus.QUOTED
    atomic(quotes.quote_decline, quote_id=second.pk, client=client_, reason="Found a supplier", actor=Actor())

    first.refresh_from_db()
    request.refresh_from_db()
    assert (first.status, first.decline_reason, first.decided_by) == (QuoteStatus.DECLINED, "Too dear", member)
    assert request.status == QuoteRequestStatus.DECLINED
    refused(Code.INVALID_STATUS, quotes.quote_accept, quote_id=second.pk, client=client_, actor=Actor())


@pytest.mark.django_db(transaction=True)
def test_two_people_accepting_one_quote_at_once_make_one_contract(variant):
    client = create_oem_client()
    quote = create_quote(create_quote_request(client, variant), variant)
    actors = [Actor(user=create_client_member(client)) for _ in range(2)]

    def accept(actor):
        with transaction.atomic():
            return quotes.quote_accept(quote_id=quote.pk, client=client, actor=actor)

    results = run_at_once([lambda actor=actor: accept(actor) for actor in actors])

    contracts = [r for r in results if isinstance(r, Contract)]
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert len(contracts) == 1 and len(errors) == 1, results
    assert next(iter(errors[0].error_dict.values()))[0].code == Code.INVALID_STATUS.value
    assert Contract.objects.filter(quote=quote).count() == 1
    assert Invoice.objects.filter(contract__quote=quote).count() == 1
    assert Milestone.objects.filter(contract__quote=quote).count() == 3


@pytest.mark.django_db(transaction=True)
def test_accepting_two_quotes_of_one_request_at_once_makes_one_contract(variant):
    client = create_oem_client()
    request = create_quote_request(client, variant)
    first, second = create_quote(request, variant), create_quote(request, variant)

    def accept(quote):
        with transaction.atomic():
            return quotes.quote_accept(quote_id=quote.pk, client=client, actor=Actor())

    results = run_at_once([lambda: accept(first), lambda: accept(second)])

    assert sum(isinstance(r, Contract) for r in results) == 1, results
    assert Contract.objects.filter(quote__request=request).count() == 1
    assert set(Quote.objects.filter(request=request).values_list("status", flat=True)) == {
        QuoteStatus.ACCEPTED, QuoteStatus.WITHDRAWN}
