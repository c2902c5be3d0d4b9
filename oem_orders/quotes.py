"""Requests for quote, quotes with price tiers, and accepting a quote (-> contract).

    request (RFQ): open -> quoted -> accepted | declined, or withdrawn by the client
    quote:         sent -> accepted | declined | withdrawn (another quote was accepted, or the RFQ withdrawn)

Services: callers check permissions (``oem_orders.selectors``) and wrap the call in
``transaction.atomic``.  Bad input raises ``oem_error`` before anything is written.
Rows are locked request first, then its quotes, so quoting, accepting, declining and
withdrawing one request run one at a time.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shop.core.events import publish

from .actors import SYSTEM, Actor
from .contracts import contract_audit
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .events import OemContractCreated, OemQuoteRequested, OemQuoteSent
from .models import (
    Contract,
    Milestone,
    MilestoneKind,
    OemClient,
    Quote,
    QuotePriceTier,
    QuoteRequest,
    QuoteRequestAttachment,
    QuoteRequestStatus,
    QuoteStatus,
    SampleStatus,
)
from .numbers import next_number
from .uploads import thumbnail_make, upload_check

MAX_ATTACHMENTS = 10
# PositiveIntegerField's upper bound.
MAX_QUANTITY = 2_147_483_647
MAX_LEAD_TIME_DAYS = 3650
MAX_DUE_DAYS = 365
SATANG = Decimal("0.01")
# Milestones: the sample is due within this many days (or a third of the lead time, if shorter);
# the quality inspection this many days before delivery.
SAMPLE_DAYS = 14
INSPECTION_DAYS_BEFORE_DELIVERY = 3


def _quantity(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_QUANTITY:
        raise oem_error(field, "Give a whole number of units, at least 1.", Code.INVALID_QUANTITY)
    return value


def _uuid(value, field: str, message: str):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise oem_error(field, message, Code.NOT_FOUND) from None


def _as_date(value):
    """A date (a datetime counts as its local date); anything else is returned as is for the caller to refuse."""
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def _require_active(client: OemClient) -> None:
    if client is None or not client.is_active:
        raise oem_error("client", "This client is not active.", Code.INVALID_STATUS)


# --- request for quote -----------------------------------------------------------------------


def quote_request_create(*, client: OemClient, variant=None, custom_spec: str = "", quantity: int,
                         target_delivery_date: date, sample_wanted: bool = False, note: str = "",
                         attachments=(), actor: Actor = SYSTEM) -> QuoteRequest:
    """A client asks for a quote: a catalog variant or a custom specification (or both),
    a quantity and a delivery date in the future; up to 10 files (images or PDF).

    Publishes ``OemQuoteRequested``; image thumbnails are made after commit."""
    _require_active(client)
    custom_spec = (custom_spec or "").strip()
    if variant is None and not custom_spec:
        raise oem_error("custom_spec", "Choose a product or describe what should be made.", Code.REQUIRED)
    quantity = _quantity(quantity, "quantity")
    target_delivery_date = _as_date(target_delivery_date)
    if not isinstance(target_delivery_date, date) or target_delivery_date <= timezone.localdate():
        raise oem_error("target_delivery_date", "The delivery date must be in the future.", Code.INVALID)
    attachments = list(attachments or ())
    if len(attachments) > MAX_ATTACHMENTS:
        raise oem_error("attachments", f"Attach {MAX_ATTACHMENTS} files at most.", Code.INVALID,
                        max_files=MAX_ATTACHMENTS)
    checked = [upload_check(file, field="attachments") for file in attachments]

    request = QuoteRequest.objects.create(
        number=next_number("rfq"), client=client, variant=variant, custom_spec=custom_spec, quantity=quantity,
        target_delivery_date=target_delivery_date, sample_wanted=bool(sample_wanted), note=(note or "").strip(),
        created_by=actor.user_or_none, created_by_token=actor.token,
    )
    for upload in checked:
        attachment = QuoteRequestAttachment(request=request, name=upload.name, content_type=upload.content_type,
                                            size=upload.size, is_image=upload.is_image)
        upload.file.seek(0)
        attachment.file.save(upload.name, upload.file, save=False)
        attachment.save()
        if upload.is_image:
            name = attachment.file.name
            transaction.on_commit(lambda name=name: thumbnail_make(name))
    publish(OemQuoteRequested(request_id=str(request.pk)))
    return request


def _request_lock(request_id, client: OemClient | None) -> QuoteRequest:
    requests = QuoteRequest.objects.select_for_update()
    if client is not None:
        requests = requests.filter(client=client)
    pk = _uuid(request_id, "id", "No such request for quote.")
    try:
        return requests.get(pk=pk)
    except QuoteRequest.DoesNotExist:
        raise oem_error("id", "No such request for quote.", Code.NOT_FOUND) from None


def quote_request_withdraw(*, request_id, client: OemClient | None = None, actor: Actor = SYSTEM) -> QuoteRequest:
    """The client no longer wants a quote: an open or quoted request becomes withdrawn, and so
    do its quotes still waiting for an answer.  ``client`` scopes the lookup (another
    client's request is NOT_FOUND); staff pass None."""
    request = _request_lock(request_id, client)
    if request.status not in (QuoteRequestStatus.OPEN, QuoteRequestStatus.QUOTED):
        raise oem_error("status", f"A request that is {QuoteRequestStatus(request.status).value.replace('_', ' ')} "
                        "cannot be withdrawn.", Code.INVALID_STATUS, status=request.status)
    now = timezone.now()
    Quote.objects.filter(request=request, status=QuoteStatus.SENT).update(
        status=QuoteStatus.WITHDRAWN, decided_at=now, decided_by=actor.user_or_none
    )
    request.status = QuoteRequestStatus.WITHDRAWN
    request.save(update_fields=["status", "updated_at"])
    return request


# --- quotes ----------------------------------------------------------------------------------


def _clean_tiers(tiers, minimum_order_quantity: int) -> list[tuple[int, Decimal]]:
    """Tiers sorted by quantity: distinct positive quantities, prices in satang, positive and
    never rising with quantity; the lowest tier starts at or below the minimum order."""

    def refuse(message: str):
        return oem_error("tiers", message, Code.INVALID_PRICE_TIERS)

    cleaned = []
    for tier in tiers or ():
        try:
            min_quantity, price = tier
            price = Decimal(str(price))
        except (TypeError, ValueError, InvalidOperation):
            raise refuse("Each tier is a minimum quantity and a unit price.") from None
        if isinstance(min_quantity, bool) or not isinstance(min_quantity, int) or not 0 < min_quantity <= MAX_QUANTITY:
            raise refuse("A tier's minimum quantity is a whole number, at least 1.")
        if not price.is_finite() or price <= 0:
            raise refuse("A tier's unit price must be positive.")
        if price != price.quantize(SATANG) or price >= Decimal(10) ** 15:
            raise refuse("Unit prices are in baht and satang (2 decimal places).")
        cleaned.append((min_quantity, price.quantize(SATANG)))
    if not cleaned:
        raise refuse("Give at least one price tier.")
    cleaned.sort()
    quantities = [q for q, _ in cleaned]
    if len(set(quantities)) != len(quantities):
        raise refuse("Two tiers start at the same quantity.")
    if any(later[1] > earlier[1] for earlier, later in zip(cleaned, cleaned[1:], strict=False)):
        raise refuse("The unit price cannot rise with the quantity.")
    if cleaned[0][0] > minimum_order_quantity:
        raise refuse("The lowest tier must start at or below the minimum order quantity.")
    return cleaned


def _percent(value, field: str, maximum: int) -> Decimal:
    try:
        percent = Decimal(str(value))
    except (TypeError, ValueError, InvalidOperation):
        raise oem_error(field, "Give a percentage.", Code.INVALID) from None
    if not percent.is_finite() or not 0 <= percent <= maximum or percent != percent.quantize(SATANG):
        raise oem_error(field, f"Give a percentage from 0 to {maximum} (2 decimal places at most).", Code.INVALID,
                        maximum=maximum)
    return percent.quantize(SATANG)


def _days(value, field: str, *, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise oem_error(field, f"Give a whole number of days from {minimum} to {maximum}.", Code.INVALID)
    return value


def default_payment_terms(deposit_percent: Decimal, invoice_due_days: int) -> str:
    if deposit_percent == 0:
        return f"Full amount on delivery documents; invoices due within {invoice_due_days} days."
    if deposit_percent == 100:
        return f"Full amount in advance on acceptance; invoices due within {invoice_due_days} days."
    percent = f"{deposit_percent.normalize():f}"
    return (f"{percent}% deposit on acceptance, balance on delivery documents; "
            f"invoices due within {invoice_due_days} days.")


def quote_create(*, request: QuoteRequest, variant, description: str, quantity: int | None = None,
                 minimum_order_quantity: int, tiers, lead_time_days: int, valid_until: date | None = None,
                 deposit_percent=Decimal(50), payment_terms: str = "", invoice_due_days: int | None = None,
                 over_delivery_percent=None, note: str = "", actor: Actor = SYSTEM) -> Quote:
    """Staff answer an open (or already quoted) request with a quote.

    ``tiers``: ``[(min_quantity, unit_price)]``, prices excluding VAT (INVALID_PRICE_TIERS);
    the quoted quantity (the request's by default) is at least the minimum order
    (QUANTITY_BELOW_MINIMUM).  Valid until today + ``OEM_QUOTE_VALID_DAYS`` unless
    ``valid_until`` is given.  The request becomes quoted; publishes ``OemQuoteSent``."""
    request = _request_lock(request.pk, None)
    if request.status not in (QuoteRequestStatus.OPEN, QuoteRequestStatus.QUOTED):
        raise oem_error("request", f"A request that is {QuoteRequestStatus(request.status).value.replace('_', ' ')} "
                        "cannot be quoted.", Code.INVALID_STATUS, status=request.status)
    if variant is None:
        raise oem_error("variant", "Choose the catalog variant the groups will make.", Code.REQUIRED)
    description = (description or "").strip()
    if not description:
        raise oem_error("description", "Describe what is quoted.", Code.REQUIRED)
    moq = _quantity(minimum_order_quantity, "minimum_order_quantity")
    quantity = _quantity(request.quantity if quantity is None else quantity, "quantity")
    cleaned_tiers = _clean_tiers(tiers, moq)
    if quantity < moq:
        raise oem_error("quantity", f"The quantity is below the minimum order of {moq}.",
                        Code.QUANTITY_BELOW_MINIMUM, minimum=moq)
    lead_time_days = _days(lead_time_days, "lead_time_days", minimum=1, maximum=MAX_LEAD_TIME_DAYS)
    today = timezone.localdate()
    valid_until = today + timedelta(days=settings.OEM_QUOTE_VALID_DAYS) if valid_until is None else _as_date(valid_until)
    if not isinstance(valid_until, date) or valid_until < today:
        raise oem_error("valid_until", "A quote must be valid until today at least.", Code.INVALID)
    deposit_percent = _percent(deposit_percent, "deposit_percent", 100)
    due_days = settings.OEM_INVOICE_DUE_DAYS if invoice_due_days is None else invoice_due_days
    due_days = _days(due_days, "invoice_due_days", minimum=0, maximum=MAX_DUE_DAYS)
    over = settings.OEM_OVER_DELIVERY_PERCENT if over_delivery_percent is None else over_delivery_percent
    over = _percent(over, "over_delivery_percent", 50)

    quote = Quote.objects.create(
        number=next_number("quote"), request=request, client_id=request.client_id, variant=variant,
        description=description, quantity=quantity, minimum_order_quantity=moq, lead_time_days=lead_time_days,
        valid_until=valid_until, deposit_percent=deposit_percent,
        payment_terms=(payment_terms or "").strip() or default_payment_terms(deposit_percent, due_days),
        invoice_due_days=due_days, over_delivery_percent=over, note=(note or "").strip(),
        created_by=actor.user_or_none,
    )
    QuotePriceTier.objects.bulk_create(
        QuotePriceTier(quote=quote, min_quantity=min_quantity, unit_price=price) for min_quantity, price in cleaned_tiers
    )
    if request.status == QuoteRequestStatus.OPEN:
        request.status = QuoteRequestStatus.QUOTED
        request.save(update_fields=["status", "updated_at"])
    publish(OemQuoteSent(quote_id=str(quote.pk)))
    return quote


def quote_unit_price(quote: Quote, quantity: int) -> Decimal:
    """The unit price for ``quantity``: the tier with the largest minimum at or below it."""
    tiers = sorted(quote.tiers.all(), key=lambda tier: tier.min_quantity)
    price = None
    for tier in tiers:
        if tier.min_quantity <= quantity:
            price = tier.unit_price
    if price is None:
        minimum = tiers[0].min_quantity if tiers else quote.minimum_order_quantity
        raise oem_error("quantity", f"No price for fewer than {minimum} units.", Code.QUANTITY_BELOW_MINIMUM,
                        minimum=minimum)
    return price


def _quote_lock(quote_id, client: OemClient | None) -> tuple[QuoteRequest, Quote]:
    """Lock the quote's request, then the quote.  Another client's quote is NOT_FOUND."""
    pk = _uuid(quote_id, "id", "No such quote.")
    quotes = Quote.objects.all() if client is None else Quote.objects.filter(client=client)
    request_id = quotes.filter(pk=pk).values_list("request_id", flat=True).first()
    if request_id is None:
        raise oem_error("id", "No such quote.", Code.NOT_FOUND)
    request = QuoteRequest.objects.select_for_update().get(pk=request_id)
    quote = Quote.objects.select_for_update().get(pk=pk)
    return request, quote


def _require_sent(quote: Quote, verb: str) -> None:
    if quote.status != QuoteStatus.SENT:
        raise oem_error("status", f"A quote that is {QuoteStatus(quote.status).value.replace('_', ' ')} cannot be {verb}.",
                        Code.INVALID_STATUS, status=quote.status)


def quote_accept(*, quote_id, client: OemClient, quantity: int | None = None, actor: Actor = SYSTEM) -> Contract:
    """The client accepts a quote (for ``quantity`` units, the quoted quantity by default): the contract.

    NOT_FOUND for another client's quote; INVALID_STATUS unless it is sent;
    QUOTE_EXPIRED past its validity; QUANTITY_BELOW_MINIMUM under the minimum order.
    Creates the contract (unit price from the tiers; delivery on the requested date,
    or after the lead time if later) and its milestones, withdraws the request's other
    quotes, audits, publishes ``OemContractCreated`` and issues the deposit invoice."""
    from .invoices import deposit_invoice_issue

    _require_active(client)
    request, quote = _quote_lock(quote_id, client)
    _require_sent(quote, "accepted")
    if quote.is_expired:
        raise oem_error("id", f"This quote expired on {quote.valid_until.isoformat()}.", Code.QUOTE_EXPIRED,
                        valid_until=quote.valid_until.isoformat())
    quantity = _quantity(quote.quantity if quantity is None else quantity, "quantity")
    if quantity < quote.minimum_order_quantity:
        raise oem_error("quantity", f"The minimum order is {quote.minimum_order_quantity} units.",
                        Code.QUANTITY_BELOW_MINIMUM, minimum=quote.minimum_order_quantity)
    unit_price = quote_unit_price(quote, quantity)

    today, now = timezone.localdate(), timezone.now()
    delivery_date = max(request.target_delivery_date, today + timedelta(days=quote.lead_time_days))
    contract = Contract.objects.create(
        number=next_number("contract"), client=client, quote=quote, variant_id=quote.variant_id,
        description=quote.description, quantity=quantity, unit_price=unit_price, currency=quote.currency,
        deposit_percent=quote.deposit_percent, invoice_due_days=quote.invoice_due_days,
        over_delivery_percent=quote.over_delivery_percent, lead_time_days=quote.lead_time_days,
        delivery_date=delivery_date,
        sample_status=SampleStatus.PENDING if request.sample_wanted else SampleStatus.NOT_REQUIRED,
    )
    Milestone.objects.bulk_create(
        Milestone(contract=contract, kind=kind, due_date=due)
        for kind, due in _milestones(request, quote, today=today, delivery_date=delivery_date)
    )
    quote.status, quote.decided_at, quote.decided_by = QuoteStatus.ACCEPTED, now, actor.user_or_none
    quote.save(update_fields=["status", "decided_at", "decided_by"])
    Quote.objects.filter(request=request, status=QuoteStatus.SENT).exclude(pk=quote.pk).update(
        status=QuoteStatus.WITHDRAWN, decided_at=now
    )
    request.status = QuoteRequestStatus.ACCEPTED
    request.save(update_fields=["status", "updated_at"])
    contract_audit(contract, "created", actor=actor, to_status=contract.status, quote=quote.number,
                   quantity=quantity, unit_price=str(unit_price))
    publish(OemContractCreated(contract_id=str(contract.pk)))
    deposit_invoice_issue(contract=contract, actor=actor)
    return contract


def _milestones(request: QuoteRequest, quote: Quote, *, today: date, delivery_date: date):
    if request.sample_wanted:
        yield MilestoneKind.SAMPLE_APPROVED, today + timedelta(days=min(SAMPLE_DAYS, quote.lead_time_days // 3))
    if quote.deposit_percent > 0:  # no deposit, no deposit invoice
        yield MilestoneKind.DEPOSIT_PAID, today + timedelta(days=quote.invoice_due_days)
    yield MilestoneKind.QUALITY_PASSED, delivery_date - timedelta(days=INSPECTION_DAYS_BEFORE_DELIVERY)
    yield MilestoneKind.DELIVERED, delivery_date


def quote_decline(*, quote_id, client: OemClient, reason: str, actor: Actor = SYSTEM) -> Quote:
    """The client declines a sent quote, saying why.  When no other quote of the request is
    waiting for an answer, the request is declined too."""
    reason = (reason or "").strip()
    if not reason:
        raise oem_error("reason", "Say why the quote is declined.", Code.REQUIRED)
    request, quote = _quote_lock(quote_id, client)
    _require_sent(quote, "declined")
    quote.status, quote.decline_reason = QuoteStatus.DECLINED, reason
    quote.decided_at, quote.decided_by = timezone.now(), actor.user_or_none
    quote.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    if not Quote.objects.filter(request=request, status=QuoteStatus.SENT).exists():
        request.status = QuoteRequestStatus.DECLINED
        request.save(update_fields=["status", "updated_at"])
    return quote
