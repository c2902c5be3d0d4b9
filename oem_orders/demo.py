"""Demo data for OEM (``manage.py populatedb``, after the cooperatives and fairtrade loaders).

One brand client, Siam Natural Brands Co., Ltd., with a member login
(``oem@example.com`` / ``oem``); one open request for quote (a custom tote bag), one
quote sent and waiting for the client, and one contract in production: 60
hand-woven cotton scarves, deposit paid by bank transfer, made by the two demo
groups that weave them (both accepted; the first has reported some units made).

Everything goes through the services (numbers, milestones, the deposit invoice
and its ledger posting, capacity claims, fair-trade terms), so the demo looks like
real use.  Idempotent: nothing is added once the client exists.  Without the demo
catalogue or groups (e.g. a shop loaded before cooperatives) it adds nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cooperatives.models import Membership, MembershipRole, ProducerGroup
from shop.catalog.models import ProductVariant, ProductVariantChannelListing
from shop.demo.data import PRODUCT_MAKERS

from .access import client_create, member_add
from .actors import Actor
from .allocation import AllocationPart, allocation_accept, allocations_set
from .invoices import invoice_lock, invoice_paid
from .models import InvoiceKind, OemClient, OemClientRole, PaymentMethod
from .production import production_report
from .quotes import quote_accept, quote_create, quote_request_create

CLIENT_NAME = "Siam Natural Brands Co., Ltd."
# 0105 (a Bangkok limited company) + 8 digits, then the Revenue Department's check digit.
CLIENT_TAX_ID = "0105564012347"
MEMBER_EMAIL = "oem@example.com"
MEMBER_PASSWORD = "oem"
PRODUCT_SLUG = "hand-woven-cotton-scarf-stripe-natural-white"
ADDRESS = {
    "first_name": "Pimchanok", "last_name": "Wongsuwan", "company_name": CLIENT_NAME,
    "street_address_1": "88 Sukhumvit 55 (Thong Lo)", "city": "Vadhana", "city_area": "Khlong Tan Nuea",
    "country_area": "Bangkok", "postal_code": "10110", "country": "TH", "phone": "02 123 4567",
}
VAT = Decimal("1.07")


def _user():
    users = get_user_model().objects
    return users.filter(email=MEMBER_EMAIL).first() or users.create_user(
        MEMBER_EMAIL, MEMBER_PASSWORD, first_name="Pimchanok", last_name="Wongsuwan", language_code="en"
    )


def _unit_price(variant) -> Decimal:
    """The wholesale price quoted: 85 % of the lowest shop price before VAT, whole baht."""
    price = (ProductVariantChannelListing.objects.filter(variant=variant).order_by("price_amount")
             .values_list("price_amount", flat=True).first()) or Decimal("450")
    return (price / VAT * Decimal("0.85")).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _leader(group):
    membership = (Membership.objects.filter(group=group, role=MembershipRole.LEADER).select_related("user")
                  .order_by("pk").first())
    return membership.user if membership else None


@transaction.atomic
def oem_demo_load() -> int:
    """Create the demo client and its work; returns 1 when it did, 0 when there was nothing to do."""
    if OemClient.objects.filter(tax_id=CLIENT_TAX_ID).exists():
        return 0
    variant = ProductVariant.objects.filter(product__slug=PRODUCT_SLUG).order_by("pk").first()
    groups = list(ProducerGroup.objects.filter(slug__in=PRODUCT_MAKERS.get(PRODUCT_SLUG, ())[:2]))
    if variant is None or len(groups) < 2:
        return 0
    groups.sort(key=lambda group: PRODUCT_MAKERS[PRODUCT_SLUG].index(group.slug))
    today = timezone.localdate()
    client = client_create(
        name=CLIENT_NAME, tax_id=CLIENT_TAX_ID, branch_code="00000", billing_address=ADDRESS,
        shipping_address=ADDRESS, contact_name="Pimchanok Wongsuwan", contact_email="buying@siamnatural.example.com",
        contact_phone="02 123 4567",
    )
    user = _user()
    member_add(client=client, user=user, role=OemClientRole.ADMIN)
    buyer = Actor(user=user)
    price = _unit_price(variant)

    # An open request: a custom product, waiting for staff to quote.
    quote_request_create(
        client=client, quantity=300, target_delivery_date=today + timedelta(days=90), sample_wanted=True,
        custom_spec="Tote bag 38 x 42 cm in hand-woven natural cotton, Siam Natural label sewn inside, "
                    "cotton webbing handles.",
        note="For our spring gift sets.", actor=buyer,
    )
    # A quote sent, waiting for the client's answer.
    asked = quote_request_create(client=client, variant=variant, quantity=120,
                                 target_delivery_date=today + timedelta(days=80), actor=buyer)
    quote_create(request=asked, variant=variant, description="Hand-woven cotton scarf, stripe, natural white, "
                 "with the client's swing tag", minimum_order_quantity=50,
                 tiers=[(50, price), (100, price - 15)], lead_time_days=45)
    # A contract in production, shared by the two groups that weave this scarf.
    ordered = quote_request_create(client=client, variant=variant, quantity=60,
                                   target_delivery_date=today + timedelta(days=70), actor=buyer)
    quote = quote_create(request=ordered, variant=variant, description="Hand-woven cotton scarf, stripe, natural "
                         "white, packed in tens", minimum_order_quantity=50, tiers=[(50, price)], lead_time_days=45)
    contract = quote_accept(quote_id=quote.pk, client=client, actor=buyer)
    deposit = contract.invoices.get(kind=InvoiceKind.DEPOSIT)
    invoice_paid(invoice=invoice_lock(deposit.pk), method=PaymentMethod.BANK_TRANSFER,
                 reference="KBANK transfer 2611-0042")
    allocations = allocations_set(contract=contract, parts=[AllocationPart(group=groups[0], quantity=36),
                                                            AllocationPart(group=groups[1], quantity=24)])
    for allocation in allocations:
        allocation_accept(allocation_id=allocation.pk, user=_leader(allocation.group))
    first = next(allocation for allocation in allocations if allocation.group_id == groups[0].pk)
    production_report(allocation_id=first.pk, quantity_done=12, note="First twelve off the loom.",
                      user=_leader(groups[0]))
    return 1
