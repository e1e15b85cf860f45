"""Showing a ChangeSet to a human: a unified diff of every file and a short summary."""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Iterable
from pathlib import Path

from refactorkit.domain import (
    ChangeSet,
    CreateFile,
    DeleteFile,
    FileChange,
    MoveFile,
    final_path,
)
from refactorkit.workspace import SourceError, read_source

_RED = "\x1b[31m"
_GREEN = "\x1b[32m"
_CYAN = "\x1b[36m"
_BOLD = "\x1b[1m"
_RESET = "\x1b[0m"
_NO_EOL = "\\ No newline at end of file\n"


def old_text_of(root: Path, change: FileChange) -> str | None:
    """The text a change starts from: the one the codemod saw, else what is on disk now."""
    if isinstance(change, CreateFile):
        return None
    if change.old_text is not None:
        return change.old_text
    try:
        return read_source(root / change.path)[0]
    except SourceError:
        return None


def new_text_of(root: Path, change: FileChange) -> str | None:
    """The text a path holds after the change (None when the file goes away)."""
    if isinstance(change, DeleteFile):
        return None
    if isinstance(change, MoveFile) and change.new_text is None:
        return old_text_of(root, change)
    return change.new_text


def render_diff(changeset: ChangeSet, color: bool = False) -> str:
    """Unified diff of every file in the change set; moves show as a rename plus a diff."""
    chunks = [_render_one(changeset.root, change, color) for change in changeset.changes]
    return "".join(chunks)


def _render_one(root: Path, change: FileChange, color: bool) -> str:
    """One file's part of the diff, with git's headers so `git apply` takes the whole diff."""
    old = old_text_of(root, change)
    target = final_path(change)
    header = f"diff --git a/{change.path} b/{target}\n"
    if isinstance(change, CreateFile):
        header += "new file mode 100644\n"
        body = _unified(None, change.new_text, "/dev/null", f"b/{change.path}")
    elif isinstance(change, DeleteFile):
        header += "deleted file mode 100644\n"
        body = _unified(old, None, f"a/{change.path}", "/dev/null")
    elif isinstance(change, MoveFile):
        header += f"rename from {change.path}\nrename to {target}\n"
        new = new_text_of(root, change)
        body = "" if new == old else _unified(old, new, f"a/{change.path}", f"b/{target}")
    else:
        body = _unified(old, change.new_text, f"a/{change.path}", f"b/{change.path}")
    text = header + body
    return _colorize(text) if color else text


def render_stat(changeset: ChangeSet) -> str:
    """Per-file counts of added and removed lines, like `git diff --stat`, and the totals."""
    rows = []
    for change in changeset.changes:
        added, removed = _line_counts(changeset.root, change)
        name = change.path if change.kind != "move" else f"{change.path} => {final_path(change)}"
        rows.append((name, added, removed))
    width = max((len(name) for name, _, _ in rows), default=0)
    bar = max(10, 80 - width - 10)  # fits 80 columns unless the paths alone do not
    out = [f" {name:<{width}} | {a + r:>5} {_bar(a, r, bar)}" for name, a, r in rows]
    added = sum(a for _, a, _ in rows)
    removed = sum(r for _, _, r in rows)
    out.append(
        f" {len(rows)} file{'s' * (len(rows) != 1)} changed, {added} insertions(+), "
        f"{removed} deletions(-)"
    )
    return "\n".join(out) + "\n"


def _line_counts(root: Path, change: FileChange) -> tuple[int, int]:
    old = _lines(None if change.kind == "create" else old_text_of(root, change))
    new = _lines(None if change.kind == "delete" else new_text_of(root, change))
    added = removed = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return added, removed


def _bar(added: int, removed: int, width: int = 40) -> str:
    total = added + removed
    if total <= width:
        return "+" * added + "-" * removed
    plus = round(width * added / total)
    return "+" * plus + "-" * (width - plus)


def _unified(old: str | None, new: str | None, old_name: str, new_name: str) -> str:
    old_lines = _lines(old)
    new_lines = _lines(new)
    if old_lines == new_lines:
        return ""
    out: list[str] = []
    for line in difflib.unified_diff(old_lines, new_lines, old_name, new_name):
        out.append(line)
        if not line.endswith("\n"):
            # A last line without newline: say so, as git does, so the diff stays parseable.
            out.append("\n" + _NO_EOL)
    return "".join(out)


def _lines(text: str | None) -> list[str]:
    return [] if text is None else text.splitlines(keepends=True)


def _colorize(text: str) -> str:
    out = []
    for line in text.splitlines(keepends=True):
        if line.startswith(("+++", "---", "diff ", "rename ", "new file", "deleted file")):
            out.append(_paint(line, _BOLD))
        elif line.startswith("+"):
            out.append(_paint(line, _GREEN))
        elif line.startswith("-"):
            out.append(_paint(line, _RED))
        elif line.startswith("@@"):
            out.append(_paint(line, _CYAN))
        else:
            out.append(line)
    return "".join(out)


def _paint(line: str, code: str) -> str:
    body = line.rstrip("\r\n")
    return f"{code}{body}{_RESET}{line[len(body) :]}"


def render_summary(changeset: ChangeSet) -> str:
    """Files created, changed, moved and removed, the codemod's own summary lines, warnings."""
    groups: dict[str, list[str]] = {"create": [], "modify": [], "move": [], "delete": []}
    for change in changeset.changes:
        label = f"{change.path} -> {final_path(change)}" if change.kind == "move" else change.path
        if isinstance(change, CreateFile):
            label += f" ({_count_lines(change.new_text)})"
        groups.setdefault(change.kind, []).append(label)
    lines = [f"{changeset.title}:" if changeset.title else "Summary:"]
    lines.append(
        "  "
        + ", ".join(
            [
                _count(len(groups["create"]), "created"),
                _count(len(groups["modify"]), "changed"),
                _count(len(groups["move"]), "moved"),
                _count(len(groups["delete"]), "removed"),
            ]
        )
    )
    for kind, verb in (
        ("create", "create"),
        ("modify", "change"),
        ("move", "move"),
        ("delete", "remove"),
    ):
        lines.extend(_listed(verb, groups[kind]))
    lines.extend(f"  {line}" for line in changeset.summary)
    for warning in changeset.warnings:
        # Long warnings (a hazard with its explanation) wrap at 80 columns, indented under
        # their `warning:` prefix so each stays one visual item in a terminal or a PR comment.
        lines.extend(
            textwrap.wrap(
                warning,
                width=80,
                initial_indent="warning: ",
                subsequent_indent="    ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            or ["warning:"]
        )
    return "\n".join(lines) + "\n"


def _count_lines(text: str) -> str:
    n = len(text.splitlines())
    return f"{n} line{'s' if n != 1 else ''}"


def _count(n: int, verb: str) -> str:
    return f"{n} file{'s' if n != 1 else ''} {verb}"


def _listed(verb: str, paths: Iterable[str]) -> list[str]:
    return [f"  {verb:<6} {path}" for path in paths]
