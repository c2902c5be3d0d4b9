"""Messages to producer groups and shoppers, behind a small channel interface.

A ``Channel`` delivers a ``Message`` to a recipient address of its kind (an
e-mail address for e-mail; a LINE user id or a phone number for channels that
may come later).  ``notify`` renders the message (Thai first, English below),
sends it through every configured channel the recipient has an address for,
and records a ``NotificationLog`` row per key, channel and recipient, so a
retried task never sends the same message twice.

Add a channel: subclass ``Channel``, give it a ``name`` and ``address_of``, and
list its dotted path in ``settings.COOPERATIVES_NOTIFICATION_CHANNELS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.translation import override

from .models import (
    GroupOrder,
    GroupOrderLine,
    Membership,
    MembershipRole,
    NotificationLog,
    ProducerGroup,
)


@dataclass(frozen=True)
class Recipient:
    name: str = ""
    email: str = ""
    phone: str = ""
    line_user_id: str = ""


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    context: dict = field(default_factory=dict)


class Channel:
    name = "base"

    def address_of(self, recipient: Recipient) -> str:
        raise NotImplementedError

    def send(self, address: str, message: Message) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    name = "email"

    def address_of(self, recipient: Recipient) -> str:
        return recipient.email

    def send(self, address: str, message: Message) -> None:
        EmailMultiAlternatives(subject=message.subject, body=message.text, from_email=settings.DEFAULT_FROM_EMAIL,
                               to=[address]).send()


def channels() -> list[Channel]:
    return [import_string(path)() for path in settings.COOPERATIVES_NOTIFICATION_CHANNELS]


def render(template: str, context: dict) -> Message:
    """``<template>_subject.txt`` and ``<template>.txt`` in Thai, then in English."""
    subjects, texts = [], []
    for language in ("th", "en"):
        with override(language):
            subjects.append(render_to_string(f"cooperatives/notifications/{template}_subject.txt", context).strip())
            texts.append(render_to_string(f"cooperatives/notifications/{template}.txt", context).strip())
    return Message(subject=" / ".join(subjects), text="\n\n----------\n\n".join(texts) + "\n", context=context)


def notify(*, key: str, recipients: list[Recipient], message: Message) -> int:
    """Send once per key, channel and recipient; returns how many messages went out now."""
    sent = 0
    for channel in channels():
        for recipient in recipients:
            address = channel.address_of(recipient)
            if not address:
                continue
            try:
                with transaction.atomic():
                    NotificationLog.objects.create(key=key, channel=channel.name, recipient=address)
                    channel.send(address, message)
            except IntegrityError:
                continue  # already sent
            sent += 1
    return sent


def group_recipients(group: ProducerGroup) -> list[Recipient]:
    """The group's contact and its leaders (members are told in the portal)."""
    people = [Recipient(name=group.contact_name, email=group.contact_email, phone=group.contact_phone)]
    leaders = Membership.objects.filter(group=group, role=MembershipRole.LEADER, user__is_active=True).select_related("user")
    people += [Recipient(name=m.user.get_full_name(), email=m.user.email) for m in leaders]
    seen, unique = set(), []
    for person in people:
        if person.email and person.email.lower() in seen:
            continue
        seen.add(person.email.lower())
        unique.append(person)
    return unique


def _group_order_context(group_order: GroupOrder) -> dict:
    lines = list(group_order.lines.select_related("order_line").order_by("created_at", "pk"))
    return {"group_order": group_order, "group": group_order.group, "lines": lines,
            "portal_url": settings.PORTAL_BASE_URL.rstrip("/") + f"/portal/orders/{group_order.pk}/"}


def group_order_created_notify(*, group_order_id, rerouted: bool = False) -> int:
    group_order = GroupOrder.objects.select_related("group", "order").get(pk=group_order_id)
    message = render("group_order_created", {**_group_order_context(group_order), "rerouted": rerouted})
    return notify(key=f"group_order_created:{group_order.pk}", recipients=group_recipients(group_order.group),
                  message=message)


def group_order_reminder_notify(*, group_order_id) -> int:
    group_order = GroupOrder.objects.select_related("group", "order").get(pk=group_order_id)
    message = render("group_order_reminder", _group_order_context(group_order))
    return notify(key=f"group_order_reminder:{group_order.pk}", recipients=group_recipients(group_order.group),
                  message=message)


def line_refunded_notify_shopper(*, line_id, quantity: int, amount: str) -> int:
    line = GroupOrderLine.objects.select_related("order_line", "group_order__order").get(pk=line_id)
    order = line.group_order.order
    if not order.user_email:
        return 0
    message = render("line_refunded_shopper", {"order": order, "order_line": line.order_line, "quantity": quantity,
                                               "amount": amount})
    return notify(key=f"line_refunded:{line.pk}", recipients=[Recipient(email=order.user_email)], message=message)
