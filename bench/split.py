"""Split benchmark: time and SQL queries to split paid orders among the producer groups.

Not a test: it measures and reports (docs/benchmarks.md); it asserts only that
every order was split.  Run from the repository root::

    .venv/bin/python -m bench.split [--orders 10000]

1. Rebuilds its own database ``homenet_bench_split`` (migrate, populatedb: the
   demo catalogue, the 25 groups and their offers).
2. Makes ``--orders`` paid orders of 3 to 5 lines (seeded random demo variants,
   1-3 units each) the way checkoutComplete leaves them: Order and OrderLine rows
   plus stock Allocations taken from the makers' warehouses in priority order
   (through the shop's own ``allocate_stocks`` with the cooperatives sourcing
   policy), in bulk so the set-up does not dominate.  Stock is raised first so
   every order fits.
3. Splits every order in-process with ``cooperatives.allocation.order_split``, one
   transaction per order as the OrderPaid handler does, counting SQL queries per
   split and timing each; the on-commit notification tasks are not run (they are
   Celery's work, measured elsewhere).
4. Prints a markdown report and writes it into docs/benchmarks.md between the
   ``bench:split`` markers.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import sys
import time
from collections import Counter

from bench.common import (
    BASE_DIR,
    bench_database_url,
    log,
    machine_info,
    manage,
    percentile,
    write_docs_section,
)

BENCH_DB = "homenet_bench_split"
MARK_START = "<!-- bench:split:start -->"
MARK_END = "<!-- bench:split:end -->"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--note", default="", help="A remark printed under the table (e.g. other load).")
    return parser.parse_args(argv)


def make_orders(count: int, seed: int) -> list:
    from decimal import Decimal

    from django.db import transaction

    from cooperatives.models import ProducerOffer
    from shop.channel.models import Channel
    from shop.order.models import Order, OrderLine, OrderStatus
    from shop.order.services import next_order_number
    from shop.warehouse import services as stock
    from shop.warehouse.models import Stock

    rng = random.Random(seed)
    channel = Channel.objects.get(slug="default-channel")
    made = sorted(set(ProducerOffer.objects.filter(variant__track_inventory=True).values_list("variant_id", flat=True)))
    Stock.objects.filter(product_variant_id__in=made).update(quantity=1_000_000, quantity_allocated=0)
    log(f"making {count} orders over {len(made)} variants")
    order_ids = []
    for start in range(0, count, 500):
        with transaction.atomic():
            orders = [
                Order(number=next_order_number(), status=OrderStatus.UNFULFILLED, charge_status="full", channel=channel,
                      currency="THB", user_email=f"bench{start + i}@example.com")
                for i in range(min(500, count - start))
            ]
            Order.objects.bulk_create(orders)
            lines = []
            for order in orders:
                for variant_id in rng.sample(made, rng.randint(3, 5)):
                    quantity = rng.randint(1, 3)
                    lines.append(OrderLine(order=order, variant_id=variant_id, product_name="Bench item", quantity=quantity,
                                           currency="THB", unit_price_gross_amount=Decimal("100"),
                                           total_price_gross_amount=Decimal(100 * quantity)))
            OrderLine.objects.bulk_create(lines)
            by_order = {}
            for line in lines:
                by_order.setdefault(line.order_id, []).append(line)
            for order in orders:
                stock.allocate_stocks(channel=channel, checkout_token=None, requests=[
                    stock.StockRequest(line_id=line.pk, variant_id=line.variant_id, quantity=line.quantity)
                    for line in by_order[order.pk]
                ])
            order_ids += [order.pk for order in orders]
        log(f"  {len(order_ids)} orders")
    return order_ids


def split_all(order_ids: list) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from cooperatives.allocation import order_split
    from cooperatives.models import GroupOrder

    times, queries, groups = [], Counter(), Counter()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for order_id in order_ids:
        connection.queries_log.clear()  # it keeps 9,000 entries; a full log would count 0 new queries
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            made = order_split(order_id=order_id)
        times.append((time.perf_counter() - t0) * 1000)
        queries[len(captured)] += 1
        groups[len(made)] += 1
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    split = GroupOrder.objects.filter(order_id__in=order_ids).values("order_id").distinct().count()
    if split != len(order_ids):
        raise SystemExit(f"only {split} of {len(order_ids)} orders were split")
    return {"wall": wall, "cpu": cpu, "times": times, "queries": queries, "groups": groups,
            "group_orders": GroupOrder.objects.filter(order_id__in=order_ids).count()}


def report(args, machine, result, command) -> str:
    times = result["times"]
    n = len(times)
    queries = ", ".join(f"{q} queries: {c} orders" for q, c in sorted(result["queries"].items()))
    groups = ", ".join(f"{g}: {c}" for g, c in sorted(result["groups"].items()))
    return "\n".join([
        MARK_START,
        "## Order split (cooperatives)",
        "",
        f"`{command}`, {machine['date']:%Y-%m-%d %H:%M} UTC. Machine: {machine['cores']} cores, {machine['cpu']}, "
        f"{machine['ram']}; {machine['postgres']}, Python {machine['python']}, Django {machine['django']}.",
        "",
        f"{n:,} paid orders of 3 to 5 lines (1-3 units each, demo variants, stock in the makers' warehouses), "
        "split one by one in-process, one transaction each, as the OrderPaid handler does.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| orders split | {n:,} into {result['group_orders']:,} group orders |",
        f"| total time | {result['wall']:.1f} s ({n / result['wall']:.0f} orders/s, one process) |",
        f"| CPU of the splitting process | {result['cpu']:.1f} s |",
        f"| per order | median {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms |",
        f"| SQL queries per split | {queries} |",
        f"| groups per order | {groups} |",
        "",
        *([args.note, ""] if args.note else []),
        "The query count is the same whatever the number of groups an order spans "
        "(`tests/cooperatives/test_split.py` checks 1, 2 and 10 groups).",
        MARK_END,
    ])


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    command = ".venv/bin/python -m bench.split" + (" " + shlex.join(argv) if argv else "")
    database_url = bench_database_url(BENCH_DB, recreate=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "shop.settings.dev", "DATABASE_URL": database_url,
           "CELERY_TASK_ALWAYS_EAGER": "false", "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
           "MEDIA_ROOT": str(BASE_DIR / ".data" / "bench" / "media-split")}
    os.environ.update(env)
    manage("migrate", "--no-input", "-v", "0", env=env)
    manage("populatedb", env=env)
    import django

    django.setup()
    from django.db import transaction

    transaction.on_commit = lambda *a, **k: None  # notifications are Celery's work, not the split's
    machine = machine_info()
    order_ids = make_orders(args.orders, args.seed)
    log("splitting")
    result = split_all(order_ids)
    section = report(args, machine, result, command)
    print(section)
    write_docs_section(section, MARK_START, MARK_END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
