"""ImportGraph.build resolution, fan-in/out, aggregation and classification on small projects."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from refactorkit.domain import FileAnalysis, ImportKind, ImportRecord, RawMetrics, SourceFile
from refactorkit.graph.graph import ImportEdge, ImportGraph
from refactorkit.graph.imports import extract_imports

TOP, FUNC, TC = ImportKind.TOP, ImportKind.FUNCTION, ImportKind.TYPE_CHECKING


def project(files: dict[str, str]) -> ImportGraph:
    """A graph from {relpath: source}, module names derived as the workspace does (flat layout)."""
    pairs = []
    for relpath, source in files.items():
        parts = relpath.removesuffix(".py").split("/")
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        module = ".".join(parts) if all(p.isidentifier() for p in parts) else None
        sf = SourceFile(Path("/proj") / relpath, relpath, module, is_package)
        tree = ast.parse(textwrap.dedent(source))
        pairs.append((sf, extract_imports(tree, module, is_package)))
    return ImportGraph.build(pairs)


def internal(graph: ImportGraph) -> list[tuple[str, str, int, str]]:
    return [
        (e.importer, e.imported, e.lineno, e.kind.value) for e in graph.edges(internal_only=True)
    ]


def edge(importer: str, imported: str, line: int = 1, kind: ImportKind = TOP) -> ImportEdge:
    return ImportEdge(importer, imported, importer.replace(".", "/") + ".py", line, kind, False)


def test_submodule_versus_attribute() -> None:
    graph = project(
        {
            "pkg/__init__.py": "from . import a\nfrom .a import helper\nVERSION = 1\n",
            "pkg/a.py": """\
                from pkg import b
                from pkg import VERSION
                from pkg.b import thing, other
                import pkg.b.thing
                import pkg.sub.deep
                import pkg.missing.x
            """,
            "pkg/b.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/deep.py": "",
        }
    )
    assert internal(graph) == [
        ("pkg", "pkg.a", 1, "top"),  # `from . import a`: a is a submodule
        ("pkg", "pkg.a", 2, "top"),
        ("pkg.a", "pkg.b", 1, "top"),
        ("pkg.a", "pkg", 2, "top"),  # VERSION is an attribute of the package
        ("pkg.a", "pkg.b", 3, "top"),  # two names on one line: one edge
        ("pkg.a", "pkg.b", 4, "top"),  # `thing` is not a module: its nearest module
        # No edges to the parents pkg and pkg.sub (grimp's semantics).
        ("pkg.a", "pkg.sub.deep", 5, "top"),
        ("pkg.a", "pkg", 6, "top"),  # nearest existing ancestor of a missing module
    ]


def test_external_imports_keep_the_name_as_written() -> None:
    graph = project(
        {"app.py": "import os.path\nfrom collections import abc\nimport requests.adapters\n"}
    )
    assert [(e.imported, e.external) for e in graph.edges()] == [
        ("os.path", True),
        ("collections", True),
        ("requests.adapters", True),
    ]
    assert list(graph.external_imports()) == ["collections", "os", "requests"]
    assert graph.edges(internal_only=True) == ()


def test_kinds_lines_and_try_flag_reach_the_edges() -> None:
    graph = project(
        {
            "m/__init__.py": "",
            "m/a.py": """\
                from typing import TYPE_CHECKING
                try:
                    from m import b
                except ImportError:
                    b = None
                if TYPE_CHECKING:
                    from m.c import C
                def f():
                    from m import c
            """,
            "m/b.py": "",
            "m/c.py": "",
        }
    )
    got = [
        (e.imported, e.lineno, e.kind, e.in_try, e.location)
        for e in graph.edges(internal_only=True)
    ]
    assert got == [
        ("m.b", 3, TOP, True, "m/a.py:3"),
        ("m.c", 7, TC, False, "m/a.py:7"),
        ("m.c", 9, FUNC, False, "m/a.py:9"),
    ]


def test_namespace_packages() -> None:
    # ns/ has no __init__.py: ns.one and ns.two exist, ns itself is no module.
    graph = project(
        {
            "ns/one.py": """\
                from ns import two
                import ns
                from . import two as t
                from ns import nothing
            """,
            "ns/two.py": "",
        }
    )
    assert internal(graph) == [("ns.one", "ns.two", 1, "top"), ("ns.one", "ns.two", 3, "top")]
    assert [(u.importer, u.target, u.lineno) for u in graph.unresolved] == [
        ("ns.one", "ns", 2),
        ("ns.one", "ns.nothing", 4),
    ]
    assert graph.internal_modules == {"ns.one", "ns.two"}
    assert graph.classify("ns") == "internal"


def test_files_without_a_module_name_are_not_importers() -> None:
    graph = project({"pkg/__init__.py": "", "my-scripts/run.py": "import pkg\n"})
    assert graph.internal_modules == {"pkg"}
    assert graph.edges() == ()


def test_fan_in_fan_out_distinct_internal_modules() -> None:
    edges = [
        edge("a", "b", 1),
        edge("a", "b", 2, FUNC),  # same pair again: counted once
        edge("a", "c", 3, TC),  # type-checking imports are couplings too
        edge("b", "c"),
        edge("c", "c"),  # a self-import is no dependency
        ImportEdge("a", "os", "a.py", 4, TOP, True),  # external: not counted
    ]
    graph = ImportGraph({"a", "b", "c"}, edges)
    assert [(graph.fan_in(m), graph.fan_out(m)) for m in ("a", "b", "c")] == [
        (0, 2),
        (1, 1),
        (2, 0),
    ]
    assert graph.dependencies("a") == ("b", "c")
    assert graph.dependents("c") == ("a", "b")
    assert graph.fan_in("unknown") == 0
    assert [(e.importer, e.lineno) for e in graph.importers_of("b")] == [("a", 1), ("a", 2)]
    assert [(e.importer, e.lineno) for e in graph.importers_of("c")] == [
        ("a", 3),
        ("b", 1),
        ("c", 1),
    ]


def test_aggregate_to_packages() -> None:
    edges = [
        edge("app.core.models", "app.core.db"),  # inside app.core: gone at depth 2
        edge("app.core.models", "app.web.views", 2),
        edge("app.web.views", "app.core.models", 3),
        edge("app.web.views", "lib", 4),
        ImportEdge("app.web.views", "os.path", "app/web/views.py", 5, TOP, True),
    ]
    modules = {"app.core.models", "app.core.db", "app.web.views", "lib"}
    graph = ImportGraph(modules, edges)

    two = graph.aggregate(2)
    assert two.internal_modules == {"app.core", "app.web", "lib"}
    assert [(e.importer, e.imported, e.location) for e in two.edges(internal_only=True)] == [
        ("app.core", "app.web", "app/core/models.py:2"),
        ("app.web", "app.core", "app/web/views.py:3"),
        ("app.web", "lib", "app/web/views.py:4"),
    ]
    assert [c.modules for c in two.cycles()] == [("app.core", "app.web")]

    one = graph.aggregate(1)
    assert one.internal_modules == {"app", "lib"}
    assert [(e.importer, e.imported) for e in one.edges()] == [("app", "lib"), ("app", "os")]
    assert one.cycles() == ()
    assert graph.aggregate(5).internal_modules == modules
    with pytest.raises(ValueError):
        graph.aggregate(0)


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("app", "internal"),
        ("app.models.User", "internal"),
        ("logging", "internal"),  # a local logging.py shadows the standard library
        ("os", "stdlib"),
        ("os.path", "stdlib"),
        ("__future__", "stdlib"),
        ("importlib.metadata", "stdlib"),
        ("__main__", "stdlib"),
        ("_typeshed", "stdlib"),
        ("annotationlib", "stdlib"),  # Python 3.14's, whatever Python runs the analysis
        ("requests", "third_party"),
        ("sqlalchemy.orm", "third_party"),
        ("application", "third_party"),  # a prefix of an internal name is not internal
    ],
)
def test_classify(module: str, expected: str) -> None:
    graph = ImportGraph({"app", "app.models", "logging"}, ())
    assert graph.classify(module) == expected


def test_from_analyses_uses_the_records_of_each_file() -> None:
    raw = RawMetrics(1, 1, 1, 0, 0, 0, 0)
    analyses = [
        FileAnalysis(
            SourceFile(Path(f"/p/{m}.py"), f"{m}.py", m, False),
            "0" * 64,
            raw,
            (),
            (),
            100.0,
            0,
            0,
            records,
        )
        for m, records in [("a", (ImportRecord("b", None, 1, TOP),)), ("b", ())]
    ]
    graph = ImportGraph.from_analyses(analyses)
    assert [(e.importer, e.imported, e.location) for e in graph.edges()] == [("a", "b", "a.py:1")]


def test_without_drops_the_modules_and_their_imports() -> None:
    graph = ImportGraph(
        {"a", "b", "c"},
        [
            ImportEdge("a", "b", "a.py", 1, ImportKind.TOP, False, False),
            ImportEdge("b", "c", "b.py", 1, ImportKind.TOP, False, False),
            ImportEdge("c", "os", "c.py", 1, ImportKind.TOP, True, False),
        ],
    )
    shown = graph.without({"b", "nope"})
    assert shown.internal_modules == {"a", "c"}
    assert [(e.importer, e.imported) for e in shown.edges()] == [("c", "os")]
    assert graph.without(set()) is graph
