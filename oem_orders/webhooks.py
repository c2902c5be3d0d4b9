"""Signed webhooks to OEM clients: an outbox row per fact, sent after commit, retried with backoff.

Writing
    ``webhook_enqueue`` writes a ``WebhookDelivery`` in the transaction of the
    change (or of the event handler reporting it), keyed by what happened
    (``contract_status_changed:<event id>``, ``invoice_paid:<id>`` ...): a replayed
    event finds the row and adds nothing.  Clients without a ``webhook_url`` get no rows.
    After commit ``tasks.webhook_delivery_send_task(delivery_id)`` sends it.

Sending
    ``POST <webhook_url>`` with the JSON payload (``id``, ``type``, ``created_at``,
    ``data``) and the headers ``X-HomeNet-Event`` (the type), ``X-HomeNet-Delivery``
    (the delivery id: a client may see a delivery twice and should skip repeats) and
    ``X-HomeNet-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`` with
    the client's ``webhook_secret`` (``webhook_signature_verify`` checks one).
    A 2xx answer is delivered; anything else (or no answer) is an attempt that
    failed: retried after ``30 s x 2^(attempts-1)`` (plus up to 20 % jitter, at
    most 6 hours), FAILED after ``settings.OEM_WEBHOOK_MAX_ATTEMPTS`` attempts.
    Redirects are not followed.

One sender at a time
    A sender claims the row first (``SELECT .. FOR UPDATE SKIP LOCKED``, then
    moves ``next_attempt_at`` past the HTTP timeout as a lease) and commits, so no
    database lock is held over the network and a second worker finds nothing
    due.  A worker that dies mid-send leaves the lease to expire: the delivery is
    tried again (at least once, never two at the same moment).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import random
import time
import uuid
from datetime import datetime, timedelta

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import (
    Contract,
    ContractEvent,
    Invoice,
    OemClient,
    Shipment,
    WebhookDelivery,
    WebhookStatus,
)

logger = logging.getLogger(__name__)

CONTRACT_STATUS_CHANGED = "contract.status_changed"
INVOICE_ISSUED = "invoice.issued"
INVOICE_PAID = "invoice.paid"
INVOICE_OVERDUE = "invoice.overdue"
SHIPMENT_SENT = "shipment.sent"

BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 6 * 3600
SIGNATURE_HEADER = "X-HomeNet-Signature"
USER_AGENT = "HomeNet-Webhooks/1"


# --- signatures ----------------------------------------------------------------------------------


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The ``X-HomeNet-Signature`` header for ``body``: ``t=<unix>,v1=<hex>``."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def webhook_signature_verify(secret: str, header: str, body: bytes | str, tolerance: int = 300,
                             now: float | None = None) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` and is at most ``tolerance`` seconds old (or early).

    For clients (and tests): compare in constant time; any ``v1`` may match (a rotated secret).
    """
    if isinstance(body, str):
        body = body.encode()
    if not secret or not header:
        return False
    timestamp, signatures = None, []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, body)
    return any(hmac.compare_digest(expected, signature) for signature in signatures)


# --- writing ----------------------------------------------------------------------------------------


def webhook_enqueue(*, client: OemClient, event_type: str, key: str, data: dict) -> WebhookDelivery | None:
    """Write the outbox row for one fact (once per ``key``) and send it after commit.

    None when the client has no webhook URL or the fact was written before.
    Must run inside the transaction that records the fact.
    """
    if not client.webhook_url:
        return None
    delivery_id = uuid.uuid4()
    now = timezone.now()
    payload = {"id": str(delivery_id), "type": event_type, "created_at": now.isoformat(), "data": data}
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                id=delivery_id, client=client, event_type=event_type, idempotency_key=key[:200], payload=payload,
                next_attempt_at=now,
            )
    except IntegrityError:
        if WebhookDelivery.objects.filter(idempotency_key=key[:200]).exists():
            return None
        raise
    from .tasks import webhook_delivery_send_task

    transaction.on_commit(lambda: webhook_delivery_send_task.delay(str(delivery_id)))
    return delivery


def _money(value) -> str:
    return f"{value:.2f}"


def contract_data(contract: Contract) -> dict:
    return {"id": str(contract.pk), "number": contract.number, "status": contract.status,
            "quantity": contract.quantity, "delivery_date": contract.delivery_date.isoformat()}


def invoice_data(invoice: Invoice) -> dict:
    return {
        "id": str(invoice.pk), "number": invoice.number, "kind": invoice.kind, "status": invoice.status,
        "issue_date": invoice.issue_date.isoformat(), "due_date": invoice.due_date.isoformat(),
        "currency": invoice.currency, "subtotal": _money(invoice.subtotal), "vat_rate": _money(invoice.vat_rate),
        "vat_amount": _money(invoice.vat_amount), "total": _money(invoice.total),
        "paid_at": invoice.paid_at.isoformat() if invoice.paid_at else None,
        "payment_method": invoice.payment_method or None,
    }


def contract_status_changed_enqueue(*, contract_id, event_id: int, from_status: str, to_status: str):
    contract = Contract.objects.select_related("client").filter(pk=contract_id).first()
    if contract is None:
        return None
    reason = ContractEvent.objects.filter(pk=event_id).values_list("reason", flat=True).first() or ""
    return webhook_enqueue(
        client=contract.client, event_type=CONTRACT_STATUS_CHANGED, key=f"contract_status_changed:{event_id}",
        data={"contract": contract_data(contract), "from_status": from_status, "to_status": to_status,
              "reason": reason},
    )


def invoice_enqueue(*, invoice_id, event_type: str):
    invoice = Invoice.objects.select_related("contract__client").filter(pk=invoice_id).first()
    if invoice is None:
        return None
    name = event_type.replace(".", "_")
    return webhook_enqueue(
        client=invoice.contract.client, event_type=event_type, key=f"{name}:{invoice.pk}",
        data={"invoice": invoice_data(invoice), "contract": contract_data(invoice.contract)},
    )


def shipment_sent_enqueue(*, shipment_id):
    shipment = Shipment.objects.select_related("contract__client").prefetch_related("lines").filter(pk=shipment_id).first()
    if shipment is None:
        return None
    return webhook_enqueue(
        client=shipment.contract.client, event_type=SHIPMENT_SENT, key=f"shipment_sent:{shipment.pk}",
        data={
            "shipment": {"id": str(shipment.pk), "number": shipment.number, "carrier": shipment.carrier,
                         "tracking_number": shipment.tracking_number, "delivery_note": shipment.delivery_note,
                         "shipped_at": shipment.shipped_at.isoformat(), "quantity": shipment.quantity},
            "contract": contract_data(shipment.contract),
        },
    )


# --- sending ----------------------------------------------------------------------------------------


def backoff_seconds(attempts: int) -> float:
    """Seconds to wait after ``attempts`` failed attempts: 30, 60, 120 ... (+ up to 20 %), at most 6 hours."""
    base = BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(base * (1 + random.uniform(0, 0.2)), BACKOFF_MAX_SECONDS)


def _lease() -> timedelta:
    return timedelta(seconds=float(settings.OEM_WEBHOOK_TIMEOUT_SECONDS) * 2 + 30)


def _claim(delivery_id, now: datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",)).select_related("client")
            .filter(pk=delivery_id, status=WebhookStatus.PENDING, next_attempt_at__lte=now).first()
        )
        if delivery is None:
            return None
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=now + _lease())
        return delivery


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    client = delivery.client
    if not client.webhook_url:
        return None, "The client has no webhook URL."
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json", "User-Agent": USER_AGENT,
        "X-HomeNet-Event": delivery.event_type, "X-HomeNet-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: webhook_signature(client.webhook_secret, body),
    }
    try:
        response = requests.post(client.webhook_url, data=body, headers=headers, allow_redirects=False,
                                 timeout=float(settings.OEM_WEBHOOK_TIMEOUT_SECONDS))
    except requests.RequestException as error:
        return None, f"{error.__class__.__name__}: {error}"[:1000]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:500]}"


def webhook_delivery_send(delivery_id, *, now: datetime | None = None) -> str | None:
    """Try one delivery if it is pending and due; returns its status after the attempt (None: not tried)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    status_code, error = _post(delivery)
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status != WebhookStatus.PENDING:
            return delivery.status
        delivery.attempts += 1
        delivery.last_status_code, delivery.last_error = status_code, error
        if not error:
            delivery.status, delivery.delivered_at = WebhookStatus.DELIVERED, timezone.now()
        elif delivery.attempts >= settings.OEM_WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookStatus.FAILED
            logger.warning("Webhook %s to %s failed %s times; giving up: %s", delivery.pk, delivery.client_id,
                           delivery.attempts, error)
        else:
            delivery.next_attempt_at = timezone.now() + timedelta(seconds=backoff_seconds(delivery.attempts))
        delivery.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at",
                                     "next_attempt_at"])
        return delivery.status


def webhook_deliveries_due(*, now: datetime | None = None, limit: int = 200) -> list[str]:
    """Ids of pending deliveries whose next attempt is due, oldest first."""
    now = now or timezone.now()
    return [
        str(pk) for pk in WebhookDelivery.objects.filter(status=WebhookStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    ]
