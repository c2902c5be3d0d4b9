"""Orders follow their transactions: paid once, refunds announced, statuses as Saleor's."""

from decimal import Decimal

import pytest

from shop.checkout.complete import checkout_complete
from shop.core.events import event_name
from shop.core.models import EventOutbox
from shop.order.events import OrderPaid, OrderRefunded
from shop.payment.gateways import GatewayEvent
from shop.payment.models import TransactionEventType as T
from shop.payment.services import transaction_events_report, transaction_lock
from tests.factories.payment import create_transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpaid_order(channel, checkout):
    channel.allow_unpaid_orders = True
    channel.save()
    return checkout_complete(token=checkout.pk)


def _report(transaction, *events):
    transaction_events_report(transaction=transaction_lock(transaction_id=transaction.pk), events=list(events))


def _published(event_type) -> int:
    return EventOutbox.objects.filter(event_type=event_name(event_type)).count()


def test_order_paid_in_two_parts_is_announced_once(unpaid_order):
    total = unpaid_order.total_gross_amount
    first = create_transaction(order=unpaid_order, charged=Decimal("100.00"), psp_reference="a")
    unpaid_order.refresh_from_db()
    assert (unpaid_order.charge_status, unpaid_order.authorize_status) == ("partial", "partial")
    assert _published(OrderPaid) == 0

    create_transaction(order=unpaid_order, charged=total - Decimal("100.00"), psp_reference="b")
    _report(first, GatewayEvent(T.INFO, Decimal(0), key="note"))  # a later change on a paid order

    unpaid_order.refresh_from_db()
    assert unpaid_order.charge_status == "full" and unpaid_order.total_charged_amount == total
    assert _published(OrderPaid) == 1
    assert unpaid_order.events.filter(type="ORDER_FULLY_PAID").count() == 1


def test_refunds_are_announced_each_once_and_paid_is_not_announced_again(unpaid_order):
    total = unpaid_order.total_gross_amount
    transaction = create_transaction(order=unpaid_order, charged=total, psp_reference="pi")
    refund = GatewayEvent(T.REFUND_SUCCESS, Decimal("40.00"), psp_reference="re_1", key="re_1:succeeded")

    _report(transaction, refund)
    _report(transaction, refund)  # the same refund told twice
    _report(transaction, GatewayEvent(T.REFUND_REVERSE, Decimal("40.00"), psp_reference="re_1", key="re_1:reversed"))

    unpaid_order.refresh_from_db()
    assert _published(OrderRefunded) == 1
    assert _published(OrderPaid) == 1
    assert unpaid_order.total_charged_amount == total and unpaid_order.charge_status == "full"


def test_overcharged_and_authorized_orders(unpaid_order):
    total = unpaid_order.total_gross_amount
    create_transaction(order=unpaid_order, authorized=total, psp_reference="auth")
    unpaid_order.refresh_from_db()
    assert (unpaid_order.charge_status, unpaid_order.authorize_status) == ("none", "full")

    create_transaction(order=unpaid_order, charged=total + 1, psp_reference="more")
    unpaid_order.refresh_from_db()
    assert unpaid_order.charge_status == "overcharged"
    assert unpaid_order.total_authorized_amount == total
