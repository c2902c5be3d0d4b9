"""The list of a group's orders: new (with deadline and time left), in progress, done."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cooperatives import services
from cooperatives.models import GroupOrder
from cooperatives.portal.formatting import datetime_text
from tests.factories.cooperatives import place_paid_order

from ..conftest import product_made_by

pytestmark = pytest.mark.django_db

ORDERS = reverse("portal:orders")


def test_new_orders_show_number_items_value_in_baht_and_the_deadline(member_client, group_order):
    group_order.accept_by = timezone.now() + datetime.timedelta(hours=26, minutes=10)
    group_order.save(update_fields=["accept_by"])

    response = member_client.get(ORDERS)

    assert response.status_code == 200
    body = response.content.decode()
    assert f"ออเดอร์ {group_order.number}" in body
    assert "3 ชิ้น" in body
    assert "฿1,170.00" in body
    with translation.override("th"):
        assert datetime_text(group_order.accept_by) in body
    assert "เหลือเวลาอีก 1 วัน 2 ชั่วโมง" in body
    assert reverse("portal:order", args=[group_order.pk]) in body


def test_the_deadline_is_bangkok_time_with_a_buddhist_era_year(member_client, group_order):
    # 2026-11-23 07:30 UTC is 14:30 in Bangkok.
    group_order.accept_by = datetime.datetime(2026, 11, 23, 7, 30, tzinfo=datetime.UTC)
    group_order.save(update_fields=["accept_by"])

    body = member_client.get(ORDERS).content.decode()

    assert "จ. 23 พ.ย. 2569 เวลา 14:30 น." in body


def test_orders_are_sorted_into_new_in_progress_and_done(member_client, group_order, channel, groups,
                                                         django_capture_on_commit_callbacks):
    scarf = product_made_by(channel, [(groups[0], 5, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        order = place_paid_order(channel, [(scarf, 1)])
    second = GroupOrder.objects.get(order=order)
    with transaction.atomic():
        services.group_order_accept(group_order_id=second.pk)

    new = member_client.get(ORDERS).content.decode()
    active = member_client.get(ORDERS, {"tab": "active"}).content.decode()
    done = member_client.get(ORDERS, {"tab": "done"}).content.decode()

    assert group_order.number in new and second.number not in new
    assert second.number in active and group_order.number not in active
    assert "ยังไม่มีออเดอร์ที่เสร็จแล้ว" in done
    counts = member_client.get(ORDERS).context["counts"]
    assert counts == {"new": 1, "active": 1, "done": 0}


def test_a_member_never_sees_another_groups_orders(client, outsider, group_order):
    client.force_login(outsider)

    for tab in ("new", "active", "done"):
        body = client.get(ORDERS, {"tab": tab}).content.decode()
        assert group_order.number not in body
    assert client.get(ORDERS).context["counts"] == {"new": 0, "active": 0, "done": 0}


def test_a_declined_order_in_done_shows_what_it_was(member_client, group_order):
    for line in group_order.lines.all():
        with transaction.atomic():
            services.group_order_line_decline(line_id=line.pk, reason="out_of_stock")

    body = member_client.get(ORDERS, {"tab": "done"}).content.decode()

    assert group_order.number in body
    assert "฿1,170.00" in body and "ไม่รับทำ" in body


def test_the_list_takes_the_same_number_of_queries_for_one_order_or_many(
    member_client, group_order, channel, groups, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    scarf = product_made_by(channel, [(groups[0], 50, 1, 0)])
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            place_paid_order(channel, [(scarf, 1)])
    assert GroupOrder.objects.filter(group=groups[0]).count() == 6

    with django_assert_max_num_queries(8):
        response = member_client.get(ORDERS)

    assert len(response.context["cards"]) == 6
