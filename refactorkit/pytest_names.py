"""What pytest makes of a module: which files it collects, which statements are tests, fixtures
or module-wide settings, and which shapes of a test module a split cannot keep working.

Shared by the split codemod (naming and placing the parts of a test module) and rule RK101
(whether its fix for a long test module is a command or advice), so both judge alike.
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import functools
import os
import stat
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

__all__ = [
    "PytestNames",
    "Role",
    "conftest_blocker",
    "is_test_module",
    "pytest_names_for",
    "roles",
    "split_blockers",
]

# Module-level functions pytest runs around a module's tests (xunit style): they apply to the
# whole module, and to one part only once it is split.
_XUNIT = frozenset(
    {"setup_module", "teardown_module", "setup_function", "teardown_function", "setup", "teardown"}
)
# The one hook pytest honours inside a test module; in the package's conftest.py it covers
# the same tests. Any other `pytest_*` function in a test module is inert there and would
# start to act in a conftest.py.
_MODULE_HOOKS = frozenset({"pytest_generate_tests"})


@dataclass(frozen=True)
class PytestNames:
    """pytest's `python_files`, `python_classes` and `python_functions` (defaults if unset)."""

    files: tuple[str, ...] = ("test_*.py", "*_test.py")
    classes: tuple[str, ...] = ("Test",)
    functions: tuple[str, ...] = ("test",)

    def collects_file(self, filename: str) -> bool:
        return any(fnmatch.fnmatch(filename, pattern) for pattern in self.files)

    def part_name(self, group: str) -> str:
        """The module name of a part holding tests, so pytest still collects it:
        `basic` -> `test_basic` (from the first `prefix*suffix.py` pattern)."""
        if self.collects_file(f"{group}.py"):
            return group
        for pattern in self.files:
            stem = pattern.removesuffix(".py")
            if stem.count("*") == 1 and "?" not in stem and "[" not in stem:
                prefix, suffix = stem.split("*")
                name = f"{prefix}{group}{suffix}"
                if name.isidentifier() and self.collects_file(f"{name}.py"):
                    return name
        return f"test_{group}"

    def is_test_name(self, name: str, is_class: bool) -> bool:
        patterns = self.classes if is_class else self.functions
        return any(_name_matches(name, pattern) for pattern in patterns)


def _name_matches(name: str, pattern: str) -> bool:
    """pytest's rule: a glob when the pattern has one, else a name prefix."""
    if any(c in pattern for c in "*?["):
        return fnmatch.fnmatchcase(name, pattern)
    return name.startswith(pattern)


class Role(Enum):
    """What a top-level statement of a test module is to pytest."""

    TEST = "test"  # a test function or test class: collected where it is bound
    FIXTURE = "fixture"  # `@pytest.fixture` or `pytest_generate_tests`: found by name
    HELPER = "helper"  # anything else, imported by name like in any module


def is_test_module(path: Path, names: PytestNames) -> bool:
    return path.suffix == ".py" and path.name != "__init__.py" and names.collects_file(path.name)


def pytest_names_for(path: Path) -> PytestNames:
    """The naming options of the pytest configuration nearest above `path` (as pytest picks
    its ini file: the first folder up with pytest.ini, a pyproject.toml with
    `[tool.pytest.ini_options]`, tox.ini `[pytest]` or setup.cfg `[tool:pytest]`)."""
    for folder in path.resolve().parents:
        for name, section in _CONFIG_FILES:
            found = _names_in(folder / name, section)
            if found is not None:
                return found
    return PytestNames()


_CONFIG_FILES = (
    ("pytest.ini", "pytest"),
    ("pyproject.toml", ""),
    ("tox.ini", "pytest"),
    ("setup.cfg", "tool:pytest"),
)


def _names_in(file: Path, section: str) -> PytestNames | None:
    """The options of `file`'s pytest section ("" for pyproject.toml's), None without one.
    Parsed once per content: RK101 asks for every long test module of a tree (sympy: 432
    times, the same pyproject.toml each time)."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    stamp = (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
    return _parsed_names(str(file), section, stamp)


@functools.lru_cache(maxsize=64)
def _parsed_names(file: str, section: str, _stamp: tuple[int, ...]) -> PytestNames | None:
    path = Path(file)
    options = _toml_options(path) if not section else _ini_options(path, section)
    return None if options is None else _from_options(options)


def _toml_options(file: Path) -> dict[str, str | list[str]] | None:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    options = data.get("tool", {}).get("pytest", {}).get("ini_options")
    return options if isinstance(options, dict) else None


def _ini_options(file: Path, section: str) -> dict[str, str | list[str]] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(file, encoding="utf-8")
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    # pytest.ini counts even without the section; the other files only with it.
    if not parser.has_section(section):
        return {} if file.name == "pytest.ini" else None
    return dict(parser.items(section))


def _from_options(options: dict[str, str | list[str]]) -> PytestNames:
    default = PytestNames()

    def words(key: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
        value = options.get(key)
        if isinstance(value, str):
            return tuple(value.split()) or fallback
        if isinstance(value, list):
            return tuple(str(v) for v in value) or fallback
        return fallback

    return PytestNames(
        words("python_files", default.files),
        words("python_classes", default.classes),
        words("python_functions", default.functions),
    )


def roles(tree: ast.Module, names: PytestNames) -> dict[str, Role]:
    """The role of every name a top-level `def` or `class` binds (other statements: helpers)."""
    out: dict[str, Role] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            if _is_fixture(stmt) or stmt.name in _MODULE_HOOKS:
                out[stmt.name] = Role.FIXTURE
            elif names.is_test_name(stmt.name, is_class=False):
                out[stmt.name] = Role.TEST
        elif isinstance(stmt, ast.ClassDef) and names.is_test_name(stmt.name, is_class=True):
            out[stmt.name] = Role.TEST
    return out


def _is_fixture(stmt: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """`@pytest.fixture`, `@fixture(...)`, `@pytest_asyncio.fixture`: any decorator whose
    last name is `fixture`."""
    for decorator in stmt.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "fixture":
            return True
    return False


def conftest_blocker(relpath: str) -> str:
    """Why a `conftest.py` is not split: pytest loads fixtures and hooks only from files of
    that name, so a package `conftest/` would be ignored."""
    return (
        f"{relpath}: pytest reads fixtures and hooks only from a file named conftest.py, and "
        "would ignore a conftest/ package; move groups of fixtures to plugin modules listed "
        "in its pytest_plugins instead"
    )


def split_blockers(tree: ast.Module, relpath: str) -> list[str]:
    """Why the tests of this module would not run the same from several files; [] if none."""
    out: list[str] = []
    for stmt in tree.body:
        where = f"{relpath}:{stmt.lineno}"
        bound = _bound_names(stmt)
        if "pytestmark" in bound:
            out.append(
                f"{where}: module-level pytestmark marks every test of the module, and the "
                "parts would lose it; put the mark on the test classes or functions first"
            )
        for name in sorted(bound & _XUNIT):
            out.append(
                f"{where}: {name}() runs around every test of the module and would cover one "
                "part only; turn it into an autouse fixture first"
            )
        for name in sorted(n for n in bound if n.startswith("pytest_") and n not in _MODULE_HOOKS):
            out.append(
                f"{where}: {name} is a pytest hook, inert in a test module but active in the "
                "conftest.py a split would move it to; remove it or move it to a conftest.py"
            )
        if not _is_main_guard(stmt) and _reads_name(stmt, "__name__"):
            out.append(
                f"{where}: reads __name__, which becomes the part's module name "
                "(extension ids, import strings built from it change)"
            )
    return out


def _bound_names(stmt: ast.stmt) -> set[str]:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {stmt.name}
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
        targets = [stmt.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _is_main_guard(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.If)
        and isinstance(stmt.test, ast.Compare)
        and _reads_name(stmt.test, "__name__")
        and any(
            isinstance(c, ast.Constant) and c.value == "__main__" for c in stmt.test.comparators
        )
    )


def _reads_name(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))
