"""What a `check` run must measure, and whether the import graph is the one the index recorded.

Split from the runner: this is the index's side of the fast path (which files the index can
answer for, without unpickling their imports), the runner's is measuring and judging.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from refactorkit.check.index import SKIPPED, UNCHANGED, ImportIndex
from refactorkit.domain import ImportRecord, SkippedFile, SourceFile

Imports = tuple[SourceFile, tuple[ImportRecord, ...]]
Found = dict[str, "str | object | None"]  # relpath -> the index's `state` of the file


@dataclass(frozen=True)
class Plan:
    """What to measure, and what the index already knows of the other files."""

    todo: list[SourceFile]
    known: list[SourceFile]  # unchanged, imports recorded
    known_skips: list[SourceFile]  # unchanged, known not to be measurable
    stale: bool  # the index must be written again
    found: Found
    index: ImportIndex | None = None

    def known_imports(self) -> list[Imports]:
        """The known files' recorded imports (unpickled only now: the graph needs them)."""
        if self.index is None:
            return []
        pairs = ((s, self.index.recorded(s.relpath)) for s in self.known)
        return [(s, imports) for s, imports in pairs if isinstance(imports, tuple)]


def plan_work(
    sources: Sequence[SourceFile],
    selected: frozenset[str] | None,
    index: ImportIndex | None,
    stats: Mapping[str, os.stat_result],
) -> Plan:
    """The files to measure, those known from the index (with imports, or known not to be
    measurable: skipped last time, unchanged since), and whether to write the index again.
    `stats`: the files' lstats from discovery (a regular file's is its stat)."""
    if index is None:
        return Plan(list(sources), [], [], False, {})
    found: Found = {s.relpath: index.state(s, stats.get(s.relpath)) for s in sources}
    if selected is None:
        stale = any(state is None for state in found.values())
        return Plan(list(sources), [], [], stale, found, index)
    return _partial(sources, selected, index, found)


def _partial(
    sources: Sequence[SourceFile], selected: frozenset[str], index: ImportIndex, found: Found
) -> Plan:
    todo: list[SourceFile] = []
    known: list[SourceFile] = []
    skips: list[SourceFile] = []
    for source in sources:
        state = found[source.relpath]
        if source.relpath in selected or state is None:
            todo.append(source)
        else:
            (known if state is UNCHANGED else skips).append(source)
    stale = any(s.relpath not in selected for s in todo) or not index.entries
    return Plan(todo, known, skips, stale, found, index)


def same_imports(
    index: ImportIndex, found: Found, given: Sequence[Imports], failed: Sequence[SkippedFile]
) -> str | None:
    """The index's token when every file's imports are the recorded ones, else None.

    The files not measured are unchanged (else the index would be stale); a measured file
    that changed since must have the same module, kind and imports as recorded, and one that
    could not be measured must have been recorded as such (the graph leaves both out)."""
    if not index.token or len(index.entries) != len(found):
        return None  # a file was added or removed since
    if not all(_as_recorded(index, found, source, imports) for source, imports in given):
        return None
    for skipped in failed:
        if (
            found.get(skipped.relpath) is not SKIPPED
            and index.recorded(skipped.relpath) is not SKIPPED
        ):
            return None
    return index.token


def _as_recorded(
    index: ImportIndex, found: Found, source: SourceFile, imports: tuple[ImportRecord, ...]
) -> bool:
    if found[source.relpath] is UNCHANGED:
        return True
    entry = index.entries.get(source.relpath)
    if entry is None or entry[1:3] != (source.module, source.is_package):
        return False
    return index.recorded(source.relpath) == imports
