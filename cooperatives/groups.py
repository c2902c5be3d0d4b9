"""Managing producer groups and their offers (staff)."""

from __future__ import annotations

import re

import geothai
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.text import slugify

from shop.account.models import Address
from shop.channel.models import Channel
from shop.warehouse.models import Warehouse

from .error_codes import ProducerGroupErrorCode as Code
from .models import PayoutMethod, ProducerGroup, ProducerOffer, Region

GROUP_FIELDS = (
    "name_th", "name_en", "region", "province_code", "district_code", "members_count", "women_members_count",
    "crafts", "founded_year", "story_th", "story_en", "contact_name", "contact_phone", "contact_email",
    "payout_method", "bank_name", "bank_account_name", "bank_account_number", "promptpay_id", "accept_hours",
    "is_active",
)
PROMPTPAY_ID = re.compile(r"^(0\d{9}|\d{13})$")  # mobile number or 13-digit citizen / tax id


def _error(field, message, code=Code.INVALID):
    return ValidationError({field: ValidationError(message, code=code.value)})


def _province(code: str):
    return next((p for p in geothai.provinces() if p.code == str(code)), None)


def group_clean(group: ProducerGroup) -> None:
    if group.region not in Region.values:
        raise _error("region", "Unknown region.")
    if not group.name_th.strip() or not group.name_en.strip():
        raise _error("name_th" if not group.name_th.strip() else "name_en", "Both names are required.", Code.REQUIRED)
    if _province(group.province_code) is None:
        raise _error("province_code", "Unknown Thai province code.")
    if group.district_code and group.district_code not in {d.code for d in geothai.districts(group.province_code)}:
        raise _error("district_code", "The district is not in the province.")
    if group.women_members_count > group.members_count:
        raise _error("women_members_count", "More women members than members.")
    digits = re.sub(r"[\s-]", "", group.promptpay_id or "")
    group.promptpay_id = digits
    if group.payout_method == PayoutMethod.PROMPTPAY and not PROMPTPAY_ID.match(digits):
        raise _error("promptpay_id", "A PromptPay id is a 10-digit mobile number or a 13-digit id.")
    if group.payout_method == PayoutMethod.BANK_TRANSFER and group.bank_account_number and not re.fullmatch(
        r"\d{10,15}", re.sub(r"[\s-]", "", group.bank_account_number)
    ):
        raise _error("bank_account_number", "A bank account number has 10 to 15 digits.")


def producer_group_create(*, slug: str, data: dict) -> ProducerGroup:
    """A new group with its own warehouse (ships for every channel), so it can hold stock."""
    slug = slugify(slug or data.get("name_en", ""))
    if not slug:
        raise _error("slug", "A slug is required.", Code.REQUIRED)
    if ProducerGroup.objects.filter(slug=slug).exists() or Warehouse.objects.filter(slug=slug).exists():
        raise _error("slug", "This slug is taken.", Code.UNIQUE)
    group = ProducerGroup(slug=slug, **{k: v for k, v in data.items() if k in GROUP_FIELDS})
    group_clean(group)
    province = _province(group.province_code)
    address = Address.objects.create(company_name=group.name_en, country="TH",
                                     country_area=province.name_en if province else "")
    group.warehouse = Warehouse.objects.create(name=group.name_en, slug=slug, address=address,
                                               email=group.contact_email or "", is_private=True)
    group.warehouse.channels.add(*Channel.objects.all())
    group.save()
    return group


def producer_group_update(*, group: ProducerGroup, data: dict) -> ProducerGroup:
    for key, value in data.items():
        if key in GROUP_FIELDS and value is not None:
            setattr(group, key, value)
    group_clean(group)
    group.save()
    return group


def offer_clean(offer: ProducerOffer) -> None:
    if offer.lead_time_days > 365:
        raise _error("lead_time_days", "A lead time is at most 365 days.")


def producer_offer_create(*, group: ProducerGroup, variant, data: dict) -> ProducerOffer:
    offer = ProducerOffer(group=group, variant=variant, **data)
    offer_clean(offer)
    try:
        offer.save()
    except IntegrityError:
        raise _error("variant", "The group already makes this variant.", Code.UNIQUE)
    return offer


def producer_offer_update(*, offer: ProducerOffer, data: dict) -> ProducerOffer:
    for key, value in data.items():
        if value is not None:
            setattr(offer, key, value)
    offer_clean(offer)
    offer.save()
    return offer


def producer_offer_delete(*, offer: ProducerOffer) -> None:
    """Offers with claims on capacity are switched off rather than deleted (claims keep history)."""
    if offer.claims.exists():
        offer.is_active = False
        offer.save(update_fields=["is_active"])
    else:
        offer.delete()
