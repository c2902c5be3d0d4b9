"""A local fake of the parts of Stripe's HTTP API the Stripe gateway uses.

Real HTTP on 127.0.0.1 (an ephemeral port), answered from memory: PaymentIntents
(create, retrieve with ``expand[]=latest_charge``, capture, cancel) and Refunds
(create, list).  Like Stripe it needs a Bearer secret key, speaks form-encoded
parameters with bracketed nesting, answers JSON, and replays the stored answer
for a repeated ``Idempotency-Key`` (an error when the parameters differ).

Bounded: at most ``MAX_CONCURRENT`` requests at a time, bodies of at most
``MAX_BODY`` bytes, a socket timeout per request; the server stops with the
fixture.  Test helpers move intents along as a customer would (``succeed``,
``fail``, ``process``, ``authorize``) and build signed webhook deliveries.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SECRET_KEY = "sk_test_fake"
PUBLISHABLE_KEY = "pk_test_fake"
WEBHOOK_SECRET = "whsec_test_secret"
MAX_CONCURRENT = 8
MAX_BODY = 64 * 1024


def decode_params(pairs) -> dict:
    """Stripe's form encoding (``a[b][0]=x``) back to nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_lists(node[k]) for k in sorted(node, key=int)]
        return {k: _lists(v) for k, v in node.items()}
    return node


def stripe_signature(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header as Stripe computes it: HMAC-SHA256 of ``"{t}.{payload}"``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class StripeError(Exception):
    def __init__(self, status: int, message: str, type_: str = "invalid_request_error", code: str | None = None):
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": type_, "message": message, "code": code}}


class FakeStripe:
    """The fake's state; ``url`` is what STRIPE_API_BASE should be."""

    def __init__(self):
        self.intents: dict[str, dict] = {}
        self.charges: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.requests: list[tuple[str, str, dict]] = []
        self.next_refund_status = "succeeded"
        self._idempotent: dict[str, tuple[str, int, dict]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- server ---------------------------------------------------------------------

    def start(self) -> FakeStripe:
        fake = self

        class Handler(_Handler):
            stripe = fake

        self._server = _BoundedServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def created(self, path: str) -> list[dict]:
        """Parameters of the successful POSTs to ``path`` (replays excluded)."""
        return [params for method, p, params in self.requests if method == "POST" and p == path]

    # --- API ----------------------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}{secrets.token_hex(4)}"

    def handle(self, method: str, path: str, params: dict, idempotency_key: str | None):
        with self._lock:
            if method == "POST" and idempotency_key:
                fingerprint = json.dumps([path, params], sort_keys=True)
                if idempotency_key in self._idempotent:
                    seen, status, body = self._idempotent[idempotency_key]
                    if seen != fingerprint:
                        raise StripeError(400, "Keys for idempotent requests can only be used with the same parameters "
                                          "they were first used with.", "idempotency_error")
                    return status, body, True
                status, body = self._route(method, path, params)
                self._idempotent[idempotency_key] = (fingerprint, status, body)
                return status, body, False
            status, body = self._route(method, path, params)
            return status, body, False

    def _route(self, method: str, path: str, params: dict):
        self.requests.append((method, path, params))
        match = re.fullmatch(r"/v1/payment_intents(?:/(pi_\w+))?(?:/(capture|cancel))?", path)
        if match:
            intent_id, action = match.groups()
            if method == "POST" and not intent_id:
                return 200, self._create_intent(params)
            intent = self.intents.get(intent_id or "")
            if intent is None:
                raise StripeError(404, f"No such payment_intent: '{intent_id}'", code="resource_missing")
            if method == "GET":
                return 200, self._expanded(intent, params)
            if action == "capture":
                return 200, self._capture(intent, params)
            if action == "cancel":
                return 200, self._cancel(intent, params)
        if path == "/v1/refunds":
            if method == "POST":
                return 200, self._create_refund(params)
            return 200, self._list_refunds(params)
        raise StripeError(404, f"Unrecognized request URL ({method}: {path}).")

    def _create_intent(self, params: dict) -> dict:
        for required in ("amount", "currency"):
            if required not in params:
                raise StripeError(400, f"Missing required param: {required}.", code="parameter_missing")
        intent_id = self._id("pi")
        intent = {
            "id": intent_id, "object": "payment_intent", "amount": int(params["amount"]),
            "amount_capturable": 0, "amount_received": 0, "currency": params["currency"],
            "capture_method": params.get("capture_method", "automatic"),
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}", "created": int(time.time()),
            "description": params.get("description"), "last_payment_error": None, "latest_charge": None,
            "livemode": False, "metadata": params.get("metadata", {}),
            "payment_method_options": params.get("payment_method_options", {}),
            "payment_method_types": params.get("payment_method_types", ["card"]),
            "receipt_email": params.get("receipt_email"), "status": "requires_payment_method",
            "cancellation_reason": None,
        }
        self.intents[intent_id] = intent
        return dict(intent)

    def _expanded(self, intent: dict, params: dict) -> dict:
        body = dict(intent)
        if "latest_charge" in (params.get("expand") or []) and intent["latest_charge"]:
            body["latest_charge"] = dict(self.charges[intent["latest_charge"]])
        return body

    def _capture(self, intent: dict, params: dict) -> dict:
        if intent["status"] != "requires_capture":
            raise StripeError(400, "This PaymentIntent could not be captured because it has a status of "
                              f"{intent['status']}.", code="payment_intent_unexpected_state")
        amount = int(params.get("amount_to_capture", intent["amount_capturable"]))
        charge = self.charges[intent["latest_charge"]]
        charge.update(captured=True, amount_captured=amount)
        intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
        return dict(intent)

    def _cancel(self, intent: dict, params: dict) -> dict:
        if intent["status"] in ("succeeded", "canceled"):
            raise StripeError(400, f"You cannot cancel this PaymentIntent because it has a status of {intent['status']}.",
                              code="payment_intent_unexpected_state")
        intent.update(status="canceled", amount_capturable=0,
                      cancellation_reason=params.get("cancellation_reason", "requested_by_customer"))
        return dict(intent)

    def _create_refund(self, params: dict) -> dict:
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            raise StripeError(400, "This PaymentIntent does not have a successful charge to refund.",
                              code="charge_not_refundable")
        charge = self.charges[intent["latest_charge"]]
        amount = int(params.get("amount", charge["amount_captured"] - charge["amount_refunded"]))
        if amount > charge["amount_captured"] - charge["amount_refunded"]:
            raise StripeError(400, "Refund amount is greater than unrefunded amount on charge.",
                              code="amount_too_large")
        return self.add_refund(intent["id"], amount, status=self.next_refund_status, metadata=params.get("metadata", {}))

    def _list_refunds(self, params: dict) -> dict:
        charge, intent = params.get("charge"), params.get("payment_intent")
        data = [dict(r) for r in self.refunds.values() if r["charge"] == charge or r["payment_intent"] == intent]
        return {"object": "list", "url": "/v1/refunds", "has_more": False, "data": data}

    # --- what customers and the dashboard do (test helpers) ----------------------------

    def _charge(self, intent: dict, method: str, *, captured: bool) -> dict:
        charge_id = self._id("ch")
        details = {"type": method}
        if method == "card":
            details["card"] = {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2030}
        charge = {
            "id": charge_id, "object": "charge", "amount": intent["amount"],
            "amount_captured": intent["amount"] if captured else 0, "amount_refunded": 0, "captured": captured,
            "currency": intent["currency"], "payment_intent": intent["id"], "created": int(time.time()),
            "metadata": intent["metadata"], "payment_method_details": details, "refunded": False, "status": "succeeded",
        }
        self.charges[charge_id] = charge
        intent["latest_charge"] = charge_id
        return charge

    def succeed(self, intent_id: str, method: str = "card") -> dict:
        """The customer paid (card, or a PromptPay scan): the intent succeeded."""
        with self._lock:
            intent = self.intents[intent_id]
            self._charge(intent, method, captured=True)
            intent.update(status="succeeded", amount_received=intent["amount"], last_payment_error=None)
            return dict(intent)

    def authorize(self, intent_id: str) -> dict:
        """The customer's card was authorized (manual capture)."""
        with self._lock:
            intent = self.intents[intent_id]
            self._charge(intent, "card", captured=False)
            intent.update(status="requires_capture", amount_capturable=intent["amount"])
            return dict(intent)

    def process(self, intent_id: str) -> dict:
        with self._lock:
            intent = self.intents[intent_id]
            intent.update(status="processing")
            return dict(intent)

    def fail(self, intent_id: str, message: str = "Your card was declined.") -> dict:
        with self._lock:
            intent = self.intents[intent_id]
            charge = self._charge(intent, "card", captured=False)
            charge.update(status="failed", amount_captured=0)
            intent.update(status="requires_payment_method",
                          last_payment_error={"code": "card_declined", "message": message, "type": "card_error"})
            return dict(intent)

    def cancel(self, intent_id: str) -> dict:
        with self._lock:
            return self._cancel(self.intents[intent_id], {"cancellation_reason": "abandoned"})

    def add_refund(self, intent_id: str, amount: int, *, status: str = "succeeded", metadata=None) -> dict:
        """A refund (ours through the API, or one made in Stripe's dashboard)."""
        intent = self.intents[intent_id]
        charge = self.charges[intent["latest_charge"]]
        refund = {
            "id": self._id("re"), "object": "refund", "amount": amount, "charge": charge["id"],
            "currency": intent["currency"], "payment_intent": intent_id, "status": status,
            "created": int(time.time()), "metadata": metadata or {}, "failure_reason": None,
        }
        self.refunds[refund["id"]] = refund
        if status in ("succeeded", "pending"):
            charge["amount_refunded"] += amount
            charge["refunded"] = charge["amount_refunded"] >= charge["amount_captured"]
        return dict(refund)

    def charge_of(self, intent_id: str, *, embed_refunds: bool = True) -> dict:
        """The intent's latest charge, as ``charge.refunded`` carries it."""
        charge = dict(self.charges[self.intents[intent_id]["latest_charge"]])
        if embed_refunds:
            refunds = [dict(r) for r in self.refunds.values() if r["charge"] == charge["id"]]
            charge["refunds"] = {"object": "list", "has_more": False, "data": refunds}
        return charge


def event(type_: str, obj: dict, *, created: int | None = None, event_id: str | None = None) -> dict:
    """A Stripe Event object around ``obj``."""
    return {
        "id": event_id or f"evt_{secrets.token_hex(12)}", "object": "event", "api_version": "2026-10-28.endive",
        "created": int(time.time()) if created is None else created, "livemode": False, "type": type_,
        "data": {"object": obj}, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
    }


def deliver(client, payload: dict | str, *, secret: str = WEBHOOK_SECRET, signature: str | None = None,
            timestamp: int | None = None):
    """POST a webhook delivery, signed as Stripe signs it (or with ``signature`` as given)."""
    body = payload if isinstance(payload, str) else json.dumps(payload)
    headers = {}
    if signature is None:
        signature = stripe_signature(body, secret, timestamp)
    if signature:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post("/payments/stripe/webhook/", data=body, content_type="application/json", **headers)


class _BoundedServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._slots = threading.BoundedSemaphore(MAX_CONCURRENT)

    def process_request(self, request, client_address):
        if not self._slots.acquire(timeout=5):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class _Handler(BaseHTTPRequestHandler):
    stripe: FakeStripe
    timeout = 5

    def log_message(self, *_args):
        pass

    def _answer(self, status: int, body: dict, replayed: bool = False):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(6)}")
        if replayed:
            self.send_header("Idempotent-Replayed", "true")
        self.end_headers()
        self.wfile.write(data)

    def _serve(self, method: str):
        url = urlsplit(self.path)
        if self.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
            return self._answer(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided."}})
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._answer(413, {"error": {"type": "invalid_request_error", "message": "Request too large."}})
        raw = self.rfile.read(length).decode() if length else ""
        params = decode_params(parse_qsl(raw if method == "POST" else url.query, keep_blank_values=True))
        try:
            status, body, replayed = self.stripe.handle(method, url.path, params, self.headers.get("Idempotency-Key"))
        except StripeError as error:
            return self._answer(error.status, error.body)
        return self._answer(status, body, replayed)

    def do_GET(self):
        self._serve("GET")

    def do_POST(self):
        self._serve("POST")


def running_fake_stripe(settings):
    """Start a fake Stripe and configure the gateway to use it (and sign webhooks with a test secret).

    A generator for a fixture: ``yield from running_fake_stripe(settings)``.
    """
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    try:
        yield fake
    finally:
        fake.stop()
