"""Catalog read benchmark: storefront GraphQL queries over real HTTP against gunicorn.

Not a test: it measures and reports numbers (docs/benchmarks.md), it asserts
nothing about timing.  Run from the repository root::

    .venv/bin/python -m bench.catalog [--products 2000] [--requests 200] [--concurrency 4]

What it does:

1. Uses its own database, ``homenet_bench``, on the embedded PostgreSQL server
   (or on the server of $DATABASE_URL), so the dev data is never touched.  It
   migrates it and fills it with ``manage.py populatedb --scale N``; when that
   command is missing or leaves fewer than --products products, the gap is
   filled with synthetic products written with the ORM (``seed_with_orm``).
   Media files of the bench go to .data/bench/media.
2. Starts gunicorn (deploy/gunicorn.conf.py when present, --workers sync
   workers, production settings, DEBUG off) on a free 127.0.0.1 port and
   waits until it answers.
3. Times these storefront documents over HTTP (loopback only; bounded request
   counts): products(first: 20), products(first: 100), product(slug:) with a
   full product page, and products(first: 20, search:).  Sequential median and
   p95, then throughput with --concurrency client threads on the two lists.
4. Counts SQL queries per request in-process (Django test Client +
   CaptureQueriesContext) on the same database: first: 20 and first: 100 must
   be equal.
5. Prints a markdown report and writes it into docs/benchmarks.md between the
   ``bench:catalog`` markers (text outside the markers is kept).
6. Stops the server in a ``finally`` block.

``--profile`` additionally runs products(first: 100) in-process under
pyinstrument (``pip install pyinstrument``; not a project dependency) and
prints where the time goes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import (
    bench_database_url,
    free_port,
    load_average,
    log,
    machine_info,
    manage,
    percentile,
    post,
    write_docs_section,
)

BASE_DIR = Path(__file__).resolve().parents[1]
BENCH_DIR = BASE_DIR / ".data" / "bench"
DOCS_FILE = BASE_DIR / "docs" / "benchmarks.md"
GUNICORN_CONFIG = BASE_DIR / "deploy" / "gunicorn.conf.py"
BENCH_DB = "homenet_bench"
CHANNEL = "default-channel"
TARGET_MS = 150.0  # products(first: 100) median on a 2-core machine
MARK_START = "<!-- bench:catalog:start -->"
MARK_END = "<!-- bench:catalog:end -->"
WARMUP = 10
HTTP_TIMEOUT = 60

# --- GraphQL documents ---------------------------------------------------------------

PRODUCT_CARD = """
fragment ProductCard on Product {
  id name slug
  thumbnail(size: 512, format: WEBP) { url alt }
  category { name }
  pricing {
    onSale
    priceRange { start { gross { amount currency } } }
    priceRangeUndiscounted { start { gross { amount } } }
  }
  isAvailable
  variants { id sku quantityAvailable pricing { price { gross { amount } } } }
  attributes { attribute { slug name } values { name } }
  translation(languageCode: TH) { name }
}
"""

PRODUCT_LIST = PRODUCT_CARD + """
query ProductList($first: Int!, $channel: String!) {
  products(first: $first, channel: $channel) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...ProductCard } }
  }
}
"""

PRODUCT_SEARCH = PRODUCT_CARD + """
query ProductSearch($first: Int!, $channel: String!, $search: String!) {
  products(first: $first, channel: $channel, search: $search) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { ...ProductCard } }
  }
}
"""

PRODUCT_PAGE = """
query ProductPage($slug: String!, $channel: String!) {
  product(slug: $slug, channel: $channel) {
    id name slug seoTitle seoDescription description
    category { id name slug translation(languageCode: TH) { name } }
    productType { name hasVariants }
    thumbnail(size: 1024, format: WEBP) { url alt }
    media { id type alt url(size: 1024) }
    isAvailable isAvailableForPurchase availableForPurchaseAt
    pricing {
      onSale
      discount { gross { amount currency } }
      priceRange { start { gross { amount currency } } stop { gross { amount currency } } }
      priceRangeUndiscounted { start { gross { amount currency } } stop { gross { amount currency } } }
    }
    attributes {
      attribute { slug name translation(languageCode: TH) { name } }
      values { name slug translation(languageCode: TH) { name } }
    }
    variants {
      id name sku quantityAvailable quantityLimitPerCustomer
      attributes { attribute { slug name } values { name slug } }
      media { url(size: 512) }
      pricing {
        onSale
        price { gross { amount currency } net { amount } tax { amount } }
        priceUndiscounted { gross { amount currency } }
      }
      translation(languageCode: TH) { name }
    }
    collections { name slug }
    translation(languageCode: TH) { name description seoTitle seoDescription }
  }
}
"""


# --- small helpers ---------------------------------------------------------------------


# --- 1. the bench database ----------------------------------------------------------------


def populatedb_available(env: dict) -> bool:
    """Whether ``manage.py populatedb`` exists and takes ``--scale``."""
    if not (BASE_DIR / "shop" / "core" / "management" / "commands" / "populatedb.py").exists():
        return False
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "populatedb", "--help"],
        env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120,
    )
    return result.returncode == 0 and "--scale" in result.stdout


def product_count() -> int:
    from shop.catalog.models import Product

    return Product.objects.count()


MATERIALS = [
    ("Silk", "ผ้าไหม"), ("Cotton", "ผ้าฝ้าย"), ("Hemp", "ใยกัญชง"), ("Indigo cotton", "ผ้าฝ้ายย้อมคราม"),
    ("Bamboo", "ไม้ไผ่"), ("Water hyacinth", "ผักตบชวา"), ("Rattan", "หวาย"), ("Banana fibre", "ใยกล้วย"),
]
ITEMS = [
    ("scarf", "ผ้าพันคอ"), ("shoulder bag", "กระเป๋าสะพาย"), ("table runner", "ผ้าปูโต๊ะ"),
    ("cushion cover", "ปลอกหมอน"), ("basket", "ตะกร้า"), ("shirt", "เสื้อ"), ("sarong", "ผ้าถุง"),
    ("placemat", "แผ่นรองจาน"),
]
REGIONS = [("North", "ภาคเหนือ"), ("Northeast", "ภาคอีสาน"), ("Central", "ภาคกลาง"), ("South", "ภาคใต้"), ("Bangkok", "กรุงเทพฯ")]
SIZES = [("S", "เล็ก"), ("M", "กลาง"), ("L", "ใหญ่")]


def seed_with_orm(missing: int) -> None:
    """Add ``missing`` synthetic products (3 variants, 2 photos, Thai translations each)."""
    import io
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from PIL import Image

    from shop.account.models import Address
    from shop.catalog import models as m
    from shop.catalog.search import update_products_search_document
    from shop.catalog.services import product_channel_listings_update_discounted_price
    from shop.channel.models import Channel, TaxRate
    from shop.warehouse.models import Stock, Warehouse

    log(f"seeding {missing} synthetic products with the ORM")
    photos = []
    for k, colour in enumerate([(150, 40, 60), (40, 90, 150), (60, 130, 70), (190, 150, 40)]):
        name = f"products/bench-photo-{k}.jpg"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            Image.new("RGB", (1200, 900), colour).save(buffer, "JPEG")
            name = default_storage.save(name, ContentFile(buffer.getvalue()))
        photos.append(name)

    def attribute(slug, name, name_th, values):
        attr, _ = m.Attribute.objects.get_or_create(slug=slug, defaults={"name": name})
        m.AttributeTranslation.objects.get_or_create(attribute=attr, language_code="th", defaults={"name": name_th})
        rows = []
        for order, (value_en, value_th) in enumerate(values):
            value, _ = m.AttributeValue.objects.get_or_create(
                attribute=attr, slug=slugify(value_en), defaults={"name": value_en, "sort_order": order}
            )
            m.AttributeValueTranslation.objects.get_or_create(
                attribute_value=value, language_code="th", defaults={"name": value_th}
            )
            rows.append(value)
        return attr, rows

    now = timezone.now()
    with transaction.atomic():
        channel, _ = Channel.objects.get_or_create(
            slug=CHANNEL, defaults={"name": "Default channel", "currency_code": "THB", "default_country": "TH", "is_active": True}
        )
        TaxRate.objects.get_or_create(
            country="TH", valid_from=datetime.date(1992, 1, 1), defaults={"rate": Decimal("7.0000"), "source": "Revenue Code s.80"}
        )
        warehouses = []
        for k, (region, _th) in enumerate(REGIONS):
            warehouse = Warehouse.objects.filter(slug=f"bench-group-{k}").first()
            if warehouse is None:
                warehouse = Warehouse.objects.create(
                    name=f"Bench group {region}", slug=f"bench-group-{k}",
                    address=Address.objects.create(company_name=f"Bench group {region}"),
                )
            warehouse.channels.add(channel)
            warehouses.append(warehouse)
        categories = []
        for item_en, item_th in ITEMS:
            category, _ = m.Category.objects.get_or_create(slug=f"bench-{slugify(item_en)}", defaults={"name": item_en.title()})
            m.CategoryTranslation.objects.get_or_create(category=category, language_code="th", defaults={"name": item_th})
            categories.append(category)
        product_type, _ = m.ProductType.objects.get_or_create(
            slug="bench-handicraft", defaults={"name": "Handicraft (bench)", "has_variants": True}
        )
        material, materials = attribute("material", "Material", "วัสดุ", MATERIALS)
        region_attr, regions = attribute("region", "Region", "ภาค", REGIONS)
        size, sizes = attribute("size", "Size", "ขนาด", SIZES)
        m.AttributeProduct.objects.get_or_create(attribute=material, product_type=product_type, defaults={"sort_order": 0})
        m.AttributeProduct.objects.get_or_create(attribute=region_attr, product_type=product_type, defaults={"sort_order": 1})
        m.AttributeVariant.objects.get_or_create(
            attribute=size, product_type=product_type, defaults={"sort_order": 0, "variant_selection": True}
        )

        start = m.Product.objects.filter(slug__startswith="bench-product-").count()
        specs = []
        for i in range(start, start + missing):
            mat = i % len(MATERIALS)
            item = (i // len(MATERIALS)) % len(ITEMS)
            specs.append((i, mat, item, i % len(REGIONS)))
        products = m.Product.objects.bulk_create(
            [
                m.Product(
                    product_type=product_type,
                    category=categories[item],
                    name=f"{MATERIALS[mat][0]} {ITEMS[item][0]} no. {i}",
                    slug=f"bench-product-{i:05d}",
                    description={"blocks": [{"type": "paragraph", "data": {"text": (
                        f"Hand-made {MATERIALS[mat][0].lower()} {ITEMS[item][0]} from the "
                        f"{REGIONS[reg][0]} region, made by a home-based workers' group."
                    )}}]},
                    description_plaintext=(
                        f"Hand-made {MATERIALS[mat][0].lower()} {ITEMS[item][0]} from the "
                        f"{REGIONS[reg][0]} region, made by a home-based workers' group."
                    ),
                    weight_grams=Decimal("250"),
                    created_at=now,
                )
                for i, mat, item, reg in specs
            ],
            batch_size=1000,
        )
        m.ProductTranslation.objects.bulk_create(
            [
                m.ProductTranslation(
                    product=product, language_code="th",
                    name=f"{ITEMS[item][1]}{MATERIALS[mat][1]} แบบที่ {i}",
                    description={"blocks": [{"type": "paragraph", "data": {"text": (
                        f"{ITEMS[item][1]}{MATERIALS[mat][1]}ทำมือจาก{REGIONS[reg][1]} โดยกลุ่มผู้ผลิตที่บ้าน"
                    )}}]},
                )
                for product, (i, mat, item, reg) in zip(products, specs, strict=True)
            ],
            batch_size=1000,
        )
        m.ProductChannelListing.objects.bulk_create(
            [
                m.ProductChannelListing(
                    product=product, channel=channel, currency="THB", is_published=True,
                    published_at=now - datetime.timedelta(days=1), visible_in_listings=True,
                    available_for_purchase_at=now - datetime.timedelta(days=1),
                )
                for product in products
            ],
            batch_size=1000,
        )
        variants = m.ProductVariant.objects.bulk_create(
            [
                m.ProductVariant(
                    product=product, sku=f"BENCH-{i:05d}-{size_en}", name=size_en, sort_order=j,
                    created_at=now,
                )
                for product, (i, *_rest) in zip(products, specs, strict=True)
                for j, (size_en, _th) in enumerate(SIZES)
            ],
            batch_size=1000,
        )
        listings, stocks, variant_values = [], [], []
        for n, variant in enumerate(variants):
            i, j = divmod(n, len(SIZES))
            price = Decimal(290 + (i % 40) * 25 + j * 60)
            discounted = (price * Decimal("0.85")).quantize(Decimal("1")) if i % 5 == 0 else price
            listings.append(m.ProductVariantChannelListing(
                variant=variant, channel=channel, currency="THB", price_amount=price,
                discounted_price_amount=discounted, cost_price_amount=(price * Decimal("0.55")).quantize(Decimal("1")),
            ))
            stocks.append(Stock(warehouse=warehouses[i % len(warehouses)], product_variant=variant, quantity=(i * 7 + j) % 30))
            variant_values.append(m.AssignedVariantAttributeValue(variant=variant, value=sizes[j], sort_order=0))
        m.ProductVariantChannelListing.objects.bulk_create(listings, batch_size=2000)
        Stock.objects.bulk_create(stocks, batch_size=2000)
        m.AssignedVariantAttributeValue.objects.bulk_create(variant_values, batch_size=2000)
        for product, first_variant in zip(products, variants[:: len(SIZES)], strict=True):
            product.default_variant = first_variant
        m.Product.objects.bulk_update(products, ["default_variant"], batch_size=1000)
        product_values, media = [], []
        for product, (i, mat, _item, reg) in zip(products, specs, strict=True):
            product_values.append(m.AssignedProductAttributeValue(product=product, value=materials[mat], sort_order=0))
            product_values.append(m.AssignedProductAttributeValue(product=product, value=regions[reg], sort_order=1))
            for k in range(2):
                media.append(m.ProductMedia(
                    product=product, image=photos[(i + k) % len(photos)], alt=f"Photo {k + 1} of {product.name}", sort_order=k,
                ))
        m.AssignedProductAttributeValue.objects.bulk_create(product_values, batch_size=2000)
        m.ProductMedia.objects.bulk_create(media, batch_size=2000)
        ids = [p.pk for p in products]
        product_channel_listings_update_discounted_price(product_ids=ids)
        for offset in range(0, len(ids), 500):
            update_products_search_document(m.Product.objects.filter(pk__in=ids[offset:offset + 500]))
    log(f"seeded {missing} products")


def prepare_data(args, env: dict) -> str:
    """Migrate and fill the bench database; returns how it was filled."""
    record = BENCH_DIR / "data.json"
    manage("migrate", "--no-input", "-v", "0", env=env)
    count = product_count()
    if count >= args.products:
        log(f"bench database already has {count} products")
        with contextlib.suppress(OSError, ValueError, KeyError):
            return json.loads(record.read_text())["filled"] + ", kept from an earlier run"
        return "kept from an earlier run"
    how = []
    if populatedb_available(env):
        manage("populatedb", "--scale", str(args.products), env=env)
        how.append(f"`manage.py populatedb --scale {args.products}`")
        count = product_count()
    else:
        log("populatedb (with --scale) is not available: seeding with the ORM only")
    if count < args.products:
        seed_with_orm(args.products - count)
        how.append(f"{args.products - count} synthetic products from the ORM seeder in bench/catalog.py")
    filled = " + ".join(how)
    record.write_text(json.dumps({"filled": filled}))
    return filled


# --- 2. the server ---------------------------------------------------------------------------


class Server:
    """gunicorn with production settings, in its own process group."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.log_path = BENCH_DIR / "gunicorn.log"
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "shop.settings.production",
            "SECRET_KEY": "bench-not-a-secret-" + os.urandom(8).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "PUBLIC_URL": f"http://127.0.0.1:{self.port}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "GRAPHQL_PLAYGROUND_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            raise SystemExit("gunicorn is not installed: .venv/bin/pip install gunicorn")
        command = [sys.executable, "-m", "gunicorn", "shop.wsgi:application"]
        if GUNICORN_CONFIG.exists():
            # The production config (preload, gc.freeze in the workers...); the flags below win.
            command += ["--config", str(GUNICORN_CONFIG)]
        command += [
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--timeout", "60",
            "--graceful-timeout", "5",
            "--log-level", "warning",
        ]
        self.log_file = open(self.log_path, "w")  # noqa: SIM115
        log(f"starting gunicorn ({self.workers} sync workers) on 127.0.0.1:{self.port}")
        self.process = subprocess.Popen(
            command, env=self.env, cwd=BASE_DIR, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, body = post(self.port, {"query": "{ __typename }"})
                if status == 200 and json.loads(body).get("data"):
                    log("server answers")
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer in 60 s:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log_file.close()
        log("server stopped")


# --- 3. timing over HTTP -------------------------------------------------------------------------


class Case:
    def __init__(self, key: str, label: str, document: str, variables: dict, check):
        self.key, self.label, self.document, self.variables, self.check = key, label, document, variables, check
        self.sequential: list[float] = []
        self.concurrent: list[float] = []
        self.throughput: float | None = None
        self.sql_queries: int | None = None
        self.response_kb: float | None = None
        self.matches: int | None = None  # products the search term finds
        self.other_load: float | None = None  # cores used by other work during the sequential requests
        self.other_load_concurrent: float | None = None

    @property
    def payload(self) -> dict:
        return {"query": self.document, "variables": self.variables}


def check_list(expected: int | None):
    def check(data: dict) -> None:
        edges = data["data"]["products"]["edges"]
        if expected is not None and len(edges) != expected:
            raise AssertionError(f"expected {expected} products, got {len(edges)}")
        if not edges:
            raise AssertionError("no products in the answer")

    return check


def check_product(data: dict) -> None:
    if not data["data"]["product"]:
        raise AssertionError("product not found")


def timed_request(port: int, case: Case) -> float:
    started = time.perf_counter()
    status, body = post(port, case.payload)
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise RuntimeError(f"{case.label}: HTTP {status}: {body[:500]!r}")
    data = json.loads(body)
    if data.get("errors"):
        raise RuntimeError(f"{case.label}: {data['errors']}")
    case.check(data)
    case.response_kb = len(body) / 1024
    return elapsed


def run_sequential(port: int, case: Case, requests: int) -> None:
    for _ in range(WARMUP):
        timed_request(port, case)
    case.sequential = [timed_request(port, case) for _ in range(requests)]
    log(f"{case.label}: median {statistics.median(case.sequential):.1f} ms, p95 {percentile(case.sequential, 95):.1f} ms")


def run_concurrent(port: int, case: Case, requests: int, concurrency: int) -> None:
    for _ in range(WARMUP):
        timed_request(port, case)
    lock = threading.Lock()
    remaining = [requests]
    latencies: list[float] = []
    failures: list[BaseException] = []

    def client():
        while True:
            with lock:
                if remaining[0] <= 0 or failures:
                    return
                remaining[0] -= 1
            try:
                elapsed = timed_request(port, case)
            except BaseException as exc:  # noqa: BLE001 - reported below
                with lock:
                    failures.append(exc)
                return
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=HTTP_TIMEOUT * requests)
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{case.label} under load: {failures[0]}")
    case.concurrent = latencies
    case.throughput = len(latencies) / wall
    log(f"{case.label}: {case.throughput:.1f} req/s with {concurrency} clients "
        f"(median {statistics.median(latencies):.1f} ms)")


class CpuWatch:
    """How much of the machine other work used while requests were timed.

    Busy time of all CPUs (/proc/stat) minus the time of this benchmark's own
    processes: this process (the clients), the gunicorn process group, and the
    PostgreSQL backends connected to the bench database.  Linux only; None elsewhere.
    """

    def __init__(self, server_pgid: int):
        self.server_pgid = server_pgid
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    @staticmethod
    def _busy_ticks() -> int:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
        return user + nice + system + irq + softirq + steal

    def _own_ticks(self) -> dict[int, int]:
        own = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                fields = stat[stat.rindex(")") + 2:].split()
                pid, pgid = int(entry.name), int(fields[2])
                ours = pid == os.getpid() or pgid == self.server_pgid
                if not ours and "postgres" in stat[: stat.rindex(")")]:
                    ours = f" {BENCH_DB} " in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace") + " "
                if ours:
                    own[pid] = int(fields[11]) + int(fields[12])  # utime + stime
            except (OSError, ValueError, IndexError):
                continue
        return own

    def start(self) -> None:
        self.started = time.monotonic()
        try:
            self.busy, self.own = self._busy_ticks(), self._own_ticks()
        except (OSError, ValueError):
            self.busy = None

    def stop(self) -> float | None:
        """Cores' worth of CPU that other work used on average since start()."""
        if self.busy is None:
            return None
        try:
            busy, own = self._busy_ticks(), self._own_ticks()
        except (OSError, ValueError):
            return None
        own_delta = sum(ticks - self.own.get(pid, 0) for pid, ticks in own.items())
        other = max(busy - self.busy - own_delta, 0) / self.tick
        return other / max(time.monotonic() - self.started, 1e-9)


# --- 4. SQL queries per request ------------------------------------------------------------------


def count_queries(case: Case) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=True)

    def execute():
        response = client.post("/graphql/", case.payload, content_type="application/json")
        data = response.json()
        if response.status_code != 200 or data.get("errors"):
            raise RuntimeError(f"{case.label} in-process: {response.status_code} {data}")
        case.check(data)

    execute()  # warm: first-use work (schema, tax rate lookups) out of the count
    with CaptureQueriesContext(connection) as ctx:
        execute()
    return len(ctx.captured_queries)


def profile(case: Case, runs: int = 20) -> str:
    """Where the time of ``case`` goes, in-process with DEBUG off: SQL share, CPU by package
    (cProfile), and a pyinstrument call tree when pyinstrument is installed."""
    import collections
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client, override_settings

    client = Client(raise_request_exception=True)
    sql_seconds = [0.0]

    def timed_sql(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds[0] += time.perf_counter() - started

    def run(n):
        for _ in range(n):
            client.post("/graphql/", case.payload, content_type="application/json")

    out = []
    with override_settings(DEBUG=False):
        connection.force_debug_cursor = False
        run(5)
        with connection.execute_wrapper(timed_sql):
            started = time.perf_counter()
            run(runs)
            total = time.perf_counter() - started
        out.append(
            f"{case.label}, in-process, {runs} requests: {total / runs * 1000:.1f} ms per request, of which "
            f"{sql_seconds[0] / runs * 1000:.1f} ms in SQL (execute + fetch, PostgreSQL and psycopg)"
        )
        cprofile = cProfile.Profile()
        cprofile.enable()
        run(runs)
        cprofile.disable()
        by_package = collections.Counter()
        for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in pstats.Stats(cprofile).stats.items():
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
        out.append("CPU time (cProfile tottime) by package:")
        out += [f"  {share / everything * 100:5.1f}%  {key}" for key, share in by_package.most_common(15)]
        stats_file = BENCH_DIR / f"profile-{case.key}.pstats"
        cprofile.dump_stats(stats_file)
        out.append(f"(full cProfile data: {stats_file.relative_to(BASE_DIR)})")
        try:
            from pyinstrument import Profiler
        except ImportError:
            out.append("pyinstrument is not installed (.venv/bin/pip install pyinstrument): no call tree")
        else:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            run(runs)
            profiler.stop()
            tree = profiler.output_text(unicode=True, color=False, show_all=False)
            (BENCH_DIR / f"profile-{case.key}.txt").write_text(tree)
            (BENCH_DIR / f"profile-{case.key}.html").write_text(profiler.output_html())
            out.append(f"pyinstrument call tree (also in .data/bench/profile-{case.key}.txt / .html):")
            out.append(tree)
    return "\n".join(out)


# --- 5. report -----------------------------------------------------------------------------------


def data_info() -> dict:
    from shop.catalog import models as m
    from shop.catalog.selectors import products_in_listings
    from shop.channel.models import Channel

    channel = Channel.objects.get(slug=CHANNEL)
    return {
        "products": m.Product.objects.count(),
        "listed": products_in_listings(channel=channel, staff=False).count(),
        "variants": m.ProductVariant.objects.count(),
        "media": m.ProductMedia.objects.count(),
        "categories": m.Category.objects.count(),
        "attribute_values": m.AssignedProductAttributeValue.objects.count() + m.AssignedVariantAttributeValue.objects.count(),
    }


def pick_product_slug() -> str:
    """The listed product with the most media and variants: the heaviest product page."""
    from django.db.models import Count

    from shop.catalog.selectors import products_in_listings
    from shop.channel.models import Channel

    channel = Channel.objects.get(slug=CHANNEL)
    product = (
        products_in_listings(channel=channel, staff=False)
        .annotate(n_media=Count("media", distinct=True), n_variants=Count("variants", distinct=True))
        .order_by("-n_media", "-n_variants", "slug")
        .first()
    )
    if product is None:
        raise SystemExit("no product is listed in the default channel")
    return product.slug


def pick_search_term() -> tuple[str, int]:
    """A Thai word for silk when the data has it, else "silk", else another common word."""
    from shop.catalog.selectors import products_in_listings
    from shop.channel.models import Channel

    channel = Channel.objects.get(slug=CHANNEL)
    listed = products_in_listings(channel=channel, staff=False)
    for term in ("ผ้าไหม", "silk", "ผ้าฝ้าย", "cotton", "ผ้า"):
        count = listed.filter(search_document__icontains=term).count()
        if count >= 20:
            return term, count
    raise SystemExit("no search term matches 20 listed products")


def report(args, cases: list[Case], machine: dict, data: dict, filled: str, command: str, started: datetime.datetime) -> str:
    by_key = {c.key: c for c in cases}
    rows = [
        "| query | SQL queries / request | response | median (ms) | p95 (ms) | "
        f"throughput, {args.concurrency} clients (req/s) | median under load (ms) | other work on the CPUs (cores) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def cores(value):
        return "?" if value is None else f"{value:.2f}"

    for case in cases:
        throughput = f"{case.throughput:.1f}" if case.throughput is not None else "-"
        loaded = f"{statistics.median(case.concurrent):.1f}" if case.concurrent else "-"
        rows.append(
            f"| {case.label} | {case.sql_queries} | {case.response_kb:.0f} KiB | {statistics.median(case.sequential):.1f} | "
            f"{percentile(case.sequential, 95):.1f} | {throughput} | {loaded} | "
            f"{cores(case.other_load)}" + (f" / {cores(case.other_load_concurrent)}" if case.concurrent else "") + " |"
        )
    median100 = statistics.median(by_key["list100"].sequential)
    constant = by_key["list20"].sql_queries == by_key["list100"].sql_queries
    met = median100 < TARGET_MS
    verdict = [
        f"* **products(first: 100) median: {median100:.1f} ms** against the target of "
        f"{TARGET_MS:.0f} ms on a 2-core machine: **{'met' if met else 'missed'}**"
        + ("" if machine["cores"] == 2 else f" (this machine has {machine['cores']} cores)") + ".",
        f"* **SQL queries per request: {by_key['list20'].sql_queries} for first: 20 and "
        f"{by_key['list100'].sql_queries} for first: 100: {'constant' if constant else 'NOT constant'}**"
        " (the count does not grow with the page size).",
        f"* Sequential requests are served by one worker at a time; with {args.concurrency} clients on "
        f"{args.workers} workers, first: 20 gives {by_key['list20'].throughput:.1f} req/s and first: 100 gives "
        f"{by_key['list100'].throughput:.1f} req/s (both workers busy, the rest of the clients queue).",
    ]
    if not met:
        verdict.append(
            "* The target is missed: run with `--profile` to see where the time goes "
            "(profiles land in `.data/bench/profile-list100.*`)."
        )
    lines = [
        MARK_START,
        "## Catalog: storefront product queries over HTTP",
        "",
        "Written by `bench/catalog.py`; run it again to refresh this section (text outside",
        "the `bench:catalog` markers is kept).",
        "",
        f"* **Date:** {started:%Y-%m-%d %H:%M %Z} (run took {(datetime.datetime.now(started.tzinfo) - started).total_seconds():.0f} s)",
        f"* **Command:** `{command}`",
        f"* **Machine:** {machine['cores']} cores ({machine['cpu']}), {machine['ram']} RAM, {machine['os']}; "
        f"1-minute load average {machine['load_before']} just before the timed requests "
        "(well above 0 means other work shared the cores)",
        f"* **Software:** Python {machine['python']}, Django {machine['django']}, graphene {machine['graphene']}, "
        f"{machine['postgres']} (embedded, same machine), gunicorn {machine['gunicorn']}",
        f"* **Server:** gunicorn{' with `deploy/gunicorn.conf.py`' if GUNICORN_CONFIG.exists() else ''}, "
        f"{args.workers} sync workers, `shop.settings.production` (DEBUG off), "
        "persistent DB connections, on 127.0.0.1; the clients run on the same machine (they share its cores).",
        f"* **Data** (database `{BENCH_DB}`, {filled}): {data['products']} products "
        f"({data['listed']} listed in `{CHANNEL}`), {data['variants']} variants, {data['media']} media, "
        f"{data['categories']} categories, {data['attribute_values']} assigned attribute values.",
        "* **Other work on the CPUs:** busy CPU time of the whole machine (/proc/stat) minus that of the "
        "benchmark's own processes (clients, gunicorn, the bench database's PostgreSQL backends), in cores on "
        "average, for the sequential / the concurrent requests; anything well above 0 means the numbers of that "
        "row are inflated by other work.",
        f"* **Method:** each query gets {WARMUP} warm-up requests, then {args.requests} timed sequential "
        f"requests (one client; median and nearest-rank p95 of the wall time of a whole HTTP request), "
        f"then for the two lists {WARMUP} warm-ups and {args.requests} requests shared by {args.concurrency} "
        "client threads (throughput = requests / wall time). SQL queries per request are counted in-process "
        "(Django test Client + `CaptureQueriesContext`, same database and documents, after one warm-up).",
        f"* **Queries:** the lists select a storefront product card (id, name, slug, `thumbnail(size: 512, format: WEBP)`, "
        "category name, pricing with price ranges, isAvailable, variants with sku / quantityAvailable / price, "
        "attributes, Thai translation) plus totalCount and pageInfo; the product page selects description, media "
        f"(`url(size: 1024)`), variants with attributes, media, pricing and translations, attributes, collections "
        f"and the Thai translation, of `{by_key['page'].variables['slug']}`; the search is "
        f"`search: \"{by_key['search'].variables['search']}\"` ({by_key['search'].matches} listed products match).",
        "",
        *rows,
        "",
        "**Against the target**",
        "",
        *verdict,
        MARK_END,
    ]
    return "\n".join(lines)


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=2000, help="at least this many products (default 2000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per query (default 200)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads for throughput (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--reseed", action="store_true", help="drop and rebuild the bench database first")
    parser.add_argument("--profile", action="store_true", help="profile products(first: 100) in-process with pyinstrument")
    parser.add_argument("--no-docs", action="store_true", help="print the report but leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if args.products < 1 or args.requests < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("counts must be positive")
    if args.requests > 5000:
        parser.error("--requests is capped at 5000 so a run stays bounded")
    return args


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = datetime.datetime.now(datetime.UTC)
    command = shlex.join([".venv/bin/python", "-m", "bench.catalog", *(sys.argv[1:] if argv is None else argv)])
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(BASE_DIR))

    database_url = bench_database_url(BENCH_DB, recreate=args.reseed)
    from shop.core.embedded import ensure_redis

    redis_url = os.environ.get("BENCH_REDIS_URL") or ensure_redis()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shop.settings.dev",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(BENCH_DIR / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "PYTHONUNBUFFERED": "1",
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "CELERY_TASK_ALWAYS_EAGER")})
    import django

    django.setup()
    log(f"bench database: {BENCH_DB} on {urlsplit(database_url).hostname}:{urlsplit(database_url).port}")

    filled = prepare_data(args, env)
    machine = machine_info()
    data = data_info()
    if data["listed"] < 100:
        raise SystemExit(f"only {data['listed']} products are listed in {CHANNEL}; products(first: 100) needs 100")
    slug = pick_product_slug()
    term, matches = pick_search_term()
    cases = [
        Case("list20", "products(first: 20)", PRODUCT_LIST, {"first": 20, "channel": CHANNEL}, check_list(20)),
        Case("list100", "products(first: 100)", PRODUCT_LIST, {"first": 100, "channel": CHANNEL}, check_list(100)),
        Case("page", "product(slug:) page", PRODUCT_PAGE, {"slug": slug, "channel": CHANNEL}, check_product),
        Case("search", f'products(first: 20, search: "{term}")', PRODUCT_SEARCH,
             {"first": 20, "channel": CHANNEL, "search": term}, check_list(20)),
    ]
    cases[3].matches = matches

    for case in cases:
        case.sql_queries = count_queries(case)
        log(f"{case.label}: {case.sql_queries} SQL queries per request")
    from django.db import connection

    connection.close()

    if os.getloadavg()[0] > 1.0:
        log(f"warning: the machine is busy (load average {load_average()}): the numbers will be noisy")
    machine["load_before"] = load_average()
    server = Server(env, args.workers)
    try:
        server.start()
        watch = CpuWatch(server.process.pid)
        for case in cases:
            watch.start()
            run_sequential(server.port, case, args.requests)
            case.other_load = watch.stop()
        for case in cases[:2]:
            watch.start()
            run_concurrent(server.port, case, args.requests, args.concurrency)
            case.other_load_concurrent = watch.stop()
    finally:
        server.stop()

    section = report(args, cases, machine, data, filled, command, started)
    print()
    print(section)
    if not args.no_docs:
        write_docs_section(section, MARK_START, MARK_END)
    if args.profile:
        log("profiling products(first: 100) in-process (pyinstrument, 20 requests)")
        print(profile(cases[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
