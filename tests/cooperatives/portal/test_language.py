"""Thai by default; English after the switch, and back."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ORDERS = reverse("portal:orders")


def _switch(client, language, next_url):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_pages_are_thai_by_default_even_for_an_english_browser(member_client, group_order):
    response = member_client.get(ORDERS, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    body = response.content.decode()
    assert '<html lang="th">' in body
    assert "ออเดอร์ของกลุ่ม" in body and "ออกจากระบบ" in body
    assert 'value="th" lang="th" aria-pressed="true"' in body


def test_the_switch_turns_the_portal_english_and_back(member_client, group_order):
    detail = reverse("portal:order", args=[group_order.pk])

    response = _switch(member_client, "en", detail)

    assert response.status_code == 302 and response["Location"] == detail
    assert member_client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = member_client.get(detail).content.decode()
    assert '<html lang="en">' in body
    assert f"Order {group_order.number}" in body
    assert "Accept the whole order" in body and "Awaiting acceptance" in body and "Answer by" in body
    assert "฿1,170.00" in body
    assert "New order received" in body and "System" in body
    assert " 2026" in body or " 2027" in body  # Gregorian years in English

    _switch(member_client, "th", ORDERS)
    assert "ออเดอร์ของกลุ่ม" in member_client.get(ORDERS).content.decode()


def test_the_login_page_switches_too(client):
    _switch(client, "en", reverse("portal:login"))

    body = client.get(reverse("portal:login")).content.decode()

    assert "Log in to see your group's orders" in body
    assert "Email" in body and "Password" in body


def test_errors_of_the_services_come_in_the_chosen_language(member_client, group_order):
    _switch(member_client, "en", ORDERS)
    url = reverse("portal:order-status", args=[group_order.pk])

    response = member_client.post(url, {"status": "in_production"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This order cannot move to that step now."]
