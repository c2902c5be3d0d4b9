"""Declining a line, with a reason."""

import pytest
from django.urls import reverse

from cooperatives.models import GroupOrderEvent

from .conftest import SCARF_TH, lines_of, messages_of, snapshot

pytestmark = pytest.mark.django_db


def _url(group_order, line):
    return reverse("portal:line-decline", args=[group_order.pk, line.pk])


def test_the_decline_page_offers_the_reasons_in_plain_thai(member_client, group_order):
    line = lines_of(group_order)[0]

    response = member_client.get(_url(group_order, line))

    assert response.status_code == 200
    body = response.content.decode()
    assert SCARF_TH in body and "฿780.00" in body
    for label in ("ของหมด", "ทำไม่ทัน คนหรือเวลาไม่พอ", "ของไม่ได้คุณภาพ", "เหตุผลอื่น"):
        assert label in body
    assert body.count('type="radio"') == 4


def test_declining_with_a_reason_records_it_and_who(member_client, member, group_order):
    line = lines_of(group_order)[0]

    response = member_client.post(_url(group_order, line), {"reason": "no_capacity"}, follow=True)

    assert response.redirect_chain == [(reverse("portal:order", args=[group_order.pk]), 302)]
    assert messages_of(response) == [f"บันทึกแล้ว: ไม่รับทำ “{SCARF_TH}” สำนักงานจะหากลุ่มอื่นมาทำแทน"]
    line.refresh_from_db()
    assert (line.status, line.decline_reason, line.decided_by) == ("declined", "no_capacity", member)
    assert GroupOrderEvent.objects.filter(line=line, type="LINE_DECLINED", user=member).exists()
    assert "ไม่รับทำ: 2 × " + SCARF_TH in response.content.decode()


def test_declining_without_a_reason_shows_an_error_and_writes_nothing(member_client, group_order):
    line = lines_of(group_order)[0]
    before = snapshot(group_order)

    response = member_client.post(_url(group_order, line), {"note": "sorry"})

    assert response.status_code == 400
    assert "กรุณาเลือกเหตุผลที่รับทำไม่ได้" in response.content.decode()
    assert snapshot(group_order) == before


def test_other_needs_a_note(member_client, group_order):
    line = lines_of(group_order)[0]
    before = snapshot(group_order)

    response = member_client.post(_url(group_order, line), {"reason": "other", "note": "   "})

    assert response.status_code == 400
    assert "กรุณาเขียนเหตุผลสั้น ๆ" in response.content.decode()
    assert 'value="other" id="id_reason_3" required checked' in response.content.decode()
    assert snapshot(group_order) == before


def test_other_with_a_note_keeps_the_note_and_shows_it_in_the_history(member_client, group_order):
    line = lines_of(group_order)[0]

    response = member_client.post(_url(group_order, line), {"reason": "other", "note": "ด้ายสีนี้หมด"}, follow=True)

    line.refresh_from_db()
    assert (line.status, line.decline_reason, line.decline_note) == ("declined", "other", "ด้ายสีนี้หมด")
    assert "เหตุผลอื่น: ด้ายสีนี้หมด" in response.content.decode()


def test_an_unknown_reason_is_refused(member_client, group_order):
    line = lines_of(group_order)[0]
    before = snapshot(group_order)

    response = member_client.post(_url(group_order, line), {"reason": "bored"})

    assert response.status_code == 400
    assert "กรุณาเลือกเหตุผลจากรายการ" in response.content.decode()
    assert snapshot(group_order) == before


def test_an_accepted_line_can_still_be_declined_before_it_ships(member_client, group_order):
    member_client.post(reverse("portal:order-accept", args=[group_order.pk]), follow=True)
    line = lines_of(group_order)[1]

    page = member_client.get(reverse("portal:order", args=[group_order.pk])).content.decode()
    assert page.count("ทำไม่ได้แล้ว แจ้งไม่รับทำ") == 2
    member_client.post(_url(group_order, line), {"reason": "quality"}, follow=True)

    line.refresh_from_db()
    assert line.status == "declined"


def test_declining_twice_says_it_was_already_declined(member_client, group_order):
    line = lines_of(group_order)[0]
    member_client.post(_url(group_order, line), {"reason": "out_of_stock"}, follow=True)
    before = snapshot(group_order)

    response = member_client.post(_url(group_order, line), {"reason": "out_of_stock"}, follow=True)

    assert messages_of(response) == ["รายการนี้แจ้งไม่รับทำไปแล้ว"]
    assert snapshot(group_order) == before
