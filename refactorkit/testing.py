"""Public helpers for testing project codemods: plan on a copy of `before/`, apply, compare trees.

A per-file codemod is tested inline, with idempotence checked (plugin authors too)::

    def test_literals():
        assert_codemod(EmptyLiterals(), "x = dict()\n", "x = {}\n")

A project codemod is tested on a tree::

    def test_split_simple(tmp_path):
        assert_changeset_tree(
            lambda root: plan_split(root, "pkg/models.py", plan),
            FIXTURES / "split/simple/before",
            FIXTURES / "split/simple/after",
        )
"""

from __future__ import annotations

import difflib
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from refactorkit.changes.journal import apply_journaled, undo
from refactorkit.changes.materialize import materialize
from refactorkit.changes.outcome import Applied, Outcome, Refusal, Refused
from refactorkit.changes.runner import RunOptions, execute, index_plan
from refactorkit.codemods.base import Codemod
from refactorkit.config import Config
from refactorkit.domain import ChangeSet, final_path, given_text
from refactorkit.project import Project

ChangeSetFactory = Callable[[Path], ChangeSet]

# Never part of a compared tree: the journal, byte code, VCS data and tool caches.
IGNORED_NAMES = frozenset(
    {".refactorkit", "__pycache__", ".git", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
)


def snapshot_tree(root: Path, ignored: Iterable[str] = IGNORED_NAMES) -> dict[str, bytes]:
    """Every file under `root` as {posix relative path: bytes}, skipping ignored folder names."""
    skip = frozenset(ignored)
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part in skip for part in rel.parts) or path.is_dir():
            continue
        files[rel.as_posix()] = path.read_bytes()
    return files


def tree_differences(actual: dict[str, bytes], expected: dict[str, bytes]) -> list[str]:
    """Human-readable differences: missing files, extra files, and a unified diff per file."""
    out = [f"missing: {rel}" for rel in sorted(expected.keys() - actual.keys())]
    out.extend(f"extra: {rel}" for rel in sorted(actual.keys() - expected.keys()))
    for rel in sorted(expected.keys() & actual.keys()):
        if expected[rel] != actual[rel]:
            out.append(f"differs: {rel}\n" + _bytes_diff(expected[rel], actual[rel], rel))
    return out


def _bytes_diff(expected: bytes, actual: bytes, rel: str) -> str:
    old = expected.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = actual.decode("utf-8", errors="replace").splitlines(keepends=True)
    diff = "".join(difflib.unified_diff(old, new, f"expected/{rel}", f"actual/{rel}"))
    if not diff:  # same text, different bytes: line endings, BOM or encoding
        return f"  same text, different bytes: expected {expected[:60]!r}, got {actual[:60]!r}\n"
    return diff.replace("\r", "\\r")


def assert_trees_equal(actual_root: Path, expected_root: Path) -> None:
    """Fail with every missing, extra and differing file when two trees differ byte for byte."""
    problems = tree_differences(snapshot_tree(actual_root), snapshot_tree(expected_root))
    if problems:
        raise AssertionError("trees differ:\n" + "\n".join(problems))


def apply_in_tmp(
    changeset_factory: ChangeSetFactory,
    before_dir: Path,
    tmp_dir: Path,
    *,
    verify: str | None = None,
    allow_problems: bool = False,
) -> tuple[Path, ChangeSet, Outcome]:
    """Copy `before_dir` to `tmp_dir/tree`, plan on the copy, apply; return (root, plan, outcome).

    Fails when the change set has validation problems (unless `allow_problems`) or when it
    could not be applied; the runner's outcome, worded as the CLI does, is in the message.
    """
    root = tmp_dir / "tree"
    shutil.copytree(before_dir, root, symlinks=True)
    changeset = changeset_factory(root)
    options = RunOptions(apply=True, allow_dirty=True, verify=verify)
    outcome: Outcome
    if allow_problems and not changeset.is_empty:
        # Validation would refuse; go through the same apply path with the checks waived.
        outcome = _apply_unchecked(changeset)
    else:
        outcome = execute(changeset, options)
    if not changeset.is_empty and not isinstance(outcome, Applied):
        from refactorkit.cli.outcomes import outcome_lines

        output = "\n".join(line.text for line in outcome_lines(outcome))
        raise AssertionError("the change set was not applied:\n" + output)
    return root, changeset, outcome


def _apply_unchecked(changeset: ChangeSet) -> Applied | Refused:
    plan = materialize(changeset)
    if plan.problems:
        return Refused(Refusal.UNWRITABLE, plan.problems)
    journal_id = apply_journaled(
        changeset.root, plan.targets, title=changeset.title, index=index_plan(changeset)
    )
    return Applied(journal_id, len(changeset.changes))


def assert_codemod(
    codemod: Codemod[Any],
    before: str,
    after: str,
    options: Any = None,
    *,
    path: str = "example.py",
) -> None:
    """Run `codemod` on one file holding `before` (dedented) and check it gives `after`;
    then run it on `after` and check it changes nothing (a codemod must be idempotent).

    The file sits alone in a temporary project; `options` default to the codemod's
    `Options()`. The check goes through `plan`, as the command does.
    """
    options = codemod.Options() if options is None else options
    before, after = textwrap.dedent(before), textwrap.dedent(after)
    first = _run_on_text(codemod, options, before, path)
    if first != after:
        raise AssertionError("codemod output differs:\n" + _text_diff(after, first, path))
    second = _run_on_text(codemod, options, after, path)
    if second != after:
        raise AssertionError("codemod is not idempotent:\n" + _text_diff(after, second, path))


def _run_on_text(codemod: Codemod[Any], options: Any, text: str, path: str) -> str:
    with tempfile.TemporaryDirectory(prefix="rk-codemod-") as scratch:
        root = Path(scratch).resolve()
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        changeset = codemod.plan(Project(root, Config(project_root=root)), options)
    texts = {final_path(c): given_text(c) for c in changeset.changes}
    unexpected = set(texts) - {path}
    if unexpected:
        raise AssertionError(f"codemod changed other files: {sorted(unexpected)}")
    new = texts.get(path, text)
    return text if new is None else new


def _text_diff(expected: str, actual: str, path: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"expected/{path}",
        f"actual/{path}",
    )
    return "".join(lines)


def assert_changeset_tree(
    changeset_factory: ChangeSetFactory,
    before_dir: Path,
    after_dir: Path,
    *,
    tmp_dir: Path | None = None,
    allow_problems: bool = False,
    check_undo: bool = True,
) -> ChangeSet:
    """Plan on a copy of `before_dir`, apply, and compare with `after_dir` byte for byte.

    With `check_undo`, also undoes the change and checks the copy equals `before_dir` again.
    Returns the change set so a test can check its warnings and summary too.
    """
    with tempfile.TemporaryDirectory(prefix="rk-tree-", dir=tmp_dir) as scratch:
        root, changeset, _ = apply_in_tmp(
            changeset_factory, before_dir, Path(scratch), allow_problems=allow_problems
        )
        assert_trees_equal(root, after_dir)
        if check_undo and not changeset.is_empty:
            result = undo(root)
            if not result.undone:
                raise AssertionError(f"undo failed: {result.status.value} {result.conflicts}")
            assert_trees_equal(root, before_dir)
    return changeset
