"""Demo shipping: one Thailand zone with three weight-based methods and Thai names.

Prices are THB with VAT, set in 2026 to be close to what shoppers pay at the
counter (Thailand Post registered parcel and EMS) and at a private courier;
the courier ("Siam Swift Express") is fictional.  Delivery days are
business days.  Runs on every ``populatedb`` and adds only what is missing,
so a demo database loaded before shipping existed gets it too.
"""

from __future__ import annotations

from django.db import transaction

from shop.channel.models import Channel
from shop.shipping.models import ShippingMethodType, ShippingZone
from shop.shipping.services import (
    shipping_method_create,
    shipping_method_listing_set,
    shipping_method_translation_set,
    shipping_zone_create,
)
from shop.warehouse.models import Warehouse

from .common import THAI
from .content import CHANNEL
from .editorjs import paragraphs

ZONE_NAME = "Thailand"

# (name, Thai name, min days, max days, max grams, [(up to grams, THB)], free above THB, description, Thai description)
METHODS = [
    (
        "Thailand Post registered parcel", "ไปรษณีย์ลงทะเบียน", 3, 5, 2000,
        [(250, "32.00"), (500, "38.00"), (1000, "48.00"), (2000, "68.00")], None,
        "Tracked, signed for on delivery. The cheapest way for light parcels up to 2 kg.",
        "มีเลขติดตามพัสดุ ผู้รับลงชื่อรับ ประหยัดที่สุดสำหรับพัสดุไม่เกิน 2 กก.",
    ),
    (
        "Thailand Post EMS", "ไปรษณีย์ด่วนพิเศษ (EMS)", 1, 2, 20000,
        [(250, "45.00"), (500, "55.00"), (1000, "70.00"), (2000, "100.00"), (3000, "140.00"),
         (5000, "210.00"), (10000, "330.00"), (20000, "520.00")], None,
        "Express delivery next business day to most addresses, up to 20 kg.",
        "ส่งด่วนถึงปลายทางส่วนใหญ่ในวันทำการถัดไป รับน้ำหนักสูงสุด 20 กก.",
    ),
    (
        "Siam Swift Express", "สยามสวิฟต์ เอ็กซ์เพรส", 1, 3, 20000,
        [(1000, "39.00"), (3000, "59.00"), (5000, "79.00"), (10000, "119.00"), (20000, "189.00")], "1500.00",
        "Private courier with doorstep delivery. Free on orders of THB 1,500 or more.",
        "บริการขนส่งเอกชน ส่งถึงหน้าบ้าน ส่งฟรีเมื่อสั่งซื้อครบ 1,500 บาท",
    ),
]


@transaction.atomic
def shipping_demo_load() -> int:
    """Create the demo zone and methods unless the zone exists; returns how many methods were created."""
    channel = Channel.objects.filter(slug=CHANNEL["slug"]).first()
    if channel is None or ShippingZone.objects.filter(name=ZONE_NAME, channels=channel).exists():
        return 0
    zone = shipping_zone_create(
        name=ZONE_NAME, countries=["TH"], channels=[channel], warehouses=Warehouse.objects.all(),
        description="All 77 provinces. Each producer group ships from its own village.",
    )
    for name, name_th, min_days, max_days, max_grams, brackets, free_above, text, text_th in METHODS:
        method = shipping_method_create(
            zone=zone, name=name, type=ShippingMethodType.WEIGHT, maximum_order_weight_grams=max_grams,
            minimum_delivery_days=min_days, maximum_delivery_days=max_days,
            description=paragraphs([text], f"shipping:{name}"),
        )
        shipping_method_listing_set(method=method, channel=channel, brackets=brackets, free_above=free_above)
        shipping_method_translation_set(
            method=method, language_code=THAI, name=name_th,
            description=paragraphs([text_th], f"shipping:{name}:th"),
        )
    return len(METHODS)
