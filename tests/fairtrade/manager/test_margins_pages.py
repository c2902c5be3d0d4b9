"""The manager pages: margins with charts, CSV and Excel exports, payables; staff who manage orders only."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shop.account.permissions import PermissionEnum
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member

from ..margin_scenario import sell_scarves_and_baskets

pytestmark = pytest.mark.django_db

MARGINS = reverse("fairtrade_manager:margins")
CSV = reverse("fairtrade_manager:margins-csv")
XLSX = reverse("fairtrade_manager:margins-xlsx")


@pytest.fixture
def sales(channel, groups, django_capture_on_commit_callbacks, settings):
    return sell_scarves_and_baskets(channel, groups, django_capture_on_commit_callbacks, settings)


@pytest.fixture
def manager_client(client):
    client.force_login(create_staff(permissions=[PermissionEnum.MANAGE_ORDERS]))
    return client


def _today_query(**extra):
    today = timezone.localdate().isoformat()
    return {"date_from": today, "date_to": today, **extra}


@pytest.mark.parametrize("url", [MARGINS, CSV, XLSX])
def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("fairtrade_manager:login") + "?next=")


@pytest.mark.parametrize("url", [MARGINS, CSV, XLSX])
@pytest.mark.parametrize("who", ["shopper", "staff_without_permission", "group_member"])
def test_users_who_do_not_manage_orders_get_403(client, groups, url, who):
    user = {
        "shopper": create_user,
        "staff_without_permission": lambda: create_staff(permissions=[PermissionEnum.MANAGE_PRODUCTS]),
        "group_member": lambda: create_member(groups[0]),
    }[who]()
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == 403
    assert b"<table" not in response.content  # no figures leak


def test_staff_log_in_with_email_and_land_on_the_margins(client):
    from tests.factories.account import PASSWORD

    staff = create_staff(permissions=[PermissionEnum.MANAGE_ORDERS])

    response = client.post(reverse("fairtrade_manager:login"), {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302 and response.url == MARGINS
    assert client.get(MARGINS).status_code == 200


def test_the_margins_page_shows_rows_totals_charts_and_payables_in_thai(manager_client, sales):
    response = manager_client.get(MARGINS, _today_query())

    assert response.status_code == 200
    page = response.content.decode()
    assert "ส่วนต่างและส่วนแบ่ง" in page and "ส่วนแบ่งผู้ผลิต" in page  # Thai first
    assert sales["north"].name_th in page and sales["north"].name_en in page
    assert "1,280.00" in page  # total gross
    assert "822.35" in page  # total margin
    assert page.count("<svg") == 2  # over time and per group, inline
    assert "<script src" not in page  # pygal's tooltips script (a CDN) is left out
    assert "http://kozea.github.io" not in page and "cdn" not in page.lower()
    report = response.context["report"]
    assert [row.gross for row in report.rows] == [Decimal("780.00"), Decimal("500.00")]
    payables = {row.group_id: row for row in response.context["payables"]}
    assert payables[sales["north"].pk].producer_payable == Decimal("450.00")
    assert payables[sales["northeast"].pk].group_fund_payable == Decimal("10.00")


def test_a_group_filter_narrows_the_table(manager_client, sales):
    response = manager_client.get(MARGINS, _today_query(group_by="product", group=sales["northeast"].pk))

    [basket] = response.context["report"].rows
    assert basket.gross == Decimal("500.00")
    assert response.context["report"].totals.gross == Decimal("500.00")


def test_bad_filters_show_the_form_with_an_error(manager_client, sales):
    today = timezone.localdate()

    response = manager_client.get(MARGINS, {"date_from": today.isoformat(),
                                            "date_to": (today - timezone.timedelta(days=3)).isoformat()})

    assert response.status_code == 400
    assert response.context["report"] is None
    assert response.context["form"].errors["date_to"]
    assert manager_client.get(CSV, {"group_by": "nonsense"}).status_code == 400


def test_the_csv_export_has_the_rows_the_totals_and_shipping(manager_client, sales):
    response = manager_client.get(CSV, _today_query(group_by="producer_group"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    north, northeast, total = rows[1], rows[2], rows[3]
    assert north[:3] == [str(sales["north"].pk), sales["north"].name_th, sales["north"].name_en]
    assert north[3:10] == ["780.00", "51.03", "450.00", "45.00", "23.40", "575.06", "-364.49"]
    assert north[10:] == ["57.69", "5.77", "73.73"]
    assert northeast[3] == "500.00"
    assert total[0] == "total" and total[3] == "1280.00" and total[8] == "822.35"
    shipping = {row[0]: row[3] for row in rows[5:]}
    assert shipping == {"shipping": "50.00", "shipping_vat": "3.27", "shipping_net": "46.73"}


def test_the_xlsx_export_has_numbers_not_text(manager_client, sales):
    response = manager_client.get(XLSX, _today_query(group_by="month"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(values) if row and row[0] in ("Key", "รหัส"))
    month, total = values[header_index + 1], values[header_index + 2]
    assert month[0] == timezone.localdate().strftime("%Y-%m")
    assert month[3] == pytest.approx(1280.00) and isinstance(month[3], int | float)  # a number, not text
    assert month[8] == pytest.approx(822.35)
    assert total[0] == "total" and total[3] == pytest.approx(1280.00)
