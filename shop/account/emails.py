"""Account e-mails: account confirmation, password reset, account deletion.

Each goes out in the user's language (``language_code`` th or en), or in Thai
and then English when the language is neither, as plain text with an HTML
alternative, through Django's e-mail backend.  Texts are English in the
templates (``account/emails/``) and Thai in ``locale/th``.

Links are the storefront's ``redirect_url`` (validated against
``ALLOWED_CLIENT_HOSTS`` before a task is queued) with Saleor's query
parameters: ``email`` and ``token``, or ``token`` alone for account deletion.
The one-time token is made here, when the mail is built, so it never passes
through the task queue.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from shop.site.models import SiteSettings

from .models import User
from .tokens import account_confirmation_token, account_deletion_token, password_reset_token

SHOP_LANGUAGES = ("th", "en")


def email_languages(language_code: str | None) -> list[str]:
    """The user's language if the shop writes it; else Thai first, then English."""
    base = (language_code or "").replace("_", "-").split("-")[0].lower()
    return [base] if base in SHOP_LANGUAGES else list(SHOP_LANGUAGES)


def url_with_params(url: str, params: dict) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    return urlunsplit(parts._replace(query=urlencode([*query, *params.items()])))


def _sender() -> tuple[str, str]:
    site = SiteSettings.objects.first()
    name = site.name if site else "HomeNet Thailand Brand"
    if site and site.default_mail_sender_address:
        sender_name = site.default_mail_sender_name or name
        return name, f"{sender_name} <{site.default_mail_sender_address}>"
    return name, settings.DEFAULT_FROM_EMAIL


def _send(*, user: User, kind: str, context: dict) -> None:
    shop_name, from_email = _sender()
    valid_days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))
    context = {**context, "user": user, "shop_name": shop_name, "valid_days": valid_days}
    subjects, texts, htmls = [], [], []
    for language in email_languages(user.language_code):
        with translation.override(language):
            subjects.append(render_to_string(f"account/emails/{kind}_subject.txt", context).strip())
            texts.append(render_to_string(f"account/emails/{kind}.txt", context).strip())
            htmls.append({"lang": language, "html": render_to_string(f"account/emails/{kind}.html", context)})
    message = EmailMultiAlternatives(
        subject=" / ".join(subjects),
        body="\n\n----------\n\n".join(texts) + "\n",
        from_email=from_email,
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("account/emails/layout.html", {"sections": htmls, "subject": " / ".join(subjects)}),
        "text/html",
    )
    message.send()


def account_confirmation_email_send(*, user: User, redirect_url: str) -> None:
    token = account_confirmation_token.make_token(user)
    link = url_with_params(redirect_url, {"email": user.email, "token": token})
    _send(user=user, kind="account_confirmation", context={"link": link})


def password_reset_email_send(*, user: User, redirect_url: str) -> None:
    token = password_reset_token.make_token(user)
    link = url_with_params(redirect_url, {"email": user.email, "token": token})
    _send(user=user, kind="password_reset", context={"link": link})


def account_deletion_email_send(*, user: User, redirect_url: str) -> None:
    token = account_deletion_token.make_token(user)
    link = url_with_params(redirect_url, {"token": token})
    _send(user=user, kind="account_deletion", context={"link": link})
