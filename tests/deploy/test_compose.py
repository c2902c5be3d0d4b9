"""deploy/compose.yaml: valid Compose and a stack that starts in the right order.

Validated against the Compose Specification's JSON schema as check-jsonschema ships it
(vendored from compose-spec); the checks below see what the schema cannot: references
to services that do not exist, a web process that may start before the migration, two
beats, a worker stopped before its longest task can end, a secret written in the file.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yaml"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
CONFIG_DOC = ROOT / "docs" / "configuration.md"
APP_SERVICES = {"migrate", "createbuckets", "web", "worker", "worker-background", "beat", "flower"}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|TOKEN|DSN|ACCESS_KEY")
WORKER_PROBE = ["CMD", "python", "-m", "shop.core.observability.worker_probe"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def compose_spec_schema() -> dict | None:
    """The Compose Specification's schema that check-jsonschema vendors, when it is installed."""
    spec = importlib.util.find_spec("check_jsonschema")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "builtin_schemas" / "vendor" / "compose-spec.json"
    return json.loads(path.read_text()) if path.exists() else None


def test_valid_against_the_compose_specification_schema(compose):
    schema = compose_spec_schema()
    if schema is None:
        pytest.skip("check-jsonschema (which ships the Compose Specification's schema) is not installed")
    import jsonschema

    validator_class = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_class(schema).iter_errors(compose), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def duration_seconds(value: str) -> float:
    """Compose durations: 1m30s, 330s, 1h."""
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", value)
    assert parts and "".join(n + u for n, u in parts) == value, f"not a duration: {value}"
    scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000001}
    return sum(float(n) * scale[u] for n, u in parts)


def command_of(service: dict) -> list[str]:
    command = service["command"]
    return command.split() if isinstance(command, str) else command


def test_expected_services(services):
    assert {"postgres", "redis", "minio"} | APP_SERVICES == set(services)
    assert services["postgres"]["image"] == "postgres:17"
    assert services["redis"]["image"] == "redis:7"


def test_depends_on_names_existing_services_with_valid_conditions(services):
    for name, service in services.items():
        depends_on = service.get("depends_on", {})
        if isinstance(depends_on, list):
            depends_on = {dependency: {"condition": "service_started"} for dependency in depends_on}
        for dependency, options in depends_on.items():
            assert dependency in services, f"{name} depends on {dependency}, which does not exist"
            assert dependency != name
            condition = options.get("condition", "service_started")
            assert condition in CONDITIONS, f"{name} -> {dependency}: {condition}"
            if condition == "service_healthy":
                assert "healthcheck" in services[dependency] and not services[dependency]["healthcheck"].get("disable"), (
                    f"{name} waits for {dependency} to be healthy, but it has no healthcheck"
                )
            if condition == "service_completed_successfully":
                assert services[dependency].get("restart") == "no", f"{dependency} must be one-shot"


def test_application_waits_for_migration_and_healthy_services(services):
    for name in ("web", "worker", "worker-background", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    # /health/ready reads the media storage: the bucket must exist first.
    assert services["web"]["depends_on"]["createbuckets"]["condition"] == "service_completed_successfully"
    assert services["createbuckets"]["depends_on"]["minio"]["condition"] == "service_healthy"


def test_one_image_for_every_application_process(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    builds = {json.dumps(services[name]["build"], sort_keys=True) for name in APP_SERVICES}
    assert len(images) == 1 and len(builds) == 1
    build = services["web"]["build"]
    context = (COMPOSE.parent / build["context"]).resolve()
    assert context == ROOT
    assert (context / build["dockerfile"]).resolve() == ROOT / "deploy" / "Dockerfile"


def test_processes_and_their_commands(services, settings):
    assert command_of(services["web"]) == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert any(port.endswith(":8000") for port in services["web"]["ports"])
    assert command_of(services["migrate"]) == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    assert services["createbuckets"]["restart"] == "no"

    queues = {}
    for name in ("worker", "worker-background"):
        command = command_of(services[name])
        assert command[:4] == ["celery", "-A", "shop", "worker"]
        assert "-E" in command, f"{name}: the heartbeat probe and Flower need task events"
        assert command[command.index("--concurrency") + 1] == "2"
        queues[name] = command[command.index("-Q") + 1].split(",")
    assert queues == {"worker": ["default", "payments"], "worker-background": ["notifications", "reports"]}
    assert sorted(queues["worker"] + queues["worker-background"]) == sorted(settings.CELERY_QUEUES_BY_KIND)

    assert command_of(services["beat"]) == ["celery", "-A", "shop", "beat", "-l", "info",
                                            "--schedule", "/tmp/celerybeat-schedule"]
    assert command_of(services["flower"]) == ["celery", "-A", "shop", "flower", "--port=5555"]
    assert services["flower"]["profiles"] == ["monitoring"]
    assert all("profiles" not in services[name] for name in set(services) - {"flower"})


def test_exactly_one_beat(services):
    beats = [name for name, s in services.items() if "command" in s and "beat" in command_of(s)[:4]]
    assert beats == ["beat"]
    beat = services["beat"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    assert "scale" not in beat


def test_healthchecks(services):
    for name in ("postgres", "redis", "minio", "web"):
        healthcheck = services[name]["healthcheck"]
        assert not healthcheck.get("disable"), name
        assert healthcheck["test"], name
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "/health/ready" in " ".join(services["web"]["healthcheck"]["test"])
    for name in ("worker", "worker-background"):
        assert services[name]["healthcheck"]["test"] == WORKER_PROBE
    # The image's HEALTHCHECK asks the web server: processes without one turn it off.
    for name in ("migrate", "createbuckets", "beat", "flower"):
        assert services[name]["healthcheck"] == {"disable": True}, name


def test_workers_are_given_time_to_finish_their_tasks(services, settings):
    hard_limit = settings.CELERY_TASK_TIME_LIMIT  # soft limit + 60
    longest = max([hard_limit, *(o["time_limit"] for o in settings.CELERY_TASK_ANNOTATIONS.values())])
    assert duration_seconds(services["worker"]["stop_grace_period"]) > hard_limit
    # The monthly statements (reports queue) may run 1,800 s.
    assert duration_seconds(services["worker-background"]["stop_grace_period"]) > longest
    # gunicorn's graceful timeout is 25 s.
    assert duration_seconds(services["web"]["stop_grace_period"]) > 25


def test_application_containers_write_only_to_tmp(services):
    for name in APP_SERVICES:
        assert services[name]["read_only"] is True, name
        assert "/tmp" in services[name]["tmpfs"], name


def interpolations(value: str) -> list[tuple[str, str]]:
    """(name, modifier) of every ${NAME...} in a string."""
    return re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?\}", value)


def test_no_literal_secret_in_the_file(services):
    for name, service in services.items():
        environment = service.get("environment", {})
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        for key, value in environment.items():
            value = "" if value is None else str(value)
            if SECRET_NAMES.search(key):
                assert re.fullmatch(r"\$\{[^}]+\}", value), f"{name}.{key} must come from the environment"
            if "://" in value and "@" in value:
                userinfo = value.split("://", 1)[1].split("@", 1)[0]
                password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
                assert not password or re.fullmatch(r"\$\{[^}]+\}", password), f"{name}.{key}: a password in a URL"
    app_env = services["web"]["environment"]
    for required in ("SECRET_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        ((variable, modifier),) = interpolations(app_env[required])
        assert variable == required and modifier.startswith(":?"), f"{required} must be required, with no default"
    assert any(m.startswith(":?") for v, m in interpolations(app_env["DATABASE_URL"]) if v == "POSTGRES_PASSWORD")


def test_local_settings_for_plain_http_and_minio(services):
    env = services["web"]["environment"]
    assert env["SECURE_SSL_REDIRECT"].endswith("false}") or env["SECURE_SSL_REDIRECT"] == "false"
    assert env["AWS_S3_ADDRESSING_STYLE"] == "path"
    assert "minio:9000" in env["AWS_S3_ENDPOINT_URL"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    # Every application process gets the same settings.
    for name in APP_SERVICES:
        for key, value in env.items():
            if key != "WEB_CONCURRENCY":
                assert services[name]["environment"].get(key) == value, f"{name}.{key}"


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in strings_in(key) + strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


def test_env_example_has_every_required_variable_and_only_placeholders(compose):
    required = {name for text in strings_in(compose) for name, modifier in interpolations(text)
                if modifier.startswith(":?")}
    assert required == {"SECRET_KEY", "POSTGRES_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    example = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.strip()
    assert required <= set(example)
    for key, value in example.items():
        assert "change-me" in value or "placeholder" in value, f"{key}: only placeholders in .env.example"


def test_the_env_file_is_not_committed():
    result = subprocess.run(["git", "ls-files", "--", "deploy/.env", ".env"], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    assert result.stdout.strip() == ""


def test_every_application_variable_is_one_the_project_reads(services):
    if not CONFIG_DOC.exists():
        pytest.skip("docs/configuration.md (the table of variables the project reads) does not exist yet")
    row = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|")
    documented = {m["name"] for line in CONFIG_DOC.read_text().splitlines() if (m := row.match(line))}
    used = {key for name in APP_SERVICES for key in services[name]["environment"]}
    assert not used - documented, f"set in compose.yaml but not read by the project: {sorted(used - documented)}"
