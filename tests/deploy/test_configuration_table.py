"""docs/configuration.md lists every environment variable the project reads, with the code's defaults.

The code is read, not imported: every ``os.environ.get`` / ``os.getenv`` /
``os.environ[...]`` / ``setdefault`` / ``"X" in os.environ`` and the settings'
helpers (``env_bool``, ``env_list``, ``required``, ``required_list``) in the
project's Python files, and every ``${NAME:-default}`` in the scripts.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "configuration.md"
PYTHON_SOURCES = ["shop", "cooperatives", "fairtrade", "oem_orders", "deploy", "manage.py"]
SCRIPTS = [*sorted((ROOT / "bin").iterdir()), ROOT / ".ci" / "run"]
SETTINGS_HELPERS = {"env_bool", "env_list", "required", "required_list"}
LIBRARY_SECTION = "## Read by libraries"
ROW = re.compile(r"^\|\s*`(?P<name>[A-Z][A-Z0-9_]*)`\s*\|(?P<default>[^|]*)\|(?P<meaning>[^|]*)\|\s*$")
NO_DEFAULT = object()


@dataclass(frozen=True)
class Read:
    name: str
    default: object  # the default's value when the code gives a constant one, else NO_DEFAULT
    required: bool
    where: str


def python_files():
    for entry in PYTHON_SOURCES:
        path = ROOT / entry
        files = [path] if path.is_file() else path.rglob("*.py")
        for file in files:
            if "migrations" not in file.parts:
                yield file


def is_os_environ(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ"
            and isinstance(node.value, ast.Name) and node.value.id == "os")


def constant_value(node):
    """The value of a default given as a literal or simple arithmetic (``str(5 * 60)``)."""
    try:
        return eval(compile(ast.Expression(node), "<default>", "eval"), {"__builtins__": {}, "str": str, "int": int})
    except Exception:  # names another setting or a path: nothing to compare
        return NO_DEFAULT


def reads_in_python(file: Path) -> list[Read]:
    reads = []
    where = str(file.relative_to(ROOT))
    for node in ast.walk(ast.parse(file.read_text(), str(file))):
        name_node, default_node, required = None, None, False
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            environ_method = (isinstance(func, ast.Attribute) and func.attr in ("get", "setdefault")
                              and is_os_environ(func.value))
            getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv"
                      and isinstance(func.value, ast.Name) and func.value.id == "os")
            if environ_method or getenv:
                name_node = node.args[0]
            elif isinstance(func, ast.Name) and func.id in SETTINGS_HELPERS:
                name_node, required = node.args[0], func.id.startswith("required")
            if name_node is not None and len(node.args) > 1:
                default_node = node.args[1]
        elif isinstance(node, ast.Subscript) and is_os_environ(node.value):
            name_node = node.slice
        elif (isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn)
              and is_os_environ(node.comparators[0])):
            name_node = node.left
        if isinstance(name_node, ast.Constant) and isinstance(name_node.value, str):
            default = NO_DEFAULT if default_node is None else constant_value(default_node)
            reads.append(Read(name_node.value, default, required, f"{where}:{node.lineno}"))
    return reads


def reads_in_scripts() -> list[Read]:
    reads = []
    for script in SCRIPTS:
        for number, line in enumerate(script.read_text().splitlines(), 1):
            for match in re.finditer(r"\$\{([A-Z][A-Z0-9_]*):-([^}]*)\}", line):
                default = match.group(2).strip("\"'") or NO_DEFAULT  # ${X:-}: "is it set", no default
                reads.append(Read(match.group(1), default, False, f"{script.relative_to(ROOT)}:{number}"))
    return reads


@pytest.fixture(scope="module")
def code_reads() -> list[Read]:
    reads = [read for file in python_files() for read in reads_in_python(file)] + reads_in_scripts()
    assert len({read.name for read in reads}) > 60, "the scan found too few variables: is it still reading the code?"
    return reads


@pytest.fixture(scope="module")
def documented() -> tuple[dict[str, str], set[str]]:
    """(variable -> default cell) of the tables read by our code, and the names read by libraries."""
    ours, libraries, names = {}, set(), []
    in_libraries = False
    for line in DOC.read_text().splitlines():
        if line.startswith("## "):
            in_libraries = line.startswith(LIBRARY_SECTION)
        match = ROW.match(line)
        if match:
            names.append(match["name"])
            if in_libraries:
                libraries.add(match["name"])
            else:
                ours[match["name"]] = match["default"].strip()
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"listed twice in docs/configuration.md: {sorted(duplicates)}"
    return ours, libraries


def test_every_variable_the_code_reads_is_documented(code_reads, documented):
    ours, _ = documented
    missing = sorted({f"{read.name} ({read.where})" for read in code_reads if read.name not in ours})
    assert not missing, f"read by the code but not in docs/configuration.md: {missing}"


def test_every_documented_variable_is_read_by_the_code(code_reads, documented):
    ours, libraries = documented
    read = {read.name for read in code_reads}
    assert not sorted(set(ours) - read), f"in docs/configuration.md but read nowhere: {sorted(set(ours) - read)}"
    assert not sorted(libraries & read), f"listed as read by libraries, but our code reads: {sorted(libraries & read)}"


def test_documented_defaults_are_the_codes(code_reads, documented):
    ours, _ = documented
    wrong = []
    for read in code_reads:
        cell = ours.get(read.name, "")
        if read.required and "required" not in cell:
            wrong.append(f"{read.name}: required at {read.where}, the table says {cell!r}")
        if read.default is NO_DEFAULT:
            continue
        value = str(read.default).lower() if isinstance(read.default, bool) else str(read.default)
        if value == "":
            # An empty default: the table says "empty", "required" or names the variable it falls back on.
            ok = "empty" in cell or "required" in cell or re.search(r"`[A-Z][A-Z0-9_]+`", cell)
        else:
            ok = f"`{value}`" in cell or f"`{value.rstrip('/')}`" in cell
        if not ok:
            wrong.append(f"{read.name}: default {read.default!r} at {read.where}, the table says {cell!r}")
    assert not wrong, "\n".join(wrong)


def test_the_scan_sees_each_way_of_reading_a_variable(tmp_path):
    """The checker itself: each form is found (a scan that found nothing would pass everything)."""
    source = tmp_path / "example.py"
    source.write_text(
        "import os\n"
        "a = os.environ.get('A_VAR', '1')\n"
        "b = os.getenv('B_VAR')\n"
        "c = os.environ['C_VAR']\n"
        "os.environ.setdefault('D_VAR', 'x')\n"
        "e = 'E_VAR' in os.environ\n"
        "f = env_bool('F_VAR', True)\n"
        "g = required('G_VAR')\n"
        "h = int(os.environ.get('H_VAR', str(5 * 60)))\n"
    )
    original_root = ROOT
    try:
        globals()["ROOT"] = tmp_path
        found = {read.name: read for read in reads_in_python(source)}
    finally:
        globals()["ROOT"] = original_root
    assert set(found) == {f"{letter}_VAR" for letter in "ABCDEFGH"}
    assert found["A_VAR"].default == "1" and found["F_VAR"].default is True
    assert found["G_VAR"].required and found["H_VAR"].default == "300"
    assert found["B_VAR"].default is NO_DEFAULT
