"""DOT structure of the import graph view: nodes, edges, cycles, depth, focus, externals."""

from __future__ import annotations

from pathlib import Path

import pydot
import pytest

from refactorkit.domain import ImportKind, ImportRecord, SourceFile
from refactorkit.graph.graph import ImportGraph
from refactorkit.reporting.dot import (
    CYCLE_COLOR,
    GraphOptions,
    build_view,
    graphviz_available,
    render_dot,
    render_image,
)

# pydot's DOT parser calls pyparsing APIs that warn on import.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TOP = ImportKind.TOP


def source(module: str) -> SourceFile:
    relpath = module.replace(".", "/") + ".py"
    return SourceFile(Path("/p") / relpath, relpath, module, False)


def imports(*names: str, kind: ImportKind = TOP) -> tuple[ImportRecord, ...]:
    return tuple(ImportRecord(name, None, line, kind) for line, name in enumerate(names, 1))


# app.api -> app.core.models <-> app.core.db (a cycle); app.cli -> app.api; externals
GRAPH = ImportGraph.build(
    [
        (source("app.api.views"), imports("__future__", "app.core.models", "json", "flask")),
        (source("app.core.models"), imports("app.core.db", "sqlalchemy.orm")),
        (source("app.core.db"), imports("app.core.models")),
        (source("app.cli"), imports("app.api.views")),
        (source("app.typing_only"), imports("app.cli", kind=ImportKind.TYPE_CHECKING)),
    ]
)


def parsed(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    (graph,) = graphs
    return graph


def bare(name: object) -> str:
    return str(name).strip('"')


def names(graph: pydot.Dot) -> set[str]:
    defaults = {"node", "edge", "graph"}
    return {n.get_name().strip('"') for n in graph.get_nodes()} - defaults


def arrows(graph: pydot.Dot) -> set[tuple[str, str]]:
    return {(bare(e.get_source()), bare(e.get_destination())) for e in graph.get_edges()}


def test_module_level_graph() -> None:
    graph = parsed(render_dot(build_view(GRAPH, GraphOptions())))
    assert names(graph) == {
        "app.api.views", "app.core.models", "app.core.db", "app.cli", "app.typing_only",
    }  # fmt: skip
    assert arrows(graph) == {
        ("app.api.views", "app.core.models"),
        ("app.core.models", "app.core.db"),
        ("app.core.db", "app.core.models"),
        ("app.cli", "app.api.views"),
        ("app.typing_only", "app.cli"),
    }


def test_cycles_are_red_and_type_checking_edges_dashed() -> None:
    graph = parsed(render_dot(build_view(GRAPH, GraphOptions())))
    colors = {
        (bare(e.get_source()), bare(e.get_destination())): e.get("color") for e in graph.get_edges()
    }
    assert colors[("app.core.models", "app.core.db")] == f'"{CYCLE_COLOR}"'
    assert colors[("app.core.db", "app.core.models")] == f'"{CYCLE_COLOR}"'
    assert colors[("app.cli", "app.api.views")] is None
    (dashed,) = [e for e in graph.get_edges() if e.get("style") == "dashed"]
    assert bare(dashed.get_source()) == "app.typing_only"
    red_nodes = {n.get_name().strip('"') for n in graph.get_nodes() if n.get("color")} - {"edge"}
    assert red_nodes == {"app.core.models", "app.core.db"}


def test_depth_collapses_to_packages() -> None:
    view = build_view(GRAPH, GraphOptions(depth=2))
    assert [n.name for n in view.nodes] == ["app.api", "app.cli", "app.core", "app.typing_only"]
    assert {(e.source, e.target) for e in view.edges} == {
        ("app.api", "app.core"),
        ("app.cli", "app.api"),
        ("app.typing_only", "app.cli"),
    }
    assert view.cycles == ()  # the models <-> db cycle is inside app.core


def test_externals_only_when_asked() -> None:
    assert {n.kind for n in build_view(GRAPH, GraphOptions()).nodes} == {"internal"}
    view = build_view(GRAPH, GraphOptions(external=True))
    kinds = {n.name: n.kind for n in view.nodes if n.kind != "internal"}
    assert kinds == {"json": "stdlib", "flask": "third_party", "sqlalchemy": "third_party"}
    assert ("app.core.models", "sqlalchemy") in {(e.source, e.target) for e in view.edges}


def test_focus_keeps_nodes_within_hops_both_ways() -> None:
    one = build_view(GRAPH, GraphOptions(focus="app.api.views", hops=1))
    assert {n.name for n in one.nodes} == {"app.api.views", "app.core.models", "app.cli"}
    two = build_view(GRAPH, GraphOptions(focus="app.api.views", hops=2))
    assert {n.name for n in two.nodes} == {
        "app.api.views", "app.core.models", "app.cli", "app.core.db", "app.typing_only",
    }  # fmt: skip
    with pytest.raises(ValueError, match="no module named 'nope'"):
        build_view(GRAPH, GraphOptions(focus="nope"))


def test_hotspot_weights_are_summed_and_maxed_into_packages() -> None:
    lines = {"app.core.models": 900, "app.core.db": 100, "app.cli": 50}
    scores = {"app.core.models": 40.0, "app.core.db": 5.0}
    view = build_view(GRAPH, GraphOptions(depth=2), lines, scores)
    core = next(n for n in view.nodes if n.name == "app.core")
    assert (core.lines, core.score) == (1000, 40.0)
    graph = parsed(render_dot(view))
    fills = {n.get_name().strip('"'): n.get("fillcolor") for n in graph.get_nodes()}
    assert fills["app.core"] == '"#cc4c02"'  # the hottest gets the darkest fill
    assert fills["app.cli"] == '"#fff7d6"'
    fonts = {n.get_name().strip('"'): n.get("fontcolor") for n in graph.get_nodes()}
    assert fonts["app.core"] == "white" and fonts["app.cli"] is None


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_svg_rendering() -> None:
    svg = render_image(render_dot(build_view(GRAPH, GraphOptions())), "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"</svg>" in svg
    assert b"app.core.models" in svg


def graph_defaults(text: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith("graph [")]
    return line


def test_dense_graphs_are_laid_out_tighter() -> None:
    sparse = graph_defaults(render_dot(build_view(GRAPH, GraphOptions())))
    assert "concentrate=false" in sparse and "nodesep=0.25" in sparse and "ranksep=0.6" in sparse
    # Five modules that all import each other: 20 arrows for 5 nodes (more than 3 per node).
    mods = [f"pkg.m{i}" for i in range(5)]
    tangle = ImportGraph.build([(source(m), imports(*(o for o in mods if o != m))) for m in mods])
    text = render_dot(build_view(tangle, GraphOptions()))
    assert len(parsed(text).get_edges()) == 20
    dense = graph_defaults(text)
    assert "concentrate=true" in dense and "nodesep=0.1" in dense and "ranksep=0.3" in dense


def test_long_names_are_labelled_on_several_lines() -> None:
    long = "a_long_package_name.another_long_subpackage.module_with_a_long_name"
    graph = ImportGraph.build([(source(long), imports("app.cli")), (source("app.cli"), ())])
    nodes = {bare(n.get_name()): n for n in parsed(render_dot(build_view(graph, GraphOptions())))
             .get_nodes()}  # fmt: skip
    assert nodes[long].get("label") == (
        '"a_long_package_name.\\nanother_long_subpackage.\\nmodule_with_a_long_name"'
    )
    assert nodes["app.cli"].get("label") is None  # short names keep the node name
