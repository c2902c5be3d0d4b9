import pytest
from django.core import mail
from django.db import transaction

from shop.checkout.complete import checkout_complete
from shop.order.models import OrderEvent
from shop.order.tasks import send_order_confirmation_email_task
from tests.factories.catalog import create_channel, create_product
from tests.factories.checkout import create_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    channel = create_channel()
    channel.allow_unpaid_orders = True
    channel.save()
    return channel


def _place(channel, language="th"):
    variant = create_product(channel, name="Krajood basket").variants.get()
    checkout = create_checkout(channel, [(variant, 2)])
    checkout.language_code = language
    checkout.save()
    with transaction.atomic():
        return checkout_complete(token=checkout.pk)


def test_placing_an_order_sends_one_confirmation_in_thai(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _place(channel)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    assert f"#{order.number}" in message.subject and "ได้รับคำสั่งซื้อ" in message.subject
    assert "Krajood basket" in message.body and "บาท" in message.body
    assert "Thank you" not in message.body
    assert OrderEvent.objects.filter(order=order, type="EMAIL_SENT").count() == 1


def test_unknown_language_gets_thai_then_english(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _place(channel, language="fr")

    body = mail.outbox[0].body
    assert body.index("ขอบคุณ") < body.index("Thank you")


def test_sending_again_sends_nothing(channel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = _place(channel, language="en")

    again = send_order_confirmation_email_task.delay(str(order.pk)).get()

    assert again is False
    assert len(mail.outbox) == 1
