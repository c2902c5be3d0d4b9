"""Invoices paid by card: a Stripe PaymentIntent naming the invoice, marked paid by Stripe's signed webhook.

Stripe's API is the local fake (tests/fakes/stripe_server.py); webhooks are signed with its test secret.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fairtrade.models import LedgerEntry, LedgerJournal
from oem_orders import invoices
from oem_orders.actors import Actor
from oem_orders.models import ContractEvent, ContractStatus, Invoice, InvoiceStatus, PaymentMethod
from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.payment.events import ExternalPaymentSucceeded
from shop.payment.models import StripeWebhookEvent
from tests.factories.oem import create_contract, create_oem_client
from tests.fakes.stripe_server import deliver, event, running_fake_stripe
from tests.oem_orders.test_invoices import error_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_stripe(settings):
    settings.FAIRTRADE_PAYMENT_FEE_PERCENT = {"homenet.payments.stripe": "3.65", "default": "0"}
    yield from running_fake_stripe(settings)


@pytest.fixture
def contract(variant):
    return create_contract(create_oem_client(), variant, quantity=500, unit_price="100.00", deposit_percent="30")


@pytest.fixture
def invoice(contract):
    return invoices.deposit_invoice_issue(contract=contract, actor=Actor())  # 16,050.00 THB


def _paid_journals(invoice) -> int:
    return LedgerJournal.objects.filter(idempotency_key=f"oem_invoice:{invoice.pk}:paid").count()


def test_card_payment_start_creates_an_intent_for_the_total(fake_stripe, invoice):
    intent_id, client_secret = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    again = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())

    intent = fake_stripe.intents[intent_id]
    assert (intent["amount"], intent["currency"]) == (1605000, "thb")
    assert intent["metadata"] == {"homenet_reference": f"oem_invoice:{invoice.pk}"}
    assert intent["payment_method_types"] == ["card"] and invoice.number in intent["description"]
    assert client_secret == intent["client_secret"]
    assert again == (intent_id, client_secret)  # a repeat answers the same intent
    assert len(fake_stripe.created("/v1/payment_intents")) == 1
    invoice.refresh_from_db()
    assert invoice.stripe_payment_intent == intent_id and invoice.status == InvoiceStatus.ISSUED


def test_signed_webhook_marks_the_invoice_paid_and_posts_once_even_when_delivered_twice(
        client, fake_stripe, invoice, contract, django_capture_on_commit_callbacks):
    intent_id, _ = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(intent_id))

    with django_capture_on_commit_callbacks(execute=True):
        first = deliver(client, succeeded)
    with django_capture_on_commit_callbacks(execute=True):
        duplicate = deliver(client, succeeded)
    with django_capture_on_commit_callbacks(execute=True):  # the same fact in another event (a resend)
        resent = deliver(client, event("payment_intent.succeeded", fake_stripe.intents[intent_id]))

    assert first.status_code == 200 and first.json()["outcome"] == "applied"
    assert duplicate.json()["outcome"] == "duplicate" and resent.json()["outcome"] == "applied"
    invoice.refresh_from_db()
    assert (invoice.status, invoice.payment_method, invoice.payment_reference) == (
        InvoiceStatus.PAID, PaymentMethod.CARD, intent_id)
    assert invoice.paid_at is not None and invoice.recorded_by is None
    assert _paid_journals(invoice) == 1
    journal = LedgerJournal.objects.get(idempotency_key=f"oem_invoice:{invoice.pk}:paid")
    amounts = {e.account: e.amount for e in LedgerEntry.objects.filter(journal=journal)}
    # fee 16,050 x 3.65 % = 585.83
    assert amounts == {"bank": Decimal("15464.17"), "payment_fees": Decimal("585.83"),
                       "vat_payable": Decimal("-1050.00"), "oem_sales": Decimal("-15000.00")}
    contract.refresh_from_db()
    assert contract.status == ContractStatus.IN_PRODUCTION
    assert StripeWebhookEvent.objects.filter(transaction__isnull=True, outcome="applied").count() == 2
    published = EventOutbox.objects.filter(event_type=event_name(ExternalPaymentSucceeded)).first()
    assert published.payload == {"reference": f"oem_invoice:{invoice.pk}", "intent_id": intent_id,
                                 "amount": "16050.00", "currency": "THB"}


def test_a_payment_of_another_amount_is_not_applied(client, fake_stripe, invoice, django_capture_on_commit_callbacks):
    intent_id, _ = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    fake_stripe.intents[intent_id]["amount"] = 100000  # 1,000.00 THB
    succeeded = event("payment_intent.succeeded", fake_stripe.succeed(intent_id))

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, succeeded)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and _paid_journals(invoice) == 0
    refused = ContractEvent.objects.get(type="invoice_card_payment_refused")
    assert "1000.00" in refused.reason and refused.parameters["intent"] == intent_id


def test_a_second_card_payment_of_a_paid_invoice_is_flagged_not_posted(
        client, fake_stripe, invoice, django_capture_on_commit_callbacks):
    intent_id, _ = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=invoice.total, reference="KBANK-9",
                                          actor=Actor())

    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, event("payment_intent.succeeded", fake_stripe.succeed(intent_id)))

    invoice.refresh_from_db()
    assert (invoice.payment_method, invoice.payment_reference) == (PaymentMethod.BANK_TRANSFER, "KBANK-9")
    assert _paid_journals(invoice) == 1
    assert ContractEvent.objects.filter(type="invoice_card_payment_refused").count() == 1


def test_other_references_and_other_events_are_left_alone(client, fake_stripe, invoice,
                                                          django_capture_on_commit_callbacks):
    foreign = {"id": "pi_foreign", "object": "payment_intent", "status": "succeeded", "amount": 1605000,
               "amount_received": 1605000, "currency": "thb", "metadata": {"homenet_reference": "donation:1"}}
    intent_id, _ = invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())

    with django_capture_on_commit_callbacks(execute=True):
        other_app = deliver(client, event("payment_intent.succeeded", foreign))
        failed = deliver(client, event("payment_intent.payment_failed", fake_stripe.fail(intent_id)))

    assert other_app.json()["outcome"] == "applied" and failed.json()["outcome"] == "ignored"
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED and LedgerJournal.objects.count() == 0


def test_paid_or_void_invoices_cannot_start_a_card_payment(fake_stripe, invoice):
    invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=invoice.total, reference="T", actor=Actor())

    with pytest.raises(ValidationError) as paid:
        invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.VOID)
    with pytest.raises(ValidationError) as void:
        invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())

    assert (error_code(paid.value), error_code(void.value)) == ("ALREADY_PAID", "INVALID_STATUS")
    assert fake_stripe.created("/v1/payment_intents") == []


def test_gateway_errors_are_reported_and_nothing_is_written(fake_stripe, settings, variant, invoice):
    tiny = invoices.deposit_invoice_issue(
        contract=create_contract(create_oem_client(), variant, quantity=1, unit_price="10.00", deposit_percent="50"),
        actor=Actor())  # 5.35 THB, below Stripe's minimum
    with pytest.raises(ValidationError) as below_minimum:
        invoices.invoice_card_payment_start(invoice_id=tiny.pk, actor=Actor())
    settings.STRIPE_SECRET_KEY = "sk_test_wrong"
    with pytest.raises(ValidationError) as refused:
        invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ValidationError) as not_configured:
        invoices.invoice_card_payment_start(invoice_id=invoice.pk, actor=Actor())

    assert {error_code(e.value) for e in (below_minimum, refused, not_configured)} == {"PAYMENT_GATEWAY_ERROR"}
    assert Invoice.objects.exclude(stripe_payment_intent="").count() == 0
    assert fake_stripe.intents == {}
