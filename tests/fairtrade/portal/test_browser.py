"""The statements pages in a real headless Chromium on a small phone screen.

As in ``tests/cooperatives/portal/test_browser.py``: Debian's ``chromium``
driven by Playwright in a thread of its own (the ORM stays in the test thread).
The screenshot is kept in ``.data/artifacts/portal-statements.png`` (ignored by git).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.account import PASSWORD
from tests.factories.cooperatives import create_member

from ..statements import generate, sell

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / ".data" / "artifacts"
SCREENSHOT = ARTIFACTS / "portal-statements.png"
PHONE = {"width": 360, "height": 740}
BROWSER_TIMEOUT_SECONDS = 120


def _browse(base_url: str, *, number: str, email: str) -> dict:
    """Log in, go from the orders to the statements, open the statement; returns what was measured."""
    from playwright.sync_api import expect, sync_playwright

    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                          locale="th-TH", timezone_id="Asia/Bangkok")
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto(f"{base_url}/portal/login/")
            page.get_by_label("อีเมล", exact=True).fill(email)
            page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            expect(page.get_by_role("heading", name="ออเดอร์ของกลุ่ม")).to_be_visible()

            page.get_by_role("link", name="ใบแจ้งยอดเงิน").click()
            expect(page.get_by_role("heading", name="ใบแจ้งยอดเงินของกลุ่ม")).to_be_visible()
            card = page.get_by_role("link", name=re.compile(f"ใบแจ้งยอด {re.escape(number)}"))
            expect(card).to_contain_text("฿330.00")
            expect(card).to_contain_text("กำลังตรวจสอบ")
            seen["page_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=SCREENSHOT, full_page=True)

            card.click()
            expect(page.get_by_role("heading", name=f"ใบแจ้งยอด {number}")).to_be_visible()
            expect(page.get_by_text("เงินพรีเมียมเข้ากองทุนกลุ่ม")).to_be_visible()
            seen["detail_width"] = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    return seen


def test_a_member_reads_her_groups_statement_on_a_small_phone(live_server, channel, groups,
                                                               django_capture_on_commit_callbacks):
    assert CHROMIUM.exists(), "Chromium is missing: run bin/setup (it installs Debian's chromium)"
    member = create_member(groups[0], email="somsri@example.com")
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(_browse, live_server.url, number=statement.number, email=member.email).result(
            timeout=BROWSER_TIMEOUT_SECONDS)

    assert seen["page_width"] <= PHONE["width"] and seen["detail_width"] <= PHONE["width"]
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 0
