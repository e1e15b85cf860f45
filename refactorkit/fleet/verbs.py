"""Per verb: the command line a task runs, and the counts kept from its JSON output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Read-only verbs print JSON; their work tree is removed after the task.
READ_ONLY = ("analyze", "check", "references")
# Options whose value names a file of the user's, resolved before the tasks leave.
PATH_OPTIONS = ("--rules", "--plan", "--baseline")


def verb_argv(verb: str, args: Sequence[str], tree: Path) -> list[str]:
    """`refactorkit VERB ...` for one work tree (its root given explicitly)."""
    if verb == "analyze":
        jobs = (
            []
            if any(a in ("-j", "--jobs") or a.startswith("--jobs=") for a in args)
            else ["--jobs", "1"]
        )
        return ["analyze", str(tree), "--format", "json", *jobs, *args]
    if verb == "check":
        return ["check", str(tree), "--format", "json", *args]
    if verb == "references":
        return ["references", *args, "--root", str(tree), "--format", "json"]
    return [verb, *args, "--root", str(tree)]


def absolute_paths(args: Sequence[str], cwd: Path) -> tuple[str, ...]:
    """The verb's arguments with the values of PATH_OPTIONS made absolute (tasks run
    elsewhere)."""
    out = list(args)
    for i, arg in enumerate(out[:-1]):
        if arg in PATH_OPTIONS:
            out[i + 1] = str((cwd / out[i + 1]).resolve())
    return tuple(out)


def _analyze(doc: dict[str, Any]) -> dict[str, int]:
    summary = doc["summary"]
    counts = {k: int(summary[k]) for k in ("files", "lines", "functions", "classes")}
    counts.update({f"rule:{k}": int(v) for k, v in summary["findings"].items()})
    counts["findings"] = sum(int(v) for v in summary["findings"].values())
    # Files analyze could not read or parse (under --max-memory, also those it ran out of
    # memory on): counted, so a short count is never silent.
    counts["skipped"] = len(doc.get("skipped", []))
    return counts


def _check(doc: dict[str, Any]) -> dict[str, int]:
    codes = Counter(f"rule:{v['rule']}" for v in doc.get("violations", []))
    return {"findings": sum(codes.values()), **dict(codes)}


def _references(doc: dict[str, Any]) -> dict[str, int]:
    rows = doc["references"]
    counts = Counter(f"source:{r['source']}" for r in rows)
    counts.update(f"result:{r['result']}" for r in rows)
    counts.update(f"rule:{r['rule']}" for r in rows if r["rule"] != "-")
    base = {"references": len(rows), "files_searched": int(doc["files_searched"])}
    return {**base, "files_changed": int(doc["files_changed"]), **dict(counts)}


_COUNTERS: dict[str, Callable[[dict[str, Any]], dict[str, int]]] = {
    "analyze": _analyze,
    "check": _check,
    "references": _references,
}


def first_json(text: str) -> dict[str, Any] | None:
    """The JSON document at the start of a verb's output (a diff may follow it)."""
    start = text.find("{")
    if start < 0:
        return None
    try:
        doc, _ = json.JSONDecoder().raw_decode(text[start:])
    except ValueError:
        return None
    return doc if isinstance(doc, dict) else None


def counts(verb: str, out: str) -> dict[str, int]:
    """The figures kept from the verb's output (codemods: changed files from the summary)."""
    counter = _COUNTERS.get(verb)
    if counter is None:
        return {
            "changed_lines": sum(1 for line in out.splitlines() if line.startswith("  change "))
        }
    doc = first_json(out)
    return counter(doc) if doc is not None else {}


_CRASHED = ("Traceback (most recent call last)", "Fatal Python error")


def finished(verb: str, code: int, out: str, err: str) -> bool:
    """Whether the verb ran to its end: exit 0 or 1 (1 is "findings" or "changes pending")
    is not enough, since Python also exits 1 on a crash (a MemoryError under --max-memory);
    a crash leaves a traceback, and a JSON verb that crashed has no document."""
    if code not in (0, 1) or any(mark in err for mark in _CRASHED):
        return False
    return verb not in _COUNTERS or first_json(out) is not None
