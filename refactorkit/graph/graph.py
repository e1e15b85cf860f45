"""ImportGraph: the project's modules and their resolved imports, with queries over them.

Semantics follow grimp: `from a import b` points at `a.b` when that is an internal module,
else at `a`; importing `a.b.c` adds no edges to its parents `a` and `a.b`
(see docs/import-graph.md).
"""

# building the graph and `without` walk the records alike on purpose (one each, hot loops)
# refactorkit: ignore-file[RK116]

from __future__ import annotations

from collections.abc import Callable, Iterable

from refactorkit.domain import FileAnalysis, ImportKind, ImportRecord, SourceFile
from refactorkit.graph.classify import classify_module, top_level
from refactorkit.graph.cycles import find_cycles, find_type_checking_cycles
from refactorkit.graph.model import Cycle, ImportEdge, UnresolvedImport

__all__ = ["Cycle", "ImportEdge", "ImportGraph", "UnresolvedImport"]

_EdgeKey = tuple[str, str, str, int, ImportKind]


class ImportGraph:
    """Internal modules and import edges; immutable once built (every query is read-only)."""

    __slots__ = (
        "_cycles",
        "_edges",
        "_importers",
        "_internal",
        "_predecessors",
        "_roots",
        "_successors",
        "_unresolved",
    )

    def __init__(
        self,
        internal_modules: Iterable[str],
        edges: Iterable[ImportEdge],
        unresolved: Iterable[UnresolvedImport] = (),
    ) -> None:
        """A graph from already-resolved edges (see `build` to resolve ImportRecords)."""
        self._internal = frozenset(internal_modules)
        self._roots = frozenset(top_level(m) for m in self._internal)
        self._edges = tuple(
            sorted(edges, key=lambda e: (e.importer, e.lineno, e.imported, e.kind.value))
        )
        self._unresolved = tuple(unresolved)
        successors: dict[str, set[str]] = {}
        predecessors: dict[str, set[str]] = {}
        importers: dict[str, list[ImportEdge]] = {}
        for edge in self._edges:
            if edge.external:
                continue
            importers.setdefault(edge.imported, []).append(edge)
            if edge.importer != edge.imported:  # a module importing itself is no dependency
                successors.setdefault(edge.importer, set()).add(edge.imported)
                predecessors.setdefault(edge.imported, set()).add(edge.importer)
        self._successors = {m: frozenset(s) for m, s in successors.items()}
        self._predecessors = {m: frozenset(s) for m, s in predecessors.items()}
        self._importers = {m: tuple(es) for m, es in importers.items()}
        # Cycles are asked for by the report and by the cycle rule: find them once per mode.
        self._cycles: dict[bool, tuple[Cycle, ...]] = {}

    @classmethod
    def build(cls, files: Iterable[tuple[SourceFile, tuple[ImportRecord, ...]]]) -> ImportGraph:
        """Resolve every file's imports against the set of internal modules.

        Files without a module name (outside every importable root) cannot be imported, so
        they are left out as importers too. Exact duplicates (`from a import b, c` when
        neither is a submodule) collapse into one edge.
        """
        pairs = [(source.module, source, records) for source, records in files if source.module]
        internal = frozenset(module for module, _, _ in pairs)
        edges, unresolved = resolve_imports(pairs, internal)
        return cls(internal, edges, unresolved)

    @classmethod
    def from_analyses(cls, analyses: Iterable[FileAnalysis]) -> ImportGraph:
        """The graph of already-analyzed files (their imports were extracted in the same parse)."""
        return cls.build((analysis.source, analysis.imports) for analysis in analyses)

    # --- modules -------------------------------------------------------------------------

    @property
    def internal_modules(self) -> frozenset[str]:
        return self._internal

    @property
    def unresolved(self) -> tuple[UnresolvedImport, ...]:
        """Imports under an internal top-level name that match no internal module."""
        return self._unresolved

    def classify(self, module: str) -> str:
        """ "internal" | "stdlib" | "third_party"."""
        return classify_module(module, self._internal, self._roots)

    # --- edges ---------------------------------------------------------------------------

    def edges(self, *, internal_only: bool = False) -> tuple[ImportEdge, ...]:
        """Resolved edges sorted by importer and line; external ones unless internal_only."""
        if internal_only:
            return tuple(e for e in self._edges if not e.external)
        return self._edges

    def edges_in(self, relpaths: frozenset[str] | None) -> tuple[ImportEdge, ...]:
        """The edges of the imports written in the files at `relpaths` (all when None)."""
        if relpaths is None:
            return self._edges
        return tuple(e for e in self._edges if e.relpath in relpaths)

    def importers_of(self, module: str) -> tuple[ImportEdge, ...]:
        """Every internal edge into `module`, by importer and line."""
        return self._importers.get(module, ())

    def dependencies(self, module: str) -> tuple[str, ...]:
        """The internal modules `module` imports (itself excluded), sorted."""
        return tuple(sorted(self._successors.get(module, ())))

    def dependents(self, module: str) -> tuple[str, ...]:
        """The internal modules importing `module` (itself excluded), sorted."""
        return tuple(sorted(self._predecessors.get(module, ())))

    def fan_in(self, module: str) -> int:
        """How many distinct internal modules import `module` (any kind, itself excluded)."""
        return len(self._predecessors.get(module, ()))

    def fan_ins(self) -> dict[str, int]:
        """`fan_in` of every module some internal module imports (the others have 0)."""
        return {module: len(found) for module, found in self._predecessors.items()}

    def fan_out(self, module: str) -> int:
        """How many distinct internal modules `module` imports (any kind, itself excluded)."""
        return len(self._successors.get(module, ()))

    def external_imports(self) -> dict[str, tuple[ImportEdge, ...]]:
        """External edges grouped by top-level package ("os", "sqlalchemy"), sorted by name."""
        grouped: dict[str, list[ImportEdge]] = {}
        for edge in self._edges:
            if edge.external:
                grouped.setdefault(top_level(edge.imported), []).append(edge)
        return {name: tuple(grouped[name]) for name in sorted(grouped)}

    # --- derived graphs ------------------------------------------------------------------

    def without(self, hidden: Iterable[str]) -> ImportGraph:
        """This graph less the `hidden` modules and every import from or to them."""
        drop = set(hidden) & self._internal
        if not drop:
            return self
        edges = [
            e
            for e in self._edges
            if e.importer not in drop and (e.external or e.imported not in drop)
        ]
        return ImportGraph(self._internal - drop, edges)

    def aggregate(self, depth: int) -> ImportGraph:
        """The package-level graph: every name cut to its first `depth` parts.

        Edges inside one package disappear (they would only be self-loops); each remaining
        edge keeps the file:line of the import it stands for, so cycles still show evidence.
        """
        if depth < 1:
            raise ValueError(f"depth must be at least 1, not {depth}")

        def cut(name: str) -> str:
            return ".".join(name.split(".")[:depth])

        edges: dict[_EdgeKey, ImportEdge] = {}
        for edge in self._edges:
            importer, imported = cut(edge.importer), cut(edge.imported)
            if importer == imported and not edge.external:
                continue
            key = (importer, imported, edge.relpath, edge.lineno, edge.kind)
            if key not in edges:
                edges[key] = ImportEdge(
                    importer,
                    imported,
                    edge.relpath,
                    edge.lineno,
                    edge.kind,
                    edge.external,
                    edge.in_try,
                )
        return ImportGraph((cut(m) for m in self._internal), edges.values())

    def cycles(self, include_type_checking: bool = False) -> tuple[Cycle, ...]:
        """Cyclic groups of internal modules, largest first; runtime edges unless asked."""
        found = self._cycles.get(include_type_checking)
        if found is None:
            found = find_cycles(self.edges(internal_only=True), include_type_checking)
            self._cycles[include_type_checking] = found
        return found

    def found_cycles(self) -> dict[bool, tuple[Cycle, ...]]:
        """The cycles asked for so far, by `include_type_checking` (for a memo of them)."""
        return dict(self._cycles)

    def type_checking_cycles(self) -> tuple[Cycle, ...]:
        """Loops that need a TYPE_CHECKING import, including those beside a runtime cycle."""
        return find_type_checking_cycles(self.edges(internal_only=True))


_Pair = tuple[str, SourceFile, tuple[ImportRecord, ...]]  # (module, its file, its imports)


def resolve_imports(
    pairs: Iterable[_Pair], internal: frozenset[str]
) -> tuple[list[ImportEdge], list[UnresolvedImport]]:
    """The edges of the files' imports against the `internal` modules (exact duplicates
    collapsed, in the files' order), and the imports that resolve to no internal module."""
    resolve = _resolver(internal, frozenset(top_level(m) for m in internal))
    edges: dict[_EdgeKey, ImportEdge] = {}
    unresolved: list[UnresolvedImport] = []
    for importer, source, records in pairs:
        for record in records:
            resolved = resolve(record)
            if resolved is None:
                unresolved.append(_unresolved(importer, source, record))
                continue
            imported, external = resolved
            edge_key = (importer, imported, source.relpath, record.lineno, record.kind)
            if edge_key not in edges:
                edges[edge_key] = ImportEdge(
                    importer,
                    imported,
                    source.relpath,
                    record.lineno,
                    record.kind,
                    external,
                    record.in_try,
                )
    return list(edges.values()), unresolved


def _resolve(
    module: str, name: str | None, internal: frozenset[str], roots: frozenset[str]
) -> tuple[str, bool] | None:
    """(imported module, is external) for an import record, None if internal but unknown."""
    if name is not None:
        candidate = f"{module}.{name}"
        if candidate in internal:
            return candidate, False
    # `import a.b.c` where only `a.b` is a module (c an attribute, or a missing file): the
    # nearest internal ancestor is what really gets imported.
    current = module
    while True:
        if current in internal:
            return current, False
        dot = current.rfind(".")
        if dot < 0:
            break
        current = current[:dot]
    if top_level(module) in roots:
        return None
    return module, True


def _resolver(
    internal: frozenset[str], roots: frozenset[str]
) -> Callable[[ImportRecord], tuple[str, bool] | None]:
    """`_resolve` for records, remembering each (module, name) pair: most repeat."""
    cache: dict[tuple[str, str | None], tuple[str, bool] | None] = {}

    def resolve(record: ImportRecord) -> tuple[str, bool] | None:
        key = (record.module, record.name)
        if key not in cache:
            cache[key] = _resolve(record.module, record.name, internal, roots)
        return cache[key]

    return resolve


def _unresolved(importer: str, source: SourceFile, record: ImportRecord) -> UnresolvedImport:
    target = f"{record.module}.{record.name}" if record.name else record.module
    return UnresolvedImport(importer, target, source.relpath, record.lineno, record.kind)
