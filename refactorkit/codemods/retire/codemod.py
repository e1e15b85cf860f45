"""`retire`: every reference to a name, classified and decided, and the ChangeSet that
carries the decisions out (nothing is written here; the runner shows or applies it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from refactorkit.codemods.base import Codemod
from refactorkit.codemods.retire.edits import edit_file
from refactorkit.codemods.retire.files import searched_files
from refactorkit.codemods.retire.model import Decision, Reference, Rule, name_pattern
from refactorkit.codemods.retire.python_scan import scan_python
from refactorkit.codemods.retire.rules import decide
from refactorkit.codemods.retire.text_scan import scan_text
from refactorkit.domain import ChangeSet, FileChange, ModifyFile
from refactorkit.errors import UserError
from refactorkit.project import Project

MAX_BYTES = 2_000_000  # larger files (dumps, lock files) are skipped, with a warning


@dataclass(frozen=True)
class RetireOptions:
    """NAME, where to look (None: the whole project) and the rules (none: report only)."""

    name: str
    path: Path | None = None
    rules: tuple[Rule, ...] = field(default=(), compare=True)


@dataclass(frozen=True)
class Outcome:
    """A decision and what became of it once its file's edits were combined."""

    decision: Decision
    result: str  # removed, replaced, commented, reported, review, removed with its entry


@dataclass(frozen=True)
class Retirement:
    outcomes: tuple[Outcome, ...]
    changeset: ChangeSet
    files_searched: int

    @property
    def references(self) -> tuple[Reference, ...]:
        return tuple(o.decision.reference for o in self.outcomes)


def find_references(
    root: Path, name: str, under: Path | None = None
) -> tuple[list[Reference], list[str], int]:
    """Every reference to `name` under `root`, the files skipped (why), and files searched."""
    pattern = name_pattern(name)
    found: list[Reference] = []
    warnings: list[str] = []
    files = searched_files(root, under)
    for rel, kind in files:
        text = _read(root / rel, rel, warnings)
        if text is None or not pattern.search(text):
            continue
        if kind == "python":
            found.extend(scan_python(rel, text, pattern))
        else:
            found.extend(scan_text(rel, kind, text, pattern))
    return found, warnings, len(files)


def _read(path: Path, rel: str, warnings: list[str]) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            warnings.append(f"{rel}: skipped: larger than {MAX_BYTES} bytes")
            return None
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(f"{rel}: skipped: {exc}")
        return None


def retire(project: Project, options: RetireOptions) -> Retirement:
    """Find, decide, and plan: the references with their outcomes and the ChangeSet."""
    if not options.name.strip():
        raise UserError("references: NAME is empty")
    under = options.path
    if under is not None and under != project.root and project.root not in under.parents:
        raise UserError(f"{under}: outside the project {project.root}")
    found, warnings, searched = find_references(project.root, options.name, options.path)
    decisions = [decide(ref, options.rules) for ref in found]
    outcomes: list[Outcome] = []
    changes: list[FileChange] = []
    for path, group in groupby(decisions, key=lambda d: d.reference.path):
        mine = list(group)
        change = _file_change(project.root, path, mine, outcomes)
        if change is not None:
            changes.append(change)
    review = [
        f"{o.decision.reference.path}:{o.decision.reference.line}: review: {o.decision.note}"
        for o in outcomes
        if o.result == "review"
    ]
    title = f"references {options.name}: {len(changes)} file(s) changed, {len(review)} for review"
    changeset = ChangeSet(
        project.root, title, tuple(changes), warnings=(*warnings, *review), codemod="references"
    )
    return Retirement(tuple(outcomes), changeset, searched)


def _file_change(
    root: Path, path: str, decisions: Sequence[Decision], outcomes: list[Outcome]
) -> FileChange | None:
    if all(d.action in ("report", "review") for d in decisions):
        outcomes.extend(
            Outcome(d, "review" if d.action == "review" else "reported") for d in decisions
        )
        return None
    old = (root / path).read_bytes().decode("utf-8")
    edit = edit_file(old, decisions)
    outcomes.extend(Outcome(d, r) for d, r in zip(decisions, edit.outcomes, strict=True))
    return ModifyFile(path, edit.new_text, old) if edit.new_text != old else None


class RetireReferencesCodemod(Codemod[RetireOptions]):
    """The seam's view of `retire` (for `refactorkit fleet` and plugins)."""

    name = "references"
    summary = "Find every reference to a name and retire it by rules (report, replace, remove)."
    Options = RetireOptions

    def plan(self, project: Project, options: RetireOptions) -> ChangeSet:
        return retire(project, options).changeset


def outcome_record(outcome: Outcome) -> dict[str, object]:
    """One reference as plain data (JSON, reports, fleet result records)."""
    ref = outcome.decision.reference
    return {
        "path": ref.path,
        "line": ref.line,
        "col": ref.col + 1,
        "source": ref.source,
        "kind": ref.kind,
        "match": ref.match,
        "text": ref.text,
        "rule": outcome.decision.rule_name,
        "action": outcome.decision.action,
        "result": outcome.result,
        "note": outcome.decision.note,
    }


def retirement_record(name: str, retirement: Retirement) -> dict[str, object]:
    """The whole search as plain data: the name, counts and one record per reference."""
    rows = [outcome_record(o) for o in retirement.outcomes]
    return {
        "name": name,
        "files_searched": retirement.files_searched,
        "files_changed": len(retirement.changeset.changes),
        "references": rows,
        "warnings": list(retirement.changeset.warnings),
    }
