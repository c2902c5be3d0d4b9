"""Producer groups, offers and paid orders for the cooperatives tests."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.db import transaction

from cooperatives.models import Membership, MembershipRole, ProducerGroup, ProducerOffer
from shop.checkout.complete import checkout_complete
from shop.checkout.delivery import checkout_pricing
from shop.warehouse.models import Stock
from tests.factories.account import create_user
from tests.factories.catalog import create_warehouse
from tests.factories.checkout import create_checkout
from tests.factories.payment import create_transaction

_seq = itertools.count(1)


def create_group(channel, *, slug=None, region="north", members=12, women=11, **fields) -> ProducerGroup:
    n = next(_seq)
    warehouse = create_warehouse(channel, name=f"Weavers {n}")
    defaults = {
        "slug": slug or f"weavers-{n}", "name_en": f"Weavers Group {n}", "name_th": f"กลุ่มทอผ้า {n}",
        "region": region, "province_code": "50", "district_code": "5004", "members_count": members,
        "women_members_count": women, "contact_email": f"group{n}@example.com", "contact_name": f"Contact {n}",
        "crafts": ["cotton"], "warehouse": warehouse,
    }
    defaults.update(fields)
    return ProducerGroup.objects.create(**defaults)


def create_member(group, *, role=MembershipRole.MEMBER, email=None, **extra):
    user = create_user(email or f"member{next(_seq)}@example.com", **extra)
    Membership.objects.create(group=group, user=user, role=role)
    return user


def create_offer(group, variant, *, stock=None, priority=100, lead_time_days=3, weekly_capacity=0) -> ProducerOffer:
    """The group makes the variant; ``stock`` units are put in its warehouse (when given)."""
    if stock is not None:
        Stock.objects.update_or_create(warehouse=group.warehouse, product_variant=variant,
                                       defaults={"quantity": stock})
    return ProducerOffer.objects.create(group=group, variant=variant, priority=priority,
                                        lead_time_days=lead_time_days, weekly_capacity=weekly_capacity)


def place_paid_order(channel, lines, *, email="buyer@example.com", paid=True):
    """Checkout, dummy payment of the whole total, checkoutComplete (events run when the caller
    captures on-commit callbacks)."""
    checkout = create_checkout(channel, lines, email=email)
    if paid:
        total = checkout_pricing(checkout, list(checkout.lines.select_related("variant"))).totals.total.gross.amount
        create_transaction(checkout=checkout, charged=Decimal(total), psp_reference=f"psp-{checkout.pk}")
        with transaction.atomic():
            return checkout_complete(token=checkout.pk, charged_amount=Decimal(total))
    with transaction.atomic():
        return checkout_complete(token=checkout.pk)
