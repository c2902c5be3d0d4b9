"""Checkout benchmark: the shopper's whole flow over real HTTP against gunicorn.

Not a test: it measures and reports numbers (docs/benchmarks.md), it asserts
nothing about timing (it does stop at the first error).  Run from the
repository root::

    .venv/bin/python -m bench.checkout [--orders 200] [--concurrency 4]

What it does:

1. Rebuilds its own database, ``homenet_bench_checkout``, on the embedded
   PostgreSQL server (or on $BENCH_SERVER_URL's): migrate, ``manage.py
   populatedb`` (demo catalogue, the Thailand channel ``default-channel``, the
   Thailand shipping zone), then picks a pool of light, purchasable variants
   (one per product) and raises their Stock.quantity so no run runs out.  The
   channel keeps ``allow_unpaid_orders = False``: every order is paid with the
   dummy gateway (``homenet.payments.dummy``).  With ``--unpaid`` (or when the
   schema has no transactionInitialize) the payment step is left out and the
   channel allows unpaid orders instead; the report says so.
2. Counts SQL queries per request in-process (Django test Client +
   CaptureQueriesContext, same database and documents): every step of one
   order, and checkoutLinesAdd with 1 and with 10 new lines (with the
   storefront's answer, and with one of only ids: the mutation's own queries).
3. Starts gunicorn (--workers sync workers, ``shop.settings.production``,
   DEBUG off; the environment bench/catalog.py gives it) on a free 127.0.0.1
   port.  Production settings switch the dummy gateway off, so the server runs
   ``bench.checkout:wsgi_with_dummy_gateway()``: Django's WSGI application under
   the production settings with ``DUMMY_GATEWAY_ENABLED = True``, nothing else
   changed.  Celery tasks (order e-mail, event dispatch) go to a Redis database
   of the bench's own (13) that no worker reads; it is emptied at the end.
4. Over HTTP (loopback only; bounded order counts), per order: checkoutCreate
   (1-3 lines), checkoutLinesAdd (1 line), checkoutEmailUpdate,
   checkoutShippingAddressUpdate, checkoutBillingAddressUpdate,
   checkoutDeliveryMethodUpdate (the first of checkout.shippingMethods),
   transactionInitialize (dummy gateway, the checkout's total) and
   checkoutComplete.  Every answer is checked (HTTP 200, no GraphQL errors, an
   empty ``errors`` list, the expected result); the first error stops the run.
   A warm-up, then --orders orders with one client (per-mutation median and
   p95, orders per second), then --orders orders shared by --concurrency client
   threads (orders per second).  Before each timed run it waits (at most about
   a minute) for other work to leave the CPU; during each it measures from /proc
   the CPU of its own processes (gunicorn, PostgreSQL backends of its database,
   the clients) and of everything else, so a disturbed run shows as one.
5. Prints a markdown report and writes it into docs/benchmarks.md between the
   ``bench:checkout`` markers (text outside the markers is kept).
6. Stops the server and empties the Redis database in a ``finally`` block.

``--profile`` additionally runs 20 orders in-process (DEBUG off) under
cProfile and pyinstrument and prints where the time goes per mutation and
per function (files in .data/bench/profile-checkout.*).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gc
import json
import os
import shlex
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import (
    BASE_DIR,
    BENCH_DIR,
    CpuMeter,
    GunicornServer,
    bench_database_url,
    cpu_busy,
    log,
    machine_info,
    manage,
    percentile,
    post,
    redis_url_with_db,
    write_docs_section,
)

BENCH_DB = "homenet_bench_checkout"
CHANNEL = "default-channel"
GATEWAY = "homenet.payments.dummy"
TARGET_ORDERS_PER_SECOND = 25.0  # with 4 clients on a 2-core machine
MARK_START = "<!-- bench:checkout:start -->"
MARK_END = "<!-- bench:checkout:end -->"
OPERATIONS = BASE_DIR / "tests" / "operations" / "storefront"
WARMUP_ORDERS = 6
POOL_SIZE = 40  # variants the orders rotate over (one per product)
STOCK_QUANTITY = 1_000_000
CELERY_REDIS_DB = 13  # nobody consumes it: the tasks of the bench orders are never run
CACHE_REDIS_DB = 14
MAX_ORDERS = 2000
QUIET_CPU_PERCENT = 15.0
QUIET_WAIT_SAMPLES = 30  # of 2 s each
OTHER_WORK_WARNING = 10.0  # % of all cores used by others during a timed run

ADDRESS = {  # validates: tests/shop/graphql/checkout/test_checkout_flow.py
    "firstName": "Somchai", "lastName": "Jaidee", "streetAddress1": "99/1 Soi Ruam Rudee",
    "city": "Pathum Wan", "cityArea": "Lumphini", "countryArea": "Bangkok", "postalCode": "10330",
    "country": "TH", "phone": "0812345678",
}

# Used when tests/operations/storefront/payment.graphql has no usable transactionInitialize.
TRANSACTION_INITIALIZE = """
mutation TransactionInitialize($id: ID!, $amount: PositiveDecimal, $paymentGateway: PaymentGatewayToInitialize!) {
  transactionInitialize(id: $id, amount: $amount, paymentGateway: $paymentGateway) {
    transaction { id chargedAmount { amount currency } }
    transactionEvent { type pspReference message }
    data
    errors { field code message }
  }
}
"""

# checkoutLinesAdd selecting only the lines' ids: the mutation's own SQL, without the answer's.
LINES_ADD_BARE = """
mutation CheckoutAddLinesBare($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { checkout { id lines { id } } errors { field code message } }
}
""".strip()

# (mutation field, operation name in tests/operations/storefront/checkout.graphql)
STEPS = [
    ("checkoutCreate", "CheckoutCreate"),
    ("checkoutLinesAdd", "CheckoutAddLines"),
    ("checkoutEmailUpdate", "CheckoutEmailUpdate"),
    ("checkoutShippingAddressUpdate", "CheckoutShippingAddressUpdate"),
    ("checkoutBillingAddressUpdate", "CheckoutBillingAddressUpdate"),
    ("checkoutDeliveryMethodUpdate", "CheckoutDeliveryMethodUpdate"),
    ("transactionInitialize", "TransactionInitialize"),
    ("checkoutComplete", "CheckoutComplete"),
]


class FlowError(RuntimeError):
    """A step of the flow answered an error: the run stops."""


# --- GraphQL documents -----------------------------------------------------------------------


def operation_documents(path: Path) -> dict[str, str]:
    """Each operation of a .graphql file as a document of its own, with the fragments it spreads
    (its own, or the shared ones of tests/operations/storefront/fragments.graphql)."""
    from graphql import parse, print_ast
    from graphql.language import (
        DocumentNode,
        FragmentDefinitionNode,
        FragmentSpreadNode,
        OperationDefinitionNode,
        Visitor,
        visit,
    )

    document = parse(path.read_text())
    fragments = {}
    shared = OPERATIONS / "fragments.graphql"
    for source in ([parse(shared.read_text())] if shared.exists() and shared != path else []) + [document]:
        fragments.update({d.name.value: d for d in source.definitions if isinstance(d, FragmentDefinitionNode)})

    def spreads(node) -> set[str]:
        found: set[str] = set()

        class Collect(Visitor):
            def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args):
                found.add(spread.name.value)

        visit(node, Collect())
        return found

    out = {}
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
            continue
        needed, todo = [], list(spreads(definition))
        while todo:
            name = todo.pop()
            if name in needed:
                continue
            if name not in fragments:
                raise SystemExit(f"{path.name}: fragment {name} is spread but not defined")
            needed.append(name)
            todo += spreads(fragments[name])
        doc = DocumentNode(definitions=(definition, *(fragments[n] for n in sorted(needed))))
        out[definition.name.value] = print_ast(doc)
    return out


@dataclass
class PaymentDocument:
    document: str
    source: str  # where it came from
    variables: dict[str, str]  # GraphQL variable -> what to put in it: "id" | "gateway" | "amount" | "gateway_id"


def payment_document() -> PaymentDocument:
    """transactionInitialize from tests/operations/storefront/payment.graphql when it is there and
    its variables are ones a shopper fills (the checkout id, the gateway, the amount); else built in."""
    from graphql import parse
    from graphql.language import NamedTypeNode, NonNullTypeNode, OperationDefinitionNode

    path = OPERATIONS / "payment.graphql"
    if path.exists():
        documents = operation_documents(path)
        for definition in parse(path.read_text()).definitions:
            if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
                continue
            fields = [s.name.value for s in definition.selection_set.selections if hasattr(s, "name")]
            if "transactionInitialize" not in fields:
                continue
            variables, usable = {}, True
            for var in definition.variable_definitions:
                type_node = var.type
                required = isinstance(type_node, NonNullTypeNode)
                while not isinstance(type_node, NamedTypeNode):
                    type_node = type_node.type
                kind = {"ID": "id", "PaymentGatewayToInitialize": "gateway", "PositiveDecimal": "amount"}.get(type_node.name.value)
                if kind is None and type_node.name.value == "String" and "gateway" in var.variable.name.value.lower():
                    kind = "gateway_id"
                if kind is None and required:
                    usable = False
                if kind is not None:
                    variables[var.variable.name.value] = kind
            if usable and "id" in variables.values() and {"gateway", "gateway_id"} & set(variables.values()):
                return PaymentDocument(documents[definition.name.value],
                                       f"`{definition.name.value}` of tests/operations/storefront/payment.graphql", variables)
        log("payment.graphql has no transactionInitialize a shopper can send: using the built-in document")
    return PaymentDocument(TRANSACTION_INITIALIZE.strip(), "built into bench/checkout.py",
                           {"id": "id", "amount": "amount", "paymentGateway": "gateway"})


def documents(paid: bool) -> tuple[dict[str, str], PaymentDocument | None]:
    checkout_ops = operation_documents(OPERATIONS / "checkout.graphql")
    docs = {}
    for step, operation in STEPS:
        if step == "transactionInitialize":
            continue
        if operation not in checkout_ops:
            raise SystemExit(f"tests/operations/storefront/checkout.graphql has no operation {operation}")
        docs[step] = checkout_ops[operation]
    payment = payment_document() if paid else None
    if payment is not None:
        docs["transactionInitialize"] = payment.document
    return docs, payment


# --- 1. data -----------------------------------------------------------------------------------------


@dataclass
class Data:
    variant_ids: list[str]  # global ids, the pool
    skus: list[str]
    paid: bool
    counts: dict = field(default_factory=dict)


def payments_available() -> bool:
    from shop.graphql.api import schema

    mutation = schema.graphql_schema.mutation_type
    return mutation is not None and "transactionInitialize" in mutation.fields


def prepare_data(env: dict, *, paid: bool) -> Data:
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("populatedb", env=env)
    from django.db import transaction
    from django.db.models import Exists, OuterRef
    from graphql_relay import to_global_id

    from shop.catalog.models import ProductVariant, ProductVariantChannelListing
    from shop.catalog.selectors import products_in_listings
    from shop.channel.models import Channel
    from shop.warehouse.models import Stock

    channel = Channel.objects.get(slug=CHANNEL)
    listed = products_in_listings(channel=channel, staff=False)
    priced = ProductVariantChannelListing.objects.filter(
        variant=OuterRef("pk"), channel=channel, price_amount__isnull=False
    )
    stocked = Stock.objects.filter(product_variant=OuterRef("pk"), warehouse__channels=channel)
    candidates = (
        ProductVariant.objects.filter(
            product__in=listed, product__product_type__is_shipping_required=True, track_inventory=True,
            quantity_limit_per_customer__isnull=True, weight_grams__lte=500,
        )
        .filter(Exists(priced), Exists(stocked))
        .order_by("product_id", "pk")
    )
    pool, seen = [], set()
    for variant in candidates:
        if variant.product_id not in seen:
            seen.add(variant.product_id)
            pool.append(variant)
        if len(pool) == POOL_SIZE:
            break
    if len(pool) < 12:
        raise SystemExit(f"only {len(pool)} purchasable light variants in {CHANNEL}; the bench needs at least 12")
    with transaction.atomic():
        Stock.objects.filter(product_variant__in=pool).update(quantity=STOCK_QUANTITY)
        channel.allow_unpaid_orders = not paid
        channel.save(update_fields=["allow_unpaid_orders"])
    from shop.catalog.models import Product
    from shop.shipping.models import ShippingMethod

    counts = {
        "products": Product.objects.count(), "variants": ProductVariant.objects.count(),
        "shipping_methods": ShippingMethod.objects.count(), "pool": len(pool),
        "reserve_minutes": channel.reserve_stock_duration_minutes,
    }
    log(f"pool of {len(pool)} variants, stock raised to {STOCK_QUANTITY:,}; allow_unpaid_orders={not paid}")
    return Data(
        variant_ids=[to_global_id("ProductVariant", v.pk) for v in pool], skus=[v.sku for v in pool], paid=paid,
        counts=counts,
    )


# --- 2. the flow ----------------------------------------------------------------------------------------


class Flow:
    """One shopper's calls; ``send(step, variables)`` is HTTP or the in-process test Client."""

    def __init__(self, docs: dict[str, str], payment: PaymentDocument | None, data: Data, send):
        self.docs, self.payment, self.data, self.send = docs, payment, data, send

    def call(self, step: str, variables: dict, timings: dict | None) -> dict:
        payload = {"query": self.docs[step], "variables": variables}
        started = time.perf_counter()
        status, body = self.send(payload)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise FlowError(f"{step}: HTTP {status}: {body[:800]!r}")
        try:
            answer = json.loads(body)
        except ValueError:
            raise FlowError(f"{step}: not JSON: {body[:800]!r}")
        if answer.get("errors"):
            raise FlowError(f"{step}: {answer['errors']}")
        result = (answer.get("data") or {}).get(step)
        if result is None:
            raise FlowError(f"{step}: no result: {answer}")
        if result.get("errors"):
            raise FlowError(f"{step}: {result['errors']}")
        if timings is not None:
            timings.setdefault(step, []).append(elapsed)
        return result

    def lines(self, first: int, count: int) -> list[dict]:
        pool = self.data.variant_ids
        return [{"variantId": pool[(first + k) % len(pool)], "quantity": 1} for k in range(count)]

    def order(self, n: int, run: str, timings: dict | None = None) -> dict:
        """Order number ``n`` of run ``run``: create (1-3 lines), add a line, ..., complete."""
        first = 4 * n
        created = self.call("checkoutCreate", {"channel": CHANNEL, "lines": self.lines(first, 1 + n % 3)}, timings)
        checkout_id = created["checkout"]["id"]
        added = self.call("checkoutLinesAdd", {"id": checkout_id, "lines": self.lines(first + 3, 1)}, timings)
        if len(added["checkout"]["lines"]) != 2 + n % 3:
            raise FlowError(f"checkoutLinesAdd: expected {2 + n % 3} lines, got {len(added['checkout']['lines'])}")
        email = f"bench-{run.replace(' ', '-')}-{n}@example.com"
        emailed = self.call("checkoutEmailUpdate", {"id": checkout_id, "email": email}, timings)
        if emailed["checkout"]["email"] != email:
            raise FlowError(f"checkoutEmailUpdate: e-mail is {emailed['checkout']['email']!r}")
        shipped = self.call("checkoutShippingAddressUpdate", {"id": checkout_id, "address": ADDRESS}, timings)
        methods = shipped["checkout"]["shippingMethods"]
        if not methods:
            raise FlowError("checkoutShippingAddressUpdate: no shipping method offered for the Bangkok address")
        self.call("checkoutBillingAddressUpdate", {"id": checkout_id, "address": ADDRESS}, timings)
        delivered = self.call("checkoutDeliveryMethodUpdate", {"id": checkout_id, "deliveryMethodId": methods[0]["id"]}, timings)
        delivery = delivered["checkout"]["delivery"]
        if not delivery or (delivery.get("shippingMethod") or {}).get("id") != methods[0]["id"]:
            raise FlowError(f"checkoutDeliveryMethodUpdate: delivery is {delivery}")
        total = delivered["checkout"]["totalPrice"]["gross"]["amount"]
        if self.payment is not None:
            values = {"id": checkout_id, "amount": total, "gateway": {"id": GATEWAY}, "gateway_id": GATEWAY}
            paid = self.call("transactionInitialize", {k: values[v] for k, v in self.payment.variables.items()}, timings)
            event = paid.get("transactionEvent") or {}
            if event.get("type") not in (None, "CHARGE_SUCCESS"):
                raise FlowError(f"transactionInitialize: event {event}")
        completed = self.call("checkoutComplete", {"id": checkout_id}, timings)
        order = completed.get("order")
        if not order or completed.get("confirmationNeeded"):
            raise FlowError(f"checkoutComplete: {completed}")
        if abs(order["total"]["gross"]["amount"] - total) > 0.001:
            raise FlowError(f"checkoutComplete: order total {order['total']['gross']['amount']} != checkout total {total}")
        if self.payment is not None and not (order["isPaid"] and order["chargeStatus"] == "FULL"):
            raise FlowError(f"checkoutComplete: order not paid: isPaid={order['isPaid']} chargeStatus={order['chargeStatus']}")
        return order


# --- 3. SQL queries per request, in-process -----------------------------------------------------------


def count_queries(docs, payment, data: Data) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=True)

    def send(payload):
        response = client.post("/graphql/", payload, content_type="application/json")
        return response.status_code, response.content

    flow = Flow(docs, payment, data, send)
    flow.order(0, "sql-warmup")  # first-use work (schema, tax rate, gateway) out of the count
    counts: dict[str, int] = {}
    original = flow.call

    def counted(step, variables, timings):
        with CaptureQueriesContext(connection) as ctx:
            result = original(step, variables, timings)
        counts[step] = len(ctx.captured_queries)
        return result

    flow.call = counted
    flow.order(1, "sql")
    flow.call = original
    # checkoutLinesAdd with 1 and with 10 new lines, each on a fresh checkout of one other line: with the
    # storefront's document (the whole CheckoutFull fragment) and with one that selects only the lines' ids,
    # which tells the mutation's own queries from those of resolving the answer
    bare = {**docs, "checkoutLinesAdd": LINES_ADD_BARE}
    for key, documents_used in (("", docs), ("bare ", bare)):
        flow.docs = documents_used
        for size in (1, 10):
            created = flow.call("checkoutCreate", {"channel": CHANNEL, "lines": flow.lines(0, 1)}, None)
            with CaptureQueriesContext(connection) as ctx:
                added = flow.call("checkoutLinesAdd", {"id": created["checkout"]["id"], "lines": flow.lines(1, size)}, None)
            if len(added["checkout"]["lines"]) != size + 1:
                raise FlowError(f"checkoutLinesAdd ({size}): {len(added['checkout']['lines'])} lines")
            counts[f"{key}checkoutLinesAdd x{size}"] = len(ctx.captured_queries)
    flow.docs = docs
    return counts


# --- 4. over HTTP --------------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    clients: int
    orders: int = 0
    requests: int = 0
    wall: float = 0.0
    timings: dict = field(default_factory=dict)  # step -> [ms]
    order_ms: list = field(default_factory=list)
    cpu: dict | None = None  # CpuMeter.stop(): busy / bench / other, % of all cores

    @property
    def orders_per_second(self) -> float:
        return self.orders / self.wall if self.wall else 0.0

    def cpu_ms_per_order(self, part: str | None = None) -> float | None:
        """CPU time of the bench's processes (or of one part of them) per completed order."""
        if not self.cpu or not self.orders:
            return None
        seconds = self.cpu["seconds"]
        return 1000 * (sum(seconds.values()) if part is None else seconds.get(part, 0.0)) / self.orders


def run_orders(port: int, flow_for, label: str, orders: int, clients: int, offset: int, meter: CpuMeter | None = None) -> Run:
    """``orders`` orders shared by ``clients`` threads; stops at the first error (raised here)."""
    run = Run(label, clients)
    if meter is not None:
        meter.start()
    lock = threading.Lock()
    next_order = [0]
    failures: list[BaseException] = []

    def client():
        flow = flow_for()
        while True:
            with lock:
                if next_order[0] >= orders or failures:
                    return
                n = next_order[0]
                next_order[0] += 1
            timings: dict = {}
            started = time.perf_counter()
            try:
                flow.order(offset + n, label, timings)
            except BaseException as exc:  # noqa: BLE001 - re-raised by the main thread
                with lock:
                    failures.append(exc)
                return
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                run.orders += 1
                run.requests += sum(len(v) for v in timings.values())
                run.order_ms.append(elapsed)
                for step, values in timings.items():
                    run.timings.setdefault(step, []).extend(values)

    threads = [threading.Thread(target=client, daemon=True, name=f"bench-client-{i}") for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60 * 10)
    run.wall = time.perf_counter() - started
    run.cpu = meter.stop() if meter is not None else None
    if any(thread.is_alive() for thread in threads):
        raise FlowError(f"{label}: clients still running after 10 minutes")
    if failures:
        raise FlowError(f"{label}, after {run.orders} completed orders: {failures[0]}")
    log(f"{label}: {run.orders} orders in {run.wall:.1f} s = {run.orders_per_second:.1f} orders/s "
        f"({run.requests / run.wall:.0f} requests/s, order median {statistics.median(run.order_ms):.0f} ms"
        + (f"; CPU of all cores: bench {run.cpu['bench']:.0f} %, other work {run.cpu['other']:.0f} %; CPU per order "
           f"{run.cpu_ms_per_order():.0f} ms = server {run.cpu_ms_per_order('server'):.0f} + PostgreSQL "
           f"{run.cpu_ms_per_order('postgres'):.0f} + clients {run.cpu_ms_per_order('client'):.0f}" if run.cpu else "") + ")")
    return run


def wsgi_with_dummy_gateway():
    """gunicorn application factory: the project's WSGI app (settings from DJANGO_SETTINGS_MODULE,
    here shop.settings.production) with the dummy payment gateway switched on."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.DUMMY_GATEWAY_ENABLED = True
    return application


# --- profile ---------------------------------------------------------------------------------------------


def profile(docs, payment, data: Data, orders: int = 20) -> str:
    """Where the time of an order goes, in-process with DEBUG off: per step and phase (parse,
    validate, the mutation itself, resolving the payload), SQL share, CPU by package and by
    function (cProfile), and a pyinstrument tree when pyinstrument is installed."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client, override_settings

    # The view calls graphql-core's parse / validate / execute by the names it imported.
    import shop.graphql.core.views as graphene_views
    from shop.graphql.core.middleware import EnumValuesMiddleware

    client = Client(raise_request_exception=True)

    def send(payload):
        response = client.post("/graphql/", payload, content_type="application/json")
        return response.status_code, response.content

    flow = Flow(docs, payment, data, send)
    sql: collections.Counter = collections.Counter()
    phases: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    current = [""]
    original_call = flow.call

    def call(step, variables, timings):
        current[0] = step
        return original_call(step, variables, timings)

    flow.call = call

    def timed_sql(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql[current[0]] += time.perf_counter() - started

    def timed(phase, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                phases[current[0]][phase] += time.perf_counter() - started
        return wrapper

    original_resolve = EnumValuesMiddleware.resolve

    def resolve(self, next_, root, info, **args):
        if info.path.prev is not None:
            return original_resolve(self, next_, root, info, **args)
        return timed("mutation", original_resolve)(self, next_, root, info, **args)

    gc_time = [0.0, 0]  # seconds in the cyclic garbage collector, collections
    gc_started = [0.0]

    def gc_callback(phase, _info):
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_time[0] += time.perf_counter() - gc_started[0]
            gc_time[1] += 1

    patched = {name: getattr(graphene_views, name) for name in ("parse", "validate", "execute")}
    out = []
    with override_settings(DEBUG=False):
        connection.force_debug_cursor = False
        for n in range(3):
            flow.order(10_000 + n, "profile-warmup")
        timings: dict = {}
        try:
            for name, function in patched.items():
                setattr(graphene_views, name, timed(name, function))
            EnumValuesMiddleware.resolve = resolve
            gc.callbacks.append(gc_callback)
            with connection.execute_wrapper(timed_sql):
                started = time.perf_counter()
                for n in range(orders):
                    flow.order(10_100 + n, "profile", timings)
                total = time.perf_counter() - started
        finally:
            if gc_callback in gc.callbacks:
                gc.callbacks.remove(gc_callback)
            for name, function in patched.items():
                setattr(graphene_views, name, function)
            EnumValuesMiddleware.resolve = original_resolve
        out.append(f"in-process, {orders} orders: {total / orders * 1000:.0f} ms per order "
                   f"(= {orders / total:.1f} orders/s on one core), of which {sum(sql.values()) / orders * 1000:.0f} ms SQL "
                   f"and {gc_time[0] / orders * 1000:.1f} ms in the cyclic garbage collector ({gc_time[1]} collections)")
        out.append("per step, mean ms per request: total = parse + validate + mutation (the mutate resolver: "
                   "writes and checks) + payload (resolving the selected fields) + rest (view, JSON, auth); SQL "
                   "is inside mutation and payload")
        out.append(f"  {'step':32s} {'total':>6s} {'parse':>6s} {'valid.':>6s} {'mutat.':>6s} {'payload':>7s} {'rest':>6s} {'SQL':>6s}")
        sums = collections.Counter()
        for step, values in timings.items():
            p = phases[step]
            row = {
                "total": sum(values) / 1000, "parse": p["parse"], "validate": p["validate"], "mutation": p["mutation"],
                "payload": p["execute"] - p["mutation"], "sql": sql[step],
            }
            row["rest"] = row["total"] - row["parse"] - row["validate"] - p["execute"]
            sums.update(row)
            out.append(f"  {step:32s} " + " ".join(
                f"{row[k] / orders * 1000:{7 if k == 'payload' else 6}.1f}"
                for k in ("total", "parse", "validate", "mutation", "payload", "rest", "sql")))
        out.append(f"  {'whole order':32s} " + " ".join(
            f"{sums[k] / orders * 1000:{7 if k == 'payload' else 6}.1f}"
            for k in ("total", "parse", "validate", "mutation", "payload", "rest", "sql")))
        out.append("  shares of the order: " + ", ".join(
            f"{k} {sums[k] / sums['total'] * 100:.0f} %" for k in ("parse", "validate", "mutation", "payload", "rest", "sql")))

        cprofile = cProfile.Profile()
        cprofile.enable()
        for n in range(orders):
            flow.order(10_200 + n, "profile-cprofile")
        cprofile.disable()
        stats = pstats.Stats(cprofile)
        by_package: collections.Counter = collections.Counter()
        by_function: collections.Counter = collections.Counter()
        for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            if "site-packages/" in filename:
                parts = filename.split("site-packages/")[1].split("/")
                key = "/".join(parts[:3]) if parts[0] == "django" else parts[0]
            elif str(BASE_DIR) in filename:
                key = os.path.relpath(filename, BASE_DIR)
            elif filename.startswith("~"):
                key = f"builtin {name}"
            else:
                key = f"stdlib {Path(filename).name}"
            by_package[key] += tottime
        everything = sum(by_package.values()) or 1
        out.append("CPU time (cProfile tottime; cProfile inflates call-heavy code) by package / project file:")
        out += [f"  {share / everything * 100:5.1f}%  {key}" for key, share in by_package.most_common(15)]
        for (filename, line, name), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items():
            if str(BASE_DIR / "shop") in filename:
                by_function[f"{os.path.relpath(filename, BASE_DIR)}:{line}:{name}"] = cumtime
        out.append("project functions by cumulative time (share of all profiled time; nested calls overlap):")
        out += [f"  {t / everything * 100:5.1f}%  {key}" for key, t in by_function.most_common(40)]
        stats_file = BENCH_DIR / "profile-checkout.pstats"
        cprofile.dump_stats(stats_file)
        out.append(f"(full cProfile data: {stats_file.relative_to(BASE_DIR)})")
        try:
            from pyinstrument import Profiler
        except ImportError:
            out.append("pyinstrument is not installed (.venv/bin/pip install pyinstrument): no call tree")
        else:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for n in range(orders):
                flow.order(10_300 + n, "profile-pyinstrument")
            profiler.stop()
            tree = profiler.output_text(unicode=True, color=False, show_all=False)
            (BENCH_DIR / "profile-checkout.txt").write_text(tree)
            (BENCH_DIR / "profile-checkout.html").write_text(profiler.output_html())
            out += sampled_hot_spots(profiler.last_session.root_frame())
            out.append("pyinstrument call tree in .data/bench/profile-checkout.txt / .html")
    return "\n".join(out)


def sampled_hot_spots(root, top: int = 45) -> list[str]:
    """From a pyinstrument frame tree: each project function's inclusive share of the samples
    (counted once per stack, so recursion does not double it), and self time by package."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = root.time or 1.0
    shop_dir = str(BASE_DIR / "shop") + os.sep

    def bucket(path: str) -> str:
        if "site-packages/" in path:
            parts = path.split("site-packages/")[1].split("/")
            return "/".join(parts[:3]) if parts[0] == "django" else parts[0]
        if path.startswith(shop_dir):
            return "shop (project code)"
        if str(BASE_DIR) in path:
            return os.path.relpath(path, BASE_DIR)
        return "stdlib / builtins"

    stack = [(root, frozenset())]
    while stack:  # iterative: deep graphql stacks
        frame, above = stack.pop()
        path = frame.file_path or ""
        key = None
        if path.startswith(shop_dir):
            key = f"{os.path.relpath(path, BASE_DIR)}:{frame.function}"
            if key not in above:
                inclusive[key] += frame.time
        if not frame.is_synthetic:
            own[bucket(path)] += frame.total_self_time
        below = above | {key} if key else above
        stack.extend((child, below) for child in frame.children)
    out = [f"pyinstrument (sampling), {total:.2f} s: self time by package:"]
    out += [f"  {t / total * 100:5.1f}%  {k}" for k, t in own.most_common(12)]
    out.append("pyinstrument: project functions by inclusive share of all samples (nested calls overlap):")
    out += [f"  {t / total * 100:5.1f}%  {k}" for k, t in inclusive.most_common(top)]
    return out


# --- 5. report ------------------------------------------------------------------------------------------


def report(args, machine, data: Data, payment, sql: dict, sequential: Run, loaded: Run, command, started, load_before) -> str:
    steps = [step for step, _ in STEPS if step in sequential.timings]
    rows = [
        f"| mutation | SQL queries | median (ms), 1 client | p95 (ms), 1 client | median (ms), {loaded.clients} clients | p95 (ms), {loaded.clients} clients |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for step in steps:
        seq, load = sequential.timings[step], loaded.timings[step]
        rows.append(f"| {step} | {sql.get(step, '-')} | {statistics.median(seq):.1f} | {percentile(seq, 95):.1f} | "
                    f"{statistics.median(load):.1f} | {percentile(load, 95):.1f} |")
    rows.append(
        f"| **whole order** ({len(steps)} requests) | {sum(sql.get(s, 0) for s in steps)} | "
        f"{statistics.median(sequential.order_ms):.0f} | {percentile(sequential.order_ms, 95):.0f} | "
        f"{statistics.median(loaded.order_ms):.0f} | {percentile(loaded.order_ms, 95):.0f} |"
    )
    throughput = [
        "| clients | orders | wall time (s) | completed orders / s | requests / s | errors | CPU used by the bench "
        "| CPU used by other work | bench CPU per order: all = server + PostgreSQL + clients (ms) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in (sequential, loaded):
        if run.cpu:
            cpu = (f"{run.cpu['bench']:.0f} %", f"{run.cpu['other']:.0f} %",
                   f"{run.cpu_ms_per_order():.0f} = {run.cpu_ms_per_order('server'):.0f} + "
                   f"{run.cpu_ms_per_order('postgres'):.0f} + {run.cpu_ms_per_order('client'):.0f}")
        else:
            cpu = ("-", "-", "-")
        throughput.append(f"| {run.clients} | {run.orders} | {run.wall:.1f} | **{run.orders_per_second:.1f}** | "
                          f"{run.requests / run.wall:.0f} | 0 | {cpu[0]} | {cpu[1]} | {cpu[2]} |")
    one, ten = sql["checkoutLinesAdd x1"], sql["checkoutLinesAdd x10"]
    met = loaded.orders_per_second >= TARGET_ORDERS_PER_SECOND
    cores_note = "" if machine["cores"] == 2 else f" (this machine has {machine['cores']} cores)"
    if data.paid:
        payment_text = (
            f"paid with `transactionInitialize` and the dummy gateway `{GATEWAY}` (document {payment.source}; "
            "no `action` argument: the shopper's default CHARGE, since `action` needs HANDLE_PAYMENTS); the channel "
            "keeps `allowUnpaidOrders: false`, and every order is checked to be `isPaid` with `chargeStatus: FULL`. "
            "Production settings switch the dummy gateway off, so gunicorn serves "
            "`bench.checkout:wsgi_with_dummy_gateway()`: the project's WSGI application under "
            "`shop.settings.production` with `DUMMY_GATEWAY_ENABLED = True`, nothing else changed. The dummy "
            "gateway answers at once; Stripe would add a network round trip to transactionInitialize (I/O, not CPU)."
        )
    else:
        payment_text = (
            "**NOT PAID: the payment step is left out.** The channel is set to `allow_unpaid_orders = True` in the "
            "bench database, and each order has 7 requests instead of 8, so these numbers are better than a paid "
            "flow's."
        )
    verdict = [
        f"* **{loaded.orders_per_second:.1f} completed checkouts per second with {loaded.clients} clients** against the "
        f"target of {TARGET_ORDERS_PER_SECOND:.0f} on a 2-core machine{cores_note}: "
        f"**{'met' if met else 'missed'}**"
        + ".",
    ]
    cost = loaded.cpu_ms_per_order()
    if cost:
        verdict.append(
            f"* **CPU per completed order: {cost:.0f} ms** with {loaded.clients} clients (gunicorn "
            f"{loaded.cpu_ms_per_order('server'):.0f} ms, PostgreSQL {loaded.cpu_ms_per_order('postgres'):.0f} ms, the "
            f"client threads {loaded.cpu_ms_per_order('client'):.0f} ms), so {machine['cores']} otherwise idle cores "
            f"complete at most about {machine['cores'] * 1000 / cost:.1f} orders per second; "
            f"{TARGET_ORDERS_PER_SECOND:.0f} per second on 2 cores needs at most {2000 / TARGET_ORDERS_PER_SECOND:.0f} ms "
            "per order, clients included."
        )
    verdict += [
        f"* One client: {sequential.orders_per_second:.1f} orders per second; a whole order (the "
        f"{len(steps)} requests one after the other) takes {statistics.median(sequential.order_ms):.0f} ms (median).",
        f"* **SQL queries for checkoutLinesAdd: {one} with 1 line, {ten} with 10 lines: "
        f"{'equal' if one == ten else 'NOT equal'}**"
        + ("" if one == ten else (
            f" ({(ten - one) / 9:.0f} more per added line). With an answer of only the lines' ids: "
            f"{sql['bare checkoutLinesAdd x1']} and {sql['bare checkoutLinesAdd x10']}, so "
            + ("the mutation's own work is constant and the growth comes from resolving the storefront's answer"
               if sql['bare checkoutLinesAdd x1'] == sql['bare checkoutLinesAdd x10']
               else "the mutation's own work grows with the lines too")))
        + f". checkoutComplete: {sql['checkoutComplete']} queries.",
        "* Error rate: 0 (every answer was checked; the first error would have stopped the run).",
    ]
    other = max((run.cpu or {}).get("other", 0.0) for run in (sequential, loaded))
    if other > OTHER_WORK_WARNING:
        verdict.append(
            f"* **Disturbed run:** other work on the machine used up to {other:.0f} % of all cores during the timed "
            "runs, so the throughput above is understated; run again on a quiet machine."
        )
    lines = [
        MARK_START,
        "## Checkout: the shopper's flow over HTTP",
        "",
        "Written by `bench/checkout.py`; run it again to refresh this section (text outside",
        "the `bench:checkout` markers is kept).",
        "",
        f"* **Date:** {started:%Y-%m-%d %H:%M %Z} (run took {(datetime.datetime.now(started.tzinfo) - started).total_seconds():.0f} s)",
        f"* **Command:** `{command}`",
        f"* **Code:** {code_version()}",
        f"* **Machine:** {machine['cores']} cores (`nproc`; {machine['cpu']}), {machine['ram']} RAM, {machine['os']}; "
        f"CPU busy with other work just before the timed runs: {load_before} of all cores (2 s sample)",
        f"* **Software:** Python {machine['python']}, Django {machine['django']}, graphene {machine['graphene']}, "
        f"{machine['postgres']} (embedded, same machine), gunicorn {machine['gunicorn']}",
        f"* **Server:** gunicorn, {args.workers} sync workers, `shop.settings.production` (DEBUG off), persistent DB "
        "connections, on 127.0.0.1; the client threads run on the same machine and share its cores. Celery tasks "
        f"(order e-mail, event dispatch) are queued to a Redis database no worker reads (db {CELERY_REDIS_DB}), "
        "so their work is not measured; queuing them is.",
        f"* **Data:** database `{BENCH_DB}`, rebuilt each run: migrations + `manage.py populatedb` "
        f"({data.counts['products']} products, {data.counts['variants']} variants, the `{CHANNEL}` channel in THB, "
        f"{data.counts['shipping_methods']} Thailand shipping methods). The orders rotate over {data.counts['pool']} "
        f"variants (one per product, at most 500 g, stock raised to {STOCK_QUANTITY:,}); stock reservations on "
        f"({data.counts['reserve_minutes']} minutes).",
        "* **Flow per order** (documents of `tests/operations/storefront/checkout.graphql`, which select the whole "
        "`CheckoutFull` fragment): checkoutCreate with 1-3 lines, checkoutLinesAdd with 1 line, checkoutEmailUpdate, "
        "checkoutShippingAddressUpdate and checkoutBillingAddressUpdate (a Bangkok address), "
        "checkoutDeliveryMethodUpdate (the first of `checkout.shippingMethods`), "
        + ("transactionInitialize for the checkout's total, " if data.paid else "")
        + "checkoutComplete. Payment: " + payment_text,
        f"* **Method:** {WARMUP_ORDERS} warm-up orders (2 clients), then {sequential.orders} orders with 1 client "
        f"(latency per mutation: median and nearest-rank p95 of the wall time of each HTTP request), then "
        f"{loaded.orders} orders shared by {loaded.clients} client threads. Completed orders per second = orders / "
        "wall time of the run. SQL queries per request are counted in-process (Django test Client + "
        "`CaptureQueriesContext`, same database and documents, after a warm-up order). CPU columns: share of "
        "all cores during the run, from /proc: the bench's own processes (client threads, gunicorn, the PostgreSQL "
        "backends of its database) and everything else on the machine (work that competed with the run).",
        "",
        *throughput,
        "",
        *rows,
        "",
        f"SQL queries of checkoutLinesAdd on a checkout of one line: **{one}** adding 1 line, **{ten}** adding 10 lines "
        "with the storefront's document (the answer selects the whole `CheckoutFull` fragment); "
        f"{sql['bare checkoutLinesAdd x1']} and {sql['bare checkoutLinesAdd x10']} with a document that selects only "
        "`checkout { id lines { id } }` (the mutation's own queries).",
        "",
        "**Against the target**",
        "",
        *verdict,
        MARK_END,
    ]
    return "\n".join(lines)


# --- main --------------------------------------------------------------------------------------------------


def wait_for_quiet() -> str:
    """Wait (at most about a minute) until other work leaves the CPU mostly idle; the last sample, as text."""
    busy = cpu_busy()
    for _ in range(QUIET_WAIT_SAMPLES):
        if busy is None or busy <= QUIET_CPU_PERCENT:
            break
        log(f"{busy:.0f} % of the CPU is busy with other work: waiting for it to calm down")
        busy = cpu_busy()
    if busy is not None and busy > QUIET_CPU_PERCENT:
        log(f"warning: {busy:.0f} % of the CPU is busy with other work: the numbers will be noisy")
    return f"{busy:.0f} %" if busy is not None else "unknown"


def code_version() -> str:
    """The commit measured, and whether the working tree had changes on top of it."""
    import subprocess

    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=BASE_DIR,
                               capture_output=True, text=True, timeout=10, check=True).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    if not dirty:
        return f"commit {head}"
    names = [line[3:] for line in dirty]
    listed = ", ".join(f"`{n}`" for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return f"commit {head} with uncommitted changes to {listed}"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200, help="orders per timed run, 1 client and N clients (default 200)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads for the second run (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--unpaid", action="store_true", help="leave the payment out (channel allows unpaid orders)")
    parser.add_argument("--profile", action="store_true", help="profile 20 orders in-process (cProfile, pyinstrument)")
    parser.add_argument("--no-docs", action="store_true", help="print the report but leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.orders < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("counts must be positive")
    if args.orders > MAX_ORDERS or args.concurrency > 32:
        parser.error(f"--orders is capped at {MAX_ORDERS} and --concurrency at 32 so a run stays bounded")
    return args


def redis_flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    command = ".venv/bin/python -m bench.checkout" + (" " + shlex.join(argv) if argv else "")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)

    database_url = bench_database_url(BENCH_DB, recreate=True)
    from shop.core.embedded import ensure_redis

    redis_url = os.environ.get("BENCH_REDIS_URL") or ensure_redis()
    celery_url = redis_url_with_db(redis_url, CELERY_REDIS_DB)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.dev",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_CACHE_DB": str(CACHE_REDIS_DB),
        "CELERY_BROKER_URL": celery_url,
        "CELERY_RESULT_BACKEND": celery_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "MEDIA_ROOT": str(BENCH_DIR / "media-checkout"),
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update({k: v for k, v in env.items() if k not in ("PYTHONUNBUFFERED",)})
    import django

    django.setup()
    log(f"bench database: {BENCH_DB}")

    paid = not args.unpaid
    if paid and not payments_available():
        log("WARNING: the schema has no transactionInitialize: running WITHOUT payment (allow_unpaid_orders=True)")
        paid = False
    server = None
    try:
        data = prepare_data(env, paid=paid)
        docs, payment = documents(paid)
        machine = machine_info()
        sql = count_queries(docs, payment, data)
        log("SQL queries per request: " + ", ".join(f"{k} {v}" for k, v in sql.items()))
        from django.db import connection

        connection.close()

        load_before = wait_for_quiet()
        app = "bench.checkout:wsgi_with_dummy_gateway()" if paid else "shop.wsgi:application"
        server = GunicornServer(env, args.workers, app=app, log_name="gunicorn-checkout.log")
        server.start()

        def http_flow():
            return Flow(docs, payment, data, lambda payload: post(server.port, payload))

        server_group = server.process.pid
        me = os.getpid()

        def mine(pid, pgrp, cmdline):
            if pid == me:
                return "client"
            if pgrp == server_group:
                return "server"
            if cmdline.startswith("postgres:") and f" {BENCH_DB} " in cmdline:
                return "postgres"
            return None

        run_orders(server.port, http_flow, "warmup", WARMUP_ORDERS, 2, offset=0)
        wait_for_quiet()
        sequential = run_orders(server.port, http_flow, "1 client", args.orders, 1, offset=100, meter=CpuMeter(mine))
        wait_for_quiet()
        loaded = run_orders(server.port, http_flow, f"{args.concurrency} clients", args.orders, args.concurrency,
                            offset=100 + args.orders, meter=CpuMeter(mine))
    except FlowError as error:
        raise SystemExit(f"bench.checkout: stopped at an error: {error}")
    finally:
        if server is not None:
            server.stop()
        try:
            redis_flush(celery_url)
        except Exception as exc:  # noqa: BLE001 - cleanup must not hide the run's own error
            log(f"could not empty {celery_url}: {exc}")

    section = report(args, machine, data, payment, sql, sequential, loaded, command, started, load_before)
    print()
    print(section)
    if not args.no_docs:
        write_docs_section(section, MARK_START, MARK_END)
    if args.profile:
        log("profiling 20 orders in-process (cProfile, pyinstrument)")
        try:
            print(profile(docs, payment, data))
        finally:
            redis_flush(celery_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
