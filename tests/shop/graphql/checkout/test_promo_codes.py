from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.discount.models import DiscountValueType, Voucher, VoucherType
from shop.order.models import Order
from tests.factories.catalog import create_channel, create_product
from tests.factories.discount import create_voucher

from .test_checkout_flow import (
    ADDRESS,
    BILLING_ADDRESS,
    COMPLETE,
    SHIPPING_ADDRESS,
    _create,
    _gid,
    _ship,
)

pytestmark = pytest.mark.django_db

ADD_PROMO = """
mutation Add($id: ID!, $code: String!) {
  checkoutAddPromoCode(id: $id, promoCode: $code) {
    checkout { voucherCode discountName discount { amount }
      subtotalPrice { gross { amount } net { amount } tax { amount } }
      totalPrice { gross { amount } net { amount } tax { amount } }
      lines { totalPrice { gross { amount } net { amount } tax { amount } } } }
    errors { field code }
  }
}
"""

REMOVE_PROMO = """
mutation Remove($id: ID!, $code: String) {
  checkoutRemovePromoCode(id: $id, promoCode: $code) { checkout { voucherCode discount { amount } totalPrice { gross { amount } } } errors { field code } }
}
"""


@pytest.fixture
def cart(api_client, unpaid_channel):
    scarf = create_product(unpaid_channel, price=Decimal("333.33"), stock=10).variants.get()
    tea = create_product(unpaid_channel, price=Decimal("100.01"), stock=10).variants.get()
    checkout = _create(api_client, unpaid_channel, [
        {"variantId": _gid(scarf), "quantity": 1}, {"variantId": _gid(tea), "quantity": 2}])["checkout"]
    return checkout["id"]


def test_percentage_voucher_splits_the_discount_over_lines_to_the_satang(api_client, unpaid_channel, cart):
    create_voucher(unpaid_channel, "FAIR10", value=Decimal("10"))

    result = api_client.execute(ADD_PROMO, {"id": cart, "code": "fair10"})["data"]["checkoutAddPromoCode"]

    checkout = result["checkout"]
    # 333.33 + 2 x 100.01 = 533.35; 10 % = 53.34 (rounded half up); total 480.01
    assert result["errors"] == []
    assert checkout["voucherCode"] == "FAIR10"
    assert checkout["discount"]["amount"] == 53.34
    assert checkout["totalPrice"]["gross"]["amount"] == 480.01
    assert round(sum(line["totalPrice"]["gross"]["amount"] for line in checkout["lines"]), 2) == 480.01
    for line in checkout["lines"]:
        price = line["totalPrice"]
        assert round(price["net"]["amount"] + price["tax"]["amount"], 2) == price["gross"]["amount"]


def test_fixed_voucher_never_takes_more_than_the_cart(api_client, unpaid_channel, cart):
    create_voucher(unpaid_channel, "BIG", value=Decimal("10000"), value_type=DiscountValueType.FIXED)

    checkout = api_client.execute(ADD_PROMO, {"id": cart, "code": "BIG"})["data"]["checkoutAddPromoCode"]["checkout"]

    assert checkout["discount"]["amount"] == 533.35
    assert checkout["totalPrice"]["gross"]["amount"] == 0.0


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        (lambda ch: None, "INVALID"),
        (lambda ch: create_voucher(create_channel("elsewhere"), "CODE"), "INVALID"),
        (lambda ch: create_voucher(ch, "CODE", min_spent=Decimal("1000")), "VOUCHER_NOT_APPLICABLE"),
        (lambda ch: create_voucher(ch, "CODE", end_date=timezone.now() - timedelta(days=1)), "VOUCHER_NOT_APPLICABLE"),
        (lambda ch: create_voucher(ch, "CODE", usage_limit=1, used=0) and Voucher.objects.update(used=1), "VOUCHER_NOT_APPLICABLE"),
        (lambda ch: create_voucher(ch, "CODE", type=VoucherType.SPECIFIC_PRODUCT), "VOUCHER_NOT_APPLICABLE"),
    ],
)
def test_bad_voucher_codes_are_refused_and_nothing_changes(api_client, unpaid_channel, cart, setup, code):
    setup(unpaid_channel)

    result = api_client.execute(ADD_PROMO, {"id": cart, "code": "CODE"})["data"]["checkoutAddPromoCode"]

    assert result["errors"] == [{"field": "promoCode", "code": code}]
    fetched = api_client.execute(REMOVE_PROMO, {"id": cart})["data"]["checkoutRemovePromoCode"]["checkout"]
    assert fetched["voucherCode"] is None


def test_remove_promo_code_restores_the_total(api_client, unpaid_channel, cart):
    create_voucher(unpaid_channel, "FAIR10")
    api_client.execute(ADD_PROMO, {"id": cart, "code": "FAIR10"})

    result = api_client.execute(REMOVE_PROMO, {"id": cart, "code": "FAIR10"})["data"]["checkoutRemovePromoCode"]

    assert result["errors"] == []
    assert result["checkout"]["totalPrice"]["gross"]["amount"] == 533.35


def test_completing_counts_the_use_and_the_limit_holds(api_client, unpaid_channel, cart, courier):
    voucher = create_voucher(unpaid_channel, "ONCE", usage_limit=1)
    api_client.execute(ADD_PROMO, {"id": cart, "code": "ONCE"})
    api_client.execute(SHIPPING_ADDRESS, {"id": cart, "address": ADDRESS})
    api_client.execute(BILLING_ADDRESS, {"id": cart, "address": ADDRESS})
    _ship(api_client, cart, courier)

    order = api_client.execute(COMPLETE, {"id": cart})["data"]["checkoutComplete"]["order"]
    voucher.refresh_from_db()

    assert order["total"]["gross"]["amount"] == 530.01  # 480.01 goods + 50 courier
    assert voucher.used == 1
    assert Order.objects.get().voucher_code == "ONCE"
    assert Order.objects.get().discount_amount == Decimal("53.340")
