"""Signed webhooks to a client's URL: written once per fact, sent after commit, retried with backoff.

The client's endpoint is a real HTTP server on 127.0.0.1 that checks every signature.
"""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from oem_orders import handlers, invoices, tasks, webhooks
from oem_orders.actors import Actor
from oem_orders.contracts import contract_status_change
from oem_orders.events import OemContractStatusChanged
from oem_orders.models import ContractStatus, Invoice, WebhookDelivery, WebhookStatus
from tests.concurrency import run_at_once
from tests.factories.oem import create_contract, create_oem_client

SECRET = "whsec_client_secret_0123456789"


class ClientEndpoint:
    """A client's webhook receiver: answers ``statuses`` in turn (then 200), records what came."""

    def __init__(self, statuses=(), delay=0.0):
        self.statuses, self.delay = list(statuses), delay
        self.received: list[dict] = []
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(endpoint.delay)
                with endpoint._lock:
                    endpoint.received.append({
                        "event": self.headers.get("X-HomeNet-Event"), "delivery": self.headers.get("X-HomeNet-Delivery"),
                        "valid": webhooks.webhook_signature_verify(SECRET, self.headers.get("X-HomeNet-Signature", ""),
                                                                   body),
                        "payload": json.loads(body),
                    })
                    status = endpoint.statuses.pop(0) if endpoint.statuses else 200
                if not endpoint.received[-1]["valid"]:
                    status = 401
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/homenet"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    server = ClientEndpoint()
    yield server
    server.stop()


@pytest.fixture
def company(db, endpoint):
    return create_oem_client(webhook_url=endpoint.url, webhook_secret=SECRET)


@pytest.fixture
def contract(company, variant):
    return create_contract(company, variant, deposit_percent="0")


def _enqueue(contract, key="k1"):
    with transaction.atomic():
        return webhooks.webhook_enqueue(client=contract.client, event_type=webhooks.CONTRACT_STATUS_CHANGED, key=key,
                                        data={"contract": webhooks.contract_data(contract)})


@pytest.mark.django_db
def test_status_change_is_posted_signed_after_commit(contract, endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract_status_change(contract_id=contract.pk, to_status=ContractStatus.IN_PRODUCTION, actor=Actor(),
                               reason="Materials bought")

    delivery = WebhookDelivery.objects.get()
    [request] = endpoint.received
    assert request["valid"] and request["event"] == "contract.status_changed"
    assert request["delivery"] == str(delivery.pk)
    assert request["payload"]["id"] == str(delivery.pk) and request["payload"]["type"] == "contract.status_changed"
    assert request["payload"]["data"]["from_status"] == "awaiting_deposit"
    assert request["payload"]["data"]["to_status"] == "in_production"
    assert request["payload"]["data"]["reason"] == "Materials bought"
    assert request["payload"]["data"]["contract"]["number"] == contract.number
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (WebhookStatus.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None


@pytest.mark.django_db
def test_invoice_issued_and_paid_are_posted(company, variant, endpoint, django_capture_on_commit_callbacks):
    contract = create_contract(company, variant, deposit_percent="50")
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoices.deposit_invoice_issue(contract=contract, actor=Actor())
    with django_capture_on_commit_callbacks(execute=True):
        invoices.invoice_bank_transfer_record(invoice_id=invoice.pk, amount=invoice.total, reference="T",
                                              actor=Actor())

    events = [r["event"] for r in endpoint.received]
    assert events[0] == "invoice.issued"
    assert sorted(events[1:]) == ["contract.status_changed", "invoice.paid"]
    paid = next(r for r in endpoint.received if r["event"] == "invoice.paid")
    assert paid["payload"]["data"]["invoice"]["total"] == f"{invoice.total:.2f}"
    assert paid["payload"]["data"]["invoice"]["status"] == "paid"
    assert all(r["valid"] for r in endpoint.received)


@pytest.mark.django_db
def test_a_replayed_event_writes_one_delivery(contract):
    with transaction.atomic():
        event = contract.events.create(type="status_changed", from_status="a", to_status="b")
    fact = OemContractStatusChanged(contract_id=str(contract.pk), event_id=event.pk, from_status="awaiting_deposit",
                                    to_status="in_production")

    with transaction.atomic():
        handlers.on_contract_status_changed(fact)
        handlers.on_contract_status_changed(fact)

    assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_a_client_without_a_webhook_url_gets_no_deliveries(variant, django_capture_on_commit_callbacks):
    contract = create_contract(create_oem_client(), variant, deposit_percent="0")

    with django_capture_on_commit_callbacks(execute=True):
        contract_status_change(contract_id=contract.pk, to_status=ContractStatus.IN_PRODUCTION, actor=Actor())

    assert WebhookDelivery.objects.count() == 0


@pytest.mark.django_db
def test_a_failing_endpoint_is_retried_with_backoff_and_succeeds_later(contract, endpoint):
    endpoint.statuses = [500, 503]
    delivery = _enqueue(contract)

    before = timezone.now()
    first = webhooks.webhook_delivery_send(delivery.pk)
    delivery.refresh_from_db()
    assert first == WebhookStatus.PENDING
    assert (delivery.attempts, delivery.last_status_code) == (1, 500) and "HTTP 500" in delivery.last_error
    assert before + timedelta(seconds=30) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=36)
    assert tasks.webhook_deliveries_retry_task() == 0  # not due yet
    assert len(endpoint.received) == 1

    second = webhooks.webhook_delivery_send(delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert second == WebhookStatus.PENDING and delivery.attempts == 2 and 59 <= wait <= 73

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert tasks.webhook_deliveries_retry_task() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (WebhookStatus.DELIVERED, 3, "")
    assert [r["delivery"] for r in endpoint.received] == [str(delivery.pk)] * 3
    assert len({json.dumps(r["payload"]) for r in endpoint.received}) == 1  # the same payload each time


@pytest.mark.django_db
def test_gives_up_after_the_most_attempts(contract, endpoint, settings):
    settings.OEM_WEBHOOK_MAX_ATTEMPTS = 3
    endpoint.statuses = [500] * 10
    delivery = _enqueue(contract)
    later = timezone.now()

    outcomes = []
    for _ in range(4):
        later += timedelta(hours=7)
        outcomes.append(webhooks.webhook_delivery_send(delivery.pk, now=later))

    delivery.refresh_from_db()
    assert outcomes == [WebhookStatus.PENDING, WebhookStatus.PENDING, WebhookStatus.FAILED, None]
    assert (delivery.status, delivery.attempts) == (WebhookStatus.FAILED, 3)
    assert len(endpoint.received) == 3


@pytest.mark.django_db
def test_an_unreachable_endpoint_counts_as_a_failed_attempt(contract, endpoint):
    delivery = _enqueue(contract)
    endpoint.stop()

    assert webhooks.webhook_delivery_send(delivery.pk) == WebhookStatus.PENDING

    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.last_status_code is None and "ConnectionError" in delivery.last_error


@pytest.mark.django_db
def test_a_wrong_secret_is_refused_by_the_client(contract, endpoint):
    contract.client.webhook_secret = "another"
    contract.client.save()
    delivery = _enqueue(contract)

    webhooks.webhook_delivery_send(delivery.pk)

    delivery.refresh_from_db()
    assert endpoint.received[0]["valid"] is False
    assert delivery.status == WebhookStatus.PENDING and delivery.last_status_code == 401


def test_signature_verify():
    body = b'{"a":1}'
    now = 1_800_000_000
    header = webhooks.webhook_signature("s3cret", body, timestamp=now)

    assert webhooks.webhook_signature_verify("s3cret", header, body, now=now + 299)
    assert webhooks.webhook_signature_verify("s3cret", f"{header},v1=00", body.decode(), now=now)
    assert not webhooks.webhook_signature_verify("other", header, body, now=now)
    assert not webhooks.webhook_signature_verify("s3cret", header, b'{"a":2}', now=now)
    assert not webhooks.webhook_signature_verify("s3cret", header, body, now=now + 301)
    assert not webhooks.webhook_signature_verify("s3cret", header, body, tolerance=10, now=now - 11)
    assert not webhooks.webhook_signature_verify("s3cret", "", body, now=now)
    assert not webhooks.webhook_signature_verify("s3cret", "t=x,v1=ab", body, now=now)
    assert not webhooks.webhook_signature_verify("", header, body, now=now)


def test_backoff_doubles_with_jitter_and_is_capped():
    for attempts, base in [(1, 30), (2, 60), (3, 120), (8, 3840)]:
        assert base <= webhooks.backoff_seconds(attempts) <= base * 1.2
    assert webhooks.backoff_seconds(20) == 6 * 3600


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_one_delivery_at_once(variant):
    from tests.factories.catalog import create_channel
    from tests.factories.fairtrade import ensure_minimum_wages

    ensure_minimum_wages()
    create_channel()
    slow = ClientEndpoint(delay=0.5)
    try:
        company = create_oem_client(webhook_url=slow.url, webhook_secret=SECRET)
        contract = create_contract(company, variant, deposit_percent="0")
        delivery = _enqueue(contract)  # committed; its after-commit send is eager: undo it
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookStatus.PENDING, attempts=0,
                                                              next_attempt_at=timezone.now())
        slow.received.clear()

        results = run_at_once([lambda: webhooks.webhook_delivery_send(delivery.pk)] * 3)

        assert sorted(results, key=str) == [None, None, WebhookStatus.DELIVERED]
        assert len(slow.received) == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == (WebhookStatus.DELIVERED, 1)
    finally:
        slow.stop()


# --- overdue invoices ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_overdue_invoices_are_told_once_by_email_and_webhook(company, variant, endpoint,
                                                             django_capture_on_commit_callbacks):
    overdue = invoices.deposit_invoice_issue(contract=create_contract(company, variant), actor=Actor())
    not_yet = invoices.deposit_invoice_issue(contract=create_contract(company, variant), actor=Actor())
    Invoice.objects.filter(pk=overdue.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    WebhookDelivery.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        told = tasks.invoices_overdue_notify_task()
    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.invoices_overdue_notify_task()

    assert (told, again) == (1, 0)
    [message] = mail.outbox
    assert message.to == [company.contact_email] and overdue.number in message.subject
    assert "3 days overdue" in message.body and not_yet.number not in message.body
    [request] = endpoint.received
    assert request["event"] == "invoice.overdue" and request["payload"]["data"]["invoice"]["number"] == overdue.number
    assert WebhookDelivery.objects.filter(event_type="invoice.overdue").count() == 1
