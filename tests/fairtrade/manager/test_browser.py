"""The margins page in a real headless Chromium: log in, see the charts and the table, download the workbook.

Debian's ``chromium`` (installed by ``bin/setup``) is driven by Playwright, as in
the portal's browser test; the browser runs in a thread of its own (Playwright's
sync API runs an asyncio loop, and Django refuses ORM calls from such a thread).
The screenshot is kept in ``.data/artifacts/manager-margins.png`` (ignored by git).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from shop.account.permissions import PermissionEnum
from tests.factories.account import PASSWORD, create_staff

from ..margin_scenario import sell_scarves_and_baskets

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / ".data" / "artifacts"
SCREENSHOT = ARTIFACTS / "manager-margins.png"
DESKTOP = {"width": 1280, "height": 900}
BROWSER_TIMEOUT_SECONDS = 120


def _browse(base_url: str, *, email: str, query: str, download_dir: Path) -> dict:
    """Log in, open the margins, download the workbook; returns what was seen."""
    from playwright.sync_api import expect, sync_playwright

    seen: dict = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        try:
            context = browser.new_context(viewport=DESKTOP, locale="th-TH", timezone_id="Asia/Bangkok",
                                          accept_downloads=True)
            context.set_default_timeout(15_000)
            requests_out: list[str] = []
            context.on("request", lambda request: requests_out.append(request.url))
            page = context.new_page()

            page.goto(f"{base_url}/manager/margins/?{query}")
            expect(page.get_by_role("heading", name="เข้าสู่ระบบหน้าผู้จัดการ")).to_be_visible()
            page.get_by_label("อีเมล", exact=True).fill(email)
            page.get_by_label("รหัสผ่าน", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()

            expect(page.get_by_role("heading", name="ส่วนต่างและส่วนแบ่ง: เงินจากการขายแต่ละครั้งไปที่ไหน")).to_be_visible()
            expect(page.locator("#margins tbody tr")).to_have_count(2)
            seen["total_gross"] = page.locator("#margins tfoot td").first.inner_text()
            seen["svg_sizes"] = page.eval_on_selector_all(
                ".charts svg", "svgs => svgs.map(s => [Math.round(s.getBoundingClientRect().width),"
                               " Math.round(s.getBoundingClientRect().height)])")
            seen["bars"] = page.locator("#chart-per-group svg .rect").count()
            seen["page_width"] = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=SCREENSHOT, full_page=True)

            with page.expect_download() as download_info:
                page.get_by_role("link", name="ดาวน์โหลด Excel (XLSX)").click()
            download = download_info.value
            seen["filename"] = download.suggested_filename
            path = download_dir / download.suggested_filename
            download.save_as(path)
            seen["xlsx"] = path
            seen["outside"] = [url for url in requests_out if not url.startswith(base_url)]
        finally:
            browser.close()
    return seen


def test_a_manager_reads_the_margins_and_downloads_the_workbook(
    live_server, channel, groups, django_capture_on_commit_callbacks, settings, tmp_path
):
    assert CHROMIUM.exists(), "Chromium is missing: run bin/setup (it installs Debian's chromium)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    sell_scarves_and_baskets(channel, groups, django_capture_on_commit_callbacks, settings)
    manager = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])
    today = timezone.localdate().isoformat()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(_browse, live_server.url, email=manager.email, download_dir=tmp_path,
                           query=f"date_from={today}&date_to={today}&group_by=producer_group").result(
            timeout=BROWSER_TIMEOUT_SECONDS)

    assert seen["total_gross"] == "1,280.00"
    assert len(seen["svg_sizes"]) == 2 and all(width > 300 and height > 150 for width, height in seen["svg_sizes"])
    assert seen["bars"] >= 6  # 2 groups x (producer share, premium, margin)
    assert seen["page_width"] <= DESKTOP["width"]  # no sideways scrolling
    assert seen["outside"] == []  # the page needs no network
    assert seen["filename"].endswith(".xlsx")
    sheet = load_workbook(seen["xlsx"]).active
    rows = list(sheet.iter_rows(values_only=True))
    total = next(row for row in rows if row and row[0] == "total")
    assert total[3] == pytest.approx(1280.00) and total[8] == pytest.approx(822.35)
    assert SCREENSHOT.exists()
