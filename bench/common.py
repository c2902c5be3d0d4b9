"""Helpers shared by the benchmarks in bench/ (checkout so far; bench/catalog.py keeps its own copies).

Everything here is loopback-only and bounded: a database of the benchmark's own
on the embedded PostgreSQL server (or on $BENCH_SERVER_URL's server), gunicorn
in its own process group on a free 127.0.0.1 port, one HTTP request per
connection (gunicorn's sync workers close the connection after each answer,
as behind a proxy), and the docs/benchmarks.md section writer.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import json
import math
import os
import platform
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[1]
BENCH_DIR = BASE_DIR / ".data" / "bench"
DOCS_FILE = BASE_DIR / "docs" / "benchmarks.md"
HTTP_TIMEOUT = 60


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}Z] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def with_db_name(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def cpu_busy(seconds: float = 2.0) -> float | None:
    """Share of all cores busy (any process) over ``seconds``, from /proc/stat; None when unknown.

    Taken while the benchmark itself idles, it tells whether other work shares the machine
    (the load average still remembers the benchmark's own set-up for minutes).
    """

    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total1 - total0
    return 100.0 * (1 - (idle1 - idle0) / total) if total else None


class CpuMeter:
    """CPU used during a run, split into the benchmark's own processes and everything else.

    ``mine(pid, pgrp, cmdline)`` names the part of the benchmark a process belongs to (say
    "server", "postgres", "client") or returns None for other work.  Shares are of all cores;
    "other" is the machine's busy time minus the benchmark's, i.e. work that competed with the
    run.  Linux only (/proc); ``stop()`` gives None elsewhere.
    """

    SAMPLE_SECONDS = 0.5  # processes that end during the run (a database connection reopened) lose at most this

    def __init__(self, mine):
        self.mine = mine
        self.start_total = self.start_busy = None
        self.start_procs: dict[int, tuple[str, int]] = {}
        self.last_seen: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @staticmethod
    def _machine():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
        return sum(fields), sum(fields) - idle

    def _procs(self) -> dict[int, tuple[str, int]]:
        ticks = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            rest = stat[stat.rindex(")") + 2:].split()
            pid, pgrp = int(entry.name), int(rest[2])
            part = self.mine(pid, pgrp, cmdline)
            if part:
                ticks[pid] = (part, int(rest[11]) + int(rest[12]))  # utime + stime
        return ticks

    def _sample(self) -> None:
        while not self._stop.wait(self.SAMPLE_SECONDS):
            with contextlib.suppress(OSError, ValueError, IndexError):
                self.last_seen.update(self._procs())

    def start(self) -> None:
        try:
            self.start_total, self.start_busy = self._machine()
            self.start_procs = self._procs()
        except (OSError, ValueError, IndexError):
            self.start_total = None
            return
        self.last_seen = dict(self.start_procs)
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True, name="cpu-meter")
        self._thread.start()

    def stop(self) -> dict | None:
        """{"busy", "bench", "other"}: % of all cores; {"seconds": {part: CPU seconds}}."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)
            self._thread = None
        if self.start_total is None:
            return None
        try:
            total, busy = self._machine()
            self.last_seen.update(self._procs())
        except (OSError, ValueError, IndexError):
            return None
        elapsed = total - self.start_total
        if elapsed <= 0:
            return None
        parts: dict[str, int] = {}
        for pid, (part, t) in self.last_seen.items():
            parts[part] = parts.get(part, 0) + t - self.start_procs.get(pid, (part, 0))[1]
        mine = sum(parts.values())
        busy -= self.start_busy
        hertz = os.sysconf("SC_CLK_TCK")
        return {
            "busy": 100 * busy / elapsed, "bench": 100 * mine / elapsed,
            "other": max(0.0, 100 * (busy - mine) / elapsed),
            "seconds": {part: t / hertz for part, t in parts.items()},
        }


def manage(*args: str, env: dict, timeout: float = 900) -> None:
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    log("$ manage.py " + " ".join(args))
    subprocess.run(command, env=env, cwd=BASE_DIR, check=True, timeout=timeout)


# --- databases ---------------------------------------------------------------------------------


def postgres_server_url() -> str:
    """The PostgreSQL server the benchmarks use: $BENCH_SERVER_URL, else the embedded one."""
    if os.environ.get("BENCH_SERVER_URL"):
        return os.environ["BENCH_SERVER_URL"]
    from shop.core.embedded import ensure_postgres

    return ensure_postgres()


def bench_database_url(name: str, *, recreate: bool) -> str:
    """URL of database ``name`` (created with pg_trgm when missing; dropped first when ``recreate``)."""
    import psycopg

    if not re.fullmatch(r"homenet_bench[a-z0-9_]*", name):
        raise SystemExit(f"refusing to touch database {name!r}: bench databases are named homenet_bench*")
    server_url = postgres_server_url()
    with psycopg.connect(with_db_name(server_url, "postgres"), autocommit=True) as conn:
        if recreate:
            log(f"dropping database {name}")
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
    url = with_db_name(server_url, name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    return url


def redis_url_with_db(url: str, db: int) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


# --- the server ----------------------------------------------------------------------------------


def post(port: int, payload: dict, *, timeout: float = HTTP_TIMEOUT) -> tuple[int, bytes]:
    """POST a GraphQL payload to 127.0.0.1:port/graphql/ on a fresh connection."""
    body = json.dumps(payload).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def production_env(env: dict, port: int) -> dict:
    """The environment bench/catalog.py gives its gunicorn: production settings, loopback host."""
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "shop.settings.production",
        "SECRET_KEY": "bench-not-a-secret-" + os.urandom(8).hex(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "GRAPHQL_PLAYGROUND_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }


class GunicornServer:
    """gunicorn (sync workers) in its own process group; ``stop()`` ends the whole group."""

    def __init__(self, env: dict, workers: int, *, app: str = "shop.wsgi:application", log_name: str = "gunicorn.log"):
        self.port = free_port()
        self.env = production_env(env, self.port)
        self.workers = workers
        self.app = app
        self.log_path = BENCH_DIR / log_name
        self.log_file = None
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        try:
            import gunicorn  # noqa: F401
        except ImportError:
            raise SystemExit("gunicorn is not installed: .venv/bin/pip install gunicorn")
        command = [
            sys.executable, "-m", "gunicorn", self.app,
            # The production configuration (frozen start-up heap), with the bench's own bind and workers.
            "--config", str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", "sync",
            "--timeout", "60",
            "--graceful-timeout", "5",
            "--log-level", "warning",
        ]
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        self.log_file = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        log(f"starting gunicorn ({self.workers} sync workers, {self.app}) on 127.0.0.1:{self.port}")
        self.process = subprocess.Popen(
            command, env=self.env, cwd=BASE_DIR, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}:\n{self.log_path.read_text()[-3000:]}")
            try:
                status, body = post(self.port, {"query": "{ __typename }"}, timeout=5)
                if status == 200 and json.loads(body).get("data"):
                    log("server answers")
                    return
            except (OSError, ValueError):
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
        # workers left behind by a master that died first (same process group)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.log_file is not None:
            self.log_file.close()
        self.process = None
        log("server stopped")


# --- report ---------------------------------------------------------------------------------------


def machine_info() -> dict:
    """Cores, CPU, RAM and software versions (needs django.setup() and a database connection)."""
    from django.db import connection

    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("select version()")
        pg = cursor.fetchone()[0]
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    import django
    import graphene

    try:
        import gunicorn

        gunicorn_version = gunicorn.__version__
    except ImportError:
        gunicorn_version = "-"
    return {
        "cores": cores, "cpu": cpu, "ram": ram, "python": platform.python_version(),
        "postgres": pg.split(" on ")[0], "django": django.get_version(), "graphene": graphene.__version__,
        "gunicorn": gunicorn_version, "os": f"{platform.system()} {platform.release()}",
        "date": datetime.datetime.now(datetime.UTC),
    }


def write_docs_section(section: str, mark_start: str, mark_end: str) -> None:
    """Put ``section`` (which starts with mark_start and ends with mark_end) into docs/benchmarks.md.

    Replaces the text between the markers when they are there, else appends;
    everything outside the markers is kept.
    """
    DOCS_FILE.parent.mkdir(parents=True, exist_ok=True)
    if DOCS_FILE.exists():
        text = DOCS_FILE.read_text()
    else:
        text = (
            "# Benchmarks\n\n"
            "Benchmarks live in `bench/`, apart from the tests (tests never time). Each script\n"
            "measures on real servers and writes its numbers into its own section below.\n\n"
        )
    pattern = re.compile(re.escape(mark_start) + ".*?" + re.escape(mark_end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS_FILE.write_text(text if text.endswith("\n") else text + "\n")
    log(f"wrote {DOCS_FILE.relative_to(BASE_DIR)}")
