"""The extract codemods as ChangeSets: one file by lines, or files and functions by complexity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.extract.auto import FunctionOutcome, auto_extract
from refactorkit.codemods.extract.core import extract_lines
from refactorkit.domain import ChangeSet, FileChange, ModifyFile
from refactorkit.errors import UserError
from refactorkit.workspace import SourceError, read_source


@dataclass(frozen=True)
class ExtractOptions:
    name: str | None = None  # the helper's name (by hand only)
    kind: str | None = None  # function | method | static (by hand, when the block reads no self)
    max_complexity: int = 10  # --auto: the limit every function and helper must meet
    function: str | None = None  # --auto: only this qualname
    whole_statements: bool = False  # by hand: widen the lines to the statements they touch


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def _read(path: Path) -> str:
    try:
        return read_source(path)[0]
    except SourceError as exc:
        raise UserError(f"{path}: {exc}") from exc


def plan_extract(
    root: Path, path: Path, start: int, end: int, options: ExtractOptions | None = None
) -> ChangeSet:
    """Lines start..end of `path` into a helper (Refused, a UserError, when it cannot)."""
    options = options or ExtractOptions()
    text = _read(path)
    made = extract_lines(
        text, start, end, options.name, options.kind, widen=options.whole_statements
    )
    relpath = _relative(root, path)
    shown = ", ".join(made.inputs) or "none"
    summary = (
        f"{relpath}: lines {start}-{end} -> {made.qualname}({shown})"
        + (f" returning {', '.join(made.outputs)}" if made.outputs else ""),
    )
    change = ModifyFile(relpath, made.text, text)
    return ChangeSet(
        root, f"extract {made.qualname}", (change,), summary=summary, codemod="extract"
    )


def plan_auto(
    root: Path, paths: Iterable[Path], options: ExtractOptions | None = None
) -> ChangeSet:
    """Every function over the limit in `paths` cut into helpers until all are under it."""
    options = options or ExtractOptions()
    changes: list[FileChange] = []
    summary: list[str] = []
    warnings: list[str] = []
    for path in paths:
        text = _read(path)
        relpath = _relative(root, path)
        try:
            new_text, outcomes = auto_extract(text, options.max_complexity, options.function)
        except SyntaxError as exc:
            warnings.append(f"{relpath}: not parsed ({exc.msg} at line {exc.lineno})")
            continue
        if new_text != text:
            changes.append(ModifyFile(relpath, new_text, text))
        summary.extend(describe(relpath, o, options.max_complexity) for o in outcomes)
    if options.function and not summary:
        warnings.append(f"{options.function}: no such function over {options.max_complexity}")
    title = f"extract --auto (complexity <= {options.max_complexity})"
    return ChangeSet(
        root, title, tuple(changes), warnings=tuple(warnings), summary=tuple(summary),
        codemod="extract",
    )  # fmt: skip


def describe(relpath: str, outcome: FunctionOutcome, limit: int) -> str:
    """`app.py: coerce_value 30 -> 9, helpers _coerce_value_part (4), ...` or why not."""
    helpers = ", ".join(f"{name} ({cc})" for name, cc in outcome.helpers)
    line = f"{relpath}: {outcome.qualname} {outcome.before} -> {outcome.after}"
    if outcome.rewrites:
        line += f", rewrites {_counted(outcome.rewrites)}"
    if helpers:
        line += f", helpers {helpers}"
    if outcome.problem:
        line += f"; NOT under {limit}: {outcome.problem}"
    return line


def _counted(names: list[str]) -> str:
    """`guard clause, collapsed if x2` in the order first done."""
    return ", ".join(
        n if names.count(n) == 1 else f"{n} x{names.count(n)}" for n in dict.fromkeys(names)
    )
