"""The client's mutations on its own objects: accept a quote (-> contract), decline, review the sample,
start a card payment; bad input answers its code and writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from oem_orders.models import Contract, Quote, QuoteStatus, SampleReview, SampleStatus
from tests.factories.oem import create_quote, create_quote_request

from .conftest import Api, gid
from .queries import (
    MUTATION_CARD_PAYMENT_START,
    MUTATION_QUOTE_ACCEPT,
    MUTATION_QUOTE_DECLINE,
    MUTATION_SAMPLE_APPROVE,
)
from .test_scope import _snapshot

pytestmark = pytest.mark.django_db


def _data(result, name):
    assert "errors" not in result, result
    return result["data"][name]


def _refused(api, mutation, variables, name) -> dict:
    before = _snapshot()
    payload = _data(api.execute(mutation, variables), name)
    assert len(payload["errors"]) == 1, payload
    assert _snapshot() == before, "a refusal writes nothing"
    return payload["errors"][0]


def test_token_accepts_a_quote_and_gets_a_contract(world_a, variant):
    request = create_quote_request(world_a.client, variant, quantity=300)
    quote = create_quote(request, variant, tiers=((100, "120.00"), (250, "110.00")))
    payload = _data(Api(token=world_a.raw_token).execute(MUTATION_QUOTE_ACCEPT, {"id": gid("OemQuote", quote),
                                                                                 "quantity": 260}), "oemQuoteAccept")
    assert payload["errors"] == []
    contract = payload["contract"]
    assert contract["status"] == "AWAITING_DEPOSIT" and contract["quantity"] == 260
    assert contract["unitPrice"] == {"amount": 110.0}
    saved = Contract.objects.get(quote=quote)
    assert saved.events.filter(token=world_a.token).exists(), "the audit row names the token"


def test_accept_below_the_minimum_and_expired_are_refused(world_a, variant):
    api = Api(user=world_a.member)
    request = create_quote_request(world_a.client, variant, quantity=300)
    quote = create_quote(request, variant, moq=100)
    error = _refused(api, MUTATION_QUOTE_ACCEPT, {"id": gid("OemQuote", quote), "quantity": 99}, "oemQuoteAccept")
    assert (error["field"], error["code"]) == ("quantity", "QUANTITY_BELOW_MINIMUM")
    Quote.objects.filter(pk=quote.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    error = _refused(api, MUTATION_QUOTE_ACCEPT, {"id": gid("OemQuote", quote)}, "oemQuoteAccept")
    assert error["code"] == "QUOTE_EXPIRED"


def test_decline_says_why(world_a):
    api = Api(token=world_a.raw_token)
    error = _refused(api, MUTATION_QUOTE_DECLINE, {"id": gid("OemQuote", world_a.quote), "reason": "  "},
                     "oemQuoteDecline")
    assert (error["field"], error["code"]) == ("reason", "REQUIRED")
    payload = _data(api.execute(MUTATION_QUOTE_DECLINE, {"id": gid("OemQuote", world_a.quote),
                                                         "reason": "Another supplier"}), "oemQuoteDecline")
    assert payload["quote"] == {"status": "DECLINED", "declineReason": "Another supplier"}
    assert Quote.objects.get(pk=world_a.quote.pk).status == QuoteStatus.DECLINED


def test_sample_reject_needs_comments_then_approve(world_a):
    api = Api(user=world_a.admin)
    contract_id = gid("OemContract", world_a.sample_contract)
    error = _refused(api, MUTATION_SAMPLE_APPROVE, {"id": contract_id, "approved": False}, "oemSampleApprove")
    assert (error["field"], error["code"]) == ("comments", "REQUIRED")
    payload = _data(api.execute(MUTATION_SAMPLE_APPROVE, {"id": contract_id, "approved": True, "comments": "Good"}),
                    "oemSampleApprove")
    assert payload == {"contract": {"sampleStatus": "APPROVED"}, "errors": []}
    assert SampleReview.objects.get(contract=world_a.sample_contract).reviewed_by == world_a.admin
    world_a.sample_contract.refresh_from_db()
    assert world_a.sample_contract.sample_status == SampleStatus.APPROVED


def test_sample_on_a_contract_without_one_is_refused(world_a):
    error = _refused(Api(token=world_a.raw_token), MUTATION_SAMPLE_APPROVE,
                     {"id": gid("OemContract", world_a.contract), "approved": True}, "oemSampleApprove")
    assert error["code"] == "SAMPLE_NOT_REQUIRED"


def test_card_payment_start_answers_the_intent(world_a, settings, monkeypatch):
    from shop.payment.gateways import stripe_gateway

    settings.STRIPE_SECRET_KEY = "sk_test_x"
    calls = []

    def fake_intent(**kwargs):
        calls.append(kwargs)
        return {"id": "pi_123", "client_secret": "pi_123_secret_abc"}

    monkeypatch.setattr(stripe_gateway, "payment_intent_for_reference", fake_intent)
    payload = _data(Api(token=world_a.raw_token).execute(MUTATION_CARD_PAYMENT_START,
                                                         {"id": gid("OemInvoice", world_a.invoice)}),
                    "oemInvoiceCardPaymentStart")
    assert payload == {"paymentIntentId": "pi_123", "clientSecret": "pi_123_secret_abc",
                       "invoice": {"number": world_a.invoice.number}, "errors": []}
    assert calls[0]["reference"] == f"oem_invoice:{world_a.invoice.pk}"
    world_a.invoice.refresh_from_db()
    assert world_a.invoice.stripe_payment_intent == "pi_123"


def test_card_payment_without_stripe_is_a_gateway_error(world_a, settings):
    settings.STRIPE_SECRET_KEY = ""
    error = _refused(Api(user=world_a.member), MUTATION_CARD_PAYMENT_START, {"id": gid("OemInvoice", world_a.invoice)},
                     "oemInvoiceCardPaymentStart")
    assert error["code"] == "PAYMENT_GATEWAY_ERROR"
