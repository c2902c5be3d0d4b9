"""The manager's OEM pages: staff who manage orders only; the pipeline, late milestones, money per
contract (and its CSV), one contract in full; Thai first."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from oem_orders.models import ContractEvent, Inspection, InspectionPhoto, Shipment, ShipmentLine
from shop.account.permissions import PermissionEnum
from tests.factories.account import create_staff, create_user
from tests.factories.catalog import jpeg_bytes
from tests.factories.cooperatives import create_member

from .scenario import oem_book

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("oem_manager:overview")
CSV = reverse("oem_manager:contracts-csv")


@pytest.fixture
def book(groups, variant):
    return oem_book(groups, variant)


@pytest.fixture
def manager_client(client):
    client.force_login(create_staff(permissions=[PermissionEnum.MANAGE_ORDERS]))
    return client


def _contract_url(book):
    return reverse("oem_manager:contract", args=[book.running.pk])


def test_the_pages_live_under_manager_oem(book):
    assert OVERVIEW == "/manager/oem/"
    assert _contract_url(book) == f"/manager/oem/contracts/{book.running.pk}/"


@pytest.mark.parametrize("which", ["overview", "csv", "contract"])
def test_anonymous_visitors_are_sent_to_the_manager_login(client, book, which):
    url = {"overview": OVERVIEW, "csv": CSV, "contract": _contract_url(book)}[which]

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("fairtrade_manager:login") + "?next=")


@pytest.mark.parametrize("which", ["overview", "csv", "contract"])
@pytest.mark.parametrize("who", ["shopper", "staff_without_permission", "group_member"])
def test_users_who_do_not_manage_orders_get_403(client, book, groups, which, who):
    user = {
        "shopper": create_user,
        "staff_without_permission": lambda: create_staff(permissions=[PermissionEnum.MANAGE_PRODUCTS]),
        "group_member": lambda: create_member(groups[0]),
    }[who]()
    client.force_login(user)

    response = client.get({"overview": OVERVIEW, "csv": CSV, "contract": _contract_url(book)}[which])

    assert response.status_code == 403
    assert book.running.number.encode() not in response.content  # nothing leaks


def test_the_overview_shows_the_pipeline_late_milestones_and_money_in_thai(manager_client, book, groups):
    response = manager_client.get(OVERVIEW)

    assert response.status_code == 200
    page = response.content.decode()
    assert "สัญญา OEM" in page  # Thai first
    assert page.count("<svg") == 1 and "<script src" not in page  # the pipeline chart, inline, no CDN
    assert [row.days_late for row in response.context["late"]] == [3, 1]
    assert groups[0].name_th in page
    assert "50,000.00" in page and "14,850.00" in page and "29.70" in page and "6,750.00" in page
    assert response.context["totals"]["value"] == 62000
    assert 'href="/manager/oem/"' in page  # the manager menu links here


def test_english_on_the_switch(manager_client, book, settings):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = manager_client.get(OVERVIEW).content.decode()

    assert "Late milestones" in page and "Revenue and the groups' share per contract" in page.replace("&#x27;", "'")


def test_the_csv_has_a_row_per_contract_and_the_totals(manager_client, book):
    response = manager_client.get(CSV)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[book.running.number][3:] == ["50000.00", "50000.00", "25000.00", "14850.00", "29.70", "6750.00"]
    assert by_number[book.waiting.number][3:] == ["12000.00", "0.00", "0.00", "0.00", "", "0.00"]
    assert by_number["total"][3:] == ["62000.00", "50000.00", "25000.00", "14850.00", "29.70", "6750.00"]


def test_a_contract_in_full(manager_client, book, groups):
    inspection = Inspection.objects.create(contract=book.running, allocation=book.first, batch_quantity=200,
                                           sample_size=20, result="passed", note="Stitching even")
    InspectionPhoto.objects.create(inspection=inspection, caption="Label close-up",
                                   image=SimpleUploadedFile("label.jpg", jpeg_bytes(), content_type="image/jpeg"))
    shipment = Shipment.objects.create(contract=book.running, number=1, carrier="Kerry Express",
                                       tracking_number="KEX123456")
    ShipmentLine.objects.create(shipment=shipment, allocation=book.first, quantity=150)
    ContractEvent.objects.create(contract=book.running, type="status_changed", from_status="awaiting_deposit",
                                 to_status="in_production", reason="Deposit paid")
    book.first.quantity_done = 150
    book.first.save(update_fields=["quantity_done"])

    response = manager_client.get(_contract_url(book))

    assert response.status_code == 200
    page = response.content.decode()
    assert book.running.number in page and "Siam Test Brands Co., Ltd." in page
    assert groups[0].name_th in page and groups[1].name_th in page
    assert [row.progress_percent for row in response.context["allocations"]] == [50, 0]
    assert "KEX123456" in page and "Stitching even" in page and "Deposit paid" in page
    [row] = response.context["inspections"]
    [(url, caption)] = row.photos
    assert "/thumbnail/" in url and caption == "Label close-up" and url in page.replace("&amp;", "&")
    assert len(response.context["invoices"]) == 2
    assert response.context["economics"].group_share == 14850


def test_an_unknown_contract_is_404(manager_client):
    assert manager_client.get(reverse("oem_manager:contract", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404
