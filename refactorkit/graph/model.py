"""Frozen results of the import graph: resolved edges, imports that resolve nowhere, cycles."""

from __future__ import annotations

from dataclasses import dataclass

from refactorkit.domain import ImportKind


@dataclass(frozen=True, slots=True)
class ImportEdge:
    """One import statement resolved to a module: who imports what, where, and when it runs.

    For an internal edge `imported` is an internal module (`from a import b` points at `a.b`
    when that module exists, else at `a`). For an external one it is the name as written
    (`import os.path` -> "os.path", `from os import path` -> "os").
    """

    importer: str
    imported: str
    relpath: str
    lineno: int
    kind: ImportKind
    external: bool
    in_try: bool = False

    @property
    def location(self) -> str:
        return f"{self.relpath}:{self.lineno}"


@dataclass(frozen=True, slots=True)
class UnresolvedImport:
    """An import under an internal top-level name that matches no internal module.

    Typically a bare namespace package (`import ns` where `ns/` has no __init__.py) or a
    module that does not exist (a typo, or one the analysis excluded).
    """

    importer: str
    target: str
    relpath: str
    lineno: int
    kind: ImportKind


@dataclass(frozen=True, slots=True)
class Cycle:
    """A strongly connected component of internal modules, with one concrete closed chain.

    `chain` shows the most serious cycle inside the component: an import-time one (top-level
    edges only) if there is one, else a runtime one (top-level + function edges), else one
    that needs a type-checking edge. Each hop has a file:line; the last hop returns to the
    first importer.
    """

    modules: tuple[str, ...]  # the strongly connected component, sorted
    chain: tuple[ImportEdge, ...]
    runtime: bool  # a cycle exists among top-level + function edges alone
    import_time: bool = False  # a cycle exists among top-level edges alone: may fail on import

    @property
    def size(self) -> int:
        return len(self.modules)

    @property
    def path(self) -> tuple[str, ...]:
        """The modules along the chain, the first repeated at the end: ("a", "b", "a")."""
        if not self.chain:
            return ()
        return (*(edge.importer for edge in self.chain), self.chain[0].importer)
