"""A paid order split to the north group, a member of it and a member of another group."""

from __future__ import annotations

import pytest
from django.db import transaction

from cooperatives.models import GroupOrder, GroupOrderEvent, GroupOrderLine, GroupShipment
from tests.factories.cooperatives import create_member, place_paid_order

from ..conftest import product_made_by

SCARF_TH = "ผ้าพันคอไหมมัดหมี่"


@pytest.fixture
def group_order(channel, groups, django_capture_on_commit_callbacks):
    """The north group's part of a paid order: 2 scarves (Thai name on the order line) and 1 basket,
    ฿390.00 each."""
    north = groups[0]
    scarf = product_made_by(channel, [(north, 5, 1, 0)])
    basket = product_made_by(channel, [(north, 5, 1, 0)])
    # One transaction around the whole checkout, so the browser test (a transactional
    # test, no outer atomic) can place it too; the split runs when it commits.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        order = place_paid_order(channel, [(scarf, 2), (basket, 1)])
    order.lines.filter(variant=scarf).update(translated_product_name=SCARF_TH)
    return GroupOrder.objects.select_related("order", "group").get(order=order, group=north)


def lines_of(group_order) -> list[GroupOrderLine]:
    """The scarf line first, then the basket line."""
    lines = group_order.lines.select_related("order_line")
    return sorted(lines, key=lambda line: (line.order_line.translated_product_name != SCARF_TH, str(line.pk)))


@pytest.fixture
def member(groups):
    return create_member(groups[0], email="somsri@example.com", first_name="Somsri", last_name="Jaidee")


@pytest.fixture
def outsider(groups):
    """A member of another group."""
    return create_member(groups[1], email="outsider@example.com")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def snapshot(group_order) -> tuple:
    """Everything an action could write about a group order."""
    group_order.refresh_from_db()
    return (
        group_order.status,
        sorted((str(line.pk), line.status, line.quantity_shipped, line.decline_reason, line.decline_note)
               for line in group_order.lines.all()),
        GroupOrderEvent.objects.filter(group_order=group_order).count(),
        GroupShipment.objects.filter(group_order=group_order).count(),
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
