"""The manager's OEM page in a real headless Chromium: log in, read the pipeline chart, the late
milestones and the money per contract, open a contract.

As fairtrade's manager browser test: Debian's ``chromium`` (installed by ``bin/setup``)
driven by Playwright in a thread of its own (Playwright's sync API runs an asyncio
loop, and Django refuses ORM calls from such a thread).  The screenshot is kept in
``.data/artifacts/manager-oem.png`` (the contract: ``manager-oem-contract.png``; ignored by git).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from shop.account.permissions import PermissionEnum
from tests.factories.account import PASSWORD, create_staff

from .scenario import oem_book

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / ".data" / "artifacts"
SCREENSHOT = ARTIFACTS / "manager-oem.png"
CONTRACT_SCREENSHOT = ARTIFACTS / "manager-oem-contract.png"
DESKTOP = {"width": 1280, "height": 900}
BROWSER_TIMEOUT_SECONDS = 120


def _browse(base_url: str, *, email: str, contract_number: str) -> dict:
    """Log in, read the OEM overview, open one contract; returns what was seen."""
    from playwright.sync_api import expect, sync_playwright

    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(viewport=DESKTOP, locale="th-TH", timezone_id="Asia/Bangkok")
            context.set_default_timeout(15_000)
            requests_out: list[str] = []
            context.on("request", lambda request: requests_out.append(request.url))
            page = context.new_page()

            page.goto(f"{base_url}/manager/oem/")
            expect(page.get_by_role("heading", name="เข้าสู่ระบบหน้าผู้จัดการ")).to_be_visible()
            page.get_by_label("อีเมล", exact=True).fill(email)
            page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()

            expect(page.get_by_role("heading", name="สัญญา OEM: สถานะงาน ขั้นตอนที่ล่าช้า และการเงิน")).to_be_visible()
            expect(page.locator("#contracts tbody tr")).to_have_count(2)
            seen["late_rows"] = page.locator("#late-milestones tbody tr").count()
            seen["share"] = page.locator(f'#contracts tr[data-number="{contract_number}"] td').nth(5).inner_text()
            seen["svg_sizes"] = page.eval_on_selector_all(
                ".charts svg", "svgs => svgs.map(s => [Math.round(s.getBoundingClientRect().width),"
                               " Math.round(s.getBoundingClientRect().height)])")
            seen["bars"] = page.locator("#chart-pipeline svg .rect").count()
            seen["page_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=SCREENSHOT, full_page=True)

            page.get_by_role("link", name=contract_number).first.click()
            expect(page.get_by_role("heading", name=f"สัญญา {contract_number}")).to_be_visible()
            seen["contract_status"] = page.locator("#contract-status").inner_text()
            seen["contract_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=CONTRACT_SCREENSHOT, full_page=True)
            seen["outside"] = [url for url in requests_out if not url.startswith(base_url)]
        finally:
            browser.close()
    return seen


def test_a_manager_reads_the_oem_page_and_opens_a_contract(live_server, groups, variant):
    assert CHROMIUM.exists(), "Chromium is missing: run bin/setup (it installs Debian's chromium)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    with transaction.atomic():
        book = oem_book(groups, variant)
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(_browse, live_server.url, email=manager.email,
                           contract_number=book.running.number).result(timeout=BROWSER_TIMEOUT_SECONDS)

    assert seen["late_rows"] == 2
    assert seen["share"] == "14,850.00"
    assert len(seen["svg_sizes"]) == 1 and all(w > 300 and h > 150 for w, h in seen["svg_sizes"])
    assert seen["bars"] >= 2  # awaiting deposit, in production (zero bars may be drawn too)
    assert seen["page_width"] <= DESKTOP["width"]  # no sideways scrolling
    assert seen["contract_status"] == "กำลังผลิต" and seen["contract_width"] <= DESKTOP["width"]
    assert seen["outside"] == []  # the pages need no network
    assert SCREENSHOT.exists()
