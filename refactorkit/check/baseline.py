"""Baseline / ratchet: record today's violations, then fail only on new or worse ones.

A violation is identified by (code, path, symbol), never by line number, so unrelated edits
above a function do not make it "new". Its value (lines, complexity, methods...) is what may
not get worse: a recorded 900-line file that grows to 950 fails, one that shrinks to 850 passes,
and `baseline --update` then records 850 (it only ever tightens, never loosens or adds).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactorkit.atomic import write_atomically
from refactorkit.check.result import Judged
from refactorkit.domain import Finding
from refactorkit.errors import UserError

BASELINE_VERSION = 1
Key = tuple[str, str, str]  # (code, relpath, symbol)


@dataclass(frozen=True)
class BaselineEntry:
    """One recorded violation and the value it may not exceed."""

    code: str
    relpath: str
    symbol: str
    value: float
    lower_is_worse: bool = False

    @property
    def key(self) -> Key:
        return (self.code, self.relpath, self.symbol)


@dataclass(frozen=True)
class Baseline:
    entries: tuple[BaselineEntry, ...]


def key_of(violation: Finding) -> Key:
    return (violation.code, violation.relpath, violation.symbol)


def from_violations(violations: Iterable[Finding]) -> Baseline:
    """A baseline that accepts exactly these violations at their current values."""
    entries = [
        BaselineEntry(v.code, v.relpath, v.symbol, v.value, v.lower_is_worse) for v in violations
    ]
    return Baseline(tuple(sorted(entries, key=lambda e: (e.relpath, e.code, e.symbol, e.value))))


def _badness(value: float, lower_is_worse: bool) -> float:
    return -value if lower_is_worse else value


def _pairs(
    violations: Iterable[Finding], baseline: Baseline
) -> tuple[dict[Key, list[Finding]], dict[Key, list[BaselineEntry]]]:
    # Same key more than once (two `import x` lines, a property's getter and setter): pair the
    # worst current with the worst recorded, and so on down.
    current: dict[Key, list[Finding]] = defaultdict(list)
    for violation in violations:
        current[key_of(violation)].append(violation)
    recorded: dict[Key, list[BaselineEntry]] = defaultdict(list)
    for entry in baseline.entries:
        recorded[entry.key].append(entry)
    for group in current.values():
        group.sort(key=lambda v: -_badness(v.value, v.lower_is_worse))
    for entries in recorded.values():
        entries.sort(key=lambda e: -_badness(e.value, e.lower_is_worse))
    return current, recorded


def judge(violations: Iterable[Finding], baseline: Baseline) -> list[Judged]:
    """Mark each violation new, worse or known against the baseline."""
    current, recorded = _pairs(violations, baseline)
    judged: list[Judged] = []
    for key, group in current.items():
        entries = recorded.get(key, [])
        for index, violation in enumerate(group):
            if index >= len(entries):
                judged.append(Judged(violation, "new"))
            elif violation.is_worse_than(entries[index].value):
                judged.append(Judged(violation, "worse", entries[index].value))
            else:
                judged.append(Judged(violation, "known", entries[index].value))
    return judged


def tighten(baseline: Baseline, violations: Iterable[Finding]) -> tuple[Baseline, list[str]]:
    """Lower recorded values that improved and drop fixed entries; never add or loosen."""
    current, recorded = _pairs(violations, baseline)
    kept: list[BaselineEntry] = []
    changes: list[str] = []
    for key, entries in recorded.items():
        group = current.get(key, [])
        for index, entry in enumerate(entries):
            label = f"{entry.code} {entry.relpath}" + (f" {entry.symbol}" if entry.symbol else "")
            if index >= len(group):
                changes.append(f"fixed: {label}")
                continue
            now = group[index]
            if now.value != entry.value and not now.is_worse_than(entry.value):
                changes.append(f"tightened: {label}: {_num(entry.value)} -> {_num(now.value)}")
                kept.append(BaselineEntry(*key, now.value, entry.lower_is_worse))
            else:
                kept.append(entry)
    ordered = sorted(kept, key=lambda e: (e.relpath, e.code, e.symbol, e.value))
    return Baseline(tuple(ordered)), sorted(changes)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def dumps(baseline: Baseline) -> str:
    """Stable, diff-friendly JSON (one entry per line-group, sorted)."""
    entries: list[dict[str, Any]] = []
    for entry in baseline.entries:
        item: dict[str, Any] = {
            "code": entry.code,
            "path": entry.relpath,
            "symbol": entry.symbol,
            "value": int(entry.value) if float(entry.value).is_integer() else entry.value,
        }
        if entry.lower_is_worse:
            item["lower_is_worse"] = True
        entries.append(item)
    document = {"tool": "refactorkit", "version": BASELINE_VERSION, "violations": entries}
    return json.dumps(document, indent=2) + "\n"


def loads(text: str, source: str = "baseline") -> Baseline:
    """Parse a baseline file; a malformed one is a UserError naming the file."""
    try:
        document = json.loads(text)
        if document.get("version") != BASELINE_VERSION:
            raise ValueError(f"unsupported version {document.get('version')!r}")
        entries = tuple(
            BaselineEntry(
                str(item["code"]),
                str(item["path"]),
                str(item.get("symbol", "")),
                float(item["value"]),
                bool(item.get("lower_is_worse", False)),
            )
            for item in document["violations"]
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{source}: not a refactorkit baseline: {exc}") from exc
    return Baseline(entries)


def load(path: Path) -> Baseline:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UserError(
            f"{path}: baseline not found (create it with `refactorkit baseline`)"
        ) from exc
    except OSError as exc:
        raise UserError(f"{path}: cannot read baseline: {exc}") from exc
    return loads(text, str(path))


def save(path: Path, baseline: Baseline) -> None:
    """Write atomically: a crash never leaves a half-written baseline behind."""
    try:
        write_atomically(path, dumps(baseline).encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from exc
