"""Demo producer groups: the 25 groups of shop.demo as ProducerGroup rows, their offers and a
leader login each.  Called by ``manage.py populatedb`` (settings.DEMO_DATA_LOADERS); idempotent.

Every demo product is made by the groups ``shop.demo.data.PRODUCT_MAKERS`` names (the
first leads: priority 1, then 2, 3); each offer takes made-to-order work too, with a
weekly capacity that depends on the craft.
"""

from __future__ import annotations

import hashlib

import geothai
from django.contrib.auth import get_user_model
from django.db import transaction

from shop.catalog.models import ProductVariant
from shop.demo.data import PRODUCER_GROUPS, PRODUCT_MAKERS
from shop.warehouse.models import Warehouse

from .models import Membership, MembershipRole, PayoutMethod, ProducerGroup, ProducerOffer

LEADER_PASSWORD = "producer"
FOOD_CRAFTS = {"herbal-tea", "chili-paste", "dried-fruit", "rice-crackers", "honey"}


def leader_email(slug: str) -> str:
    return f"{slug}@example.com"


def _district_code(group: dict) -> str:
    for district in geothai.districts(group["province_code"]):
        names = {district.name_en.lower(), district.name_th}
        if group["district_en"].lower() in names or group["district_th"] in names or (
            group["district_th"].removeprefix("เขต") in {n.removeprefix("เขต") for n in names}
        ):
            return district.code
    return ""


def _digits(slug: str, count: int) -> str:
    return str(int(hashlib.sha256(slug.encode()).hexdigest(), 16))[:count]


@transaction.atomic
def cooperatives_demo_load() -> int:
    """Create what is missing; returns how many groups were created."""
    warehouses = {w.slug: w for w in Warehouse.objects.filter(slug__in=[g["slug"] for g in PRODUCER_GROUPS])}
    existing = set(ProducerGroup.objects.values_list("slug", flat=True))
    created = []
    for index, group in enumerate(PRODUCER_GROUPS):
        if group["slug"] in existing or group["slug"] not in warehouses:
            continue
        promptpay = index % 2 == 0
        created.append(ProducerGroup(
            slug=group["slug"], name_th=group["name_th"], name_en=group["name_en"], region=group["region"],
            province_code=group["province_code"], district_code=_district_code(group),
            members_count=group["members"], women_members_count=group["women"], crafts=list(group["crafts"]),
            founded_year=group["founded"], story_th=group["story_th"], story_en=group["story_en"],
            contact_name=group["name_th"], contact_phone="08" + _digits(group["slug"], 8),
            contact_email=leader_email(group["slug"]),
            payout_method=PayoutMethod.PROMPTPAY if promptpay else PayoutMethod.BANK_TRANSFER,
            promptpay_id=("08" + _digits(group["slug"], 8)) if promptpay else "",
            bank_name="" if promptpay else "Bank for Agriculture and Agricultural Cooperatives",
            bank_account_name="" if promptpay else group["name_th"],
            bank_account_number="" if promptpay else _digits(group["slug"] + "-account", 12),
            warehouse=warehouses[group["slug"]],
        ))
    ProducerGroup.objects.bulk_create(created)
    groups = {g.slug: g for g in ProducerGroup.objects.all()}
    _offers_create(groups)
    _leaders_create([g for g in groups.values() if g.slug in {c.slug for c in created}])
    return len(created)


def _offers_create(groups: dict[str, ProducerGroup]) -> None:
    have = set(ProducerOffer.objects.values_list("group_id", "variant_id"))
    offers = []
    for variant_id, product_slug in ProductVariant.objects.values_list("pk", "product__slug"):
        for priority, slug in enumerate(PRODUCT_MAKERS.get(product_slug, ()), start=1):
            group = groups.get(slug)
            if group is None or (group.pk, variant_id) in have:
                continue
            food = bool(FOOD_CRAFTS & set(group.crafts))
            offers.append(ProducerOffer(
                group=group, variant_id=variant_id, priority=priority,
                lead_time_days=5 if food else 10 + 2 * priority, weekly_capacity=40 if food else 8,
            ))
    ProducerOffer.objects.bulk_create(offers)


def _leaders_create(groups: list[ProducerGroup]) -> None:
    users = get_user_model().objects
    for group in groups:
        user = users.filter(email=leader_email(group.slug)).first() or users.create_user(
            leader_email(group.slug), LEADER_PASSWORD, first_name=group.name_th[:30], language_code="th"
        )
        Membership.objects.get_or_create(group=group, user=user, defaults={"role": MembershipRole.LEADER})
