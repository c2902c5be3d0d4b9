"""The portal in a real headless Chromium on a small phone screen.

Debian's ``chromium`` (installed by ``bin/setup``) is driven by Playwright;
Playwright's own browser downloads are never used.  Playwright's sync API runs
an asyncio loop in the thread that calls it, and Django refuses ORM calls from
a thread with a running loop, so the browser runs in a thread of its own: the
test thread sets up and checks the database, the browser thread only clicks.
Screenshots are kept in ``.data/artifacts/portal-*.png`` (ignored by git).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from cooperatives.models import GroupShipment
from tests.factories.account import PASSWORD

from .conftest import lines_of

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / ".data" / "artifacts"
PHONE = {"width": 360, "height": 740}
BROWSER_TIMEOUT_SECONDS = 120


def _browse(base_url: str, *, number: str, email: str) -> dict:
    """Log in, open the new order, accept it, send it; returns what was measured on the way."""
    from playwright.sync_api import expect, sync_playwright

    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            # Root in a container: no user namespaces for Chromium's sandbox; /dev/shm may be small.
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                          locale="th-TH", timezone_id="Asia/Bangkok")
            context.set_default_timeout(15_000)
            page = context.new_page()

            page.goto(f"{base_url}/portal/")
            expect(page.get_by_role("heading", name="เข้าสู่ระบบเพื่อดูออเดอร์ของกลุ่ม")).to_be_visible()
            page.get_by_label("อีเมล", exact=True).fill(email)
            page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()

            expect(page.get_by_role("heading", name="ออเดอร์ของกลุ่ม")).to_be_visible()
            card = page.get_by_role("link", name=re.compile(f"ออเดอร์ {re.escape(number)}"))
            expect(card).to_contain_text("ตอบภายใน")
            expect(card).to_contain_text("เหลือเวลาอีก")
            expect(card).to_contain_text("฿1,170.00")
            seen["deadline"] = card.locator(".deadline strong").inner_text()
            seen["page_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=ARTIFACTS / "portal-1-orders.png", full_page=True)

            card.click()
            expect(page.get_by_role("heading", name=f"ออเดอร์ {number}")).to_be_visible()
            seen["touch_targets"] = page.eval_on_selector_all(
                "button, .btn, .back, .tabs a",
                "elements => elements.filter(e => e.offsetParent !== null)"
                ".map(e => Math.round(e.getBoundingClientRect().height))",
            )
            page.get_by_role("button", name="รับทำทั้งออเดอร์").click()
            expect(page.get_by_role("status")).to_contain_text("รับทำออเดอร์นี้")
            page.screenshot(path=ARTIFACTS / "portal-2-accepted.png", full_page=True)

            page.get_by_label("บริษัทขนส่ง", exact=True).fill("Thailand Post")
            page.get_by_label("เลขพัสดุ", exact=True).fill("EF123456789TH")
            page.get_by_role("button", name="บันทึก: ส่งพัสดุแล้ว").click()
            expect(page.get_by_role("status")).to_contain_text("EF123456789TH")
            expect(page.get_by_text("พัสดุที่ส่งแล้ว")).to_be_visible()
            seen["page_width_after"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=ARTIFACTS / "portal-3-shipped.png", full_page=True)
        finally:
            browser.close()
    return seen


def test_a_member_accepts_and_ships_an_order_on_a_small_phone(live_server, member, group_order):
    assert CHROMIUM.exists(), "Chromium is missing: run bin/setup (it installs Debian's chromium)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("portal-[0-9]-*.png"):
        old.unlink()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(_browse, live_server.url, number=group_order.number, email=member.email).result(
            timeout=BROWSER_TIMEOUT_SECONDS)

    assert seen["page_width"] <= PHONE["width"] and seen["page_width_after"] <= PHONE["width"]  # no sideways scrolling
    assert seen["touch_targets"] and min(seen["touch_targets"]) >= 48
    assert seen["deadline"].endswith(" น.")
    group_order.refresh_from_db()
    assert group_order.status == "shipped"
    assert [line.quantity_shipped for line in lines_of(group_order)] == [2, 1]
    shipment = GroupShipment.objects.get(group_order=group_order)
    assert (shipment.carrier, shipment.tracking_number, shipment.created_by) == ("Thailand Post", "EF123456789TH", member)
    assert sorted(path.name for path in ARTIFACTS.glob("portal-[0-9]-*.png")) == [
        "portal-1-orders.png", "portal-2-accepted.png", "portal-3-shipped.png"]
