"""Thai full tax invoices of a contract, and their payment (bank transfer or card through Stripe).

* Kinds: the deposit (``deposit_percent`` of the contract's value, issued with the
  contract), the balance (units delivered x unit price, less the deposit) and, on a
  cancellation the client caused, the work done (units made x unit price, less
  what was invoiced before).  One invoice of each kind per contract (not void).
* Seller (``settings.OEM_SELLER``) and buyer details are copied at issue; the
  number comes from ``numbers.next_number("invoice")`` in the same transaction,
  so a rolled-back invoice gives its number back (no gaps).
* VAT: the rate in force on the issue date (``shop.core.taxes.vat_rate``), added to
  the subtotal by ``shop.core.taxes.taxed_from_net`` (rounded to the satang).
* Paid (``invoice_paid``): the invoice is locked and marked, the ledger posted
  (``settlement.invoice_payment_post``), ``OemInvoicePaid`` published; a paid
  deposit starts production.

Errors are ``oem_error`` ValidationErrors raised before anything is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from prices import Money

from shop.core.events import publish
from shop.core.money import quantize
from shop.core.taxes import taxed_from_net, vat_rate

from . import settlement
from .actors import SYSTEM, Actor
from .contracts import contract_audit, contract_lock, contract_status_change
from .error_codes import OemErrorCode as Code
from .error_codes import oem_error
from .events import OemInvoiceIssued, OemInvoicePaid, OemMilestoneReached
from .models import (
    Contract,
    ContractStatus,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Milestone,
    MilestoneKind,
    PaymentMethod,
)
from .numbers import next_number

logger = logging.getLogger(__name__)

VAT_COUNTRY = "TH"  # the seller's country: HomeNet charges Thai VAT
CARD_REFERENCE_PREFIX = "oem_invoice:"


@dataclass(frozen=True)
class _Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


def _address_text(address) -> str:
    if address is None:
        return ""
    parts = [
        address.company_name or address.full_name, address.street_address_1, address.street_address_2,
        address.city_area, address.city, address.country_area, address.postal_code, address.country,
    ]
    return "\n".join(part for part in parts if part)


def _issue(contract: Contract, kind: str, lines: list[_Line], *, actor: Actor) -> Invoice:
    """Write an invoice and its lines (inside the caller's transaction, contract locked)."""
    currency = contract.currency
    subtotal = quantize(sum((line.amount for line in lines), Decimal(0)), currency)
    issue_date = timezone.localdate()
    rate = vat_rate(VAT_COUNTRY, issue_date)
    taxed = taxed_from_net(Money(subtotal, currency), rate)
    client = contract.client
    seller = settings.OEM_SELLER
    invoice = Invoice.objects.create(
        contract=contract, kind=kind, number=next_number("invoice"), issue_date=issue_date,
        due_date=issue_date + timedelta(days=contract.invoice_due_days),
        seller_name=seller["name"], seller_tax_id=seller["tax_id"], seller_branch=seller["branch"],
        seller_address=seller["address"], buyer_name=client.name, buyer_tax_id=client.tax_id,
        buyer_branch=client.branch_code, buyer_address=_address_text(client.billing_address),
        currency=currency, subtotal=subtotal, vat_rate=rate, vat_amount=taxed.tax.amount, total=taxed.gross.amount,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, description=line.description[:500], quantity=line.quantity,
                    unit_price=line.unit_price, amount=line.amount)
        for line in lines
    )
    contract_audit(contract, "invoice_issued", actor=actor, invoice_id=str(invoice.pk), number=invoice.number,
                   kind=kind, total=str(invoice.total))
    publish(OemInvoiceIssued(invoice_id=str(invoice.pk)))
    return invoice


def _live(contract: Contract, kind: str) -> Invoice | None:
    return contract.invoices.exclude(status=InvoiceStatus.VOID).filter(kind=kind).first()


def _refuse_if_invoiced(contract: Contract, kind: str) -> None:
    existing = _live(contract, kind)
    if existing is not None:
        raise oem_error("contract", f"This contract already has a {InvoiceKind(kind).value.replace('_', ' ')} invoice: {existing.number}.",
                        Code.ALREADY_INVOICED, number=existing.number)


def _goods_line(contract: Contract, units: int, what: str) -> _Line:
    amount = quantize(contract.unit_price * units, contract.currency)
    return _Line(f"{contract.description} ({contract.number}), {what}", Decimal(units), contract.unit_price, amount)


def deposit_invoice_issue(*, contract: Contract, actor: Actor = SYSTEM) -> Invoice | None:
    """The deposit invoice: ``deposit_percent`` of the contract's value; None for a 0 % deposit.

    INVALID_STATUS unless the contract awaits its deposit; ALREADY_INVOICED for a second one.
    """
    actor = actor or SYSTEM
    with transaction.atomic():
        contract = contract_lock(contract.pk)
        if contract.deposit_percent <= 0:
            return None
        if contract.status != ContractStatus.AWAITING_DEPOSIT:
            raise oem_error("contract", "A deposit is invoiced while the contract awaits it.", Code.INVALID_STATUS)
        _refuse_if_invoiced(contract, InvoiceKind.DEPOSIT)
        amount = quantize(contract.value * contract.deposit_percent / Decimal(100), contract.currency)
        line = _Line(
            f"Deposit {contract.deposit_percent.normalize():f}% of contract {contract.number}: {contract.description}",
            Decimal(1), amount, amount,
        )
        return _issue(contract, InvoiceKind.DEPOSIT, [line], actor=actor)


def _delivered_units(contract: Contract) -> int:
    shipped = contract.allocations.aggregate(units=Sum("quantity_shipped"))["units"] or 0
    return min(shipped, contract.max_deliverable)


def _less_invoiced(contract: Contract, kinds) -> list[_Line]:
    """Negative lines for what earlier (not void) invoices of ``kinds`` billed."""
    lines = []
    for invoice in contract.invoices.exclude(status=InvoiceStatus.VOID).filter(kind__in=kinds).order_by("created_at"):
        label = "deposit" if invoice.kind == InvoiceKind.DEPOSIT else "amount"
        lines.append(_Line(f"Less {label}, invoice {invoice.number}", Decimal(1), -invoice.subtotal, -invoice.subtotal))
    return lines


def balance_invoice_issue(*, contract: Contract, actor: Actor = SYSTEM) -> Invoice:
    """The balance: units delivered (capped at ``max_deliverable``) x unit price, less the deposit.

    ALREADY_INVOICED if a balance invoice exists; NOTHING_TO_INVOICE when nothing is left;
    INVALID_STATUS for a cancelled or closed contract.
    """
    actor = actor or SYSTEM
    with transaction.atomic():
        contract = contract_lock(contract.pk)
        if contract.status in (ContractStatus.CANCELLED, ContractStatus.CLOSED):
            raise oem_error("contract", "A cancelled or closed contract gets no balance invoice.", Code.INVALID_STATUS)
        _refuse_if_invoiced(contract, InvoiceKind.BALANCE)
        units = _delivered_units(contract)
        lines = [_goods_line(contract, units, "units delivered")] if units else []
        lines += _less_invoiced(contract, [InvoiceKind.DEPOSIT])
        if units == 0 or sum((line.amount for line in lines), Decimal(0)) <= 0:
            raise oem_error("contract", "Nothing is left to invoice.", Code.NOTHING_TO_INVOICE, units=units)
        return _issue(contract, InvoiceKind.BALANCE, lines, actor=actor)


def cancellation_invoice_issue(*, contract: Contract, actor: Actor = SYSTEM) -> Invoice | None:
    """Work done before a cancellation the client caused: units made x unit price, less what the
    deposit and balance invoices billed.  None when that leaves nothing to bill (the deposit covered it).

    INVALID_STATUS unless the contract is cancelled with the client at fault; ALREADY_INVOICED for a second one.
    """
    from .models import CancellationFault

    actor = actor or SYSTEM
    with transaction.atomic():
        contract = contract_lock(contract.pk)
        if contract.status != ContractStatus.CANCELLED or contract.cancellation_fault != CancellationFault.CLIENT:
            raise oem_error("contract", "Work done is invoiced when the client cancelled the contract.",
                            Code.INVALID_STATUS)
        _refuse_if_invoiced(contract, InvoiceKind.CANCELLATION)
        made = contract.allocations.aggregate(units=Sum("quantity_done"))["units"] or 0
        units = min(made, contract.max_deliverable)
        lines = [_goods_line(contract, units, "units made before cancellation")] if units else []
        lines += _less_invoiced(contract, [InvoiceKind.DEPOSIT, InvoiceKind.BALANCE])
        if units == 0 or sum((line.amount for line in lines), Decimal(0)) <= 0:
            return None
        return _issue(contract, InvoiceKind.CANCELLATION, lines, actor=actor)


# --- payment ------------------------------------------------------------------------------------


def invoice_lock(invoice_id) -> Invoice:
    try:
        return Invoice.objects.select_for_update().get(pk=invoice_id)
    except (Invoice.DoesNotExist, ValidationError, ValueError, TypeError):  # unknown or not a UUID
        raise oem_error("id", "No such invoice.", Code.NOT_FOUND) from None


def _refuse_unless_payable(invoice: Invoice) -> None:
    if invoice.status == InvoiceStatus.PAID:
        raise oem_error("id", f"Invoice {invoice.number} is paid already.", Code.ALREADY_PAID)
    if invoice.status != InvoiceStatus.ISSUED:
        raise oem_error("id", f"Invoice {invoice.number} is void.", Code.INVALID_STATUS)


def invoice_paid(*, invoice: Invoice, method: str, reference: str, paid_at: datetime | None = None,
                 fee: Decimal = Decimal(0), actor: Actor = SYSTEM) -> Invoice:
    """Mark a locked, issued invoice paid; post the ledger; publish ``OemInvoicePaid``.

    A paid deposit moves the contract from awaiting deposit to in production and
    completes its DEPOSIT_PAID milestone.
    """
    actor = actor or SYSTEM
    invoice.status = InvoiceStatus.PAID
    invoice.payment_method, invoice.payment_reference = method, reference[:255]
    invoice.paid_at = paid_at or timezone.now()
    invoice.recorded_by = actor.user_or_none
    invoice.save(update_fields=["status", "payment_method", "payment_reference", "paid_at", "recorded_by",
                                "stripe_payment_intent"])
    settlement.invoice_payment_post(invoice, fee=fee, actor=actor, occurred_at=invoice.paid_at)
    contract = invoice.contract
    contract_audit(contract, "invoice_paid", actor=actor, invoice_id=str(invoice.pk), number=invoice.number,
                   method=method, reference=invoice.payment_reference, amount=str(invoice.total), fee=str(fee))
    publish(OemInvoicePaid(invoice_id=str(invoice.pk)))
    if invoice.kind == InvoiceKind.DEPOSIT:
        _deposit_paid(contract, actor)
    return invoice


def _deposit_paid(contract: Contract, actor: Actor) -> None:
    now = timezone.now()
    milestones = list(
        Milestone.objects.select_for_update().filter(
            contract=contract, allocation__isnull=True, kind=MilestoneKind.DEPOSIT_PAID, completed_at__isnull=True
        )
    )
    for milestone in milestones:
        milestone.completed_at, milestone.completed_by = now, actor.user_or_none
        milestone.save(update_fields=["completed_at", "completed_by"])
        publish(OemMilestoneReached(milestone_id=milestone.pk, contract_id=str(contract.pk), kind=milestone.kind))
    status = Contract.objects.filter(pk=contract.pk).values_list("status", flat=True).get()
    if status == ContractStatus.AWAITING_DEPOSIT:
        contract_status_change(contract_id=contract.pk, to_status=ContractStatus.IN_PRODUCTION, actor=actor,
                               reason="Deposit paid")


def _amount(value, field="amount") -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise oem_error(field, "Not an amount.", Code.INVALID) from None
    if not amount.is_finite():
        raise oem_error(field, "Not an amount.", Code.INVALID)
    return amount


def invoice_bank_transfer_record(*, invoice_id, amount, reference: str, paid_at: datetime | None = None,
                                 actor: Actor = SYSTEM) -> Invoice:
    """Staff record a bank transfer that paid an invoice in full.

    REQUIRED without the bank's reference; AMOUNT_MISMATCH unless ``amount`` is the
    invoice's total; ALREADY_PAID / INVALID_STATUS unless the invoice is issued;
    INVALID for a payment dated in the future.
    """
    reference = (reference or "").strip()
    if not reference:
        raise oem_error("reference", "Give the bank transfer's reference.", Code.REQUIRED)
    amount = _amount(amount)
    if paid_at is not None and paid_at > timezone.now() + timedelta(minutes=5):
        raise oem_error("paid_at", "A payment cannot be dated in the future.", Code.INVALID)
    with transaction.atomic():
        invoice = invoice_lock(invoice_id)
        _refuse_unless_payable(invoice)
        if amount != invoice.total:
            raise oem_error("amount", f"The transfer must be the invoice's total, {invoice.total:.2f} "
                            f"{invoice.currency}.", Code.AMOUNT_MISMATCH, total=f"{invoice.total:.2f}")
        return invoice_paid(invoice=invoice, method=PaymentMethod.BANK_TRANSFER, reference=reference,
                            paid_at=paid_at, fee=Decimal(0), actor=actor)


def invoice_card_payment_start(*, invoice_id, actor: Actor = SYSTEM) -> tuple[str, str]:
    """A Stripe PaymentIntent for the invoice's total: ``(intent id, client secret)`` for Stripe.js.

    Its metadata names ``homenet_reference = oem_invoice:<id>``; the shop's webhook
    publishes ``ExternalPaymentSucceeded`` when it is paid (``handlers``).  Repeated
    starts within Stripe's idempotency window answer the same intent.
    PAYMENT_GATEWAY_ERROR when Stripe refuses or is not configured.
    """
    from shop.payment.gateways.base import GatewayError
    from shop.payment.gateways.stripe_gateway import payment_intent_for_reference

    actor = actor or SYSTEM
    with transaction.atomic():
        invoice = invoice_lock(invoice_id)
        _refuse_unless_payable(invoice)
    if not getattr(settings, "STRIPE_SECRET_KEY", ""):
        raise oem_error(None, "Card payments are not configured.", Code.PAYMENT_GATEWAY_ERROR)
    try:
        # No lock is held over the network; the idempotency key makes a retry answer the same intent.
        intent = payment_intent_for_reference(
            amount=invoice.total, currency=invoice.currency, reference=f"{CARD_REFERENCE_PREFIX}{invoice.pk}",
            description=f"HomeNet Thailand invoice {invoice.number}",
            key=f"oem-invoice:{invoice.pk}:{invoice.total}",
        )
    except GatewayError as error:
        raise oem_error(None, str(error), Code.PAYMENT_GATEWAY_ERROR) from None
    with transaction.atomic():
        invoice = invoice_lock(invoice.pk)
        _refuse_unless_payable(invoice)
        if invoice.stripe_payment_intent != intent["id"]:
            invoice.stripe_payment_intent = intent["id"]
            invoice.save(update_fields=["stripe_payment_intent"])
            contract_audit(invoice.contract, "invoice_card_payment_started", actor=actor, invoice_id=str(invoice.pk),
                           intent=intent["id"])
    return intent["id"], intent["client_secret"]


def invoice_card_payment_succeeded(*, reference: str, intent_id: str, amount: str, currency: str) -> Invoice | None:
    """Stripe says an intent for ``oem_invoice:<id>`` succeeded: mark the invoice paid (card fee booked).

    Idempotent: an invoice paid already changes nothing.  A wrong amount or currency
    (or a void invoice) is not applied: it is logged and written to the contract's audit trail.
    Returns the invoice when it was marked paid now.
    """
    if not reference.startswith(CARD_REFERENCE_PREFIX):
        return None
    invoice_id = reference[len(CARD_REFERENCE_PREFIX):]
    with transaction.atomic():
        try:
            invoice = invoice_lock(invoice_id)
        except ValidationError:  # an unknown reference is reported, not retried
            logger.error("Stripe payment %s names unknown invoice %s", intent_id, invoice_id)
            return None
        if invoice.status == InvoiceStatus.PAID:
            paid_by_this_intent = invoice.payment_method == PaymentMethod.CARD and invoice.payment_reference == intent_id
            if not paid_by_this_intent:  # a replay changes nothing; a second payment is flagged for a refund
                _card_problem(invoice, intent_id, amount, currency, "paid twice: refund this payment")
            return None
        problem = ""
        if invoice.status != InvoiceStatus.ISSUED:
            problem = "the invoice is void"
        elif currency.upper() != invoice.currency.upper() or _amount(amount) != invoice.total:
            problem = f"amount {amount} {currency} is not the total {invoice.total:.2f} {invoice.currency}"
        if problem:
            _card_problem(invoice, intent_id, amount, currency, problem)
            return None
        invoice.stripe_payment_intent = intent_id
        fee = settlement.card_fee(invoice.total, invoice.currency)
        return invoice_paid(invoice=invoice, method=PaymentMethod.CARD, reference=intent_id, fee=fee, actor=SYSTEM)


def _card_problem(invoice: Invoice, intent_id: str, amount: str, currency: str, problem: str) -> None:
    """Log and audit (once per intent) a card payment that was not applied; staff refund or settle it."""
    if invoice.contract.events.filter(type="invoice_card_payment_refused", parameters__intent=intent_id).exists():
        return
    logger.error("Stripe payment %s of invoice %s not applied: %s", intent_id, invoice.number, problem)
    contract_audit(invoice.contract, "invoice_card_payment_refused", invoice_id=str(invoice.pk), intent=intent_id,
                   amount=amount, currency=currency, reason=problem)


# --- selectors ----------------------------------------------------------------------------------


def invoices_overdue(today=None) -> QuerySet[Invoice]:
    """Issued invoices past their due date (Bangkok), oldest due first."""
    today = today or timezone.localdate()
    return Invoice.objects.filter(status=InvoiceStatus.ISSUED, due_date__lt=today).order_by("due_date", "number")


OVERDUE_NOTIFIED = "invoice_overdue_notified"


def invoice_overdue_notify(*, invoice_id) -> bool:
    """Tell the client once that an invoice is overdue: an email to its contact and an
    ``invoice.overdue`` webhook.  Returns whether it was told now.

    The invoice row is locked (SKIP LOCKED: another worker is on it) and the audit row
    ``invoice_overdue_notified`` marks it told; the email goes last, so a mail failure
    rolls the mark back and the next run tries again.
    """
    from django.core.mail import send_mail

    from .webhooks import INVOICE_OVERDUE, invoice_enqueue

    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(skip_locked=True, of=("self",)).select_related("contract__client")
            .filter(pk=invoice_id, status=InvoiceStatus.ISSUED, due_date__lt=timezone.localdate()).first()
        )
        if invoice is None:
            return False
        contract = invoice.contract
        if contract.events.filter(type=OVERDUE_NOTIFIED, parameters__invoice_id=str(invoice.pk)).exists():
            return False
        contract_audit(contract, OVERDUE_NOTIFIED, invoice_id=str(invoice.pk), number=invoice.number)
        invoice_enqueue(invoice_id=invoice.pk, event_type=INVOICE_OVERDUE)
        client = contract.client
        if client.contact_email:
            days = (timezone.localdate() - invoice.due_date).days
            send_mail(
                subject=f"Invoice {invoice.number} is overdue",
                message=(
                    f"Dear {client.contact_name or client.name},\n\n"
                    f"Invoice {invoice.number} for contract {contract.number}, "
                    f"{invoice.total:,.2f} {invoice.currency} (VAT included), was due on "
                    f"{invoice.due_date:%d %B %Y} and is {days} day{'s' if days != 1 else ''} overdue.\n"
                    "Please pay it by bank transfer or card, or tell us if it has been paid already.\n\n"
                    f"{settings.OEM_SELLER['name']}\n"
                ),
                from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[client.contact_email],
            )
        return True
