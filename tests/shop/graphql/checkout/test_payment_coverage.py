"""A checkout completes when its transactions charge or authorize the total, as Saleor's does."""

from decimal import Decimal

import pytest
from django.db import transaction

from shop.order.models import Order
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout
from tests.factories.payment import create_transaction

from .test_checkout_flow import COMPLETE

pytestmark = pytest.mark.django_db

STATUS = "query ($id: ID) { checkout(id: $id) { chargeStatus authorizeStatus totalPrice { gross { amount } } } }"


@pytest.fixture
def checkout():
    channel = create_channel()  # payment required: no unpaid orders here
    variant = create_product(channel, price=Decimal("200.00")).variants.get()
    return create_checkout(channel, [(variant, 1)])  # 200 + 50 courier = 250


def _gid(checkout):
    from graphql_relay import to_global_id

    return to_global_id("Checkout", checkout.pk)


def test_authorized_total_lets_the_checkout_complete(api_client, checkout):
    with transaction.atomic():
        create_transaction(checkout=checkout, authorized="250.00")

    status = api_client.execute(STATUS, {"id": _gid(checkout)})["data"]["checkout"]
    result = api_client.execute(COMPLETE, {"id": _gid(checkout)})["data"]["checkoutComplete"]

    assert status == {"chargeStatus": "NONE", "authorizeStatus": "FULL", "totalPrice": {"gross": {"amount": 250.0}}}
    assert result["errors"] == []
    assert Order.objects.get().charge_status == "none"


def test_partly_covered_checkout_cannot_complete(api_client, checkout):
    with transaction.atomic():
        create_transaction(checkout=checkout, charged="100.00")

    status = api_client.execute(STATUS, {"id": _gid(checkout)})["data"]["checkout"]
    result = api_client.execute(COMPLETE, {"id": _gid(checkout)})["data"]["checkoutComplete"]

    assert status["chargeStatus"] == "PARTIAL" and status["authorizeStatus"] == "PARTIAL"
    assert result["errors"] == [{"field": "id", "code": "CHECKOUT_NOT_FULLY_PAID"}]
    assert not Order.objects.exists()
