"""The producer workflow end to end: accept, decline -> reroute, refund, expiry, shipping."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cooperatives import services
from cooperatives.models import (
    GroupOrder,
    GroupOrderEvent,
    GroupOrderLine,
    LineResolution,
    ManagerAlert,
)
from cooperatives.tasks import expire_group_orders_task, send_deadline_reminders_task
from shop.order.models import Fulfillment, FulfillmentStatus
from shop.payment.models import TransactionEventType
from shop.warehouse.models import Allocation, Stock
from tests.factories.cooperatives import create_member, place_paid_order

from .conftest import product_made_by

pytestmark = pytest.mark.django_db


def _atomic(fn, **kwargs):
    with transaction.atomic():
        return fn(**kwargs)


def _group_order(order, group):
    return GroupOrder.objects.get(order=order, group=group)


@pytest.fixture
def two_makers(channel, groups, django_capture_on_commit_callbacks):
    """A scarf made by the north group (asked first) and the south group; one paid order of 2."""
    north, _, south = groups
    scarf = product_made_by(channel, [(north, 5, 1, 0), (south, 5, 2, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])
    return order, scarf


def test_decline_reroute_accept_ship_and_the_shopper_sees_the_fulfillment(
    channel, groups, two_makers, django_capture_on_commit_callbacks
):
    north, _, south = groups
    order, scarf = two_makers
    leader = create_member(north)
    first = _group_order(order, north)
    line = first.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_line_decline, line_id=line.pk, reason="out_of_stock", user=leader)

    line.refresh_from_db()
    first.refresh_from_db()
    assert (line.status, line.resolution, first.status) == ("declined", LineResolution.REROUTED, "declined")
    second = _group_order(order, south)
    new_line = second.lines.get()
    assert (new_line.quantity, new_line.rerouted_from_id, second.sequence) == (2, line.pk, 2)
    # The units moved from the north warehouse to the south one: nothing sold twice.
    assert Stock.objects.get(warehouse=north.warehouse, product_variant=scarf).quantity_allocated == 0
    assert Stock.objects.get(warehouse=south.warehouse, product_variant=scarf).quantity_allocated == 2
    assert any(south.contact_email in m.to for m in mail.outbox)

    member = create_member(south)
    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_accept, group_order_id=second.pk, user=member)
        _atomic(services.group_order_ship, group_order_id=second.pk, user=member, carrier="Thailand Post",
                tracking_number="EF123456789TH", lines=[services.ShipLine(new_line.pk, 1)])
    second.refresh_from_db()
    order.refresh_from_db()
    assert (second.status, order.status) == ("partially_shipped", "partially fulfilled")

    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_ship, group_order_id=second.pk, user=member, carrier="Kerry Express",
                tracking_number="KEX0001", lines=[services.ShipLine(new_line.pk, 1)])
    second.refresh_from_db()
    order.refresh_from_db()
    assert (second.status, order.status) == ("shipped", "fulfilled")
    assert sorted(Fulfillment.objects.filter(order=order).values_list("tracking_number", flat=True)) == [
        "EF123456789TH", "KEX0001"]
    assert Stock.objects.get(warehouse=south.warehouse, product_variant=scarf).quantity == 3
    _atomic(services.group_order_status_update, group_order_id=second.pk, status="delivered", user=member)
    assert GroupOrder.objects.get(pk=second.pk).status == "delivered"
    assert list(GroupOrderEvent.objects.filter(group_order=second, type="STATUS_CHANGED").values_list(
        "to_status", flat=True)) == ["accepted", "partially_shipped", "shipped", "delivered"]


def test_decline_with_no_other_maker_refunds_the_line_and_tells_the_shopper(
    channel, groups, django_capture_on_commit_callbacks
):
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)], price="500.00")
    basket = product_made_by(channel, [(north, 5, 1, 0)], price="250.00")
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1), (basket, 2)])
    group_order = _group_order(order, north)
    basket_line = group_order.lines.get(order_line__variant=basket)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_line_decline, line_id=basket_line.pk, reason="quality", user=None)

    basket_line.refresh_from_db()
    assert basket_line.resolution == LineResolution.REFUNDED
    transaction_item = order.payment_transactions.get()
    refund = transaction_item.events.filter(type=TransactionEventType.REFUND_SUCCESS).get()
    assert refund.amount_value == Decimal("500.00")
    refunded = Fulfillment.objects.get(order=order, status=FulfillmentStatus.REFUNDED)
    assert refunded.lines.get().quantity == 2
    assert ManagerAlert.objects.filter(order=order, kind="line_refunded").count() == 1
    shopper_mail = [m for m in mail.outbox if m.to == ["buyer@example.com"]]
    assert len(shopper_mail) == 1 and "500.00" in shopper_mail[0].body
    assert Allocation.objects.filter(order_line=basket_line.order_line).count() == 0

    # The scarf is accepted and shipped: the order ends fulfilled (shipped + refunded).
    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_accept, group_order_id=group_order.pk, user=None)
        _atomic(services.group_order_ship, group_order_id=group_order.pk, carrier="EMS", tracking_number="EE1TH",
                lines=[services.ShipLine(group_order.lines.get(order_line__variant=scarf).pk, 1)], user=None)
    order.refresh_from_db()
    assert order.status == "fulfilled"


def test_deadline_expiry_by_beat_reroutes_the_lines(channel, groups, two_makers, django_capture_on_commit_callbacks):
    north, _, south = groups
    order, _ = two_makers
    first = _group_order(order, north)
    GroupOrder.objects.filter(pk=first.pk).update(accept_by=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert expire_group_orders_task.delay().get() == 1

    first.refresh_from_db()
    assert first.status == "expired"
    assert first.lines.get().resolution == LineResolution.REROUTED
    assert _group_order(order, south).lines.get().quantity == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_group_orders_task.delay().get() == 0


def test_accepting_after_the_deadline_is_refused_and_changes_nothing(groups, two_makers):
    order, _ = two_makers
    first = _group_order(order, groups[0])
    GroupOrder.objects.filter(pk=first.pk).update(accept_by=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ValidationError) as error:
        _atomic(services.group_order_accept, group_order_id=first.pk)

    assert error.value.error_dict["id"][0].code == "EXPIRED"
    assert first.lines.get().status == "awaiting"
    assert not GroupOrderEvent.objects.filter(group_order=first, type="LINE_ACCEPTED").exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"reason": ""}, "reason", "REQUIRED"),
        ({"reason": "bored"}, "reason", "INVALID"),
        ({"reason": "other", "note": "  "}, "note", "REQUIRED"),
    ],
)
def test_bad_declines_are_refused_and_change_nothing(groups, two_makers, kwargs, field, code):
    order, _ = two_makers
    line = _group_order(order, groups[0]).lines.get()

    with pytest.raises(ValidationError) as error:
        _atomic(services.group_order_line_decline, line_id=line.pk, **kwargs)

    assert error.value.error_dict[field][0].code == code
    line.refresh_from_db()
    assert line.status == "awaiting"
    assert GroupOrderLine.objects.filter(group_order__order=order).count() == 1


def test_declining_twice_is_refused(groups, two_makers, django_capture_on_commit_callbacks):
    order, _ = two_makers
    line = _group_order(order, groups[0]).lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_line_decline, line_id=line.pk, reason="no_capacity")
    count = GroupOrderLine.objects.count()

    with pytest.raises(ValidationError) as error:
        _atomic(services.group_order_line_decline, line_id=line.pk, reason="no_capacity")

    assert error.value.error_dict["id"][0].code == "ALREADY_DECLINED"
    assert GroupOrderLine.objects.count() == count


@pytest.mark.parametrize(
    ("ship", "field", "code"),
    [
        ({"quantity": 3}, "quantity", "QUANTITY_GREATER_THAN_ACCEPTED"),
        ({"quantity": -1}, "quantity", "ZERO_QUANTITY"),
        ({"quantity": 1, "tracking_number": ""}, "trackingNumber", "REQUIRED"),
    ],
)
def test_bad_shipments_are_refused_and_change_nothing(groups, two_makers, ship, field, code):
    order, scarf = two_makers
    group_order = _group_order(order, groups[0])
    _atomic(services.group_order_accept, group_order_id=group_order.pk)
    line = group_order.lines.get()

    with pytest.raises(ValidationError) as error:
        _atomic(services.group_order_ship, group_order_id=group_order.pk, carrier="EMS",
                tracking_number=ship.get("tracking_number", "EE1TH"), lines=[services.ShipLine(line.pk, ship["quantity"])])

    assert error.value.error_dict[field][0].code == code
    assert not Fulfillment.objects.filter(order=order).exists()
    assert GroupOrderLine.objects.get(pk=line.pk).quantity_shipped == 0


def test_a_declined_line_cannot_ship(groups, channel, django_capture_on_commit_callbacks):
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)])
    basket = product_made_by(channel, [(north, 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1), (basket, 1)])
    group_order = _group_order(order, north)
    scarf_line = group_order.lines.get(order_line__variant=scarf)
    basket_line = group_order.lines.get(order_line__variant=basket)
    with django_capture_on_commit_callbacks(execute=True):
        _atomic(services.group_order_accept, group_order_id=group_order.pk, line_ids=[scarf_line.pk])
        _atomic(services.group_order_line_decline, line_id=basket_line.pk, reason="quality")

    with pytest.raises(ValidationError) as error:
        _atomic(services.group_order_ship, group_order_id=group_order.pk, carrier="EMS", tracking_number="EE2TH",
                lines=[services.ShipLine(basket_line.pk, 1)])

    assert error.value.error_dict["lines"][0].code == "LINE_NOT_ACCEPTED"
    assert not Fulfillment.objects.filter(order=order, status=FulfillmentStatus.FULFILLED).exists()


def test_the_reminder_goes_out_once_before_the_deadline(groups, two_makers):
    order, _ = two_makers
    first = _group_order(order, groups[0])
    GroupOrder.objects.filter(pk=first.pk).update(accept_by=timezone.now() + timedelta(hours=2))
    mail.outbox.clear()

    assert send_deadline_reminders_task.delay().get() == 1
    assert send_deadline_reminders_task.delay().get() == 0

    assert len([m for m in mail.outbox if groups[0].contact_email in m.to]) == 1
    assert "เตือน" in mail.outbox[0].subject or "Reminder" in mail.outbox[0].subject


def test_cancelling_the_shop_order_cancels_the_group_orders(groups, two_makers, django_capture_on_commit_callbacks):
    from shop.order.services import order_cancel

    order, _ = two_makers
    with django_capture_on_commit_callbacks(execute=True):
        _atomic(order_cancel, order_id=order.pk)

    first = _group_order(order, groups[0])
    assert first.status == "cancelled"
    assert first.lines.get().status == "cancelled"
