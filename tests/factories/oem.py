"""OEM clients, quotes and contracts for the oem_orders tests.

``create_contract`` writes the rows directly (no services), so the tests of a later
step (allocation, production, invoices) need not run the earlier ones; the
services' own tests cover how the rows come about.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from oem_orders.models import (
    Contract,
    ContractStatus,
    OemClient,
    OemClientMember,
    OemClientRole,
    Quote,
    QuotePriceTier,
    QuoteRequest,
    QuoteRequestStatus,
    QuoteStatus,
    SampleStatus,
)
from tests.factories.account import create_address, create_user

_seq = itertools.count(1)



def thai_tax_id(first12: str) -> str:
    """Append the Revenue Department's check digit: (11 - sum(d_i * (13 - i)) mod 11) mod 10."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def create_oem_client(name=None, *, tax_id=None, **fields) -> OemClient:
    n = next(_seq)
    defaults = {
        "name": name or f"Brand Company {n} Co., Ltd.",
        "country": "TH",
        "tax_id": tax_id or thai_tax_id(f"0105{n:08d}"),
        "branch_code": "00000",
        "billing_address": create_address(company_name=name or f"Brand Company {n} Co., Ltd."),
        "contact_name": f"Buyer {n}",
        "contact_email": f"buyer{n}@brand{n}.example.com",
    }
    defaults.update(fields)
    return OemClient.objects.create(**defaults)


def create_client_member(client, *, role=OemClientRole.MEMBER, email=None, **extra):
    user = create_user(email or f"oem{next(_seq)}@example.com", **extra)
    OemClientMember.objects.create(client=client, user=user, role=role)
    return user


def create_quote_request(client, variant=None, *, quantity=500, sample_wanted=False, days=60, **fields) -> QuoteRequest:
    n = next(_seq)
    values = {
        "number": f"RFQ-T-{n:05d}", "client": client, "variant": variant, "quantity": quantity,
        "target_delivery_date": timezone.localdate() + timedelta(days=days), "sample_wanted": sample_wanted,
        "custom_spec": "" if variant else "Tote bag, 38 x 42 cm, hand-woven cotton, brand label inside",
    }
    values.update(fields)
    return QuoteRequest.objects.create(**values)


def create_quote(request, variant, *, tiers=((100, "120.00"), (500, "100.00")), moq=100, lead_time_days=30,
                 valid_days=30, status=QuoteStatus.SENT, **fields) -> Quote:
    n = next(_seq)
    values = {
        "number": f"QT-T-{n:05d}", "request": request, "client": request.client, "variant": variant,
        "description": "Hand-woven cotton tote bag with the client's label", "quantity": request.quantity,
        "minimum_order_quantity": moq, "lead_time_days": lead_time_days,
        "valid_until": timezone.localdate() + timedelta(days=valid_days), "status": status,
    }
    values.update(fields)
    quote = Quote.objects.create(**values)
    QuotePriceTier.objects.bulk_create(
        QuotePriceTier(quote=quote, min_quantity=m, unit_price=Decimal(p)) for m, p in tiers
    )
    if request.status == QuoteRequestStatus.OPEN:
        request.status = QuoteRequestStatus.QUOTED
        request.save(update_fields=["status"])
    return quote


def create_contract(client, variant, *, quantity=500, unit_price="100.00", status=ContractStatus.AWAITING_DEPOSIT,
                    sample_wanted=False, deposit_percent="50", over_delivery_percent="5", days=60, **fields) -> Contract:
    """An accepted quote and its contract, written directly."""
    request = create_quote_request(client, variant, quantity=quantity, sample_wanted=sample_wanted, days=days)
    quote = create_quote(request, variant, tiers=((1, unit_price),), moq=1, status=QuoteStatus.ACCEPTED)
    request.status = QuoteRequestStatus.ACCEPTED
    request.save(update_fields=["status"])
    n = next(_seq)
    values = {
        "number": f"OEM-T-{n:05d}", "client": client, "quote": quote, "variant": variant,
        "description": quote.description, "quantity": quantity, "unit_price": Decimal(unit_price),
        "deposit_percent": Decimal(deposit_percent), "invoice_due_days": 15,
        "over_delivery_percent": Decimal(over_delivery_percent), "lead_time_days": 30,
        "delivery_date": request.target_delivery_date,
        "sample_status": SampleStatus.PENDING if sample_wanted else SampleStatus.NOT_REQUIRED, "status": status,
    }
    values.update(fields)
    return Contract.objects.create(**values)
