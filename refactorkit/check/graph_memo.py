"""The import graph for `check`, and a memo of what its rules ask of it on an unchanged graph.

A warm `check FILE` (pre-commit) still judges the whole project's import graph: building it
from every file's imports (20,000 edges on Django's sdist) and finding its cycles was 0.1 s of
a 0.5 s run. Between two commits the graph rarely changes: the given files were edited, their
imports seldom. So the graph's cycles, each module's fan-in and the set of internal modules are
kept in a signed memo under the import index's token (`check/index.py`); when every file's
imports are those the index recorded under that token, the memo answers the cycle rule and the
given files' edges are resolved on their own. Any other question (a plugin rule walking the
whole graph) builds the real graph on first use, so answers never differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from refactorkit.domain import ImportRecord, SourceFile
from refactorkit.graph.graph import ImportGraph, resolve_imports
from refactorkit.graph.model import Cycle, ImportEdge
from refactorkit.signed import RECORDS, read_signed, write_signed

_MAGIC = b"RKGMEM01"
_ALLOWED = {**RECORDS, "refactorkit.graph.model": frozenset({"Cycle", "ImportEdge"})}
Imports = tuple[SourceFile, tuple[ImportRecord, ...]]


@dataclass(frozen=True)
class Memo:
    """What the rules asked of one graph: cycles by mode, fan-ins, the internal modules."""

    cycles: dict[bool, tuple[Cycle, ...]]
    fan_in: dict[str, int]
    internal: frozenset[str]


@dataclass(frozen=True)
class GraphSource:
    """How `check` gets the project's graph: the files' imports (loaded on demand), the
    index token naming them when they are the recorded ones, and where the memo lives."""

    files: Callable[[], Sequence[Imports]]  # every measurable file's imports
    given: tuple[Imports, ...] = ()  # the files measured in this run
    token: str | None = None  # set when `files` are exactly what the index recorded
    memo_path: Path | None = None
    key: bytes | None = None

    def graph(self) -> ImportGraph:
        """The memo's answers when they are for this graph, else the built graph."""
        memo = self._load()
        if memo is None:
            return ImportGraph.build(self.files())
        return MemoGraph(memo, lambda: ImportGraph.build(self.files()), self.given)

    def remember(self, graph: ImportGraph) -> None:
        """Keep what the rules asked of `graph` (built from the recorded imports) for the
        next run; never raises on I/O."""
        if self.token is None or self.memo_path is None or self.key is None:
            return
        if isinstance(graph, MemoGraph) and not graph.built:
            return  # answered from the memo: nothing new
        memo = (graph.found_cycles(), graph.fan_ins(), graph.internal_modules)
        write_signed(self.memo_path, self.key, _MAGIC, (self.token, *memo))

    def _load(self) -> Memo | None:
        if self.token is None or self.memo_path is None or self.key is None:
            return None
        found = read_signed(self.memo_path, self.key, _MAGIC, _ALLOWED)
        if not (isinstance(found, tuple) and len(found) == 4 and found[0] == self.token):
            return None
        return Memo(found[1], found[2], found[3])  # signed by us: its shape is ours


class MemoGraph(ImportGraph):
    """An ImportGraph answering cycles, fan-ins and the given files' edges from a memo; the
    real graph is built the first time anything else is asked.

    The base class's slots stay unset until then: reading one raises AttributeError, which
    lands in `__getattr__`, which builds the graph and fills them in. Every inherited query
    therefore works unchanged, without a wrapper for each.
    """

    __slots__ = ("_build", "_given", "_memo", "built")

    def __init__(
        self, memo: Memo, build: Callable[[], ImportGraph], given: tuple[Imports, ...]
    ) -> None:  # no super().__init__: that would build the graph
        self._memo = memo
        self._build = build
        self._given = given
        self.built = False

    def __getattr__(self, name: str) -> object:
        if name not in ImportGraph.__slots__:
            raise AttributeError(name)
        full = self._build()
        for slot in ImportGraph.__slots__:
            setattr(self, slot, getattr(full, slot))
        self.built = True
        return getattr(self, name)

    @property
    def internal_modules(self) -> frozenset[str]:
        return self._memo.internal

    def cycles(self, include_type_checking: bool = False) -> tuple[Cycle, ...]:
        found = self._memo.cycles.get(include_type_checking)
        return found if found is not None else super().cycles(include_type_checking)

    def found_cycles(self) -> dict[bool, tuple[Cycle, ...]]:
        if not self.built:
            return dict(self._memo.cycles)
        return {**self._memo.cycles, **super().found_cycles()}

    def fan_in(self, module: str) -> int:
        return self._memo.fan_in.get(module, 0)

    def edges_in(self, relpaths: frozenset[str] | None) -> tuple[ImportEdge, ...]:
        if relpaths is None or self.built:
            return super().edges_in(relpaths)
        pairs = [
            (source.module, source, records)
            for source, records in self._given
            if source.module and source.relpath in relpaths
        ]
        edges, _ = resolve_imports(pairs, self._memo.internal)
        return tuple(sorted(edges, key=lambda e: (e.importer, e.lineno, e.imported, e.kind.value)))
