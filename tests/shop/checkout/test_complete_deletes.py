"""A completed checkout is deleted with its lines in one statement, leaving nothing behind.

``checkout_complete`` deletes the checkout and its lines itself instead of through
Django's collector (five round trips), which is right only while nothing else
points at them by then.  These tests list every relation to them, and complete
a paid, reserved checkout in a committed transaction so that PostgreSQL checks
the (deferred) foreign keys.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from shop.checkout import services
from shop.checkout.complete import checkout_complete
from shop.checkout.models import Checkout, CheckoutLine
from shop.core.models import EventOutbox
from shop.payment.models import TransactionItem
from shop.warehouse.models import Reservation
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout
from tests.factories.payment import create_transaction


def _relations(model) -> set[tuple[str, str, str]]:
    return {(r.related_model._meta.label, r.field.name, r.on_delete.__name__) for r in model._meta.related_objects}


def test_only_the_known_relations_point_at_checkouts_and_their_lines():
    # A new relation needs its rows cleared (or moved) before ``_delete_completed`` runs.
    assert _relations(Checkout) == {
        ("checkout.CheckoutLine", "checkout", "CASCADE"),  # deleted with the checkout
        ("payment.TransactionItem", "checkout", "SET_NULL"),  # moved to the order: transactions_attach_to_order
    }
    assert _relations(CheckoutLine) == {
        ("warehouse.Reservation", "checkout_line", "CASCADE"),  # deleted by allocate_stocks
    }


@pytest.mark.django_db(transaction=True)
def test_completing_a_paid_reserved_checkout_leaves_nothing_behind():
    # given a checkout with reserved lines, paid in full by one transaction
    channel = create_channel()
    channel.reserve_stock_duration_minutes = 15
    channel.save()
    scarf = create_product(channel, price=Decimal("390.00"), stock=5).variants.get()
    bag = create_product(channel, price=Decimal("250.00"), stock=5).variants.get()
    checkout = create_checkout(channel)
    with transaction.atomic():
        services.checkout_lines_add(
            checkout=services.checkout_lock(token=checkout.pk),
            lines=[services.LineInput(scarf.pk, 2), services.LineInput(bag.pk, 1)],
        )
    with transaction.atomic():
        payment = create_transaction(checkout=checkout, charged=Decimal("1080.00"))  # 2 x 390 + 250 + 50 courier
    assert Reservation.objects.count() == 2

    # when it is completed and committed (PostgreSQL checks the deferred foreign keys at commit)
    with transaction.atomic():
        order = checkout_complete(token=checkout.pk, amounts_from_transactions=True)

    # then the checkout, its lines and reservations are gone, and the payment is the order's
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert not CheckoutLine.objects.exists() and not Reservation.objects.exists()
    payment = TransactionItem.objects.get(pk=payment.pk)
    assert (payment.order_id, payment.checkout_id) == (order.pk, None)
    order.refresh_from_db()
    assert order.total_gross_amount == Decimal("1080.00")
    assert (order.charge_status, order.authorize_status) == ("full", "full")
    assert (order.total_charged_amount, order.total_authorized_amount) == (Decimal("1080.00"), Decimal("0"))
    assert list(order.events.values_list("type", flat=True))[:2] == ["PLACED", "ORDER_FULLY_PAID"]
    assert sorted(EventOutbox.objects.values_list("event_type", flat=True)) == [
        "shop.order.events.OrderCreated", "shop.order.events.OrderPaid",
    ]
