"""A member reads her group's statements in the portal, Thai first; never another group's."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from fairtrade import payouts
from fairtrade.advances import advance_pay
from fairtrade.models import Statement
from tests.factories.account import create_staff, create_user
from tests.factories.cooperatives import create_member

from ..statements import generate, sell, today

pytestmark = pytest.mark.django_db

LIST = "/portal/statements/"


@pytest.fixture
def member(groups):
    return create_member(groups[0], email="somsri@example.com")


@pytest.fixture
def paid_statement(channel, groups, django_capture_on_commit_callbacks):
    """The north group was advanced 100.00, then sold 2 scarves (300 + 30); its statement is paid."""
    staff = create_staff(permissions=["MANAGE_ORDERS"])
    with transaction.atomic():
        advance_pay(group=groups[0], reference_type="oem_allocation", reference_id="A1",
                    allocation_value=Decimal("200.00"))
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    with transaction.atomic():
        payouts.statement_deduction_add(statement=statement, kind="damage", amount=Decimal("10.00"),
                                        reason="ผ้าเปื้อน 1 ผืน", consent_reference="Form 3", user=staff)
        payouts.statement_approve(statement=statement, user=staff)
        payouts.statement_pay(statement=statement, paid_on=today(), payment_reference="KB-991", user=staff)
    return Statement.objects.get(pk=statement.pk)


def test_the_list_shows_status_period_net_and_due_date_in_thai(client, member, groups, channel,
                                                                django_capture_on_commit_callbacks):
    sell(channel, groups[0], capture=django_capture_on_commit_callbacks)
    statement = generate(groups[0])
    Statement.objects.filter(pk=statement.pk).update(due_date=today() - datetime.timedelta(days=2))
    client.force_login(member)

    body = client.get(LIST).content.decode()

    assert '<html lang="th">' in body and "ใบแจ้งยอดเงินของกลุ่ม" in body
    assert f"ใบแจ้งยอด {statement.number}" in body and "กำลังตรวจสอบ" in body
    assert "฿330.00" in body and "กำหนดจ่ายภายใน" in body
    assert str(today().year + 543) in body  # Buddhist-era years for Thai readers
    assert "เลยกำหนดแล้ว" in body


def test_the_detail_shows_lines_deductions_advance_and_payment(client, member, paid_statement):
    client.force_login(member)

    body = client.get(reverse("fairtrade_portal:statement", args=[paid_statement.pk])).content.decode()

    assert "จ่ายแล้ว" in body and "KB-991" in body
    assert "฿300.00" in body and "฿30.00" in body  # the producers' part and the fund's premium
    assert "− ฿100.00" in body  # the advance netted
    assert "ผ้าเปื้อน 1 ผืน" in body and "ของเสียหาย (กลุ่มยินยอมแล้ว)" in body and "Form 3" in body
    assert "฿220.00" in body  # 300 + 30 - 100 - 10
    assert "ขายได้" in body and "เงินพรีเมียมแฟร์เทรดเข้ากองทุนกลุ่ม" in body


def test_the_pages_turn_english_with_the_switch(client, member, paid_statement):
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "en", "next": LIST})

    body = client.get(reverse("fairtrade_portal:statement", args=[paid_statement.pk])).content.decode()

    assert '<html lang="en">' in body and f"Statement {paid_statement.number}" in body
    assert "Paid on" in body and "Transfer reference" in body and "Damage (with consent)" in body


def test_another_groups_statement_is_not_found(client, groups, paid_statement):
    client.force_login(create_member(groups[1]))

    assert client.get(reverse("fairtrade_portal:statement", args=[paid_statement.pk])).status_code == 404
    assert paid_statement.number not in client.get(LIST).content.decode()


def test_a_visitor_logs_in_first_and_a_shopper_is_told_she_is_not_a_member(client, paid_statement):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))

    client.force_login(create_user())
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("fairtrade_portal:statement", args=[paid_statement.pk])).status_code == 403


def test_the_order_list_links_to_the_statements(client, member):
    client.force_login(member)

    body = client.get(reverse("portal:orders")).content.decode()

    assert f'href="{LIST}"' in body and "ใบแจ้งยอดเงิน" in body
