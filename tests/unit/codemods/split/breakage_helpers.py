"""Split a small inline project with a given plan, apply it, and run code against the result."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from refactorkit.changes.outcome import Applied
from refactorkit.changes.runner import RunOptions, execute
from refactorkit.codemods.split.api import SplitOptions, split
from refactorkit.domain import ChangeSet


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def plan_toml(module: str, groups: dict[str, list[str]], base: str = "base") -> str:
    lines = ["[split]", f'module = "{module}"', f'base = "{base}"', ""]
    for name, names in groups.items():
        lines += ["[[groups]]", f'name = "{name}"', f"names = {names!r}".replace("'", '"'), ""]
    return "\n".join(lines)


def split_with_plan(
    root: Path, module: str, groups: dict[str, list[str]] | None, **options: bool
) -> ChangeSet:
    """The change set of splitting `module` (`groups` None: the automatic plan)."""
    plan_path = None
    if groups is not None:
        plan_path = root / "plan.toml"
        plan_path.write_text(plan_toml(module, groups), encoding="utf-8")
    return split(root / module, SplitOptions(plan_path=plan_path, **options), root=root)


def apply(changeset: ChangeSet) -> None:
    result = execute(changeset, RunOptions(apply=True, allow_dirty=True))
    assert isinstance(result, Applied), result


def run_python(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
