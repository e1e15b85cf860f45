"""The import graph: extraction from parsed files, ImportGraph and its queries, cycles.

Import from here (`from refactorkit.graph import ImportGraph, extract_imports`); the
submodules are an implementation detail except for the contract paths
`refactorkit.graph.imports.extract_imports` and `refactorkit.graph.graph.ImportGraph`.
"""

from __future__ import annotations

from refactorkit.graph.classify import INTERNAL, STDLIB, THIRD_PARTY
from refactorkit.graph.graph import Cycle, ImportEdge, ImportGraph, UnresolvedImport
from refactorkit.graph.imports import extract_imports, resolve_relative

__all__ = [
    "INTERNAL",
    "STDLIB",
    "THIRD_PARTY",
    "Cycle",
    "ImportEdge",
    "ImportGraph",
    "UnresolvedImport",
    "extract_imports",
    "resolve_relative",
]
