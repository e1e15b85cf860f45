"""What the reports need from the import graph: counts, cycles, fan-in/out, packages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from refactorkit.analysis.report import GraphSummary, ModuleDeps, PackageDeps
from refactorkit.domain import FileAnalysis

if TYPE_CHECKING:
    from refactorkit.graph.graph import ImportGraph


def summarize_graph(
    files: Iterable[FileAnalysis], graph: ImportGraph | None = None
) -> GraphSummary:
    """What the reports need from the import graph (built here unless given)."""
    from refactorkit.graph.graph import ImportGraph

    files = tuple(files)
    graph = graph or ImportGraph.build((f.source, f.imports) for f in files)
    edges = graph.edges()
    internal = {(e.importer, e.imported) for e in edges if not e.external}
    external = {(e.importer, e.imported) for e in edges if e.external}
    tops = {imported.split(".")[0] for _, imported in external}
    deps = _module_deps(files, graph)
    runtime_cycles = graph.cycles(include_type_checking=False)
    return GraphSummary(
        internal_modules=len(graph.internal_modules),
        edges=len(internal),
        external_edges=len(external),
        third_party=_tops_of_kind(graph, tops, "third_party"),
        runtime_cycles=runtime_cycles,
        all_cycles=(*runtime_cycles, *graph.type_checking_cycles()),
        deps=deps,
        packages=package_deps(files, internal),
        stdlib=_tops_of_kind(graph, tops, "stdlib"),
        internal_roots=frozenset(m.split(".")[0] for m in graph.internal_modules),
    )


def _tops_of_kind(graph: ImportGraph, tops: Iterable[str], kind: str) -> tuple[str, ...]:
    return tuple(sorted(t for t in tops if graph.classify(t) == kind))


def _module_deps(files: Iterable[FileAnalysis], graph: ImportGraph) -> dict[str, ModuleDeps]:
    return {
        f.source.relpath: ModuleDeps(graph.fan_in(m), graph.fan_out(m))
        for f in files
        if (m := f.source.module) is not None
    }


def package_deps(
    files: Iterable[FileAnalysis], internal_edges: Iterable[tuple[str, str]]
) -> tuple[PackageDeps, ...]:
    """The import graph folded into packages: each module counts for the package it sits in.

    `pkg/__init__.py` belongs to `pkg`, `pkg/mod.py` too; a top-level module outside any
    package stands for itself. Imports inside one package disappear.
    """
    package_of, modules, lines = _packages(files)
    imports: dict[str, set[str]] = {p: set() for p in modules}
    imported_by: dict[str, set[str]] = {p: set() for p in modules}
    for importer, imported in internal_edges:
        source, target = package_of.get(importer), package_of.get(imported)
        if source is not None and target is not None and source != target:
            imports[source].add(target)
            imported_by[target].add(source)
    return tuple(
        PackageDeps(
            p, modules[p], lines[p], tuple(sorted(imports[p])), tuple(sorted(imported_by[p]))
        )
        for p in sorted(modules)
    )


def _packages(
    files: Iterable[FileAnalysis],
) -> tuple[dict[str, str], dict[str, int], dict[str, int]]:
    """module -> its package, and per package its module count and lines of code."""
    package_of: dict[str, str] = {}
    modules: dict[str, int] = {}
    lines: dict[str, int] = {}
    for f in files:
        module = f.source.module
        if module is None:
            continue
        package = module if f.source.is_package or "." not in module else module.rsplit(".", 1)[0]
        package_of[module] = package
        modules[package] = modules.get(package, 0) + 1
        lines[package] = lines.get(package, 0) + f.raw.loc
    return package_of, modules, lines
