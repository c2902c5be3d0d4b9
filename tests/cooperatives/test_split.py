"""Splitting paid orders among the producer groups."""

import pytest
from django.db import transaction

from cooperatives.allocation import order_split
from cooperatives.models import CapacityClaim, GroupOrder, GroupOrderLine, LineSource, ManagerAlert
from shop.warehouse.models import Allocation, Stock
from tests.factories.cooperatives import place_paid_order

from .conftest import product_made_by

pytestmark = pytest.mark.django_db


def test_an_order_of_three_groups_goods_splits_into_three_group_orders(channel, groups, django_capture_on_commit_callbacks):
    north, northeast, south = groups
    scarf = product_made_by(channel, [(north, 5, 1, 0)])
    basket = product_made_by(channel, [(northeast, 5, 1, 0)])
    chili = product_made_by(channel, [(south, 5, 1, 0)])

    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2), (basket, 1), (chili, 3)])

    group_orders = list(GroupOrder.objects.filter(order=order).order_by("sequence"))
    assert [g.group for g in group_orders] == [north, northeast, south]
    assert [g.status for g in group_orders] == ["awaiting_acceptance"] * 3
    assert [(line.order_line.variant, line.quantity, line.source) for g in group_orders for line in g.lines.all()] == [
        (scarf, 2, LineSource.STOCK), (basket, 1, LineSource.STOCK), (chili, 3, LineSource.STOCK)]
    assert all(g.events.filter(type="CREATED").count() == 1 for g in group_orders)


def test_stock_comes_first_from_the_group_with_the_best_priority_then_the_next(channel, groups, django_capture_on_commit_callbacks):
    north, northeast, south = groups
    # The north group is asked first but holds only 2; pk order would have taken the north stock too.
    scarf = product_made_by(channel, [(south, 10, 1, 0), (north, 2, 5, 0), (northeast, 10, 9, 0)])

    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 12)])

    parts = {line.group_order.group: line.quantity for line in GroupOrderLine.objects.filter(group_order__order=order)}
    assert parts == {south: 10, north: 2}
    assert Stock.objects.get(warehouse=south.warehouse, product_variant=scarf).quantity_allocated == 10


def test_splitting_twice_creates_nothing_new(channel, groups, django_capture_on_commit_callbacks):
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 2)])

    with transaction.atomic():
        again = order_split(order_id=order.pk)

    assert len(again) == 1
    assert GroupOrder.objects.filter(order=order).count() == 1
    assert GroupOrderLine.objects.filter(group_order__order=order).count() == 1


def test_orders_waiting_for_confirmation_are_not_split(channel, groups, django_capture_on_commit_callbacks):
    channel.allow_unpaid_orders = True
    channel.automatically_confirm_all_new_orders = False
    channel.save()
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])

    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)], paid=False)

    assert order.status == "unconfirmed"
    assert not GroupOrder.objects.filter(order=order).exists()


def test_cash_on_delivery_channels_split_confirmed_orders_at_once(channel, groups, django_capture_on_commit_callbacks):
    channel.allow_unpaid_orders = True
    channel.save()
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])

    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)], paid=False)

    assert GroupOrder.objects.filter(order=order).count() == 1


def test_made_to_order_units_are_claimed_at_checkout_within_weekly_capacity(channel, groups, django_capture_on_commit_callbacks):
    north, northeast, _ = groups
    cushion = product_made_by(channel, [(north, None, 1, 3), (northeast, None, 2, 4)], track_inventory=False)

    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(cushion, 5)])

    lines = GroupOrderLine.objects.filter(group_order__order=order).order_by("group_order__sequence")
    assert [(line.group_order.group, line.quantity, line.source) for line in lines] == [
        (north, 3, LineSource.MADE_TO_ORDER), (northeast, 2, LineSource.MADE_TO_ORDER)]
    assert sum(CapacityClaim.objects.values_list("quantity", flat=True)) == 5
    assert not Allocation.objects.exists()
    assert lines[0].ready_by is not None


def test_checkout_refuses_made_to_order_quantities_beyond_capacity(channel, groups):
    from django.core.exceptions import ValidationError

    cushion = product_made_by(channel, [(groups[0], None, 1, 3)], track_inventory=False)

    with pytest.raises(ValidationError) as error:
        place_paid_order(channel, [(cushion, 4)])

    assert error.value.error_dict["lines"][0].code == "INSUFFICIENT_STOCK"
    assert not CapacityClaim.objects.exists()
    assert not GroupOrder.objects.exists()


def test_lines_no_group_can_take_are_raised_to_the_manager(channel, groups, django_capture_on_commit_callbacks):
    from cooperatives.models import ProducerOffer

    cushion = product_made_by(channel, [(groups[0], None, 1, 3)], track_inventory=False)
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(cushion, 3)], paid=True)
    # A second order placed by staff (no checkout claim) once the capacity is gone:
    from shop.order.models import OrderLine
    line = OrderLine.objects.get(order=order)
    CapacityClaim.objects.filter(order_line=line).delete()
    GroupOrder.objects.filter(order=order).delete()
    from cooperatives.models import OrderSplit
    OrderSplit.objects.filter(order=order).delete()
    ProducerOffer.objects.update(weekly_capacity=1)

    with transaction.atomic():
        group_orders = order_split(order_id=order.pk)

    assert [g.lines.get().quantity for g in group_orders] == [1]
    assert ManagerAlert.objects.filter(order=order, kind="split_unassigned").count() == 1


def _order_over_groups(channel, count):
    from tests.factories.cooperatives import create_group

    makers = [create_group(channel) for _ in range(count)]
    variants = [product_made_by(channel, [(group, 5, 1, 0)]) for group in makers]
    order = place_paid_order(channel, [(variant, 1) for variant in variants])  # events not run: no split yet
    return order


def test_the_split_takes_the_same_number_of_queries_for_1_2_and_10_groups(channel):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 2, 10):
        order = _order_over_groups(channel, size)
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            group_orders = order_split(order_id=order.pk)
        assert len(group_orders) == size
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2], counts
