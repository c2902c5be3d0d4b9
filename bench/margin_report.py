"""Margin report benchmark: ``fairtrade.reports.margin_report`` over a million ledger entries.

Not a test: it measures and reports (docs/benchmarks.md).  Run from the repository root::

    .venv/bin/python -m bench.margin_report [--entries 1000000] [--runs 15] [--reuse]

1. Rebuilds its own database ``homenet_bench_margins`` (migrate, populatedb
   --scale 100: the 25 demo groups, the demo catalogue and synthetic products,
   so labels are real rows) and adds a second channel.
2. Seeds the ledger the way the shop posts it, with COPY: orders of 1-3 sold
   lines over 24 months; each sold line has a balanced sale journal of 6 entries
   (gross, VAT, producer, fund, fee, margin); 4 % are partly refunded (3 entries,
   borne by the social enterprise or the courier), 2 % cancelled (6 entries, the
   group's share reversed); each order has a shipping charge (3 entries); each
   group has a monthly payout (2 entries, not part of the report).  Sold-line rows
   are written too (the report takes the producer group from them).  During the
   seed the session runs with ``session_replication_role = replica``: the ledger's
   guard triggers (append-only, balanced journals) and the foreign-key triggers
   are skipped, so the sold lines need no real orders.  Every journal the seed
   writes balances anyway (checked after the seed with one query).
3. VACUUM ANALYZE, then times ``margin_report`` over the whole range grouped by producer
   group and by month (one warm-up, then ``--runs`` timed calls each; median and
   p95), all in this process through Django, as the GraphQL resolver and the
   manager page call it.  Also prints PostgreSQL's plan of the grouped query.
4. Prints a markdown report and writes it into docs/benchmarks.md between the
   ``bench:margins`` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shlex
import statistics
import sys
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal

from bench.common import (
    BASE_DIR,
    bench_database_url,
    cpu_busy,
    log,
    machine_info,
    manage,
    percentile,
    write_docs_section,
)

BENCH_DB = "homenet_bench_margins"
MARK_START = "<!-- bench:margins:start -->"
MARK_END = "<!-- bench:margins:end -->"
MONTHS = 24
CENT = Decimal("0.01")
TARGET_MS = 500


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="About this many ledger entries.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reuse", action="store_true", help="Keep the seeded database of an earlier run.")
    parser.add_argument("--note", default="", help="A remark printed under the table.")
    parser.add_argument("--no-docs", action="store_true", help="Print only; leave docs/benchmarks.md alone.")
    return parser.parse_args(argv)


def _cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class Seeder:
    """Rows for COPY: sold lines, journals, entries; journals balance by construction."""

    def __init__(self, rng, *, groups, products, channels, start, end):
        self.rng = rng
        self.groups = groups
        self.products = products  # [(product_id, variant_id, category_id, unit price)]
        self.channels = channels
        self.start = start
        self.end = end
        self.span = (end - start).total_seconds()
        self.sold_lines, self.journals, self.entries = [], [], []
        self.journal_id = 0

    def journal(self, kind, when, lines, dims=(None, None, None, None, None), reference="order"):
        """lines: [(account, amount, group_id)]; dims: (sold_line, order, product, category, channel)."""
        assert sum(amount for _, amount, _ in lines) == 0, lines
        self.journal_id += 1
        jid = self.journal_id
        self.journals.append((jid, f"bench:{jid}", kind, reference, str(jid), "THB", "", "", "", when, when))
        sold_line, order, product, category, channel = dims
        for account, amount, group in lines:
            if amount:
                self.entries.append((account, amount, "THB", kind, when, order, product, category, channel, group,
                                     jid, sold_line))

    def order(self):
        rng = self.rng
        when = self.start + dt.timedelta(seconds=rng.random() * self.span)
        order_id, channel = uuid.uuid4(), rng.choice(self.channels)
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            self.sold_line(order_id, channel, when)
        shipping = Decimal(rng.choice((40, 50, 60)))
        vat = _cents(shipping * 7 / 107)
        self.journal("shipping_charge", when, [("sales_gross", shipping, None), ("vat_payable", -vat, None),
                                               ("shipping", vat - shipping, None)], (None, order_id, None, None, channel))

    def sold_line(self, order_id, channel, when):
        rng = self.rng
        product, variant, category, price = rng.choice(self.products)
        group, quantity = rng.choice(self.groups), rng.choice((1, 1, 1, 2, 3))
        gross = price * quantity
        vat = _cents(gross * 7 / 107)
        producer = _cents(gross * Decimal("0.45"))
        premium = _cents(producer / 10)
        fee = _cents(gross * Decimal("0.0365")) if rng.random() < 0.6 else Decimal(0)
        margin = gross - vat - producer - premium - fee
        sold = uuid.uuid4()
        self.sold_lines.append((sold, product, variant, category, channel, quantity, "THB", "posted", price,
                                Decimal(10), Decimal("3.65"), gross, vat, producer, premium, fee, margin, when, when,
                                when, when, when, group, uuid.uuid4(), order_id, uuid.uuid4()))
        dims = (sold, order_id, product, category, channel)
        self.journal("sale", when, [("sales_gross", gross, None), ("vat_payable", -vat, None),
                                    ("producer_payable", -producer, group), ("group_fund_payable", -premium, group),
                                    ("payment_fees", -fee, None), ("se_margin", -margin, None)], dims)
        later = min(when + dt.timedelta(days=rng.randint(1, 20)), self.end)
        roll = rng.random()
        if roll < 0.04:  # part refunded: the social enterprise or the courier bears it
            amount = _cents(gross * Decimal(rng.choice(("0.25", "0.5", "1"))))
            part_vat = _cents(amount * 7 / 107)
            bearer = rng.choice(("se_margin", "courier_claims"))
            self.journal("refund", later, [("refunds", -amount, None), ("vat_payable", part_vat, None),
                                           (bearer, amount - part_vat, None)], dims)
        elif roll < 0.06:  # cancelled before work started: everything reversed, the group's share too
            self.journal("cancellation", later, [("sales_gross", -gross, None), ("vat_payable", vat, None),
                                                 ("producer_payable", producer, group),
                                                 ("group_fund_payable", premium, group),
                                                 ("se_margin", fee + margin, None)], dims)

    def payouts(self, end):
        month = self.start
        while month < end:
            for group in self.groups:
                amount = _cents(Decimal(self.rng.randint(2_000, 60_000)))
                self.journal("payout", month, [("producer_payable", amount, group), ("bank", -amount, None)],
                             reference="statement")
            month = (month + dt.timedelta(days=32)).replace(day=1)


def seed(args) -> dict:
    from django.db import connection

    from cooperatives.models import ProducerGroup
    from shop.catalog.models import Product, ProductVariant
    from shop.channel.models import Channel

    rng = random.Random(args.seed)
    groups = sorted(ProducerGroup.objects.values_list("pk", flat=True))
    channel = Channel.objects.order_by("pk").first()
    second, _ = Channel.objects.get_or_create(
        slug="bench-wholesale", defaults={"name": "Wholesale", "currency_code": channel.currency_code,
                                          "default_country": channel.default_country})
    channels = [channel.pk, second.pk]
    by_category: dict = {}
    for product_id, category_id in Product.objects.order_by("pk").values_list("pk", "category_id"):
        by_category.setdefault(category_id, []).append(product_id)
    chosen = []  # up to 100 products, taken from every category in turn
    while len(chosen) < 100 and any(by_category.values()):
        for ids in by_category.values():
            if ids and len(chosen) < 100:
                chosen.append(ids.pop(0))
    variants = dict(ProductVariant.objects.filter(product_id__in=chosen).order_by("-pk").values_list("product_id", "pk"))
    categories = dict(Product.objects.filter(pk__in=chosen).values_list("pk", "category_id"))
    products = [(pk, variants.get(pk), categories[pk], Decimal(rng.randrange(120, 2400, 10))) for pk in chosen]
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = (now - dt.timedelta(days=MONTHS * 30.5)).replace(day=1, hour=0, minute=0, second=0)
    seeder = Seeder(rng, groups=groups, products=products, channels=channels, start=start, end=now)
    log(f"generating about {args.entries:,} entries: {len(groups)} groups, {len(products)} products, "
        f"{len({p[2] for p in products})} categories, {len(channels)} channels, {MONTHS} months")
    seeder.payouts(now)
    while len(seeder.entries) < args.entries:
        seeder.order()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.connection
        cursor.execute("SET session_replication_role = replica")  # skip the ledger guards and FK triggers
        for table, columns, rows in (
            ("fairtrade_soldline", "id, product_id, variant_id, category_id, channel_id, quantity, currency, status, "
             "producer_unit_price, premium_percent, fee_percent, gross, vat, producer_share, premium, fee, margin, "
             "sold_at, created_at, posted_at, delivered_at, payable_from, group_id, group_order_line_id, order_id, "
             "order_line_id", seeder.sold_lines),
            ("fairtrade_ledgerjournal", "id, idempotency_key, kind, reference_type, reference_id, currency, bearer, "
             "memo, actor, occurred_at, created_at", seeder.journals),
            ("fairtrade_ledgerentry", "account, amount, currency, kind, occurred_at, order_id, product_id, "
             "category_id, channel_id, group_id, journal_id, sold_line_id", seeder.entries),
        ):
            with raw.cursor() as copy_cursor, copy_cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            log(f"copied {len(rows):,} rows into {table}")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SELECT setval(pg_get_serial_sequence('fairtrade_ledgerjournal', 'id'), %s)",
                       [seeder.journal_id])
        cursor.execute("SELECT count(*) FROM (SELECT journal_id FROM fairtrade_ledgerentry GROUP BY journal_id "
                       "HAVING sum(amount) <> 0) unbalanced")
        unbalanced = cursor.fetchone()[0]
        if unbalanced:
            raise SystemExit(f"{unbalanced} seeded journals do not balance")
    log(f"seeded in {time.perf_counter() - started:.1f} s")
    return {"start": start, "end": now}


def vacuum() -> None:
    """VACUUM ANALYZE the report's tables: statistics, and the visibility map autovacuum keeps set on an
    append-only ledger (index-only scans need it)."""
    from django.db import connection

    log("VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) fairtrade_soldline, fairtrade_ledgerjournal, fairtrade_ledgerentry")


def data_size() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM fairtrade_ledgerentry), (SELECT count(*) FROM fairtrade_ledgerjournal), "
            "(SELECT count(*) FROM fairtrade_soldline), "
            "pg_size_pretty(pg_total_relation_size('fairtrade_ledgerentry')), "
            "(SELECT min(occurred_at) FROM fairtrade_ledgerentry), (SELECT max(occurred_at) FROM fairtrade_ledgerentry), "
            "(SELECT count(DISTINCT group_id) FROM fairtrade_soldline), "
            "(SELECT count(DISTINCT product_id) FROM fairtrade_soldline), "
            "(SELECT count(DISTINCT category_id) FROM fairtrade_soldline), "
            "(SELECT count(DISTINCT channel_id) FROM fairtrade_soldline)"
        )
        entries, journals, sold, size, first, last, groups, products, categories, channels = cursor.fetchone()
    return {"entries": entries, "journals": journals, "sold_lines": sold, "size": size, "first": first, "last": last,
            "groups": groups, "products": products, "categories": categories, "channels": channels}


def plan(date_from, date_to, group_by) -> str:
    from django.db import connection

    from fairtrade import reports

    with connection.cursor() as cursor:
        captured = []

        def keep(execute, sql, params, many, context):
            captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            reports.margin_report(date_from=date_from, date_to=date_to, group_by=group_by)
        sql, params = next((sql, params) for sql, params in captured if "GROUP BY" in sql)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(date_from, date_to, group_by, runs) -> dict:
    from django.db import connection, reset_queries

    from fairtrade import reports

    report = reports.margin_report(date_from=date_from, date_to=date_to, group_by=group_by)  # warm-up
    totals = report.totals
    assert totals.gross == totals.vat + totals.producer_share + totals.premium + totals.fees + totals.margin \
        + totals.courier_claims
    times, queries = [], 0
    for _ in range(runs):
        reset_queries()
        before = len(connection.queries_log)
        started = time.perf_counter()
        reports.margin_report(date_from=date_from, date_to=date_to, group_by=group_by)
        times.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries_log) - before
    return {"group_by": group_by, "rows": len(report.rows), "median": statistics.median(times),
            "p95": percentile(times, 95), "min": min(times), "max": max(times), "queries": queries,
            "gross": totals.gross}


def _busy(value) -> str:
    return "unknown" if value is None else f"{value:.0f} %"


def markdown(args, machine, size, results, plans) -> str:
    command = ".venv/bin/python -m bench.margin_report " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    lines = [
        MARK_START,
        "## Margin report (fairtrade)",
        "",
        f"`{command.strip()}` on {machine['date']:%Y-%m-%d %H:%M} UTC. `fairtrade.reports.margin_report` over the",
        "whole range, in-process through Django (the GraphQL resolver and the manager page make the same call:",
        "the grouped ledger scan, the shipping sums and the labels' query).",
        "",
        f"* Machine: {machine['cores']} cores ({machine['cpu']}), {machine['ram']} RAM, {machine['os']}; "
        f"{machine['postgres']}, Python {machine['python']}, Django {machine['django']}.",
        f"* Data: {size['entries']:,} ledger entries ({size['size']} with indexes) in {size['journals']:,} journals, "
        f"{size['sold_lines']:,} sold lines; {size['groups']} groups, {size['products']} products, "
        f"{size['categories']} categories, {size['channels']} channels, {size['first']:%Y-%m-%d} to {size['last']:%Y-%m-%d}.",
        "  Seeded with COPY under `session_replication_role = replica` (ledger guard and FK triggers skipped;",
        "  every journal checked to balance afterwards), then VACUUM ANALYZE.",
        f"* Other work on the machine just before the runs: {_busy(size['busy_before'])} of all cores busy.",
        "* Queries per call (SQL statements incl. the transaction and its SET LOCAL): see the last column.",
        "",
        "| grouped by | rows | runs | median ms | p95 ms | min ms | max ms | SQL queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r['group_by']} | {r['rows']} | {args.runs} | {r['median']:.0f} | {r['p95']:.0f} | "
                     f"{r['min']:.0f} | {r['max']:.0f} | {r['queries']} |")
    verdict = all(r["median"] < TARGET_MS for r in results)
    lines += ["", f"Target: median under {TARGET_MS} ms on 2 cores: {'met' if verdict else 'missed'}."]
    if args.note:
        lines += ["", args.note]
    for group_by, text in plans.items():
        lines += ["", f"<details><summary>Plan of the grouped query ({group_by})</summary>", "", "```", text, "```",
                  "", "</details>"]
    lines.append(MARK_END)
    return "\n".join(lines)


def main(argv=None) -> None:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    url = bench_database_url(BENCH_DB, recreate=not args.reuse)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "shop.settings.dev"}
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": env["DJANGO_SETTINGS_MODULE"]})
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.db import connection

    from fairtrade.models import LedgerEntry

    manage("migrate", "--no-input", env=env)
    if not (args.reuse and LedgerEntry.objects.exists()):
        manage("populatedb", "--scale", "100", env=env)
        seed(args)
    vacuum()
    connection.force_debug_cursor = True  # count queries
    size = data_size()
    first, last = size["first"].date(), size["last"].date()
    size["busy_before"] = cpu_busy()
    log(f"timing {args.runs} runs per grouping over {first} .. {last}")
    results = [measure(first, last, group_by, args.runs) for group_by in ("producer_group", "month")]
    plans = {group_by: plan(first, last, group_by) for group_by in ("producer_group", "month")}
    connection.force_debug_cursor = False
    text = markdown(args, machine_info(), size, results, plans)
    print(text)
    if not args.no_docs:
        write_docs_section(text, MARK_START, MARK_END)


if __name__ == "__main__":
    main()
