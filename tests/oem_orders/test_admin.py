"""The OEM admin: every page opens; statuses are never form fields; a token's hash never shows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oem_orders.models import ContractEvent, OemApiToken, WebhookDelivery
from tests.factories.oem import create_client_member

from .manager.scenario import oem_book

pytestmark = pytest.mark.django_db

HASH = "ab" * 32


@pytest.fixture
def book(groups, variant):
    book = oem_book(groups, variant)
    create_client_member(book.client)
    OemApiToken.objects.create(client=book.client, name="ERP", key_hash=HASH, last4="WXYZ",
                               expires_at=timezone.now() + timedelta(days=90))
    ContractEvent.objects.create(contract=book.running, type="status_changed", from_status="awaiting_deposit",
                                 to_status="in_production")
    WebhookDelivery.objects.create(client=book.client, event_type="contract.status_changed", idempotency_key="k1",
                                   payload={"status": "in_production"})
    return book


@pytest.mark.parametrize("model", ["oemclient", "quoterequest", "quote", "contract", "invoice", "webhookdelivery"])
def test_the_lists_open(admin_client, book, model):
    assert admin_client.get(f"/admin/oem_orders/{model}/").status_code == 200


def test_the_contract_page_shows_everything_and_lets_no_status_be_typed(admin_client, book):
    response = admin_client.get(f"/admin/oem_orders/contract/{book.running.pk}/change/")

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "status" not in form.fields and "sample_status" not in form.fields
    page = response.content.decode()
    assert 'name="status"' not in page
    assert book.first.group.name_en in page and "in_production" in page
    assert admin_client.get("/admin/oem_orders/contract/?status__exact=in_production").context["cl"].result_count == 1
    assert admin_client.get("/admin/oem_orders/contract/add/").status_code == 403


def test_the_client_page_shows_tokens_without_their_hash(admin_client, book):
    response = admin_client.get(f"/admin/oem_orders/oemclient/{book.client.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "WXYZ" in page and HASH not in page
    assert "webhook_secret" not in response.context["adminform"].form.fields


@pytest.mark.parametrize("model", ["quoterequest", "quote"])
def test_request_and_quote_statuses_are_read_only(admin_client, book, model):
    obj = book.running.quote if model == "quote" else book.running.quote.request

    response = admin_client.get(f"/admin/oem_orders/{model}/{obj.pk}/change/")

    assert response.status_code == 200 and "status" not in response.context["adminform"].form.fields


def test_invoices_and_deliveries_cannot_be_changed(admin_client, book):
    invoice = book.running.invoices.first()
    delivery = WebhookDelivery.objects.get()

    for url in (f"/admin/oem_orders/invoice/{invoice.pk}/change/",
                f"/admin/oem_orders/webhookdelivery/{delivery.pk}/change/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        assert admin_client.post(url, {}).status_code == 403


def test_a_client_needs_a_valid_thai_tax_id(admin_client):
    response = admin_client.post("/admin/oem_orders/oemclient/add/", {
        "name": "Bad Tax Co., Ltd.", "country": "TH", "tax_id": "1234567890123", "branch_code": "00000",
        "is_active": "on",
        **{f"{prefix}-{key}": value for prefix in ("members", "tokens")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
    })

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["tax_id"]
