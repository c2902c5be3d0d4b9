"""The order confirmation e-mail, in the customer's language (Thai, English, or both).

Thai and English texts are separate templates (``order/emails/confirmation_<lang>``),
so the wording in each language is written for its readers rather than translated
string by string.  Sending is idempotent: an ``EMAIL_SENT`` order event marks it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from shop.site.models import SiteSettings

from .models import Order, OrderEvent

LANGUAGES = ("th", "en")
EMAIL_TYPE = "order_confirmation"


def _languages(code: str | None) -> list[str]:
    base = (code or "").split("-")[0].lower()
    return [base] if base in LANGUAGES else list(LANGUAGES)


def order_confirmation_email_send(*, order_id) -> bool:
    """Send the confirmation once; returns False when it was already sent or there is no address."""
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("channel").get(pk=order_id)
        if not order.user_email or OrderEvent.objects.filter(
            order=order, type="EMAIL_SENT", parameters__email_type=EMAIL_TYPE
        ).exists():
            return False
        site = SiteSettings.load()
        context = {"order": order, "lines": list(order.lines.all()), "shop_name": site.name,
                   "tax": order.total_gross_amount - order.total_net_amount}
        languages = _languages(order.language_code)
        subject = " / ".join(
            render_to_string(f"order/emails/confirmation_{lang}_subject.txt", context).strip() for lang in languages
        )
        text = "\n\n----------\n\n".join(
            render_to_string(f"order/emails/confirmation_{lang}.txt", context).strip() for lang in languages
        )
        html = "".join(render_to_string(f"order/emails/confirmation_{lang}.html", context) for lang in languages)
        message = EmailMultiAlternatives(subject=subject, body=text + "\n", from_email=settings.DEFAULT_FROM_EMAIL,
                                         to=[order.user_email])
        message.attach_alternative(f"<!doctype html><html><body>{html}</body></html>", "text/html")
        message.send()
        OrderEvent.objects.create(order=order, type="EMAIL_SENT", parameters={"email_type": EMAIL_TYPE, "email": order.user_email})
    return True
