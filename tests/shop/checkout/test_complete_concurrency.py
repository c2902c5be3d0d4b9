"""No oversell: concurrent buyers on real PostgreSQL, each in its own thread and connection."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from shop.checkout.complete import checkout_complete
from shop.order.models import Order
from shop.warehouse.models import Allocation, Stock
from tests.concurrency import run_at_once
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 20
UNITS = 5


def _complete(token):
    with transaction.atomic():
        return checkout_complete(token=token)


def _run_concurrently(tokens) -> list:
    """Complete each token in its own thread, all released at once; results in token order."""
    return run_at_once([lambda t=t: _complete(t) for t in tokens], catch=(ValidationError,))


@pytest.fixture
def unpaid_channel():
    channel = create_channel()
    channel.allow_unpaid_orders = True
    channel.reserve_stock_duration_minutes = None
    channel.save()
    return channel


def test_twenty_buyers_for_five_units_make_exactly_five_orders(unpaid_channel):
    # given 5 units and 20 checkouts of 1 unit each
    product = create_product(unpaid_channel, price=Decimal("390.00"), stock=UNITS)
    variant = product.variants.get()
    tokens = [create_checkout(unpaid_channel, [(variant, 1)], email=f"b{i}@example.com").pk for i in range(BUYERS)]

    # when all complete at the same moment
    results = _run_concurrently(tokens)

    # then exactly 5 orders exist, the others got INSUFFICIENT_STOCK, stock is never below zero
    orders = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(results) == BUYERS
    assert len(orders) == UNITS == Order.objects.count()
    assert len(refused) == BUYERS - UNITS
    assert all(e.error_dict["lines"][0].code == "INSUFFICIENT_STOCK" for e in refused)
    stock = Stock.objects.get(product_variant=variant)
    assert stock.quantity == UNITS and stock.quantity_allocated == UNITS
    assert sum(a.quantity_allocated for a in Allocation.objects.all()) == UNITS


def test_completing_one_checkout_twice_at_once_makes_one_order(unpaid_channel):
    variant = create_product(unpaid_channel, stock=10).variants.get()
    token = create_checkout(unpaid_channel, [(variant, 2)]).pk

    first, second = _run_concurrently([token, token])
    with transaction.atomic():
        again = checkout_complete(token=token)

    assert Order.objects.count() == 1
    assert first.pk == second.pk == again.pk
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2


def test_a_voucher_with_one_use_left_is_used_once_under_concurrency(unpaid_channel):
    from shop.discount.models import Voucher
    from tests.factories.discount import create_voucher

    voucher = create_voucher(unpaid_channel, "LASTONE", usage_limit=1)
    variant = create_product(unpaid_channel, stock=50).variants.get()
    tokens = []
    for i in range(8):
        checkout = create_checkout(unpaid_channel, [(variant, 1)], email=f"v{i}@example.com")
        checkout.voucher_code = "LASTONE"
        checkout.save()
        tokens.append(checkout.pk)

    results = _run_concurrently(tokens)

    placed = [r for r in results if isinstance(r, Order)]
    assert len(placed) == 1
    assert all(e.error_dict["promo_code"][0].code == "VOUCHER_NOT_APPLICABLE" for e in results if isinstance(e, ValidationError))
    assert Voucher.objects.get(pk=voucher.pk).used == 1


def test_two_checkout_complete_mutations_at_once_answer_the_same_order(unpaid_channel):
    # given a ready checkout, completed through the API by two requests at the same moment
    from django.test import Client
    from graphql_relay import to_global_id

    variant = create_product(unpaid_channel, stock=10).variants.get()
    checkout = create_checkout(unpaid_channel, [(variant, 2)])
    document = "mutation C($id: ID!) { checkoutComplete(id: $id) { order { id } errors { code } } }"
    variables = {"id": to_global_id("Checkout", str(checkout.pk))}

    def complete():
        response = Client().post("/graphql/", {"query": document, "variables": variables}, content_type="application/json")
        return response.json()["data"]["checkoutComplete"]

    # when both run
    first, second = run_at_once([complete, complete])

    # then the one that waited for the lock answers the order the other placed
    assert first["errors"] == second["errors"] == []
    assert first["order"]["id"] == second["order"]["id"]
    assert Order.objects.count() == 1
    assert Stock.objects.get(product_variant=variant).quantity_allocated == 2
