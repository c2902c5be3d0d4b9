"""One order's page, and that nobody reaches another group's order."""

import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from cooperatives import services
from tests.factories.cooperatives import place_paid_order

from ..conftest import product_made_by
from .conftest import SCARF_TH, lines_of, snapshot

pytestmark = pytest.mark.django_db


def test_the_order_page_shows_each_line_in_thai_with_quantity_and_baht(member_client, group_order):
    response = member_client.get(reverse("portal:order", args=[group_order.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"ออเดอร์ {group_order.number}" in body
    assert SCARF_TH in body
    assert "฿780.00" in body and "฿390.00" in body and "฿1,170.00" in body
    assert "รอตอบรับ" in body and "ตอบภายใน" in body
    assert "รับทำทั้งออเดอร์" in body
    assert body.count(">รับทำ<") == 2 and body.count("รับทำไม่ได้") == 2
    assert "ได้รับออเดอร์ใหม่" in body and "ระบบ" in body


def test_an_unknown_order_is_not_found(member_client):
    assert member_client.get(reverse("portal:order", args=[uuid.uuid4()])).status_code == 404


def _other_groups_urls(group_order):
    line = lines_of(group_order)[0]
    return [
        ("get", reverse("portal:order", args=[group_order.pk]), {}),
        ("get", reverse("portal:line-decline", args=[group_order.pk, line.pk]), {}),
        ("post", reverse("portal:order-accept", args=[group_order.pk]), {}),
        ("post", reverse("portal:order-accept", args=[group_order.pk]), {"line": str(line.pk)}),
        ("post", reverse("portal:line-decline", args=[group_order.pk, line.pk]), {"reason": "out_of_stock"}),
        ("post", reverse("portal:order-status", args=[group_order.pk]), {"status": "in_production"}),
        ("post", reverse("portal:order-ship", args=[group_order.pk]),
         {"carrier": "Kerry Express", "tracking_number": "KEX1", f"line_{line.pk}": "1"}),
    ]


def test_a_member_of_another_group_gets_404_on_every_page_and_action_and_nothing_changes(client, outsider, group_order):
    client.force_login(outsider)
    before = snapshot(group_order)

    for method, url, data in _other_groups_urls(group_order):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)

    assert snapshot(group_order) == before


def test_another_groups_accepted_order_cannot_be_moved_on_or_shipped(client, outsider, group_order):
    with transaction.atomic():
        services.group_order_accept(group_order_id=group_order.pk)
    client.force_login(outsider)
    before = snapshot(group_order)

    for method, url, data in _other_groups_urls(group_order):
        assert getattr(client, method)(url, data).status_code == 404

    assert snapshot(group_order) == before


def test_a_line_of_another_groups_order_cannot_be_declined_through_ones_own_order(
    member_client, group_order, channel, groups, django_capture_on_commit_callbacks
):
    basket = product_made_by(channel, [(groups[1], 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(basket, 1)])
    foreign = order.group_orders.get()
    foreign_line = lines_of(foreign)[0]
    before = snapshot(foreign)

    url = reverse("portal:line-decline", args=[group_order.pk, foreign_line.pk])
    response = member_client.post(url, {"reason": "out_of_stock"})

    assert response.status_code == 404
    assert snapshot(foreign) == before


def test_actions_refuse_get(member_client, group_order):
    for name in ("portal:order-accept", "portal:order-status", "portal:order-ship"):
        assert member_client.get(reverse(name, args=[group_order.pk])).status_code == 405
