"""Payments in the admin: staff can read transactions and webhook receipts, not change them."""

import pytest

from shop.payment.gateways import DUMMY_GATEWAY_ID
from shop.payment.sessions import transaction_initialize

pytestmark = pytest.mark.django_db


def test_transaction_pages_open_read_only(admin_client, checkout):
    transaction = transaction_initialize(source=checkout, gateway_id=DUMMY_GATEWAY_ID).transaction

    listing = admin_client.get("/admin/payment/transactionitem/")
    page = admin_client.get(f"/admin/payment/transactionitem/{transaction.pk}/change/")
    receipts = admin_client.get("/admin/payment/stripewebhookevent/")
    add = admin_client.get("/admin/payment/transactionitem/add/")

    assert listing.status_code == page.status_code == receipts.status_code == 200
    assert transaction.psp_reference in page.content.decode()
    assert add.status_code == 403
