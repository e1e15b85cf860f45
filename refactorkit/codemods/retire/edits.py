"""One file's decisions turned into its new text: entries removed, matches replaced, markers
inserted; every other byte kept as it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from refactorkit.codemods.retire.model import COMMENT_PREFIX, COMMENT_SUFFIX, Decision

# Outcome of each decision once the file's edits are combined.
OUTCOMES = {
    "remove": "removed",
    "replace": "replaced",
    "comment": "commented",
    "report": "reported",
    "review": "review",
}


@dataclass(frozen=True)
class FileEdit:
    """A file's new text and, per decision (same order), what happened to it."""

    new_text: str
    outcomes: tuple[str, ...]


def _removed_lines(decisions: Sequence[Decision]) -> set[int]:
    lines: set[int] = set()
    for d in decisions:
        if d.action == "remove" and d.reference.entry is not None:
            first, last = d.reference.entry
            lines.update(range(first, last + 1))
    return lines


def _outcome(decision: Decision, removed: set[int]) -> str:
    ref = decision.reference
    if decision.action == "remove" or ref.line not in removed:
        return OUTCOMES[decision.action]
    return "removed with its entry"


def _marker(decision: Decision, line: str) -> str:
    ref = decision.reference
    rule = decision.rule
    reason = (rule.reason if rule is not None else "") or f"reference to {ref.match}"
    indent = line[: len(line) - len(line.lstrip())]
    ending = line[len(line.rstrip("\r\n")) :] or "\n"
    prefix = COMMENT_PREFIX[ref.source]
    return f"{indent}{prefix}refactorkit: {reason}{COMMENT_SUFFIX.get(ref.source, '')}{ending}"


def _replaced(line: str, decisions: Sequence[Decision]) -> str:
    """`line` with each decision's match replaced, right to left so columns stay true."""
    for d in sorted(decisions, key=lambda d: -d.reference.col):
        ref = d.reference
        new = d.rule.replacement if d.rule is not None else ref.match
        line = line[: ref.col] + new + line[ref.col + len(ref.match) :]
    return line


def edit_file(text: str, decisions: Sequence[Decision]) -> FileEdit:
    """The text after `decisions` (all of one file) are carried out."""
    removed = _removed_lines(decisions)
    outcomes = tuple(_outcome(d, removed) for d in decisions)
    live = [d for d, o in zip(decisions, outcomes, strict=True) if o != "removed with its entry"]
    markers: dict[int, Decision] = {}
    replaces: dict[int, list[Decision]] = {}
    for d in live:
        if d.action == "comment":
            markers.setdefault(d.reference.anchor, d)
        elif d.action == "replace":
            replaces.setdefault(d.reference.line, []).append(d)
    out: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        if number in removed:
            continue
        if number in markers:
            out.append(_marker(markers[number], line))
        out.append(_replaced(line, replaces.get(number, ())))
    return FileEdit("".join(out), outcomes)
