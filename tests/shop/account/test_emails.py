"""Account e-mails: language by the user's language code, links with Saleor's parameters."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from shop.account import tasks
from shop.account.emails import email_languages, url_with_params
from shop.account.tokens import (
    account_confirmation_token,
    account_deletion_token,
    password_reset_token,
)
from tests.factories.account import create_user

pytestmark = pytest.mark.django_db

REDIRECT = "https://shop.homenet.example/account?x=1"


@pytest.mark.parametrize(
    ("code", "languages"),
    [("th", ["th"]), ("th-th", ["th"]), ("en", ["en"]), ("en-us", ["en"]), ("ja", ["th", "en"]), ("", ["th", "en"])],
)
def test_email_language_is_the_users_or_thai_then_english(code, languages):
    assert email_languages(code) == languages


def test_link_keeps_the_storefront_query_and_adds_email_and_token():
    url = url_with_params(REDIRECT, {"email": "a+b@example.com", "token": "t-1"})

    assert parse_qs(urlsplit(url).query) == {"x": ["1"], "email": ["a+b@example.com"], "token": ["t-1"]}


def _link(message):
    return next(word for word in message.body.split() if word.startswith("https://shop.homenet.example/"))


def test_english_speaker_gets_an_english_password_reset_email():
    user = create_user("ann@example.com", first_name="Ann", language_code="en")

    tasks.send_password_reset_email_task(user.pk, REDIRECT)

    message = mail.outbox[0]
    assert message.subject == "Reset your HomeNet Thailand Brand password"
    assert message.body.startswith("Hello Ann,")
    assert "รหัสผ่าน" not in message.body
    params = parse_qs(urlsplit(_link(message)).query)
    assert password_reset_token.check_token(user, params["token"][0])
    html = message.alternatives[0][0]
    assert '<div lang="en"' in html and _link(message).replace("&", "&amp;") in html


def test_thai_speaker_gets_a_thai_confirmation_email():
    user = create_user("malee@example.com", first_name="มาลี", language_code="th", is_confirmed=False, is_active=False)

    tasks.send_account_confirmation_email_task(user.pk, REDIRECT)

    message = mail.outbox[0]
    assert message.subject == "ยืนยันบัญชี HomeNet Thailand Brand ของคุณ"
    assert message.body.startswith("เรียน คุณมาลี")
    assert "Confirm" not in message.body
    params = parse_qs(urlsplit(_link(message)).query)
    assert params["email"] == ["malee@example.com"]
    assert account_confirmation_token.check_token(user, params["token"][0])


def test_other_language_gets_thai_first_then_english():
    user = create_user("hana@example.com", language_code="ja")

    tasks.send_account_deletion_email_task(user.pk, REDIRECT)

    message = mail.outbox[0]
    assert message.subject == "ยืนยันการลบบัญชี HomeNet Thailand Brand ของคุณ / Confirm deleting your HomeNet Thailand Brand account"
    assert message.body.index("ลบบัญชี") < message.body.index("delete your")
    html = message.alternatives[0][0]
    assert html.index('lang="th"') < html.index('lang="en"')
    params = parse_qs(urlsplit(_link(message)).query)
    assert set(params) == {"x", "token"}
    assert account_deletion_token.check_token(user, params["token"][0])


def test_sender_is_the_shops_configured_sender():
    from shop.site.models import SiteSettings

    site = SiteSettings.load()
    site.default_mail_sender_name = "HomeNet Shop"
    site.default_mail_sender_address = "shop@homenet.example"
    site.save()
    user = create_user()

    tasks.send_password_reset_email_task(user.pk, REDIRECT)

    assert mail.outbox[0].from_email == "HomeNet Shop <shop@homenet.example>"


def test_task_for_a_user_deleted_meanwhile_sends_nothing():
    assert tasks.send_password_reset_email_task(999999, REDIRECT) is False
    assert tasks.send_account_confirmation_email_task(999999, REDIRECT) is False
    assert mail.outbox == []


def test_confirmation_task_for_an_already_confirmed_user_sends_nothing():
    user = create_user(is_confirmed=True)

    assert tasks.send_account_confirmation_email_task(user.pk, REDIRECT) is False
    assert mail.outbox == []
