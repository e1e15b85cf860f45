"""`pip install .` without the dev extra is complete: every module refactorkit imports comes
from the standard library or from a runtime dependency declared in pyproject.toml.

(Checked by hand in a fresh venv too: `pip install .` then every command; docs/architecture.md.)
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]


def optional_distributions() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = {k: v for k, v in project["optional-dependencies"].items() if k != "dev"}
    names = {
        re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0] for deps in extras.values() for dep in deps
    }
    return {name.lower().replace("_", "-") for name in names}


def imported_top_levels() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "refactorkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.partition(".")[0])
    return found


def runtime_distributions() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0] for dep in project["dependencies"]}
    return {name.lower().replace("_", "-") for name in names}


def test_every_third_party_import_is_a_runtime_dependency() -> None:
    declared = runtime_distributions()
    providers = packages_distributions()
    third_party = imported_top_levels() - set(sys.stdlib_module_names) - {"refactorkit"}
    missing = {}
    for module in sorted(third_party):
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [])}
        if not dists & declared:
            missing[module] = sorted(dists)
    # tomli is imported on Python 3.10 only, and declared for it.
    missing.pop("tomli", None)
    # Optional extras are imported lazily, behind a one-line message when absent (fleet: Dask).
    missing = {m: d for m, d in missing.items() if not set(d) & optional_distributions()}
    assert missing == {}, f"imported but not in [project] dependencies: {missing}"


def test_data_files_are_shipped() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = project["tool"]["setuptools"]["package-data"]
    assert "*.json" in data["refactorkit.reporting"]
    assert (REPO / "refactorkit" / "reporting" / "analyze.schema.json").is_file()
