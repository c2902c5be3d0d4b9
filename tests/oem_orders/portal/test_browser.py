"""The OEM portal pages in a real headless Chromium on a small phone: log in, open the new work,
accept it, report progress.  As the cooperatives portal's browser test (Debian's chromium,
Playwright in a thread of its own).  Screenshots: ``.data/artifacts/portal-oem-*.png``."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from cooperatives.models import MembershipRole
from oem_orders.models import Allocation, AllocationStatus, ContractStatus, MilestoneKind
from tests.factories.account import PASSWORD
from tests.factories.cooperatives import create_member
from tests.factories.oem import create_contract, create_oem_client

from ..manager.scenario import create_allocation, milestone

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / ".data" / "artifacts"
PHONE = {"width": 360, "height": 740}
BROWSER_TIMEOUT_SECONDS = 120


def _browse(base_url: str, *, email: str, number: str) -> dict:
    from playwright.sync_api import expect, sync_playwright

    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                          locale="th-TH", timezone_id="Asia/Bangkok")
            context.set_default_timeout(15_000)
            page = context.new_page()

            page.goto(f"{base_url}/portal/oem/")
            page.get_by_label("อีเมล", exact=True).fill(email)
            page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()

            expect(page.get_by_role("heading", name="งาน OEM สำหรับลูกค้าแบรนด์")).to_be_visible()
            seen["list_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=ARTIFACTS / "portal-oem-1-list.png", full_page=True)

            page.get_by_role("link", name=re.compile(f"สัญญา {re.escape(number)}")).click()
            expect(page.get_by_role("heading", name=f"สัญญา {number}")).to_be_visible()
            page.get_by_role("button", name="รับทำ", exact=True).click()
            expect(page.get_by_role("status")).to_contain_text("กลุ่มของคุณรับงานนี้แล้ว")
            page.get_by_label("ทำเสร็จแล้วกี่ชิ้น (รวมทั้งหมด)").fill("20")
            page.get_by_role("button", name="บันทึก", exact=True).click()
            expect(page.get_by_role("status")).to_contain_text("ทำเสร็จ 20 จาก 80 ชิ้น")
            seen["detail_width"] = page.evaluate("document.documentElement.scrollWidth")
            seen["advance_default"] = page.get_by_label("จำนวนเงิน (บาท)").input_value()
            page.screenshot(path=ARTIFACTS / "portal-oem-2-detail.png", full_page=True)
        finally:
            browser.close()
    return seen


def test_a_group_leader_accepts_oem_work_and_reports_progress(live_server, groups, variant):
    assert CHROMIUM.exists(), "Chromium is missing: run bin/setup (it installs Debian's chromium)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    member = create_member(groups[0], email="somsri@example.com", role=MembershipRole.LEADER)
    contract = create_contract(create_oem_client(), variant, quantity=120, status=ContractStatus.IN_PRODUCTION)
    allocation = create_allocation(contract, groups[0], quantity=80, status=AllocationStatus.PROPOSED)
    create_allocation(contract, groups[1], quantity=40)
    milestone(contract, MilestoneKind.MATERIALS_READY, 7, allocation=allocation)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(_browse, live_server.url, email=member.email, number=contract.number).result(
            timeout=BROWSER_TIMEOUT_SECONDS)

    allocation = Allocation.objects.get(pk=allocation.pk)
    assert allocation.status == AllocationStatus.ACCEPTED and allocation.quantity_done == 20
    assert seen["list_width"] <= PHONE["width"] and seen["detail_width"] <= PHONE["width"]
    assert seen["advance_default"] == "1800.00"  # 50 % of 80 x ฿45.00
