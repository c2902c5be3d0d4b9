"""Marking progress and sending parcels with a tracking number."""

import pytest
from django.db import transaction
from django.urls import reverse

from cooperatives import services
from cooperatives.models import GroupShipment

from .conftest import SCARF_TH, lines_of, messages_of, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(group_order):
    with transaction.atomic():
        services.group_order_accept(group_order_id=group_order.pk)
    group_order.refresh_from_db()
    return group_order


def _status(client, group_order, status):
    return client.post(reverse("portal:order-status", args=[group_order.pk]), {"status": status}, follow=True)


def _ship(client, group_order, scarf=2, basket=1, carrier="Kerry Express", tracking="KEX123456789TH"):
    scarf_line, basket_line = lines_of(group_order)
    data = {"carrier": carrier, "tracking_number": tracking,
            f"line_{scarf_line.pk}": str(scarf), f"line_{basket_line.pk}": str(basket)}
    return client.post(reverse("portal:order-ship", args=[group_order.pk]), data, follow=True)


def test_start_production_then_ready(member_client, member, accepted):
    page = member_client.get(reverse("portal:order", args=[accepted.pk])).content.decode()
    assert "เริ่มทำแล้ว" in page and "ของพร้อมส่งแล้ว" in page

    response = _status(member_client, accepted, "in_production")
    accepted.refresh_from_db()
    assert accepted.status == "in_production"
    assert messages_of(response) == ["บันทึกแล้ว: กำลังผลิต"]
    assert "สถานะออเดอร์: กำลังผลิต" in response.content.decode()
    assert "เริ่มทำแล้ว<" not in response.content.decode()

    _status(member_client, accepted, "ready")
    accepted.refresh_from_db()
    assert accepted.status == "ready"
    assert accepted.events.filter(type="STATUS_CHANGED", to_status="ready", user=member).exists()


def test_progress_before_accepting_is_refused_and_writes_nothing(member_client, group_order):
    before = snapshot(group_order)

    response = _status(member_client, group_order, "in_production")

    assert messages_of(response) == ["ตอนนี้ออเดอร์นี้ยังไปขั้นตอนนั้นไม่ได้"]
    assert snapshot(group_order) == before


def test_statuses_other_than_production_and_ready_cannot_be_set_here(member_client, accepted):
    before = snapshot(accepted)

    response = _status(member_client, accepted, "delivered")

    assert messages_of(response) == ["ตอนนี้ออเดอร์นี้ทำขั้นตอนนี้ไม่ได้"]
    assert snapshot(accepted) == before


def test_the_ship_form_starts_at_what_is_left_of_each_accepted_line(member_client, accepted):
    response = member_client.get(reverse("portal:order", args=[accepted.pk]))

    form = response.context["ship_form"]
    scarf_line, basket_line = lines_of(accepted)
    assert form[form.field_name(scarf_line)].value() == 2
    assert form[form.field_name(basket_line)].value() == 1
    assert "ส่งพัสดุ" in response.content.decode()


def test_shipping_everything_with_a_tracking_number(member_client, member, accepted):
    response = _ship(member_client, accepted)

    assert response.redirect_chain == [(reverse("portal:order", args=[accepted.pk]), 302)]
    assert messages_of(response) == ["บันทึกแล้ว พัสดุเลข KEX123456789TH กำลังเดินทางไปหาผู้ซื้อ"]
    accepted.refresh_from_db()
    assert accepted.status == "shipped"
    shipment = GroupShipment.objects.get(group_order=accepted)
    assert (shipment.carrier, shipment.tracking_number, shipment.created_by) == ("Kerry Express", "KEX123456789TH", member)
    assert shipment.fulfillment.tracking_number == "KEX123456789TH"
    assert [line.quantity_shipped for line in lines_of(accepted)] == [2, 1]
    body = response.content.decode()
    assert "พัสดุที่ส่งแล้ว" in body and f"2 × {SCARF_TH}" in body
    assert "ส่งพัสดุทาง Kerry Express" in body and "เลขพัสดุ: KEX123456789TH" in body
    assert response.context["ship_form"] is None


def test_a_partial_parcel_leaves_the_rest_to_send(member_client, accepted):
    _ship(member_client, accepted, scarf=1, basket=0)

    accepted.refresh_from_db()
    assert accepted.status == "partially_shipped"
    form = member_client.get(reverse("portal:order", args=[accepted.pk])).context["ship_form"]
    scarf_line, basket_line = lines_of(accepted)
    assert form[form.field_name(scarf_line)].value() == 1
    assert form[form.field_name(basket_line)].value() == 1


def test_sending_more_than_accepted_shows_an_error_and_writes_nothing(member_client, accepted):
    before = snapshot(accepted)

    response = _ship(member_client, accepted, scarf=3)

    assert response.status_code == 400
    body = response.content.decode()
    assert "จำนวนที่ใส่มากกว่าที่เหลือต้องส่ง กรุณาตรวจตัวเลขอีกครั้ง" in body
    assert "เหลือต้องส่งอีกไม่เกิน 2 ชิ้น" in body
    assert 'value="KEX123456789TH"' in body  # what was typed is still there
    assert snapshot(accepted) == before


@pytest.mark.parametrize(("carrier", "tracking", "message"), [
    ("", "KEX1", "กรุณาใส่ชื่อบริษัทขนส่ง"),
    ("Kerry Express", "  ", "กรุณาใส่เลขพัสดุ"),
])
def test_carrier_and_tracking_number_are_needed(member_client, accepted, carrier, tracking, message):
    before = snapshot(accepted)

    response = _ship(member_client, accepted, carrier=carrier, tracking=tracking)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(accepted) == before


def test_an_empty_parcel_is_refused(member_client, accepted):
    before = snapshot(accepted)

    response = _ship(member_client, accepted, scarf=0, basket=0)

    assert response.status_code == 400
    assert "กรุณาใส่จำนวนสินค้าแต่ละอย่างที่อยู่ในกล่องพัสดุ" in response.content.decode()
    assert snapshot(accepted) == before


def test_an_order_not_yet_accepted_cannot_ship(member_client, group_order):
    before = snapshot(group_order)
    scarf_line = lines_of(group_order)[0]

    response = member_client.post(reverse("portal:order-ship", args=[group_order.pk]),
                                  {"carrier": "Flash Express", "tracking_number": "TH1", f"line_{scarf_line.pk}": "1"},
                                  follow=True)

    assert messages_of(response) == ["ตอนนี้ออเดอร์นี้ทำขั้นตอนนี้ไม่ได้"]
    assert snapshot(group_order) == before


def test_the_history_lists_every_step_newest_first_with_who_and_bangkok_time(member_client, accepted):
    _status(member_client, accepted, "in_production")
    response = _ship(member_client, accepted)

    rows = response.context["history"]
    texts = [row["text"] for row in rows]
    assert texts[0] == "สถานะออเดอร์: ส่งของแล้ว"
    assert texts[1] == "ส่งพัสดุทาง Kerry Express"
    assert texts[2] == "สถานะออเดอร์: กำลังผลิต"
    assert texts[-1] == "ได้รับออเดอร์ใหม่"
    assert {row["who"] for row in rows[:3]} == {"Somsri Jaidee"}
    assert rows[-1]["who"] == "ระบบ"
    assert all(row["date"].endswith(" น.") for row in rows)
