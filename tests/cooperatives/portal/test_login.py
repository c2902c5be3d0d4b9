"""Logging in and out of the portal; who may see it."""

import pytest
from django.urls import reverse

from tests.factories.account import PASSWORD, create_user

pytestmark = pytest.mark.django_db

ORDERS = reverse("portal:orders")
LOGIN = reverse("portal:login")


@pytest.mark.parametrize("url", [ORDERS, "/portal/orders/6f1c7d1e-8a3b-4c55-9d1e-1a2b3c4d5e6f/"])
def test_pages_send_anonymous_visitors_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={url}"


def test_actions_send_anonymous_visitors_to_the_login_page_and_change_nothing(client, group_order):
    from .conftest import snapshot

    before = snapshot(group_order)

    response = client.post(reverse("portal:order-accept", args=[group_order.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert snapshot(group_order) == before


def test_login_page_is_thai_by_default(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="th">' in body
    assert "เข้าสู่ระบบ" in body
    assert "อีเมล" in body and "รหัสผ่าน" in body


def test_a_member_logs_in_with_email_and_password_and_lands_on_the_orders(client, member):
    response = client.post(LOGIN, {"username": "  Somsri@Example.com ", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == ORDERS
    assert client.get(ORDERS).status_code == 200


def test_login_goes_back_to_the_page_asked_for(client, member, group_order):
    detail = reverse("portal:order", args=[group_order.pk])

    response = client.post(f"{LOGIN}?next={detail}", {"username": member.email, "password": PASSWORD, "next": detail})

    assert response["Location"] == detail


def test_a_wrong_password_shows_a_plain_error(client, member):
    response = client.post(LOGIN, {"username": member.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert "อีเมลหรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_too_many_wrong_passwords_delay_logins_even_with_the_right_one(client, member, settings):
    settings.LOGIN_FAILURES_PER_EMAIL = 3
    for _ in range(3):
        client.post(LOGIN, {"username": member.email, "password": "wrong"})

    response = client.post(LOGIN, {"username": member.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "ลองเข้าสู่ระบบหลายครั้งเกินไป" in response.content.decode()


def test_someone_in_no_group_sees_a_friendly_not_a_member_page(client):
    client.force_login(create_user("shopper@example.com"))

    response = client.get(ORDERS)

    assert response.status_code == 403
    assert "ยังไม่ได้อยู่ในกลุ่มผู้ผลิต" in response.content.decode()
    assert "shopper@example.com" in response.content.decode()


def test_logging_out_needs_a_post_and_ends_the_session(member_client):
    response = member_client.post(reverse("portal:logout"))

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert member_client.get(ORDERS).status_code == 302


def test_a_logged_in_member_opening_the_login_page_goes_to_the_orders(member_client):
    response = member_client.get(LOGIN)

    assert response.status_code == 302
    assert response["Location"] == ORDERS
