"""Accepting a whole order or one line."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import GroupOrderEvent

from .conftest import lines_of, messages_of, snapshot

pytestmark = pytest.mark.django_db


def test_accept_all_accepts_every_line_and_thanks_the_member(member_client, member, group_order):
    url = reverse("portal:order-accept", args=[group_order.pk])

    response = member_client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("portal:order", args=[group_order.pk]), 302)]
    assert "ขอบคุณ บันทึกแล้ว: รับทำออเดอร์นี้" in messages_of(response)
    group_order.refresh_from_db()
    assert group_order.status == "accepted"
    assert [line.status for line in lines_of(group_order)] == ["accepted", "accepted"]
    assert [line.decided_by for line in lines_of(group_order)] == [member, member]
    assert GroupOrderEvent.objects.filter(group_order=group_order, type="LINE_ACCEPTED", user=member).count() == 2


def test_accepting_one_line_leaves_the_other_waiting(member_client, group_order):
    first, second = lines_of(group_order)

    response = member_client.post(reverse("portal:order-accept", args=[group_order.pk]), {"line": str(first.pk)},
                                  follow=True)

    assert "ขอบคุณ บันทึกแล้ว: รับทำรายการนี้" in messages_of(response)
    assert [line.status for line in lines_of(group_order)] == ["accepted", "awaiting"]
    group_order.refresh_from_db()
    assert group_order.status == "awaiting_acceptance"
    body = response.content.decode()
    assert body.count(">รับทำ<") == 1
    assert "รับทำทั้งออเดอร์" not in body  # one line left: its own button is enough


def test_accepting_after_the_deadline_says_the_time_has_passed_and_writes_nothing(member_client, group_order):
    group_order.accept_by = timezone.now() - datetime.timedelta(minutes=1)
    group_order.save(update_fields=["accept_by"])
    before = snapshot(group_order)

    response = member_client.post(reverse("portal:order-accept", args=[group_order.pk]), follow=True)

    assert "หมดเวลาตอบออเดอร์นี้แล้ว สำนักงานจะส่งต่อให้กลุ่มอื่น" in messages_of(response)
    assert snapshot(group_order) == before
    assert "หมดเวลาแล้ว" in response.content.decode()
    assert ">รับทำ<" not in response.content.decode()


def test_accepting_a_line_twice_says_it_was_already_answered(member_client, group_order):
    first = lines_of(group_order)[0]
    url = reverse("portal:order-accept", args=[group_order.pk])
    member_client.post(url, {"line": str(first.pk)}, follow=True)
    before = snapshot(group_order)

    response = member_client.post(url, {"line": str(first.pk)}, follow=True)

    assert messages_of(response) == ["รายการนี้ตอบไปแล้ว"]
    assert snapshot(group_order) == before


def test_accepting_a_line_id_that_is_not_a_uuid_writes_nothing(member_client, group_order):
    before = snapshot(group_order)

    response = member_client.post(reverse("portal:order-accept", args=[group_order.pk]), {"line": "x"}, follow=True)

    assert messages_of(response) == ["รายการนี้ไม่ได้อยู่ในออเดอร์นี้"]
    assert snapshot(group_order) == before
