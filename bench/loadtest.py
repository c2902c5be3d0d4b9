"""Load test of a production-like stack on one machine, with the books checked afterwards.

Run from the repository root::

    .venv/bin/python -m bench.loadtest [--duration 120] [--users 24] [--kill-worker]

What it does (loopback only; every wait is bounded):

1. Rebuilds its own database ``homenet_bench_load`` on the embedded PostgreSQL server (or on
   $BENCH_SERVER_URL's): migrate, ``manage.py populatedb``.  The demo data's own domain events
   (terms saved, OEM demo) are handled in-process before the run, so the run starts with an
   empty outbox.  It picks the producer groups (``--groups``, the ones making most light
   products) and a pool of light variants made only by them (one per product, stock raised so
   no run runs out), and writes the plan for bench/locustfile.py (variants, slugs, search
   words, the leaders' groups).
2. Starts the stack as subprocesses, each in its own process group, with production settings
   (``shop.settings.loadtest`` = production + the dummy gateway) and PostgreSQL over TCP:
   gunicorn ``-c deploy/gunicorn.conf.py`` (uvicorn ASGI workers, ``--web-workers``), two Celery
   workers ``w1`` and ``w2`` (``-Q default,payments,notifications,reports --concurrency 2``) and
   one Celery beat (its schedule file in a temporary folder).  Celery's broker is Redis
   database 10 and the cache database 11 (emptied before and after); e-mail goes to the
   locmem backend (nothing leaves the machine).
3. Runs locust headless (bench/locustfile.py: browsing, paid checkouts, group leaders
   accepting and shipping, a manager's report) for ``--duration`` seconds.  With
   ``--kill-worker``, half-way through it SIGKILLs worker w1's whole process group (main process
   and pool children) and starts it again ``--restart-after`` seconds later.  The broker's
   visibility timeout is left at the production default (1 hour): what w1 had reserved stays
   in Redis' ``unacked`` hash, and the event outbox's sweep (beat, every 60 s, events older than
   2 minutes) sends the undelivered events again.
4. Waits for the run to drain (at most ``--drain-timeout`` s): no outbox event pending, no
   message waiting in the four queues, every paid order of the run split.  With
   ``--kill-worker`` it then plays the hour-later part too: the messages w1 left unacknowledged
   are put back on their queues the way kombu does once the visibility timeout passes
   (``restore_visible``), the workers run them again, and the checks below must still hold
   (nothing doubled).
5. ``verify()``: exact counts from the database.  Orders created == orders paid == orders split
   (every line covered by open group-order lines); one sale journal per accepted group-order
   line (``sale:<line>``, fairtrade/sales.py: a sale is posted when the group accepts) and one
   shipping-charge journal per order with a posted sale; the entries those journals must have
   (non-zero parts of each sold line: gross, VAT, producer share, premium, fee, margin;
   shipping: gross, VAT, net); no other journal; every journal sums to zero; the sales of a
   fully accepted line add up to the line's gross; shipped lines made payable (shipping posts
   no journal); no idempotency key, split, sold line, group order or event delivery twice;
   every outbox event completed with one delivery per handler.  Exits 1 when any fails.
6. Writes the results to .data/bench/loadtest-<normal|kill>.json and the section between the
   ``bench:loadtest`` markers of docs/benchmarks.md (both runs, from their JSON files).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import csv
import datetime
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.common import (
    BASE_DIR,
    BENCH_DIR,
    CpuMeter,
    bench_database_url,
    cpu_busy,
    free_port,
    log,
    machine_info,
    manage,
    post,
    redis_url_with_db,
    write_docs_section,
)

BENCH_DB = "homenet_bench_load"
CHANNEL = "default-channel"
CELERY_REDIS_DB = 10
CACHE_REDIS_DB = 11
QUEUES = ("default", "payments", "notifications", "reports")
MARK_START = "<!-- bench:loadtest:start -->"
MARK_END = "<!-- bench:loadtest:end -->"
POOL_SIZE = 40
STOCK_QUANTITY = 1_000_000
SEARCH_TERMS = ["ผ้าไหม", "ผ้า", "silk", "cotton", "tea", "basket", "ชา", "honey", "scarf", "krajood"]
MAX_DURATION = 480  # seconds of locust per run, so a whole run stays under 10 minutes
MAX_USERS = 200
QUIET_CPU_PERCENT = 20.0
QUIET_WAIT_SAMPLES = 30  # of 2 s each
RESULTS = {"normal": BENCH_DIR / "loadtest-normal.json", "kill": BENCH_DIR / "loadtest-kill.json"}


# --- the invariants ---------------------------------------------------------------------------------


def _nonzero(*amounts) -> int:
    return sum(1 for amount in amounts if amount)


def verify(*, since: datetime.datetime | None = None) -> dict:
    """Check the books of the orders created since ``since`` (all orders when None).

    Returns ``{"counts": {...}, "checks": [{"name", "expected", "found", "ok"}], "failures": [str]}``.
    Needs Django set up (any settings) and reads only.
    """
    from django.db import connection
    from django.db.models import Count, Q, Sum

    from cooperatives.models import (
        GroupOrder,
        GroupOrderLine,
        GroupShipment,
        LineStatus,
        OrderSplit,
    )
    from fairtrade.models import (
        Account,
        JournalKind,
        LedgerEntry,
        LedgerJournal,
        ReferenceType,
        SoldLine,
        SoldLineStatus,
    )
    from fairtrade.terms import terms_in_force
    from shop.core import events
    from shop.core.models import EventDelivery, EventOutbox
    from shop.order.models import Order, OrderChargeStatus, OrderLine

    def scoped(queryset, field="created_at"):
        return queryset.filter(**{f"{field}__gte": since}) if since is not None else queryset

    orders = {o.pk: o for o in scoped(Order.objects.all())}
    order_ids = list(orders)
    lines = list(OrderLine.objects.filter(order_id__in=order_ids).select_related("variant"))
    group_orders = list(GroupOrder.objects.filter(order_id__in=order_ids))
    gols = list(GroupOrderLine.objects.filter(group_order__order_id__in=order_ids).select_related("group_order"))
    splits = {s.order_id: s for s in OrderSplit.objects.filter(order_id__in=order_ids)}

    # Orders created, paid, split (each line's quantity covered exactly by open group-order lines).
    covered = collections.Counter()
    for gol in gols:
        if gol.status in (LineStatus.AWAITING, LineStatus.ACCEPTED):
            covered[gol.order_line_id] += gol.quantity
    lines_of = collections.defaultdict(list)
    for line in lines:
        lines_of[line.order_id].append(line)
    paid = [o for o in orders.values() if o.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)]
    split = [
        pk for pk in order_ids
        if pk in splits and not splits[pk].unassigned and lines_of[pk]
        and all(covered[line.pk] == line.quantity for line in lines_of[pk])
    ]

    # Group-order actions of the leaders.
    accepted = [g for g in gols if g.status == LineStatus.ACCEPTED]
    shipped = [g for g in accepted if g.quantity_shipped >= g.quantity]
    group_order_status = collections.Counter(g.status for g in group_orders)

    # What the ledger must hold: a sale per accepted line that has terms (else the line is held),
    # a shipping charge per order with a posted sale and a shipping price.
    terms_cache: dict = {}
    expected_sale_keys, expected_held = set(), 0
    line_by_pk = {line.pk: line for line in lines}
    for gol in accepted:
        line = line_by_pk[gol.order_line_id]
        order = orders[line.order_id]
        day = datetime.datetime.fromtimestamp(order.created_at.timestamp(), tz=_bangkok()).date()
        key = (gol.group_order.group_id, line.variant_id, day)
        if key not in terms_cache:
            terms_cache[key] = terms_in_force(group_id=key[0], variant_id=key[1], on=day) is not None
        if terms_cache[key]:
            expected_sale_keys.add(f"sale:{gol.pk}")
        else:
            expected_held += 1
    orders_with_sale = {line_by_pk[g.order_line_id].order_id for g in accepted if f"sale:{g.pk}" in expected_sale_keys}
    expected_shipping_keys = {f"shipping:{pk}" for pk in orders_with_sale if orders[pk].shipping_price_gross_amount > 0}

    gol_ids = [str(g.pk) for g in gols]
    sale_journals = list(LedgerJournal.objects.filter(
        reference_type=ReferenceType.GROUP_ORDER_LINE, reference_id__in=gol_ids, kind=JournalKind.SALE))
    shipping_journals = list(LedgerJournal.objects.filter(
        reference_type=ReferenceType.ORDER, reference_id__in=[str(pk) for pk in order_ids],
        kind=JournalKind.SHIPPING_CHARGE))
    sale_per_line = collections.Counter(j.reference_id for j in sale_journals)
    shipping_per_order = collections.Counter(j.reference_id for j in shipping_journals)
    found_sale_keys = {j.idempotency_key for j in sale_journals}
    found_shipping_keys = {j.idempotency_key for j in shipping_journals}
    run_journal_ids = {j.pk for j in sale_journals} | {j.pk for j in shipping_journals}
    other_journals = scoped(LedgerJournal.objects.all()).exclude(pk__in=run_journal_ids).count()

    # Entries: each sale journal carries the sold line's non-zero parts and its gross.
    sold_lines = {str(s.group_order_line_id): s for s in SoldLine.objects.filter(group_order_line_id__in=[g.pk for g in gols])}
    held_found = sum(1 for s in sold_lines.values() if s.status == SoldLineStatus.HELD)
    expected_entries = 0
    for key in expected_sale_keys:
        sold = sold_lines.get(key.split(":", 1)[1])
        if sold is not None:
            expected_entries += _nonzero(sold.gross, sold.vat, sold.producer_share, sold.premium, sold.fee, sold.margin)
    for key in expected_shipping_keys:
        order = orders[_uuid(key.split(":", 1)[1])]
        gross, net = order.shipping_price_gross_amount, order.shipping_price_net_amount
        expected_entries += _nonzero(gross, gross - net, net)
    found_entries = LedgerEntry.objects.filter(journal_id__in=run_journal_ids).count()
    unbalanced = list(
        LedgerJournal.objects.filter(pk__in=run_journal_ids).annotate(total=Sum("entries__amount"), n=Count("entries"))
        .filter(Q(total__isnull=True) | ~Q(total=0)).values_list("idempotency_key", flat=True)[:20]
    )
    unbalanced_anywhere = LedgerJournal.objects.annotate(total=Sum("entries__amount")).filter(~Q(total=0)).count()
    # The sales of a line every unit of which is accepted add up to the line's gross.
    gross_by_line = collections.defaultdict(int)
    for row in LedgerEntry.objects.filter(journal__in=sale_journals, account=Account.SALES_GROSS).values(
            "sold_line__order_line_id").annotate(total=Sum("amount")):
        gross_by_line[row["sold_line__order_line_id"]] = row["total"]
    accepted_units = collections.Counter()
    for gol in accepted:
        if f"sale:{gol.pk}" in expected_sale_keys:
            accepted_units[gol.order_line_id] += gol.quantity
    full_lines = [line for line in lines if accepted_units[line.pk] == line.quantity]
    gross_mismatch = [str(line.pk) for line in full_lines if gross_by_line[line.pk] != line.total_price_gross_amount]
    # Shipping posts nothing: it makes the group's share payable.
    expected_payable = sum(1 for g in shipped if f"sale:{g.pk}" in expected_sale_keys)
    found_payable = sum(1 for g in shipped if (s := sold_lines.get(str(g.pk))) is not None and s.payable_from is not None)
    payable_unshipped = sum(1 for g in accepted if g.quantity_shipped < g.quantity
                            and (s := sold_lines.get(str(g.pk))) is not None and s.delivered_at is not None)

    # Doubles.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM (SELECT idempotency_key FROM fairtrade_ledgerjournal "
                       "GROUP BY idempotency_key HAVING count(*) > 1) d")
        duplicate_keys = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM (SELECT event_id, handler FROM {EventDelivery._meta.db_table} "
                       "GROUP BY event_id, handler HAVING count(*) > 1) d")
        duplicate_deliveries = cursor.fetchone()[0]
    duplicate_group_orders = sum(
        1 for n in collections.Counter((g.order_id, g.group_id) for g in group_orders).values() if n > 1)
    lines_posted_twice = sum(1 for n in sale_per_line.values() if n > 1)
    orders_shipping_twice = sum(1 for n in shipping_per_order.values() if n > 1)
    over_covered = sum(1 for line in lines if covered[line.pk] > line.quantity)
    shipments = GroupShipment.objects.filter(group_order__order_id__in=order_ids).count()

    # The outbox: every event completed, with exactly one delivery per handler.
    outbox = scoped(EventOutbox.objects.all())
    pending_all = EventOutbox.objects.filter(completed_at__isnull=True).count()
    event_rows = list(outbox.values_list("pk", "event_type"))
    expected_deliveries = sum(len(events.handlers_for(event_type)) for _, event_type in event_rows)
    found_deliveries = EventDelivery.objects.filter(event_id__in=[pk for pk, _ in event_rows]).count()
    by_type = collections.Counter(event_type.rsplit(".", 1)[-1] for _, event_type in event_rows)

    counts = {
        "orders": len(orders), "orders_paid": len(paid), "orders_split": len(split),
        "order_lines": len(lines), "units": sum(line.quantity for line in lines),
        "group_orders": len(group_orders), "group_order_status": dict(group_order_status),
        "group_order_lines": len(gols), "lines_accepted": len(accepted), "lines_shipped": len(shipped),
        "lines_awaiting": sum(1 for g in gols if g.status == LineStatus.AWAITING), "shipments": shipments,
        "sale_journals_expected": len(expected_sale_keys), "sale_journals_found": len(sale_journals),
        "shipping_journals_expected": len(expected_shipping_keys), "shipping_journals_found": len(shipping_journals),
        "held_expected": expected_held, "held_found": held_found,
        "entries_expected": expected_entries, "entries_found": found_entries, "other_journals": other_journals,
        "unbalanced_journals": len(unbalanced), "unbalanced_anywhere": unbalanced_anywhere,
        "fully_accepted_lines": len(full_lines), "gross_mismatch": len(gross_mismatch),
        "payable_expected": expected_payable, "payable_found": found_payable, "payable_unshipped": payable_unshipped,
        "duplicate_keys": duplicate_keys, "duplicate_deliveries": duplicate_deliveries,
        "duplicate_group_orders": duplicate_group_orders, "lines_posted_twice": lines_posted_twice,
        "orders_shipping_twice": orders_shipping_twice, "over_covered_lines": over_covered,
        "events": len(event_rows), "events_completed": outbox.filter(completed_at__isnull=False).count(),
        "events_pending_all": pending_all, "deliveries_expected": expected_deliveries,
        "deliveries_found": found_deliveries, "events_by_type": dict(by_type.most_common()),
    }
    checks = []

    def check(name, expected, found, ok=None):
        checks.append({"name": name, "expected": expected, "found": found, "ok": expected == found if ok is None else ok})

    check("orders paid (of orders created)", len(orders), len(paid))
    check("orders split (of orders created)", len(orders), len(split))
    check("sale journals (one per accepted group-order line)", len(expected_sale_keys), len(sale_journals),
          expected_sale_keys == found_sale_keys and len(sale_journals) == len(found_sale_keys))
    check("shipping-charge journals (one per order with a sale)", len(expected_shipping_keys), len(shipping_journals),
          expected_shipping_keys == found_shipping_keys and len(shipping_journals) == len(found_shipping_keys))
    check("sold lines held (accepted, no terms)", expected_held, held_found)
    check("ledger entries of those journals", expected_entries, found_entries)
    check("other journals posted", 0, other_journals)
    check("journals that do not sum to zero", 0, unbalanced_anywhere)
    check("fully accepted lines whose sales != line gross", 0, len(gross_mismatch))
    check("shipped lines made payable", expected_payable, found_payable)
    check("unshipped lines made payable", 0, payable_unshipped)
    check("idempotency keys used twice", 0, duplicate_keys)
    check("lines posted twice / orders' shipping posted twice", 0, lines_posted_twice + orders_shipping_twice)
    check("group orders twice for one group and order / lines covered twice", 0, duplicate_group_orders + over_covered)
    check("event deliveries twice", 0, duplicate_deliveries)
    check("outbox events pending (whole database)", 0, pending_all)
    check("event deliveries (one per handler of each event)", expected_deliveries, found_deliveries)
    failures = [f"{c['name']}: expected {c['expected']}, found {c['found']}" for c in checks if not c["ok"]]
    if unbalanced:
        failures.append(f"unbalanced journals: {', '.join(unbalanced)}")
    return {"counts": counts, "checks": checks, "failures": failures}


def _bangkok():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Bangkok")


def _is_uuid(value: str) -> bool:
    try:
        _uuid(value)
    except ValueError:
        return False
    return True


def _uuid(value: str):
    import uuid

    return uuid.UUID(value)


# --- data ----------------------------------------------------------------------------------------------


def drain_outbox_in_process() -> int:
    """Handle the pending events of the demo data here, before the run (same code path as the workers)."""
    from shop.core import events
    from shop.core.models import EventOutbox

    done = 0
    for event_id, event_type in EventOutbox.objects.filter(completed_at__isnull=True).values_list("pk", "event_type"):
        for name in events.handlers_for(event_type):
            events.deliver(str(event_id), name)
        row = EventOutbox.objects.get(pk=event_id)
        events._complete_if_done(row)
        done += 1
    return done


def prepare_data(env: dict, groups_wanted: int) -> dict:
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("populatedb", env=env)
    from django.db import transaction
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone
    from graphql_relay import to_global_id

    from cooperatives.models import ProducerGroup
    from shop.catalog.models import (
        Product,
        ProductChannelListing,
        ProductVariant,
        ProductVariantChannelListing,
    )
    from shop.catalog.selectors import products_in_listings
    from shop.channel.models import Channel
    from shop.core.models import EventOutbox
    from shop.shipping.models import ShippingMethod
    from shop.warehouse.models import Stock

    handled = drain_outbox_in_process()
    log(f"handled the demo data's {handled} pending events in-process")
    channel = Channel.objects.get(slug=CHANNEL)
    listed = products_in_listings(channel=channel, staff=False)
    priced = ProductVariantChannelListing.objects.filter(variant=OuterRef("pk"), channel=channel, price_amount__isnull=False)
    now = timezone.now()
    buyable = ProductChannelListing.objects.filter(  # what checkoutCreate accepts (shop/checkout/services.py)
        product=OuterRef("product_id"), channel=channel, is_published=True, available_for_purchase_at__lte=now,
    ).filter(Q(published_at__isnull=True) | Q(published_at__lte=now))
    candidates = list(
        ProductVariant.objects.filter(
            product__in=listed, product__product_type__is_shipping_required=True, track_inventory=True,
            quantity_limit_per_customer__isnull=True, weight_grams__lte=500,
        ).filter(Exists(priced), Exists(buyable)).order_by("product_id", "pk")
    )
    group_of_warehouse = dict(ProducerGroup.objects.values_list("warehouse_id", "slug"))
    makers = collections.defaultdict(set)
    for variant_id, warehouse_id in Stock.objects.filter(product_variant__in=candidates).values_list(
            "product_variant_id", "warehouse_id"):
        makers[variant_id].add(group_of_warehouse.get(warehouse_id))
    popularity = collections.Counter(slug for v in candidates for slug in makers[v.pk])
    chosen = [slug for slug, _ in popularity.most_common(groups_wanted) if slug]
    pool, seen = [], set()
    for variant in candidates:
        if variant.product_id in seen or not makers[variant.pk] or not makers[variant.pk] <= set(chosen):
            continue
        seen.add(variant.product_id)
        pool.append(variant)
        if len(pool) == POOL_SIZE:
            break
    if len(pool) < 8:
        raise SystemExit(f"only {len(pool)} light variants made only by {chosen}; use more --groups")
    with transaction.atomic():
        Stock.objects.filter(product_variant__in=pool).update(quantity=STOCK_QUANTITY)
    slugs = list(Product.objects.filter(pk__in=listed.values("pk")).order_by("pk").values_list("slug", flat=True))
    from django.contrib.auth import get_user_model

    from cooperatives.demo import LEADER_PASSWORD, leader_email
    from shop.demo.content import ADMIN

    users = get_user_model().objects
    leaders = [slug for slug in chosen if users.filter(email=leader_email(slug), is_active=True).exists()]
    counts = {
        "products": Product.objects.count(), "variants": ProductVariant.objects.count(), "pool": len(pool),
        "shipping_methods": ShippingMethod.objects.count(), "groups": ProducerGroup.objects.count(),
        "pool_groups": len(chosen), "demo_events": handled,
        "pending_events": EventOutbox.objects.filter(completed_at__isnull=True).count(),
        "stock_rows_raised": Stock.objects.filter(product_variant__in=pool).count(),
        "makers_per_variant": dict(collections.Counter(len(makers[v.pk]) for v in pool)),
        "listed_products": len(slugs),
    }
    log(f"pool: {len(pool)} variants made by {chosen}; leaders: {len(leaders)}")
    return {
        "variant_ids": [to_global_id("ProductVariant", v.pk) for v in pool],
        "product_slugs": slugs,
        "search_terms": SEARCH_TERMS,
        "leader_groups": leaders,
        "leader_password": LEADER_PASSWORD,
        "manager_email": ADMIN["email"],
        "manager_password": ADMIN["password"],
        "counts": counts,
    }


# --- the stack ---------------------------------------------------------------------------------------------


class Process:
    """A subprocess in its own process group (so SIGKILL reaches its children), output to a log file."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path):
        self.name, self.command, self.env, self.log_path = name, command, env, log_path
        self.popen: subprocess.Popen | None = None
        self.log_file = None
        self.pgids: list[int] = []

    def start(self) -> None:
        self.log_file = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self.log_file.write(f"\n=== {datetime.datetime.now(datetime.UTC):%H:%M:%S} start: {shlex.join(self.command)}\n")
        self.log_file.flush()
        self.popen = subprocess.Popen(self.command, env=self.env, cwd=BASE_DIR, stdout=self.log_file,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        self.pgids.append(self.popen.pid)

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group at once: main process and pool children, no shutdown at all."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)  # children left behind
        if self.log_file is not None:
            self.log_file.close()
            self.log_file = None


def stack_env(base: dict, *, port: int, database_url: str, redis_base: str) -> dict:
    celery_url = redis_url_with_db(redis_base, CELERY_REDIS_DB)
    env = {k: v for k, v in base.items() if not k.startswith(("CELERY_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "shop.settings.loadtest",
        "DATABASE_URL": database_url,
        "REDIS_URL": celery_url,
        "REDIS_CACHE_DB": str(CACHE_REDIS_DB),
        "CELERY_BROKER_URL": celery_url,
        "CELERY_RESULT_BACKEND": celery_url,
        "SECRET_KEY": "loadtest-not-a-secret-" + os.urandom(12).hex(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GRAPHQL_PLAYGROUND_ENABLED": "false",
        "MEDIA_ROOT": str(BENCH_DIR / "media-loadtest"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


class Stack:
    def __init__(self, env: dict, port: int, web_workers: int, tmp: Path, web_db_pool: int | None = None):
        self.port, self.env, self.tmp = port, env, tmp
        py = sys.executable
        web_env = {**env, "WEB_CONCURRENCY": str(web_workers), "PORT": str(port)}
        if web_db_pool is not None:  # else deploy/gunicorn.conf.py's default pool size
            web_env["DB_POOL_MAX_SIZE"] = str(web_db_pool)
        self.web = Process("gunicorn", [py, "-m", "gunicorn", "-c", str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
                                        "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers)],
                           web_env, BENCH_DIR / "loadtest-gunicorn.log")
        self.workers = {name: Process(name, self.worker_command(name), env, BENCH_DIR / f"loadtest-{name}.log")
                        for name in ("w1", "w2")}
        self.beat = Process("beat", [py, "-m", "celery", "-A", "shop", "beat", "-s", str(tmp / "celerybeat-schedule"),
                                     "--loglevel", "INFO"], env, BENCH_DIR / "loadtest-beat.log")

    @staticmethod
    def worker_command(name: str) -> list[str]:
        return [sys.executable, "-m", "celery", "-A", "shop", "worker", "-E", "-Q", ",".join(QUEUES),
                "--concurrency", "2", "-n", f"{name}@%h", "--loglevel", "INFO"]

    def processes(self) -> list[Process]:
        return [self.web, *self.workers.values(), self.beat]

    def start(self) -> None:
        for path in [p.log_path for p in self.processes()]:
            path.write_text("")
        log(f"starting gunicorn ({self.web.env['WEB_CONCURRENCY']} uvicorn workers) on 127.0.0.1:{self.port}, "
            "celery workers w1 and w2 (2 processes each), celery beat")
        for process in self.processes():
            process.start()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            for process in self.processes():
                if not process.alive():
                    raise SystemExit(f"{process.name} exited:\n{process.log_path.read_text()[-3000:]}")
            try:
                status, body = post(self.port, {"query": "{ __typename }"}, timeout=5)
                if status == 200 and json.loads(body).get("data"):
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.3)
        else:
            raise SystemExit(f"gunicorn did not answer in 90 s:\n{self.web.log_path.read_text()[-3000:]}")
        for name, process in self.workers.items():  # wait for "ready" so the run starts with consumers
            wait_for_text(process.log_path, "ready.", 60, name)
        log("stack answers; workers ready")

    def stop(self) -> None:
        for process in [self.beat, *self.workers.values(), self.web]:
            process.stop()
        log("stack stopped")

    def group_of(self) -> dict[int, str]:
        out = {}
        for process in self.processes():
            for pgid in process.pgids:
                out[pgid] = "celery" if process.name in ("w1", "w2", "beat") else "web"
        return out


def postgres_cpu_seconds() -> float | None:
    """CPU seconds of the embedded PostgreSQL server: the postmaster, its live children, and (cutime + cstime)
    every child it has reaped.  Connections that open and close per request live shorter than a /proc sample,
    so their CPU only shows up here.  Counts every database of the server (other work included)."""
    pid_file = BASE_DIR / ".data" / "postgres" / "postmaster.pid"
    try:
        postmaster = int(pid_file.read_text().splitlines()[0])
        hertz = os.sysconf("SC_CLK_TCK")

        def ticks(pid, children=False):
            rest = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return sum(int(x) for x in (rest[11:15] if children else rest[11:13]))

        total = ticks(postmaster, children=True)
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    rest = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(rest[1]) == postmaster:  # ppid
                        total += ticks(entry.name, children=True)
        return total / hertz
    except (OSError, ValueError, IndexError):
        return None


def wait_for_text(path: Path, text: str, seconds: float, name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return
        time.sleep(0.5)
    raise SystemExit(f"{name} did not log {text!r} in {seconds:.0f} s:\n{path.read_text()[-3000:]}")


# --- Redis -----------------------------------------------------------------------------------------------------


def redis_client(url: str):
    import redis

    return redis.Redis.from_url(url)


def queue_backlog(client) -> int:
    total = 0
    for queue in QUEUES:
        for key in client.scan_iter(match=f"{queue}*", count=100):
            if client.type(key) == b"list":
                total += client.llen(key)
    return total


def unacked_messages(client) -> dict[str, dict]:
    """kombu's ``unacked`` hash: delivery tag -> {"id", "task", "eta"} of each message reserved, not yet acknowledged."""
    out = {}
    for tag, raw in client.hgetall("unacked").items():
        try:
            headers = json.loads(raw)[0]["headers"]
            out[tag.decode()] = {"id": headers.get("id"), "task": headers["task"].rsplit(".", 1)[-1], "eta": headers.get("eta"),
                                 "args": headers.get("argsrepr") or ""}
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            out[tag.decode()] = {"id": None, "task": "?", "eta": None, "args": ""}
    return out


def held_by_workers(destination: list[str] | None = None, timeout: float = 2.0) -> dict[str, list[dict]]:
    """What live workers say they hold (Celery remote control): worker -> [{"id", "task", "state"}]."""
    from shop.celery import app

    inspect = app.control.inspect(destination=destination, timeout=timeout)
    held: dict[str, list[dict]] = collections.defaultdict(list)
    for state, answer in (("active", inspect.active()), ("reserved", inspect.reserved()),
                          ("scheduled", inspect.scheduled())):
        for worker, tasks in (answer or {}).items():
            for item in tasks or []:
                request = item.get("request", item)  # scheduled entries wrap the request
                held[worker].append({"id": request.get("id"), "task": (request.get("name") or "?").rsplit(".", 1)[-1],
                                     "state": state})
    return dict(held)


def restore_tags(broker_url: str, tags: list[str]) -> int:
    """Put these unacknowledged messages back on their queues, as kombu does for any message once the
    visibility timeout has passed (``QoS.restore_by_tag``, the function ``restore_visible`` calls)."""
    from kombu import Connection

    with Connection(broker_url) as connection:
        qos = connection.default_channel.qos
        for tag in tags:
            qos.restore_by_tag(tag)  # one Redis transaction per message: off the unacked hash, onto its queue
    return len(tags)


def log_sizes(logs: list[Path]) -> dict[Path, int]:
    return {path: path.stat().st_size if path.exists() else 0 for path in logs}


def finished_in_logs(task_ids: set[str], offsets: dict[Path, int]) -> set[str]:
    """Task ids a worker logged as finished (succeeded, raised, retried) after the given log offsets."""
    done = set()
    for path, offset in offsets.items():
        with contextlib.suppress(OSError), open(path, "rb") as handle:
            handle.seek(offset)
            for line in handle.read().decode(errors="replace").splitlines():
                if "succeeded in" in line or " raised " in line or "retry:" in line.lower():
                    for task_id in task_ids:
                        if task_id in line:
                            done.add(task_id)
    return done


# --- the run ------------------------------------------------------------------------------------------------


def drain(*, since, broker_url: str, timeout: float, wait_for=None) -> dict:
    """Wait until the outbox is empty, the queues are empty and every paid order of the run is split."""
    from cooperatives.models import OrderSplit
    from shop.core.models import EventOutbox
    from shop.order.models import Order

    client = redis_client(broker_url)
    started = time.monotonic()
    last_log = 0.0
    stable = 0
    state: dict = {}
    first: dict | None = None
    while time.monotonic() - started < timeout:
        pending = EventOutbox.objects.filter(completed_at__isnull=True).count()
        backlog = queue_backlog(client)
        orders = Order.objects.filter(created_at__gte=since)
        unsplit = orders.exclude(pk__in=OrderSplit.objects.values("order_id")).count()
        waiting = wait_for() if wait_for is not None else 0
        state = {"pending_events": pending, "queued": backlog, "unsplit_orders": unsplit}
        if wait_for is not None:
            state["replayed_not_finished"] = waiting
        if first is None:
            first = dict(state)
        state["at_start"] = first
        if not (pending or backlog or unsplit or waiting):
            stable += 1
            if stable >= 3:  # three quiet looks in a row (tasks in a worker's hands finish meanwhile)
                state["seconds"] = time.monotonic() - started
                state["drained"] = True
                return state
        else:
            stable = 0
        if time.monotonic() - last_log > 15:
            log(f"draining: { {k: v for k, v in state.items() if k != 'at_start'} }")
            last_log = time.monotonic()
        time.sleep(2)
    state["seconds"] = time.monotonic() - started
    state["drained"] = False
    return state


def replay(broker_url: str, since, stack: Stack, kill_log: dict) -> None:
    """The hour-later part of a killed worker: its unacknowledged messages come back and run again."""
    from shop.core.models import EventOutbox

    client = redis_client(broker_url)
    live = {item["id"] for items in held_by_workers().values() for item in items}
    orphans = {tag: m for tag, m in unacked_messages(client).items() if m["id"] not in live}
    w1_ids = {item["id"] for item in kill_log.get("w1_held", [])}
    kill_log["left_unacked"] = [m["task"] for m in orphans.values()]
    kill_log["left_unacked_held_by_w1"] = sum(1 for m in orphans.values() if m["id"] in w1_ids)
    kill_log["events_redispatched"] = EventOutbox.objects.filter(created_at__gte=since, attempts__gt=1).count()
    offsets = log_sizes([process.log_path for process in stack.workers.values()])
    kill_log["restored"] = restore_tags(broker_url, list(orphans))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    due = {m["id"] for m in orphans.values() if m["id"] and (not m["eta"] or m["eta"] <= now)}
    kill_log["restored_later_eta"] = len(orphans) - len(due)
    # complete_paid_checkout_task (countdown after a payment): does its checkout still wait for an order?
    from shop.checkout.models import Checkout

    tokens = [m["args"].strip("()',\" ") for m in orphans.values() if m["task"] == "complete_paid_checkout_task"]
    kill_log["autocomplete_orphans"] = len(tokens)
    kill_log["autocomplete_checkouts_left"] = Checkout.objects.filter(pk__in=[t for t in tokens if _is_uuid(t)]).count()
    log(f"replayed {kill_log['restored']} unacknowledged messages no live worker holds: "
        f"{dict(collections.Counter(kill_log['left_unacked']))} ({len(due)} due now)")
    kill_log["replay_drain"] = drain(since=since, broker_url=broker_url, timeout=150,
                                     wait_for=lambda: len(due - finished_in_logs(due, offsets)))
    log(f"second drain: {kill_log['replay_drain']}")


def server_errors(path: Path) -> dict[str, int]:
    """ERROR records of the web processes' log, by cause."""
    causes: collections.Counter = collections.Counter()
    with contextlib.suppress(OSError):
        for line in path.read_text(errors="replace").splitlines():
            if '"level": "ERROR"' not in line and " ERROR " not in line:
                continue
            if "deadlock detected" in line:
                causes["deadlock detected"] += 1
            elif "too many clients" in line:
                causes["too many clients"] += 1
            else:
                causes["other"] += 1
    return dict(causes)


def read_locust_stats(prefix: Path) -> dict:
    rows, failures = [], []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append({
                "name": row["Name"], "type": row["Type"], "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
                "median": float(row["Median Response Time"]), "p95": float(row["95%"]),
                "avg": float(row["Average Response Time"]), "max": float(row["Max Response Time"]),
            })
    with contextlib.suppress(FileNotFoundError), open(f"{prefix}_failures.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            failures.append({"name": row["Name"], "error": row["Error"][:300], "count": int(row["Occurrences"])})
    return {"rows": rows, "failures": failures}


def run_locust(args, port: int, plan_path: Path, csv_prefix: Path, stack: Stack, kill_log: dict) -> dict:
    env = {**os.environ, "LOADTEST_PLAN": str(plan_path), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "-m", "locust", "-f", str(BASE_DIR / "bench" / "locustfile.py"), "--headless",
               "-u", str(args.users), "-r", str(args.spawn_rate), "--run-time", f"{args.duration}s",
               "--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix), "--only-summary",
               "--stop-timeout", "15", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    log_path = BENCH_DIR / "loadtest-locust.log"
    log(f"locust: {args.users} users (spawn {args.spawn_rate}/s) for {args.duration} s")
    with open(log_path, "w") as log_file:
        locust = subprocess.Popen(command, env=env, cwd=BASE_DIR, stdout=log_file, stderr=subprocess.STDOUT,
                                  start_new_session=True)
        started = time.monotonic()
        killer = None
        if args.kill_worker:
            killer = threading.Thread(target=kill_and_restart, args=(args, stack, started, kill_log), daemon=True)
            killer.start()
        try:
            locust.wait(timeout=args.duration + 120)
        except subprocess.TimeoutExpired:
            os.killpg(locust.pid, signal.SIGKILL)
            raise SystemExit("locust did not end in time")
        wall = time.monotonic() - started
        if killer is not None:
            killer.join(timeout=args.restart_after + 60)
    if locust.returncode not in (0, 1):
        raise SystemExit(f"locust exited with {locust.returncode}:\n{log_path.read_text()[-3000:]}")
    stats = read_locust_stats(csv_prefix)
    stats["wall"] = wall
    stats["pgid"] = locust.pid
    return stats


def kill_and_restart(args, stack: Stack, started: float, kill_log: dict) -> None:
    """Mid-run: SIGKILL w1's process group while it runs a task; start it again ``restart_after`` seconds later."""
    time.sleep(max(0.0, started + args.kill_at - time.monotonic()))
    worker = stack.workers["w1"]
    name = f"w1@{socket.gethostname()}"
    held: list[dict] = []
    deadline = time.monotonic() + 20  # wait (a little) for a moment when w1 is running something
    while time.monotonic() < deadline:
        try:
            held = held_by_workers([name], timeout=1.0).get(name, [])
        except Exception as exc:  # noqa: BLE001 - the kill goes ahead without the inventory
            log(f"could not ask w1 what it holds: {exc}")
            held = []
        if any(item["state"] == "active" for item in held):
            break
        time.sleep(0.3)
    client = redis_client(stack.env["CELERY_BROKER_URL"])
    kill_log["w1_held"] = held
    kill_log["unacked_before"] = len(unacked_messages(client))
    kill_log["queued_before"] = queue_backlog(client)
    kill_log["at"] = time.monotonic() - started
    kill_log["wall_clock"] = f"{datetime.datetime.now(datetime.UTC):%H:%M:%S} UTC"
    worker.kill()
    summary = collections.Counter(f"{item['task']} ({item['state']})" for item in held)
    log(f"KILLED w1 (SIGKILL to process group {worker.popen.pid}) at {kill_log['at']:.0f} s, holding "
        f"{dict(summary)}; unacknowledged messages of both workers: {kill_log['unacked_before']}, "
        f"queued: {kill_log['queued_before']}")
    time.sleep(args.restart_after)
    worker.start()
    kill_log["restarted_at"] = time.monotonic() - started
    log(f"restarted w1 at {kill_log['restarted_at']:.0f} s")


# --- report ------------------------------------------------------------------------------------------------


def code_version() -> str:
    from bench.checkout import code_version as checkout_code_version

    return checkout_code_version()


def _ms(value: float) -> str:
    return f"{value:.0f}"


def stats_tables(result: dict) -> list[str]:
    rows = result["locust"]["rows"]
    table = ["| request kind | requests | failures | requests/s | median (ms) | p95 (ms) |",
             "|---|---:|---:|---:|---:|---:|"]
    total = None
    for row in rows:
        if row["name"] == "Aggregated":
            total = row
            continue
        table.append(f"| {row['name']} | {row['requests']} | {row['failures']} | {row['rps']:.2f} | "
                     f"{_ms(row['median'])} | {_ms(row['p95'])} |")
    if total:
        table.append(f"| **all** | **{total['requests']}** | **{total['failures']}** | **{total['rps']:.1f}** | "
                     f"{_ms(total['median'])} | {_ms(total['p95'])} |")
    return table


def invariants_table(result: dict) -> list[str]:
    lines = ["| check | expected | found | |", "|---|---:|---:|---|"]
    for c in result["verify"]["checks"]:
        lines.append(f"| {c['name']} | {c['expected']} | {c['found']} | {'ok' if c['ok'] else '**FAILED**'} |")
    return lines


def describe_run(label: str, result: dict) -> list[str]:
    counts = result["verify"]["counts"]
    total = next((r for r in result["locust"]["rows"] if r["name"] == "Aggregated"), None)
    error_rate = (100.0 * total["failures"] / total["requests"]) if total and total["requests"] else 0.0
    cpu = result.get("cpu") or {}
    secs = cpu.get("seconds", {})
    out = [
        f"### {label}",
        "",
        f"* **Date:** {result['date']} (the whole command took {result['took']:.0f} s)",
        f"* **Command:** `{result['command']}`",
        f"* **Code:** {result['code']}",
        f"* **CPU busy before the run** (2 s sample, all cores, other work): {result['cpu_before']}",
        f"* **Load:** {result['args']['users']} locust users (spawn {result['args']['spawn_rate']}/s: "
        f"{len(result['plan_leaders'])} group leaders, 1 manager, the rest shoppers browsing : buying = 6 : 2) "
        f"for {result['args']['duration']} s; locust's wall time {result['locust']['wall']:.0f} s.",
        f"* **Totals:** {total['requests'] if total else 0} requests, **{total['rps'] if total else 0:.1f} requests/s**, "
        f"{total['failures'] if total else 0} failures: **error rate {error_rate:.2f} %**; "
        f"{counts['orders']} orders ({counts['orders'] / max(result['args']['duration'], 1):.2f} per second), "
        f"{counts['units']} units in {counts['order_lines']} lines.",
    ]
    if cpu:
        out.append(
            f"* **CPU during the run** (share of all cores, /proc): busy {cpu['busy']:.0f} %, of which the stack and "
            f"locust {cpu['bench']:.0f} % and everything else {cpu['other']:.0f} % (PostgreSQL is in there). CPU "
            f"seconds: gunicorn {secs.get('web', 0):.0f}, Celery (workers + beat) {secs.get('celery', 0):.0f}, "
            f"PostgreSQL server {cpu.get('postgres_server_seconds', 0):.0f} (all its databases), Redis "
            f"{secs.get('redis', 0):.0f}, locust {secs.get('locust', 0):.0f}."
        )
    drained = result["drain"]
    out.append(
        f"* **Drain:** {'drained' if drained.get('drained') else '**NOT drained**'} {drained.get('seconds', 0):.0f} s "
        "after locust stopped (no outbox event pending, no queued message, every paid order split)."
    )
    kill = result.get("kill")
    if kill:
        held = collections.Counter(f"{item['task']} ({item['state']})" for item in kill.get("w1_held", []))
        names = collections.Counter(kill.get("left_unacked", []))
        replay_drain = kill.get("replay_drain", {})
        out += [
            f"* **Worker killed:** w1's process group (main process + 2 pool processes) got SIGKILL at "
            f"{kill['at']:.0f} s ({kill['wall_clock']}) and w1 was started again at {kill['restarted_at']:.0f} s. "
            f"Just before, w1 said (Celery remote control) it held {sum(held.values())} tasks"
            + (f": {', '.join(f'{n} x {k}' for k, n in held.most_common())}" if held else "")
            + f". Unacknowledged messages of both workers then: {kill['unacked_before']}; queued: "
            f"{kill['queued_before']}.",
            f"* **Lost with it until the visibility timeout:** after the drain, {len(kill.get('left_unacked', []))} "
            "messages were still unacknowledged in Redis with no live worker holding them"
            + (f" ({', '.join(f'{n} x {k}' for k, n in names.most_common())}; "
               f"{kill.get('left_unacked_held_by_w1', 0)} of them on w1's list at the kill)" if names else "")
            + f". When locust stopped, {drained.get('at_start', {}).get('pending_events', '?')} outbox events were "
            f"still undelivered ({drained.get('at_start', {}).get('unsplit_orders', '?')} paid orders not split yet): "
            "their dispatch or delivery task was in w1's hands when it died. The outbox sweep "
            "(beat, every 60 s, events older than 2 minutes) sent them again, and the drain took "
            f"{drained.get('seconds', 0):.0f} s. Events with more than one dispatch: {kill.get('events_redispatched', 0)}.",
            f"* **An hour later, replayed:** those {kill.get('restored', 0)} messages were put back on their queues "
            "(kombu's `restore_by_tag`, what `restore_visible` does once the 1-hour visibility timeout has passed) "
            f"and run again ({kill.get('restored_later_eta', 0)} of them have a countdown still to come and run "
            f"later: {kill.get('autocomplete_orphans', 0)} are `complete_paid_checkout_task` (completes a paid checkout "
            f"the shopper left, 300 s after the payment), and {kill.get('autocomplete_checkouts_left', 0)} of their "
            "checkouts still exist, i.e. have no order yet); "
            f"the second drain {'ended' if replay_drain.get('drained') else '**did not end**'} after "
            f"{replay_drain.get('seconds', 0):.0f} s, and the checks below are taken after it.",
        ]
    errors = result.get("server_errors") or {}
    if errors:
        out.append("* **Server errors logged** (web processes): "
                   + ", ".join(f"{n} x {cause}" for cause, n in sorted(errors.items())) + ".")
    out += ["", *stats_tables(result), ""]
    if result["locust"]["failures"]:
        out += ["Failures:", ""]
        out += [f"* {f['count']} x {f['name']}: `{f['error'][:200]}`" for f in result["locust"]["failures"][:10]]
        out.append("")
    status = counts["group_order_status"]
    out += [
        f"Group orders: {counts['group_orders']} ({', '.join(f'{n} {k}' for k, n in sorted(status.items()))}); "
        f"group-order lines: {counts['group_order_lines']}, accepted by the leaders {counts['lines_accepted']}, "
        f"of which shipped {counts['lines_shipped']} ({counts['shipments']} parcels); still awaiting "
        f"{counts['lines_awaiting']}. Events: {counts['events']} "
        f"({', '.join(f'{n} {k}' for k, n in list(counts['events_by_type'].items())[:8])}); "
        f"{counts['deliveries_found']} handler deliveries.",
        "",
        *invariants_table(result),
        "",
    ]
    return out


def report(machine: dict, results: dict) -> str:
    first = results.get("normal") or results.get("kill")
    plan = first["plan_counts"]
    lines = [
        MARK_START,
        "## Load test: the whole shop on one machine",
        "",
        "Written by `bench/loadtest.py` (scenario: `bench/locustfile.py`); run it again to refresh this section "
        "(text outside the `bench:loadtest` markers is kept). Each run rebuilds its database and its stack.",
        "",
        f"* **Machine:** {machine['cores']} cores (`nproc`; {machine['cpu']}), {machine['ram']} RAM, {machine['os']}",
        f"* **Software:** Python {machine['python']}, Django {machine['django']}, graphene {machine['graphene']}, "
        f"{machine['postgres']} (embedded, over TCP on 127.0.0.1), gunicorn {machine['gunicorn']} with uvicorn "
        f"workers, Celery {first['versions']['celery']}, Redis {first['versions']['redis']}, locust "
        f"{first['versions']['locust']}",
        f"* **Stack** (all on this machine, loopback only): gunicorn `-c deploy/gunicorn.conf.py` with "
        f"{first['args']['web_workers']} uvicorn ASGI workers; 2 Celery workers (`-Q default,payments,notifications,"
        "reports --concurrency 2`, prefork: 2 processes each) and 1 Celery beat; PostgreSQL over TCP; Redis "
        f"(broker db {CELERY_REDIS_DB}, cache db {CACHE_REDIS_DB}); settings `shop.settings.loadtest` = "
        "`shop.settings.production` + the dummy payment gateway; e-mail to Django's locmem backend; broker "
        "visibility timeout at the production default (3,600 s); the web processes take their database "
        "connections from a pool (`DB_POOL_MAX_SIZE` "
        + (f"{first['args']['web_db_pool']} per process" if first["args"].get("web_db_pool") is not None
           else "4 per process, deploy/gunicorn.conf.py's default")
        + "), the Celery workers keep one each; the load generator (locust, one process) shares the "
        "cores.",
        f"* **Data:** database `{BENCH_DB}`, rebuilt each run: migrations + `manage.py populatedb` "
        f"({plan['products']} products, {plan['variants']} variants, {plan['groups']} producer groups with a leader "
        f"login each). Shoppers buy 1-3 lines of 1-2 units from a pool of {plan['pool']} light variants (one per "
        f"product) made only by the {plan['pool_groups']} groups that make most light products, so each of those "
        "groups has a leader user at work; stock of the pool raised to 1,000,000; every maker has fair-trade terms. "
        "Browsers see the whole catalogue.",
        "* **Scenario** (`bench/locustfile.py`): *browse* (weight 6): the storefront's product list (12), a "
        "product page by slug, a search; *checkout* (weight 2): checkoutCreate, e-mail, shipping and billing "
        "address, delivery method, transactionInitialize (dummy gateway), checkoutComplete (the documents of "
        "tests/operations/storefront); *leader* (one user per group): lists its group orders awaiting acceptance "
        "and accepts them, lists its accepted ones and ships every unit with a tracking number; *manager* (one): "
        "the fair-trade margin report by producer group and by product. Everyone logs in once (JWT). Every answer "
        "is checked (HTTP 200, no GraphQL errors, empty mutation `errors`, the expected result: an order that is "
        "paid, a group order that is accepted / shipped); anything else counts as a failure. Median and p95 are "
        "locust's (p95 rounded to 2 significant digits above 100 ms).",
        "* **Invariants** (`verify()` after the drain, exact counts from the database): a sale is posted when a "
        "group accepts a line (docs/decisions/0012), one `sale:<group-order line>` journal per accepted line and "
        "one `shipping:<order>` journal per order with a sale; shipping posts nothing, it makes the group's share "
        "payable. The expected entries are the non-zero parts of each sold line (gross, VAT, producer share, "
        "premium, fee; the dummy gateway's fee is 0) plus gross, VAT and net of each shipping charge.",
        "",
    ]
    for key, label in (("normal", "Run 1: normal"), ("kill", "Run 2: one Celery worker killed and restarted mid-run")):
        if key in results:
            lines += describe_run(label, results[key])
        else:
            lines += [f"### {label}", "", f"Not run yet: `.venv/bin/python -m bench.loadtest"
                      f"{' --kill-worker' if key == 'kill' else ''}`.", ""]
    lines += ["### What this shows, and what is left", "", *observations(results), MARK_END]
    return "\n".join(lines)


def observations(results: dict) -> list[str]:
    out = []
    for key, result in results.items():
        failed = result["verify"]["failures"]
        total = next((r for r in result["locust"]["rows"] if r["name"] == "Aggregated"), None)
        name = "normal run" if key == "normal" else "run with the killed worker"
        failures = total["failures"] if total else 0
        deadlocks = (result.get("server_errors") or {}).get("deadlock detected", 0)
        out.append(
            f"* {name.capitalize()}: "
            + ("**every invariant held**" if not failed else f"**{len(failed)} invariant(s) failed**: " + "; ".join(failed))
            + f"; {failures} failed requests"
            + ("" if not failures else
               " (error rate target 0: **missed**" + (", every one a deadlock, see below)" if deadlocks == failures
                                                      else f", {deadlocks} of them deadlocks, see below)"))
            + "."
        )
    kill = results.get("kill")
    if kill and kill.get("kill"):
        info = kill["kill"]
        out.append(
            f"* Killing a worker lost nothing and doubled nothing: the {len(info.get('left_unacked', []))} messages "
            "w1 held stayed unacknowledged in Redis (the visibility timeout is an hour), the outbox sweep sent "
            f"the {kill['drain'].get('at_start', {}).get('pending_events', '?')} events they left undelivered again, "
            "the drain finished, and replaying the held messages afterwards changed no count (EventDelivery's unique "
            "(event, handler) pair and the ledger's idempotency keys turn repeats into no-ops). Work that is not "
            "an outbox event (an e-mail task held by the dead worker) waits for the visibility timeout."
        )
    normal = results.get("normal")
    if normal and normal.get("cpu"):
        cpu = normal["cpu"]
        out.append(
            f"* CPU: the machine was {cpu['busy']:.0f} % busy during the normal run (locust itself "
            f"{cpu['seconds'].get('locust', 0) / max(normal['locust']['wall'], 1) * 100 / max(normal['machine_cores'], 1):.0f} % "
            f"of all cores, PostgreSQL {100 * cpu.get('postgres_server_seconds', 0) / max(normal['locust']['wall'], 1) / max(normal['machine_cores'], 1):.0f} %): "
            f"the web workers, the Celery workers, PostgreSQL and the load generator share its cores, and "
            f"{normal['args']['users']} users keep it busy without saturating it. Latencies include that sharing and "
            "are not comparable with the single-purpose benches above; a real deployment puts the load generator "
            "elsewhere and gives web and workers their own cores."
        )
    deadlocks = sum((r.get("server_errors") or {}).get("deadlock detected", 0) for r in results.values())
    out.append(
        "* **Found by this load test, fixed since (b8a9dcf): a deadlock between `groupOrderShip` and "
        "`checkoutComplete` / `checkoutCreate`.** Earlier 120-s runs at the same load (24 users) failed 4 and 2 "
        "requests with it (INTERNAL_ERROR, rolled back whole; the invariants held). `order_lock` was "
        "`Order.objects.select_for_update().select_related(\"channel\")` without `of=`, so PostgreSQL also "
        "locked the channel row (FOR UPDATE locks every joined table). The ship then waited for its group's "
        "stock rows (`fulfil_allocations`), while a checkout holding those stock rows (`allocate_stocks`, "
        "`reserve_stocks`) reached COMMIT, where its deferred foreign-key check on `channel_id` (FOR KEY SHARE "
        "on that channel row) waited for the ship; PostgreSQL's log showed the pair (`SELECT ... warehouse_stock "
        "... FOR UPDATE` against `COMMIT`). It also made every open fulfilment hold up all new checkouts and "
        "orders of the channel. The runs above include the fix (`select_for_update(of=(\"self\",))`) and hit "
        f"{deadlocks} deadlocks."
    )
    out.append(
        "* **Found by this load test, fixed since (54fa6b5): database connections piled up under uvicorn.** With "
        "per-thread persistent connections (`DB_CONN_MAX_AGE=60`, no pool), 20 seconds of 16 users left about 170 "
        "idle connections to the load-test database (ASGI runs each request's sync code in a thread of its own; "
        "the dead threads' connections wait for the garbage collector, which `deploy/gunicorn.conf.py` slows "
        "down on purpose), and in a 30-second run PostgreSQL (max_connections 200) began refusing clients (`too "
        "many clients already`). The web processes now take connections from a pool (`DB_POOL_MAX_SIZE`); "
        "`--web-db-pool 0` runs the web processes without it (the settings' default `DB_CONN_MAX_AGE=60`) to "
        "see the pile-up again."
    )
    out.append(
        "* Left: the manager's HTML pages (/manager/) are not in the mix (production sets Secure cookies, which a "
        "plain-HTTP client on loopback does not send back); the leaders never decline, so rerouting and refunds "
        "are not exercised under load; Stripe is replaced by the dummy gateway (no network round trip)."
    )
    return out


# --- main --------------------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds of load (default 120)")
    parser.add_argument("--users", type=int, default=24, help="locust users (default 24)")
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="users started per second (default 4)")
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn uvicorn workers (default 3)")
    parser.add_argument("--web-db-pool", type=int, default=None,
                        help="DB_POOL_MAX_SIZE of the web processes (default: deploy/gunicorn.conf.py's, 4); 0 turns "
                             "the pool off (per-thread persistent connections, which pile up under uvicorn)")
    parser.add_argument("--groups", type=int, default=6, help="producer groups whose products are bought (default 6)")
    parser.add_argument("--kill-worker", action="store_true", help="SIGKILL Celery worker w1 mid-run, then restart it")
    parser.add_argument("--kill-at", type=float, default=None, help="seconds into the run (default: half the duration)")
    parser.add_argument("--restart-after", type=float, default=12.0, help="seconds between kill and restart (default 12)")
    parser.add_argument("--drain-timeout", type=float, default=420.0, help="longest wait for the drain (default 420 s)")
    parser.add_argument("--report-only", action="store_true",
                        help="write the docs section again from the saved results (.data/bench/loadtest-*.json)")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if not (5 <= args.duration <= MAX_DURATION) or not (1 <= args.users <= MAX_USERS):
        parser.error(f"--duration is 5..{MAX_DURATION} s and --users 1..{MAX_USERS}, so a run stays bounded")
    if args.web_workers < 1 or args.groups < 1 or args.spawn_rate <= 0:
        parser.error("counts must be positive")
    if args.drain_timeout > 600:
        parser.error("--drain-timeout is at most 600 s")
    if args.kill_at is None:
        args.kill_at = args.duration / 2
    return args


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"redis": "?"}
    for name in ("celery", "locust"):  # never import locust here: it monkey-patches the process (gevent)
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    began = time.monotonic()
    started = datetime.datetime.now(datetime.UTC)
    command = ".venv/bin/python -m bench.loadtest" + (" " + shlex.join(argv) if argv else "")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        write_report()
        return 0

    database_url = bench_database_url(BENCH_DB, recreate=True)
    from shop.core.embedded import ensure_redis

    redis_base = os.environ.get("BENCH_REDIS_URL") or ensure_redis()
    broker_url = redis_url_with_db(redis_base, CELERY_REDIS_DB)
    for db in (CELERY_REDIS_DB, CACHE_REDIS_DB):
        redis_client(redis_url_with_db(redis_base, db)).flushdb()
    prep_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CELERY_")},
        "DJANGO_SETTINGS_MODULE": "shop.settings.dev",
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        "REDIS_CACHE_DB": str(CACHE_REDIS_DB),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "MEDIA_ROOT": str(BENCH_DIR / "media-loadtest"),
    }
    os.environ.update(prep_env)
    import django

    django.setup()
    from django.db import connection

    plan = prepare_data(prep_env, args.groups)
    if args.users < len(plan["leader_groups"]) + 3:
        raise SystemExit(f"--users must be at least {len(plan['leader_groups']) + 3}: one leader per group "
                         f"({len(plan['leader_groups'])}), the manager, and shoppers")
    redis_client(broker_url).flushdb()  # the demo data's dispatch messages: their events are handled already
    machine = machine_info()
    version_info = versions()
    with contextlib.suppress(Exception):
        version_info["redis"] = redis_client(broker_url).info("server")["redis_version"]
    connection.close()

    tmp = Path(tempfile.mkdtemp(prefix="loadtest-"))
    plan_path = tmp / "plan.json"
    plan_path.write_text(json.dumps(plan))
    port = free_port()
    stack = Stack(stack_env(os.environ, port=port, database_url=database_url, redis_base=redis_base), port,
                  args.web_workers, tmp, web_db_pool=args.web_db_pool)
    kill_log: dict = {}
    result: dict = {}
    try:
        busy = cpu_busy()
        for _ in range(QUIET_WAIT_SAMPLES):
            if busy is None or busy <= QUIET_CPU_PERCENT:
                break
            log(f"{busy:.0f} % of the CPU is busy with other work: waiting for it to calm down")
            busy = cpu_busy()
        cpu_before = f"{busy:.0f} %" if busy is not None else "unknown"
        stack.start()
        since = datetime.datetime.now(datetime.UTC)
        me = os.getpid()
        locust_groups: set[int] = set()

        def mine(pid, pgrp, cmdline):
            groups = stack.group_of()
            if pgrp in groups:
                return groups[pgrp]
            if pgrp in locust_groups or "locust" in cmdline and "bench/locustfile.py" in cmdline:
                return "locust"
            if pid == me:
                return "driver"
            if cmdline.startswith("postgres:"):  # measured as a whole below (postgres_cpu_seconds)
                return None
            if "redis-server" in cmdline:
                return "redis"
            return None

        meter = CpuMeter(mine)
        meter.start()
        pg_before = postgres_cpu_seconds()
        stats = run_locust(args, port, plan_path, tmp / "locust", stack, kill_log)
        cpu = meter.stop()
        pg_after = postgres_cpu_seconds()
        if cpu is not None and pg_before is not None and pg_after is not None:
            cpu["postgres_server_seconds"] = pg_after - pg_before
        log(f"locust done: {sum(r['requests'] for r in stats['rows'] if r['name'] == 'Aggregated')} requests; draining")
        drained = drain(since=since, broker_url=broker_url, timeout=args.drain_timeout)
        log(f"drain: {drained}")
        if args.kill_worker:
            replay(broker_url, since, stack, kill_log)
        checked = verify(since=since)
        connection.close()
    finally:
        stack.stop()
        for db in (CELERY_REDIS_DB, CACHE_REDIS_DB):
            with contextlib.suppress(Exception):
                redis_client(redis_url_with_db(redis_base, db)).flushdb()

    result = {
        "date": f"{started:%Y-%m-%d %H:%M} UTC", "command": command, "code": code_version(),
        "took": time.monotonic() - began, "cpu_before": cpu_before, "args": vars(args),
        "plan_counts": plan["counts"], "plan_leaders": plan["leader_groups"], "versions": version_info,
        "locust": stats, "cpu": cpu, "drain": drained, "verify": checked, "machine_cores": machine["cores"],
        "kill": kill_log or None, "server_errors": server_errors(BENCH_DIR / "loadtest-gunicorn.log"),
        "machine": machine,
    }
    key = "kill" if args.kill_worker else "normal"
    RESULTS[key].write_text(json.dumps(result, indent=1, default=str))
    print_summary(result)
    if not args.no_docs:
        write_report()
    failed = list(checked["failures"])
    if not checked["counts"]["orders"]:
        failed.append("the run created no order: nothing was checked")
    if not drained.get("drained"):
        failed.append(f"the run did not drain in {args.drain_timeout:.0f} s: {drained}")
    if args.kill_worker and not kill_log.get("replay_drain", {}).get("drained"):
        failed.append(f"the replay did not drain: {kill_log.get('replay_drain')}")
    if failed:
        print("\nINVARIANTS FAILED:\n  " + "\n  ".join(failed))
        return 1
    print("\nall invariants held")
    return 0


def write_report() -> None:
    """The docs section from the saved results of the last normal run and the last run with the kill."""
    results = {name: json.loads(path.read_text()) for name, path in RESULTS.items() if path.exists()}
    if not results:
        raise SystemExit("no saved results: run the load test first")
    machine = next(r["machine"] for r in results.values() if r.get("machine"))
    write_docs_section(report(machine, results), MARK_START, MARK_END)


def print_summary(result: dict) -> None:
    print()
    print("\n".join(stats_tables(result)))
    print()
    print(json.dumps(result["verify"]["counts"], indent=1, default=str))
    print("\n".join(invariants_table(result)))
    for failure in result["locust"]["failures"][:10]:
        print(f"FAILED REQUESTS: {failure['count']} x {failure['name']}: {failure['error'][:300]}")


if __name__ == "__main__":
    sys.exit(main())
